//! Storage commitments, challenges, answers, misses and the quality score.

use crate::{merkle, mock::*, *};
use depin_primitives::{DeviceStatus, ProofKind};
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::Permill;

const CHUNKS: u32 = 5;

fn data() -> Vec<Vec<u8>> {
	(0..CHUNKS).map(|i| vec![i as u8; 100]).collect()
}

/// The root of [`data`] as device `seed` keeps it.
fn root(seed: u8) -> H256 {
	merkle::root(&device(seed), &data())
}

/// A storage device `seed` of ALICE, committed to [`data`], which a customer ordered it to
/// keep.
fn committed(seed: u8) {
	add_device(seed, ALICE, STORAGE);
	MockDemand::order(device(seed), root(seed), CHUNKS.into());
	assert_ok!(Work::commit_storage(
		RuntimeOrigin::signed(ALICE),
		device(seed),
		root(seed),
		CHUNKS
	));
}

/// The answer to device `seed`'s open challenge, from `chunks`, the data it holds.
fn answer_from(seed: u8, chunks: &[Vec<u8>]) -> ReportOf<Test> {
	let c = Challenges::<Test>::get(device(seed)).expect("an open challenge");
	report(
		seed,
		ReportPayload::ChallengeResponse {
			chunk: chunks[c.chunk as usize].clone().try_into().unwrap(),
			proof: merkle::proof(&device(seed), chunks, c.chunk).try_into().unwrap(),
		},
	)
}

/// The answer to device `seed`'s open challenge, from [`data`].
fn answer(seed: u8) -> ReportOf<Test> {
	answer_from(seed, &data())
}

#[test]
fn committing_joins_the_challenge_set_and_recommitting_keeps_the_slot() {
	ExtBuilder::default().build_and_execute(|| {
		committed(1);
		assert_eq!(
			last_event(),
			Event::StorageCommitted { device: device(1), root: root(1), chunks: CHUNKS }
		);
		committed(2);
		assert_eq!(Challengeable::<Test>::count(), 2);
		assert_ok!(Work::commit_storage(
			RuntimeOrigin::signed(ALICE),
			device(1),
			H256::repeat_byte(3),
			9
		));
		assert_eq!(
			Commitments::<Test>::get(device(1)),
			Some(Commitment { root: H256::repeat_byte(3), chunks: 9, slot: 0 })
		);
		assert_eq!(Challengeable::<Test>::count(), 2);
		// Withdrawing the first moves the last into its slot.
		assert_ok!(Work::withdraw_storage(RuntimeOrigin::signed(ALICE), device(1)));
		assert_eq!(last_event(), Event::StorageWithdrawn { device: device(1) });
		assert_eq!(Challengeable::<Test>::get(0), Some(device(2)));
		assert_eq!(Commitments::<Test>::get(device(2)).map(|c| c.slot), Some(0));
		assert_eq!(Challengeable::<Test>::count(), 1);
	});
}

#[test]
fn bad_commitments_and_withdrawals_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let root = H256::repeat_byte(1);
		let commit =
			|who, seed| Work::commit_storage(RuntimeOrigin::signed(who), device(seed), root, 4);
		assert_noop!(commit(ALICE, 1), Error::<Test>::UnknownDevice);
		add_device(1, ALICE, STORAGE);
		assert_noop!(commit(BOB, 1), Error::<Test>::NotDeviceOwner);
		assert_noop!(
			Work::commit_storage(RuntimeOrigin::signed(ALICE), device(1), root, 0),
			Error::<Test>::ZeroChunks
		);
		add_device(2, ALICE, SENSOR);
		assert_noop!(commit(ALICE, 2), Error::<Test>::NotStorageDevice);
		MockRegistry::add(device(3), ALICE, 9, None);
		assert_noop!(commit(ALICE, 3), Error::<Test>::ClassNotFound);
		MockRegistry::set_status(&device(1), DeviceStatus::Suspended);
		assert_noop!(commit(ALICE, 1), Error::<Test>::DeviceNotActive);

		let withdraw = |who, seed| Work::withdraw_storage(RuntimeOrigin::signed(who), device(seed));
		assert_noop!(withdraw(ALICE, 9), Error::<Test>::UnknownDevice);
		assert_noop!(withdraw(BOB, 1), Error::<Test>::NotDeviceOwner);
		assert_noop!(withdraw(ALICE, 1), Error::<Test>::NoStorageCommitment);
	});
}

