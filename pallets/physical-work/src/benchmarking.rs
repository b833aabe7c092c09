//! Benchmarks of every call, of the feeless path's authorisation per proof kind, and of the
//! hooks, each at its worst case; plus one bare sr25519 verification to compare a report with.

use super::*;
use crate::pallet::{
	Challengeable, Challenges, ClassUnits, Commitments, Config, CurrentEpoch, EpochChallenges,
	Event, FraudReports, Ledger, Oracles, Pallet, Params, PayloadOf, PostedScores, ReportOf,
	ScoreDisputes, Scores, ScoresOf,
};
use alloc::{vec, vec::Vec};
use depin_primitives::{DeviceId, DeviceRegistry, EpochIndex, Location, ProofKind, WorkUnits};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{
		fungible::{Inspect, Mutate},
		Authorize, EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::{crypto::KeyTypeId, sr25519, H256};
use sp_runtime::{
	traits::{One, Saturating},
	Perbill, Permill,
};

const KEY_TYPE: KeyTypeId = KeyTypeId(*b"work");

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

fn new_key() -> sr25519::Public {
	sp_io::crypto::sr25519_generate(KEY_TYPE, None)
}

fn sign(key: &sr25519::Public, payload: &[u8]) -> sr25519::Signature {
	sp_io::crypto::sr25519_sign(KEY_TYPE, key, payload).expect("the key is in the keystore")
}

fn sign_report<T: Config>(report: &ReportOf<T>) -> sr25519::Signature {
	sign(&report.device, &report_payload(&Pallet::<T>::genesis_hash(), report))
}

fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn location(step: u32) -> Location {
	Location { lat: 10 * step as i32, lon: 0 }
}

/// Parameters that let every check run at its most expensive.
fn open_params<T: Config>() {
	Params::<T>::mutate(|p| {
		p.max_witnesses = MAX_WITNESSES;
		p.min_witness_distance_m = 0;
		p.max_witness_distance_m = u32::MAX;
		p.max_reading_age = p.epoch_length;
		p.response_window = p.epoch_length;
		p.challenges_per_epoch = T::MaxChallengesPerEpoch::get();
		p.equivocation_slash = T::Currency::minimum_balance();
		p.prover_reward = Perbill::from_percent(50);
		// Witnesses registered here have no maker; the attestation read this skips is charged
		// apart (see `check_weight`). The cell never runs out, so every witness is credited.
		p.coverage.witness_needs_maker = false;
		p.coverage.cell_units = WorkUnits::MAX;
	});
}

/// A new device of `kind` owned by a fresh account `index`.
fn device<T: Config>(kind: ProofKind, index: u32, location: Option<Location>) -> DeviceId {
	let owner: T::AccountId = account("owner", index, 0);
	let key = new_key();
	T::BenchmarkHelper::register_device(&owner, key, kind, location);
	key
}

fn report<T: Config>(device: DeviceId, payload: PayloadOf<T>) -> ReportOf<T> {
	WorkReport { device, epoch: CurrentEpoch::<T>::get().index, nonce: 1, payload }
}

fn telemetry_report<T: Config>() -> ReportOf<T> {
	open_params::<T>();
	let d = device::<T>(ProofKind::AttestedTelemetry, 0, None);
	report::<T>(
		d,
		ReportPayload::Telemetry {
			units: 1,
			measured_at: frame_system::Pallet::<T>::block_number(),
			data_hash: H256::repeat_byte(1),
		},
	)
}

/// A storage device challenged for chunk 0 of a tree of depth `d`, and its answer.
fn challenge_report<T: Config>(d: u32) -> ReportOf<T> {
	open_params::<T>();
	let key = device::<T>(ProofKind::ChallengeResponse, 0, None);
	let chunk: Chunk = vec![7u8; MAX_CHUNK_LEN as usize].try_into().expect("at the bound");
	let proof: Vec<H256> = (0..d).map(|i| H256::repeat_byte(i as u8)).collect();
	let mut root = merkle::leaf_hash(&key, 0, &chunk);
	for sibling in &proof {
		root = merkle::node_hash(&root, sibling);
	}
	let chunks = if d >= 32 { u32::MAX } else { 1u32 << d };
	Commitments::<T>::insert(key, Commitment { root, chunks, slot: 0 });
	Challengeable::<T>::insert(0, key);
	let epoch = CurrentEpoch::<T>::get();
	Challenges::<T>::insert(
		key,
		Challenge {
			epoch: epoch.index,
			chunk: 0,
			deadline: epoch.start.saturating_add(epoch.length),
		},
	);
	EpochChallenges::<T>::mutate(|l| l.try_push(key).expect("room for one"));
	report::<T>(
		key,
		ReportPayload::ChallengeResponse { chunk, proof: proof.try_into().expect("bounded") },
	)
}

/// A beacon with `w` witnesses, each of its own owner.
fn coverage_report<T: Config>(w: u32) -> ReportOf<T> {
	open_params::<T>();
	let beaconer = device::<T>(ProofKind::WitnessedCoverage, 0, Some(location(0)));
	let epoch = CurrentEpoch::<T>::get().index;
	let heard = witness_payload(&Pallet::<T>::genesis_hash(), &beaconer, epoch, 1);
	let witnesses: Vec<Witness> = (1..=w)
		.map(|i| {
			let key = device::<T>(ProofKind::WitnessedCoverage, i, Some(location(i)));
			Witness { device: key, signature: sign(&key, &heard) }
		})
		.collect();
	report::<T>(
		beaconer,
		ReportPayload::Coverage { witnesses: witnesses.try_into().expect("bounded") },
	)
}

/// A GPU device's report with `r` receipts of different customers.
fn receipts_report<T: Config>(r: u32) -> ReportOf<T> {
	open_params::<T>();
	let owner: T::AccountId = account("owner", 0, 0);
	let key = device::<T>(ProofKind::CustomerReceipt, 0, None);
	// Each customer's funded order, serving from the next epoch: start it.
	let orders: Vec<_> =
		(0..r).map(|i| T::BenchmarkHelper::order_for_receipts(&owner, key, i)).collect();
	let now = frame_system::Pallet::<T>::block_number();
	CurrentEpoch::<T>::mutate(|e| {
		e.index += 1;
		e.start = now;
	});
	let epoch = CurrentEpoch::<T>::get().index;
	let genesis = Pallet::<T>::genesis_hash();
	let price: BalanceOf<T> = T::Currency::minimum_balance();
	let receipts: Vec<_> = (0..r)
		.map(|i| {
			let job_id = H256::repeat_byte(i as u8 + 1);
			let order = orders[i as usize];
			let payload = receipt_payload(&genesis, &key, epoch, order, &job_id, 1, &price);
			Receipt {
				customer: T::BenchmarkHelper::customer(i),
				order,
				job_id,
				units: 1,
				price,
				signature: T::BenchmarkHelper::sign_as_customer(i, &payload),
			}
		})
		.collect();
	report::<T>(key, ReportPayload::Receipts { receipts: receipts.try_into().expect("bounded") })
}

/// `n` telemetry reports of `n` devices (each of its own owner), signed.
fn telemetry_batch<T: Config>(n: u32) -> Vec<(ReportOf<T>, sr25519::Signature)> {
	open_params::<T>();
	let now = frame_system::Pallet::<T>::block_number();
	(0..n)
		.map(|i| {
			let d = device::<T>(ProofKind::AttestedTelemetry, i, None);
			let report = report::<T>(
				d,
				ReportPayload::Telemetry {
					units: 1,
					measured_at: now,
					data_hash: H256::repeat_byte(1),
				},
			);
			let signature = sign_report::<T>(&report);
			(report, signature)
		})
		.collect()
}

/// The feeless call carrying `report`, signed by its device.
fn feeless_call<T: Config>(report: ReportOf<T>) -> Call<T> {
	let signature = sign_report::<T>(&report);
	Call::<T>::submit_report { report, signature }
}

/// What the pool and the block builder run before dispatching a feeless report.
fn authorize<T: Config>(call: &Call<T>) -> Result<(), BenchmarkError> {
	match call.authorize(TransactionSource::External) {
		Some(Ok(_)) => Ok(()),
		_ => Err(BenchmarkError::Stop("the report must be authorised")),
	}
}

/// A report that passed its authorisation, with its signature, ready to dispatch.
fn authorized<T: Config>(
	report: ReportOf<T>,
) -> Result<(ReportOf<T>, sr25519::Signature), BenchmarkError> {
	let call = feeless_call::<T>(report);
	authorize::<T>(&call)?;
	match call {
		Call::submit_report { report, signature } => Ok((report, signature)),
		_ => Err(BenchmarkError::Stop("a feeless report call")),
	}
}

fn accepted<T: Config>(device: DeviceId) {
	let epoch = CurrentEpoch::<T>::get().index;
	assert!(
		Ledger::<T>::get(device).is_some_and(|e| e.epoch == epoch && e.report.is_some()),
		"the report was accepted"
	);
}

/// An account with `bonds` oracle or dispute bonds to spare.
fn funded<T: Config>(name: &'static str, bonds: u32) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let quality = Params::<T>::get().quality;
	let bond = quality.oracle_bond.max(quality.dispute_bond);
	T::Currency::set_balance(
		&who,
		bond.saturating_mul(bonds.into()).saturating_add(T::Currency::minimum_balance()),
	);
	who
}

/// The class of sensors, with an approved oracle seated in it.
fn seated_oracle<T: Config>(
	name: &'static str,
) -> Result<(depin_primitives::DeviceClassId, T::AccountId), BenchmarkError> {
	let key = device::<T>(ProofKind::AttestedTelemetry, 9_999, None);
	let class = T::Registry::class(&key).ok_or(BenchmarkError::Weightless)?;
	let oracle = funded::<T>(name, 4);
	Pallet::<T>::do_offer_oracle(oracle.clone(), class).map_err(|_| BenchmarkError::Weightless)?;
	Pallet::<T>::do_approve_oracle(class, oracle.clone())
		.map_err(|_| BenchmarkError::Weightless)?;
	Ok((class, oracle))
}

/// `n` sensors of `class`, each scored `score` for the next epoch by `oracle`.
fn scored_sensors<T: Config>(
	oracle: &T::AccountId,
	n: u32,
	score: Permill,
) -> Result<ScoresOf<T>, BenchmarkError> {
	let epoch = CurrentEpoch::<T>::get().index + 1;
	let scores: Vec<(DeviceId, Permill)> = (0..n)
		.map(|i| {
			let key = device::<T>(ProofKind::AttestedTelemetry, 5_000 + i, None);
			PostedScores::<T>::insert(
				key,
				PostedScore { epoch, score, oracle: oracle.clone(), disputed: false },
			);
			(key, score)
		})
		.collect();
	scores.try_into().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// One sr25519 verification of a report-sized message: the yardstick for a report.
	#[benchmark]
	fn verify_signature() {
		let report = telemetry_report::<T>();
		let signature = sign_report::<T>(&report);
		let payload = report_payload(&Pallet::<T>::genesis_hash(), &report);
		let valid;
		#[block]
		{
			valid = sp_io::crypto::sr25519_verify(&signature, &payload, &report.device);
		}
		assert!(valid);
	}

	/// A batch of `n` telemetry reports of `n` devices, every one accepted: the dispatch, which
	/// verifies each signature and writes each ledger entry.
	#[benchmark]
	fn submit_reports(
		n: Linear<1, { T::MaxReportsPerBatch::get() }>,
	) -> Result<(), BenchmarkError> {
		let reports = telemetry_batch::<T>(n);
		let epoch = CurrentEpoch::<T>::get().index;
		#[extrinsic_call]
		submit_reports(RawOrigin::Authorized, reports);
		assert_last_event::<T>(Event::ReportsBatched {
			epoch,
			accepted: n,
			skipped: 0,
			units: n.into(),
		});
		Ok(())
	}

	/// What a block runs before dispatching a batch: nothing that depends on its reports (the
	/// dispatch checks them), so a constant.
	#[benchmark]
	fn authorize_batch(
		n: Linear<1, { T::MaxReportsPerBatch::get() }>,
	) -> Result<(), BenchmarkError> {
		let call = Call::<T>::submit_reports { reports: telemetry_batch::<T>(n) };
		#[block]
		{
			match call.authorize(TransactionSource::InBlock) {
				Some(Ok(_)) => {},
				_ => return Err(BenchmarkError::Stop("the batch must be authorised")),
			}
		}
		Ok(())
	}

	#[benchmark]
	fn authorize_telemetry() -> Result<(), BenchmarkError> {
		let call = feeless_call::<T>(telemetry_report::<T>());
		#[block]
		{
			authorize::<T>(&call)?;
		}
		Ok(())
	}

	#[benchmark]
	fn submit_telemetry() -> Result<(), BenchmarkError> {
		let (report, signature) = authorized::<T>(telemetry_report::<T>())?;
		let device = report.device;
		#[extrinsic_call]
		submit_report(RawOrigin::Authorized, report, signature);
		accepted::<T>(device);
		Ok(())
	}

	#[benchmark]
	fn authorize_challenge_response(d: Linear<0, MAX_PROOF_DEPTH>) -> Result<(), BenchmarkError> {
		let call = feeless_call::<T>(challenge_report::<T>(d));
		#[block]
		{
			authorize::<T>(&call)?;
		}
		Ok(())
	}

	#[benchmark]
	fn submit_challenge_response(d: Linear<0, MAX_PROOF_DEPTH>) -> Result<(), BenchmarkError> {
		let (report, signature) = authorized::<T>(challenge_report::<T>(d))?;
		let device = report.device;
		#[extrinsic_call]
		submit_report(RawOrigin::Authorized, report, signature);
		accepted::<T>(device);
		Ok(())
	}

	#[benchmark]
	fn authorize_coverage(w: Linear<1, MAX_WITNESSES>) -> Result<(), BenchmarkError> {
		let call = feeless_call::<T>(coverage_report::<T>(w));
		#[block]
		{
			authorize::<T>(&call)?;
		}
		Ok(())
	}

	#[benchmark]
	fn submit_coverage(w: Linear<1, MAX_WITNESSES>) -> Result<(), BenchmarkError> {
		let (report, signature) = authorized::<T>(coverage_report::<T>(w))?;
		let device = report.device;
		#[extrinsic_call]
		submit_report(RawOrigin::Authorized, report, signature);
		accepted::<T>(device);
		Ok(())
	}

	#[benchmark]
	fn authorize_receipts(r: Linear<1, MAX_RECEIPTS>) -> Result<(), BenchmarkError> {
		let call = feeless_call::<T>(receipts_report::<T>(r));
		#[block]
		{
			authorize::<T>(&call)?;
		}
		Ok(())
	}

	#[benchmark]
	fn submit_receipts(r: Linear<1, MAX_RECEIPTS>) -> Result<(), BenchmarkError> {
		let (report, signature) = authorized::<T>(receipts_report::<T>(r))?;
		let device = report.device;
		#[extrinsic_call]
		submit_report(RawOrigin::Authorized, report, signature);
		accepted::<T>(device);
		Ok(())
	}

	#[benchmark]
	fn commit_storage() {
		let key = device::<T>(ProofKind::ChallengeResponse, 0, None);
		let owner: T::AccountId = account("owner", 0, 0);
		let root = H256::repeat_byte(9);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), key, root, u32::MAX);

		assert_last_event::<T>(Event::StorageCommitted { device: key, root, chunks: u32::MAX });
	}

	#[benchmark]
	fn withdraw_storage() -> Result<(), BenchmarkError> {
		// The first of two: the last moves into its slot.
		let owner: T::AccountId = account("owner", 0, 0);
		let key = device::<T>(ProofKind::ChallengeResponse, 0, None);
		let other = device::<T>(ProofKind::ChallengeResponse, 1, None);
		Pallet::<T>::do_commit_storage(owner.clone(), key, H256::zero(), 1)
			.map_err(|_| BenchmarkError::Weightless)?;
		let other_owner: T::AccountId = account("owner", 1, 0);
		Pallet::<T>::do_commit_storage(other_owner, other, H256::zero(), 1)
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), key);

		assert_eq!(Challengeable::<T>::get(0), Some(other));
		Ok(())
	}

	#[benchmark]
	fn prove_equivocation() -> Result<(), BenchmarkError> {
		let first = telemetry_report::<T>();
		let device = first.device;
		Pallet::<T>::do_submit(first.clone(), &sign_report::<T>(&first), true, None)
			.map_err(|_| BenchmarkError::Weightless)?;
		let mut second = first.clone();
		second.nonce = 2;
		let (s1, s2) = (sign_report::<T>(&first), sign_report::<T>(&second));
		let prover: T::AccountId = whitelisted_caller();
		T::Currency::set_balance(&prover, T::Currency::minimum_balance());
		let epoch = first.epoch;

		#[extrinsic_call]
		_(RawOrigin::Signed(prover), first, s1, second, s2);

		assert!(Ledger::<T>::get(device).is_some_and(|e| e.punished_for(epoch)));
		Ok(())
	}

	#[benchmark]
	fn report_fraud() {
		let key = device::<T>(ProofKind::AttestedTelemetry, 0, None);
		let reporter: T::AccountId = whitelisted_caller();
		let bond = Params::<T>::get().fraud_report_bond;
		T::Currency::set_balance(
			&reporter,
			bond.saturating_mul(10u32.into()).saturating_add(T::Currency::minimum_balance()),
		);
		let evidence: Evidence =
			vec![b'e'; MAX_EVIDENCE_LEN as usize].try_into().expect("at the bound");
		let epoch = CurrentEpoch::<T>::get().index;

		#[extrinsic_call]
		_(RawOrigin::Signed(reporter.clone()), key, epoch, evidence);

		assert!(FraudReports::<T>::get(0).is_some_and(|r| r.reporter == reporter));
	}

	#[benchmark]
	fn decide_fraud() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		open_params::<T>();
		let key = device::<T>(ProofKind::AttestedTelemetry, 0, None);
		let reporter: T::AccountId = whitelisted_caller();
		let bond = Params::<T>::get().fraud_report_bond;
		T::Currency::set_balance(
			&reporter,
			bond.saturating_mul(10u32.into()).saturating_add(T::Currency::minimum_balance()),
		);
		let epoch = CurrentEpoch::<T>::get().index;
		Pallet::<T>::do_report_fraud(reporter, key, epoch, Default::default())
			.map_err(|_| BenchmarkError::Weightless)?;
		let slash = T::Currency::minimum_balance();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, true, slash);

		assert!(FraudReports::<T>::get(0).is_none());
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let mut params = Params::<T>::get();
		params.epoch_length = T::MaxEpochLength::get();
		params.miss_penalty = Permill::from_percent(1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());

		assert_last_event::<T>(Event::ParamsChanged { params });
		Ok(())
	}

	#[benchmark]
	fn set_coverage_rule() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let key = device::<T>(ProofKind::WitnessedCoverage, 0, None);
		let class = T::Registry::class(&key).ok_or(BenchmarkError::Weightless)?;
		let rule = CoverageRule { cell_udeg: 1, cell_units: 1, witness_needs_maker: true };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, class, Some(rule));

		assert_last_event::<T>(Event::CoverageRuleSet { class, rule: Some(rule) });
		Ok(())
	}

	#[benchmark]
	fn offer_oracle() -> Result<(), BenchmarkError> {
		let key = device::<T>(ProofKind::AttestedTelemetry, 0, None);
		let class = T::Registry::class(&key).ok_or(BenchmarkError::Weightless)?;
		let oracle = funded::<T>("oracle", 2);

		#[extrinsic_call]
		_(RawOrigin::Signed(oracle.clone()), class);

		assert!(Oracles::<T>::contains_key(class, &oracle));
		Ok(())
	}

	#[benchmark]
	fn approve_oracle() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let key = device::<T>(ProofKind::AttestedTelemetry, 0, None);
		let class = T::Registry::class(&key).ok_or(BenchmarkError::Weightless)?;
		let oracle = funded::<T>("oracle", 2);
		Pallet::<T>::do_offer_oracle(oracle.clone(), class)
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, class, oracle.clone());

		assert!(Oracles::<T>::get(class, &oracle).is_some_and(|s| s.approved));
		Ok(())
	}

	/// The oracle leaves of itself: the admin origin is tried first, then the signer.
	#[benchmark]
	fn retire_oracle() -> Result<(), BenchmarkError> {
		let (class, oracle) = seated_oracle::<T>("oracle")?;

		#[extrinsic_call]
		_(RawOrigin::Signed(oracle.clone()), class, oracle.clone());

		assert!(!Oracles::<T>::contains_key(class, &oracle));
		Ok(())
	}

	/// `n` devices, each scored higher for the epoch by another oracle already: every score is
	/// read and replaced.
	#[benchmark]
	fn post_scores(n: Linear<1, { T::MaxScoresPerPost::get() }>) -> Result<(), BenchmarkError> {
		Params::<T>::mutate(|p| p.quality.dispute_window = One::one());
		let (class, oracle) = seated_oracle::<T>("oracle")?;
		let (_, other) = seated_oracle::<T>("other")?;
		let higher = scored_sensors::<T>(&other, n, Permill::one())?;
		let scores: ScoresOf<T> = higher
			.into_iter()
			.map(|(key, _)| (key, Params::<T>::get().quality.min_score))
			.collect::<Vec<_>>()
			.try_into()
			.map_err(|_| BenchmarkError::Weightless)?;
		let epoch = CurrentEpoch::<T>::get().index + 1;
		let first = scores[0].0;

		#[extrinsic_call]
		_(RawOrigin::Signed(oracle.clone()), class, epoch, H256::repeat_byte(1), scores);

		assert!(PostedScores::<T>::get(first).is_some_and(|p| p.oracle == oracle));
		Ok(())
	}

	#[benchmark]
	fn dispute_score() -> Result<(), BenchmarkError> {
		let (_, oracle) = seated_oracle::<T>("oracle")?;
		let scores = scored_sensors::<T>(&oracle, 1, Permill::from_percent(50))?;
		let key = scores[0].0;
		let disputer = funded::<T>("disputer", 2);

		#[extrinsic_call]
		_(RawOrigin::Signed(disputer), key);

		assert!(PostedScores::<T>::get(key).is_some_and(|p| p.disputed));
		Ok(())
	}

	/// Upheld, the costlier decision: the oracle slashed, the disputer paid and released.
	#[benchmark]
	fn decide_dispute() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		Params::<T>::mutate(|p| {
			p.quality.oracle_slash = Perbill::from_percent(50);
			p.prover_reward = Perbill::from_percent(50);
		});
		let (_, oracle) = seated_oracle::<T>("oracle")?;
		let scores = scored_sensors::<T>(&oracle, 1, Permill::from_percent(50))?;
		let key = scores[0].0;
		let disputer = funded::<T>("disputer", 2);
		Pallet::<T>::do_dispute_score(disputer, key).map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, true);

		assert!(ScoreDisputes::<T>::get(0).is_none() && PostedScores::<T>::get(key).is_none());
		Ok(())
	}

	/// The first block of an epoch: `m` challenges of the closing epoch missed, `c` devices
	/// drawn for the new one.
	#[benchmark]
	fn on_initialize_rollover(
		m: Linear<0, { T::MaxChallengesPerEpoch::get() }>,
		c: Linear<0, { T::MaxChallengesPerEpoch::get() }>,
	) {
		open_params::<T>();
		Params::<T>::mutate(|p| p.challenges_per_epoch = c);
		let epoch = CurrentEpoch::<T>::get();
		let mut listed = BoundedVec::<DeviceId, T::MaxChallengesPerEpoch>::new();
		for i in 0..m {
			let key = device::<T>(ProofKind::ChallengeResponse, 1_000 + i, None);
			Challenges::<T>::insert(
				key,
				Challenge { epoch: epoch.index, chunk: 0, deadline: epoch.start },
			);
			listed.try_push(key).expect("m is within the bound");
		}
		EpochChallenges::<T>::put(listed);
		// Enough devices in the set that `c` draws rarely collide.
		for i in 0..c.saturating_mul(4) {
			let key = device::<T>(ProofKind::ChallengeResponse, i, None);
			let owner: T::AccountId = account("owner", i, 0);
			let _ = Pallet::<T>::do_commit_storage(owner, key, H256::zero(), u32::MAX);
		}
		let now = epoch.start.saturating_add(epoch.length);
		frame_system::Pallet::<T>::set_block_number(now);

		#[block]
		{
			Pallet::<T>::on_initialize_epoch(now);
		}

		assert_eq!(CurrentEpoch::<T>::get().index, epoch.index + 1);
	}

	/// A block that prunes `n` class sums of an old epoch.
	#[benchmark]
	fn on_initialize_prune(n: Linear<0, { T::PruneBatch::get() }>) {
		let old: EpochIndex = 0;
		for class in 0..n {
			ClassUnits::<T>::insert(old, class, 1);
		}
		let mut epoch = CurrentEpoch::<T>::get();
		epoch.index = T::RetainedEpochs::get().saturating_add(1);
		CurrentEpoch::<T>::put(epoch);
		let now = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Pallet::<T>::on_initialize_epoch(now);
		}

		assert!(ClassUnits::<T>::iter_prefix(old).next().is_none() || n == T::PruneBatch::get());
	}

	/// Removing a device's records when it leaves the registry, at the worst: a record, a
	/// score, an open challenge and a commitment whose slot another device takes. Handing a
	/// closed epoch on is charged apart (`OnWorkClosed::weight`).
	#[benchmark]
	fn remove_device() -> Result<(), BenchmarkError> {
		open_params::<T>();
		let key = device::<T>(ProofKind::ChallengeResponse, 0, None);
		let other = device::<T>(ProofKind::ChallengeResponse, 1, None);
		for (i, k) in [key, other].into_iter().enumerate() {
			let owner: T::AccountId = account("owner", i as u32, 0);
			Pallet::<T>::do_commit_storage(owner, k, H256::zero(), 4)
				.map_err(|_| BenchmarkError::Weightless)?;
		}
		let epoch = CurrentEpoch::<T>::get();
		Ledger::<T>::insert(key, DeviceWork::empty(epoch.index, 0));
		Scores::<T>::insert(key, Permill::from_percent(50));
		Challenges::<T>::insert(
			key,
			Challenge { epoch: epoch.index, chunk: 0, deadline: epoch.start },
		);

		#[block]
		{
			Pallet::<T>::remove_device(&key);
		}

		assert!(Ledger::<T>::get(key).is_none() && Commitments::<T>::get(key).is_none());
		assert_eq!(Commitments::<T>::get(other).map(|c| c.slot), Some(0));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
