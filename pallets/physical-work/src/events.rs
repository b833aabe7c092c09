//! The pallet's events.

use frame_support::pallet_macros::pallet_section;

/// What the pallet tells the world, imported into the pallet by `import_section`.
#[pallet_section]
mod events {
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An epoch closed: its work is final.
		EpochClosed {
			/// The closed epoch.
			epoch: EpochIndex,
		},
		/// An epoch started.
		EpochStarted {
			/// The new epoch.
			epoch: EpochIndex,
			/// Its first block.
			start: BlockNumberFor<T>,
			/// Its length in blocks.
			length: BlockNumberFor<T>,
		},
		/// A device's work report was accepted.
		WorkAccepted {
			/// The reporting device.
			device: DeviceId,
			/// The epoch.
			epoch: EpochIndex,
			/// The device's class.
			class: DeviceClassId,
			/// How the work was proven.
			kind: ProofKind,
			/// Units credited to the device (after its quality score and the class limit).
			units: WorkUnits,
			/// The account that submitted a signed report, or `None` for a feeless report.
			submitter: Option<T::AccountId>,
		},
		/// The witnesses of a beacon were credited.
		WitnessesCredited {
			/// The beaconing device.
			beaconer: DeviceId,
			/// The epoch.
			epoch: EpochIndex,
			/// How many witnesses were credited.
			witnesses: u32,
			/// Units each witness was offered: `witness_units`, or less where the cell's worth
			/// for the epoch ran out (before a repeated pair's decay and the witness's class
			/// limit).
			units_each: WorkUnits,
		},
		/// A storage device committed (or re-committed) to its data.
		StorageCommitted {
			/// The device.
			device: DeviceId,
			/// The Merkle root of its data.
			root: H256,
			/// The number of chunks.
			chunks: u32,
		},
		/// A storage device withdrew from challenges.
		StorageWithdrawn {
			/// The device.
			device: DeviceId,
		},
		/// A storage device was challenged.
		ChallengeIssued {
			/// The device.
			device: DeviceId,
			/// The epoch.
			epoch: EpochIndex,
			/// The chunk to prove.
			chunk: u32,
			/// The last block in which the answer is accepted.
			deadline: BlockNumberFor<T>,
		},
		/// A challenged device proved its chunk in time.
		ChallengeAnswered {
			/// The device.
			device: DeviceId,
			/// The epoch.
			epoch: EpochIndex,
			/// Its quality score now.
			score: Permill,
		},
		/// A challenged device did not answer in time; its quality score fell.
		ChallengeMissed {
			/// The device.
			device: DeviceId,
			/// The epoch of the challenge.
			epoch: EpochIndex,
			/// Its quality score now.
			score: Permill,
		},
		/// A device was proven to have signed two different reports for one epoch: it was
		/// slashed and suspended.
		EquivocationProven {
			/// The device.
			device: DeviceId,
			/// The epoch.
			epoch: EpochIndex,
			/// Who proved it.
			prover: T::AccountId,
			/// Taken from the device's bond.
			slashed: BalanceOf<T>,
			/// The part of it paid to the prover.
			rewarded: BalanceOf<T>,
			/// Units removed from the device's (still open) epoch.
			units_removed: WorkUnits,
		},
		/// A fraud report was filed and its bond held.
		FraudReported {
			/// The report's id.
			id: FraudReportId,
			/// The reporter.
			reporter: T::AccountId,
			/// The accused device.
			device: DeviceId,
			/// The epoch concerned.
			epoch: EpochIndex,
		},
		/// Governance decided a fraud report.
		FraudReportDecided {
			/// The report's id.
			id: FraudReportId,
			/// Whether the fraud was upheld (device slashed and suspended, bond returned) or
			/// rejected (reporter's bond slashed).
			upheld: bool,
			/// Taken from the device's bond (if upheld) or the reporter's bond (if rejected).
			slashed: BalanceOf<T>,
		},
		/// The parameters were changed.
		ParamsChanged {
			/// The new parameters.
			params: ParamsOf<T>,
		},
		/// A coverage class got its own coverage rule, or (`None`) returned to the default.
		CoverageRuleSet {
			/// The class.
			class: DeviceClassId,
			/// Its rule.
			rule: Option<CoverageRule>,
		},
		/// An old epoch's class sums were removed.
		EpochPruned {
			/// The removed epoch.
			epoch: EpochIndex,
		},
		/// A report of a batch was not accepted; the batch's other reports were checked on
		/// their own.
		ReportSkipped {
			/// Its position in the batch, from 0.
			index: u32,
			/// The device it names.
			device: DeviceId,
			/// Why: an error of this pallet (`ReportAlreadySubmitted`, `InvalidSignature`...).
			error: DispatchError,
		},
		/// A batch of reports was recorded: `accepted` ledger entries written (read them with
		/// `PhysicalWorkApi::device_work`), `skipped` reports refused (each with its
		/// `ReportSkipped`).
		ReportsBatched {
			/// The epoch.
			epoch: EpochIndex,
			/// Reports accepted.
			accepted: u32,
			/// Reports skipped.
			skipped: u32,
			/// Units credited to the reporting devices in all.
			units: WorkUnits,
		},
		/// An account offered to score a class's devices and its bond was held.
		OracleOffered {
			/// The class.
			class: DeviceClassId,
			/// The oracle.
			oracle: T::AccountId,
			/// Its bond.
			bond: BalanceOf<T>,
		},
		/// The admin origin approved an oracle: it may post scores for the class.
		OracleApproved {
			/// The class.
			class: DeviceClassId,
			/// The oracle.
			oracle: T::AccountId,
		},
		/// An oracle left a class (or was removed from it) and its bond was released.
		OracleRetired {
			/// The class.
			class: DeviceClassId,
			/// The oracle.
			oracle: T::AccountId,
			/// The bond released.
			released: BalanceOf<T>,
		},
		/// An oracle posted quality scores for the next epoch.
		ScoresPosted {
			/// The class.
			class: DeviceClassId,
			/// The epoch they apply to.
			epoch: EpochIndex,
			/// The oracle.
			oracle: T::AccountId,
			/// Hash of the published scoring method the scores come from.
			method: H256,
			/// The devices and their scores.
			scores: BoundedVec<(DeviceId, Permill), T::MaxScoresPerPost>,
		},
		/// A posted score was disputed: it does not apply unless the dispute is rejected before
		/// its epoch starts.
		ScoreDisputed {
			/// The dispute's id.
			id: ScoreDisputeId,
			/// The scored device.
			device: DeviceId,
			/// The epoch of the score.
			epoch: EpochIndex,
			/// The oracle that posted it.
			oracle: T::AccountId,
			/// Who disputes it.
			disputer: T::AccountId,
		},
		/// The admin origin decided a score dispute.
		ScoreDisputeDecided {
			/// The dispute's id.
			id: ScoreDisputeId,
			/// Upheld: the oracle was slashed, the disputer's bond returned and the score removed.
			/// Rejected: the disputer's bond was slashed and, if its epoch had not started, the
			/// score applies again.
			upheld: bool,
			/// Taken from the oracle's bond (upheld) or the disputer's (rejected).
			slashed: BalanceOf<T>,
			/// The part of an oracle's slash paid to the disputer.
			rewarded: BalanceOf<T>,
		},
	}
}