#[test]
fn a_challenged_device_that_proves_its_chunk_earns_its_capacity() {
	ExtBuilder::default().build_and_execute(|| {
		committed(1);
		next_epoch();
		let challenge = Challenges::<Test>::get(device(1)).expect("the only device is drawn");
		assert_eq!(challenge.epoch, 1);
		assert_eq!(challenge.deadline, EPOCH + 5 - 1);
		assert!(challenge.chunk < CHUNKS);
		assert!(work_events().contains(&Event::ChallengeIssued {
			device: device(1),
			epoch: 1,
			chunk: challenge.chunk,
			deadline: challenge.deadline,
		}));
		assert_eq!(Work::open_challenges(), vec![OpenChallenge { device: device(1), challenge }]);
		let r = answer(1);
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert!(work_events().contains(&Event::ChallengeAnswered {
			device: device(1),
			epoch: 1,
			score: Permill::one(),
		}));
		assert!(matches!(
			last_event(),
			Event::WorkAccepted { units: 5, kind: ProofKind::ChallengeResponse, .. }
		));
		assert_eq!(Challenges::<Test>::get(device(1)), None);
		assert!(Work::open_challenges().is_empty());
		// Answered: no miss at the end of the epoch.
		next_epoch();
		assert!(!work_events().iter().any(|e| matches!(e, Event::ChallengeMissed { .. })));
	});
}

#[test]
fn a_missed_challenge_lowers_the_score_and_the_score_scales_later_work() {
	ExtBuilder::default().build_and_execute(|| {
		committed(1);
		next_epoch();
		next_epoch();
		assert!(work_events().contains(&Event::ChallengeMissed {
			device: device(1),
			epoch: 1,
			score: Permill::from_percent(50),
		}));
		assert_eq!(Work::score(&device(1)), Permill::from_percent(50));
		// Answering recovers 20 points first; the capacity of 5 is credited at 70%.
		let r = answer(1);
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_eq!(Work::score(&device(1)), Permill::from_percent(70));
		assert_eq!(Ledger::<Test>::get(device(1)).map(|e| e.units), Some(3));
		assert_eq!(ClassUnits::<Test>::get(2, STORAGE), 3);
	});
}

#[test]
fn a_full_score_is_not_stored() {
	ExtBuilder::default().build_and_execute(|| {
		committed(1);
		next_epoch();
		next_epoch();
		assert!(Scores::<Test>::contains_key(device(1)));
		for _ in 0..2 {
			let r = answer(1);
			assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
			next_epoch();
		}
		let r = answer(1);
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_eq!(Work::score(&device(1)), Permill::one());
		assert!(!Scores::<Test>::contains_key(device(1)));
	});
}

#[test]
fn answers_without_a_challenge_late_or_wrong_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		committed(1);
		let unchallenged = report(
			1,
			ReportPayload::ChallengeResponse {
				chunk: vec![0u8; 100].try_into().unwrap(),
				proof: merkle::proof(&device(1), &data(), 0).try_into().unwrap(),
			},
		);
		let refused = |r: ReportOf<Test>, e: Error<Test>| {
			let name = error_name(&e);
			assert_noop!(submit_feeless(r.clone(), sign(1, &r)), name);
		};
		refused(unchallenged, Error::NoOpenChallenge);
		next_epoch();
		// The wrong chunk.
		let mut wrong = answer(1);
		if let ReportPayload::ChallengeResponse { chunk, .. } = &mut wrong.payload {
			chunk[0] ^= 1;
		}
		refused(wrong, Error::InvalidStorageProof);
		// The chunk of another device's tree over the same data.
		add_device(2, ALICE, STORAGE);
		let c = Challenges::<Test>::get(device(1)).unwrap();
		let borrowed = report(
			1,
			ReportPayload::ChallengeResponse {
				chunk: data()[c.chunk as usize].clone().try_into().unwrap(),
				proof: merkle::proof(&device(2), &data(), c.chunk).try_into().unwrap(),
			},
		);
		refused(borrowed, Error::InvalidStorageProof);
		// Withdrawn after the challenge: nothing to prove against.
		let r = answer(1);
		assert_ok!(Work::withdraw_storage(RuntimeOrigin::signed(ALICE), device(1)));
		refused(r.clone(), Error::NoStorageCommitment);
		// After the window.
		run_to_block(EPOCH + 5);
		refused(r, Error::ChallengeExpired);
		assert!(Work::open_challenges().is_empty(), "an expired challenge is not open");
	});
}

