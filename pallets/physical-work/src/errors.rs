//! The pallet's errors.

use frame_support::pallet_macros::pallet_section;

/// Why a call or report is refused, imported into the pallet by `import_section`.
#[pallet_section]
mod errors {
	#[pallet::error]
	pub enum Error<T> {
		/// The report is for an epoch that has ended; reports are accepted in their epoch only.
		EpochEnded,
		/// The report is for an epoch that has not started.
		EpochNotStarted,
		/// The registry does not know the device.
		UnknownDevice,
		/// The device is not active (suspended, deregistering or retired).
		DeviceNotActive,
		/// The device's class no longer exists.
		ClassNotFound,
		/// The payload is not of the proof kind the device's class requires.
		WrongProofKind,
		/// The device already has a report accepted in this epoch.
		ReportAlreadySubmitted,
		/// The device was proven to equivocate in this epoch and may not report in it.
		DeviceEquivocated,
		/// The device's signature over the report does not verify.
		InvalidSignature,
		/// The report claims no units.
		ZeroUnits,
		/// The report claims more units than a device of its class may do in an epoch.
		ImplausibleUnits,
		/// The reading was taken at a block that has not happened yet.
		ReadingFromFuture,
		/// The reading was taken before the epoch started or too long ago.
		StaleReading,
		/// The device has no open challenge in this epoch.
		NoOpenChallenge,
		/// The challenge's answer window is over.
		ChallengeExpired,
		/// The device has no storage commitment.
		NoStorageCommitment,
		/// The chunk and proof do not match the committed data root.
		InvalidStorageProof,
		/// The beaconing device has no registered location.
		MissingLocation,
		/// A beacon report must name at least one witness.
		NoWitnesses,
		/// More witnesses than the cap.
		TooManyWitnesses,
		/// A device cannot witness its own beacon.
		SelfWitness,
		/// A witness is listed twice.
		DuplicateWitness,
		/// A witness is unknown or not active.
		WitnessNotActive,
		/// A witness is not a coverage device.
		WitnessNotCoverageDevice,
		/// A witness has the same owner as the beaconer.
		WitnessSameOwner,
		/// A witness has no registered location.
		WitnessWithoutLocation,
		/// A witness is closer to the beaconer than the minimum distance.
		WitnessTooClose,
		/// A witness is farther from the beaconer than the maximum distance.
		WitnessTooFar,
		/// A witness's signature does not verify.
		InvalidWitnessSignature,
		/// The class's coverage rule requires maker-attested witnesses, and a witness is not.
		WitnessNotAttested,
		/// A coverage rule's cell side must be between 1 and 360 000 000 micro-degrees.
		CellSizeOutOfBounds,
		/// A coverage rule's cell must be worth at least one unit.
		CellUnitsOutOfBounds,
		/// The class is not proven by witnessed coverage.
		NotCoverageClass,
		/// A receipt report must carry at least one receipt.
		NoReceipts,
		/// The customer of a receipt is the device's owner.
		CustomerIsOwner,
		/// A job id appears twice in the report.
		DuplicateJob,
		/// A customer's signature over a receipt does not verify.
		InvalidReceiptSignature,
		/// The caller does not own the device.
		NotDeviceOwner,
		/// The device's class is not proven by challenge–response.
		NotStorageDevice,
		/// A commitment must cover at least one chunk.
		ZeroChunks,
		/// The device has a challenge that is not answered or scored yet: its commitment may
		/// change once the challenge is answered or its epoch ends.
		CommitmentUnderChallenge,
		/// The two reports are not for the same device and epoch.
		NotEquivocation,
		/// The two reports are the same report.
		IdenticalReports,
		/// The epoch is older than the ledger keeps, or has not started.
		EpochNotRetained,
		/// The device was already punished for equivocating in this epoch or a later one.
		AlreadyPunished,
		/// No fraud report has this id.
		FraudReportNotFound,
		/// Too many fraud reports await a decision.
		TooManyFraudReports,
		/// The caller cannot afford the fraud report bond.
		BondNotAffordable,
		/// The epoch length is outside the runtime's bounds.
		EpochLengthOutOfBounds,
		/// The reading age must be at least one block.
		ReadingAgeOutOfBounds,
		/// More challenges per epoch than the runtime allows.
		ChallengesOutOfBounds,
		/// The response window must be between one block and the epoch length.
		ResponseWindowOutOfBounds,
		/// The witness cap must be between 1 and the most a report can carry.
		WitnessCapOutOfBounds,
		/// The minimum witness distance exceeds the maximum.
		WitnessDistanceOutOfBounds,
		/// The fraud report bond is below the existential deposit.
		FraudBondOutOfBounds,
		/// A batch must carry at least one report.
		EmptyBatch,
		/// A batch carries more reports than `MaxReportsPerBatch`: split it.
		BatchTooLarge,
		/// A batch carries two reports of one device: a device reports once per epoch, so keep
		/// one.
		DuplicateReportInBatch,
		/// No report of the batch would be accepted (each is refused for its own reason: submit
		/// them one by one to see it).
		NoValidReportInBatch,
		/// The account already has a seat in the class.
		AlreadyOracle,
		/// The class has as many oracle seats as `MaxOraclesPerClass`.
		TooManyOracles,
		/// The account has no oracle seat in the class.
		NotOracle,
		/// The oracle is approved already.
		OracleAlreadyApproved,
		/// The oracle is not approved for the class.
		OracleNotApproved,
		/// The oracle's scores are still accountable: a dispute of them awaits a decision, or
		/// an epoch it scored has not closed.
		OracleAccountable,
		/// Scores are posted for the next epoch only.
		NotNextEpoch,
		/// Posting for the next epoch closed `dispute_window` blocks before it starts.
		PostingClosed,
		/// A post must carry at least one score.
		NoScores,
		/// A scored device is not of the class the oracle scores.
		DeviceNotInClass,
		/// A score is above 100% or below the parameters' `min_score`.
		ScoreOutOfBounds,
		/// A device is scored twice in the post.
		DuplicateScore,
		/// The device has an equal or lower score for the epoch already, or a disputed one.
		AlreadyScored,
		/// The device has no score for an epoch that has not started.
		NoScore,
		/// The score's epoch has started: it can no longer be disputed.
		DisputeWindowClosed,
		/// The score is disputed already.
		AlreadyDisputed,
		/// Too many score disputes await a decision.
		TooManyDisputes,
		/// No score dispute has this id.
		DisputeNotFound,
		/// An oracle or dispute bond is below the existential deposit.
		QualityBondOutOfBounds,
		/// The dispute window must be at least one block and shorter than the epoch.
		DisputeWindowOutOfBounds,
		/// A receipt names an order that does not exist (or has ended and been settled).
		ReceiptOrderNotFound,
		/// A receipt names an order of another device.
		ReceiptOrderOfOtherDevice,
		/// A receipt's customer is not the customer of the order it names.
		ReceiptNotOrderCustomer,
		/// A receipt names an order that does not serve the report's epoch.
		ReceiptOrderNotServing,
		/// The receipts name more units of an order than it buys in an epoch.
		ReceiptOverOrder,
	}
}