#[test]
fn devices_that_left_are_dropped_from_the_challenge_set_when_drawn() {
	ExtBuilder::default().build_and_execute(|| {
		committed(1);
		MockRegistry::remove(&device(1));
		next_epoch();
		assert_eq!(Challengeable::<Test>::count(), 0);
		assert_eq!(Commitments::<Test>::get(device(1)), None);
		assert_eq!(Challenges::<Test>::get(device(1)), None);
	});
}

#[test]
fn at_most_the_configured_number_of_devices_are_challenged() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 1..=6 {
			committed(seed);
		}
		for _ in 0..5 {
			next_epoch();
			let issued = EpochChallenges::<Test>::get();
			assert!(!issued.is_empty() && issued.len() <= 2, "{} challenged", issued.len());
			assert_eq!(Challenges::<Test>::iter().count(), issued.len());
		}
	});
}

#[test]
fn a_commitment_stays_put_while_its_challenge_is_open() {
	ExtBuilder::default().build_and_execute(|| {
		committed(1);
		next_epoch();
		let recommit = |root: H256, chunks: u32| {
			Work::commit_storage(RuntimeOrigin::signed(ALICE), device(1), root, chunks)
		};
		// A device that lost its data cannot swap in a root it can answer for.
		let made_up = vec![vec![0u8; 100]; CHUNKS as usize];
		let fake = merkle::root(&device(1), &made_up);
		assert_noop!(recommit(fake, CHUNKS), Error::<Test>::CommitmentUnderChallenge);
		// Nor withdraw and commit again: the challenge outlives the withdrawal.
		assert_ok!(Work::withdraw_storage(RuntimeOrigin::signed(ALICE), device(1)));
		assert_noop!(recommit(fake, CHUNKS), Error::<Test>::CommitmentUnderChallenge);
		// The epoch ends: the challenge is missed and scored, and the device may commit again.
		next_epoch();
		assert!(work_events().contains(&Event::ChallengeMissed {
			device: device(1),
			epoch: 1,
			score: Permill::from_percent(50),
		}));
		assert_ok!(recommit(root(1), CHUNKS));
		// Answered, the commitment is free again at once.
		next_epoch();
		let r = answer(1);
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_ok!(recommit(root(1), CHUNKS));
	});
}

#[test]
fn a_root_no_customer_ordered_earns_nothing_even_when_every_challenge_is_answered() {
	ExtBuilder::default().build_and_execute(|| {
		// The cheat: 1 024 identical chunks (1 MiB claimed) under a root the device made up,
		// answered from a single chunk it keeps, every epoch it is challenged.
		const CLAIMED: u32 = 1 << 10;
		let same = vec![vec![0xAAu8; 1024]; CLAIMED as usize];
		add_device(1, ALICE, STORAGE);
		let fake = merkle::root(&device(1), &same);
		assert_ok!(Work::commit_storage(RuntimeOrigin::signed(ALICE), device(1), fake, CLAIMED));
		let mut answered = 0;
		for _ in 0..4 {
			next_epoch();
			let epoch = CurrentEpoch::<Test>::get().index;
			if Challenges::<Test>::contains_key(device(1)) {
				let r = answer_from(1, &same);
				assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
				answered += 1;
				assert!(matches!(last_event(), Event::WorkAccepted { units: 0, .. }));
				assert_eq!(ClassUnits::<Test>::get(epoch, STORAGE), 0);
			}
			assert_eq!(Ledger::<Test>::get(device(1)).map_or(0, |w| w.units), 0);
		}
		assert!(answered > 0, "the only storage device is drawn each epoch");
		// Nothing it did reaches reward emission as work: every epoch it hands on is empty.
		assert!(handed_on().iter().all(|(d, w)| *d != device(1) || w.units == 0));
		// Its score stays full: answering is not the offence, claiming demand that is not
		// there would be.
		assert_eq!(Work::score(&device(1)), Permill::one());
	});
}

#[test]
fn an_answered_challenge_earns_what_customers_ordered_of_the_root_and_no_more() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, STORAGE);
		// Customers ordered 3 of the 5 chunks' worth kept (the rest is the device's own).
		MockDemand::order(device(1), root(1), 3);
		// An order for another root of the device counts nothing towards this one.
		MockDemand::order(device(1), H256::repeat_byte(9), 100);
		assert_ok!(Work::commit_storage(RuntimeOrigin::signed(ALICE), device(1), root(1), CHUNKS));
		next_epoch();
		let r = answer(1);
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_eq!(Ledger::<Test>::get(device(1)).map(|w| w.units), Some(3));
		assert_eq!(ClassUnits::<Test>::get(1, STORAGE), 3);
	});
}
