//! What the chain keeps for a device: the same few records whatever the epochs it works in,
//! and nothing once it leaves.

use super::*;

/// A device that leaves the registry takes its records with it: withdrawing its bond hands
/// its last closed epoch to reward emission, which pays the owner what the device earned, and
/// the work ledger and reward emission keep nothing keyed by the device.
#[test]
fn a_device_that_leaves_is_paid_and_leaves_no_record() {
	use frame_support::traits::OnInitialize;
	build("development").execute_with(|| {
		System::set_block_number(1);
		let alice = Sr25519Keyring::Alice.to_account_id();
		let key = registered_sensor(9);
		let device = sp_core::Pair::public(&key);
		let (report, signature) = telemetry(&key, 40);
		PhysicalWork::submit_report_signed(RuntimeOrigin::signed(alice.clone()), report, signature)
			.expect("the report is accepted");
		let epoch_length = pallet_physical_work::Params::<Runtime>::get().epoch_length;
		System::set_block_number(epoch_length);
		AllPalletsWithSystem::on_initialize(epoch_length);

		let bond =
			pallet_device_registry::Devices::<Runtime>::get(device).expect("registered").bond;
		DeviceRegistry::deregister_device(RuntimeOrigin::signed(alice.clone()), device)
			.expect("the owner deregisters");
		let until = pallet_device_registry::Devices::<Runtime>::get(device)
			.and_then(|d| d.unbonding_until)
			.expect("unbonding");
		System::set_block_number(until);
		let before = Balances::free_balance(&alice);
		DeviceRegistry::withdraw_bond(RuntimeOrigin::signed(alice.clone()), device)
			.expect("the bond comes back");
		assert_eq!(Balances::free_balance(&alice) - before, bond + 350 * token::UNIT);
		assert!(pallet_physical_work::Ledger::<Runtime>::get(device).is_none());
		assert!(pallet_reward_emission::Accrued::<Runtime>::get(device).is_none());
		assert!(pallet_reward_emission::LastRewarded::<Runtime>::get(&alice).is_none());
		assert_eq!(
			Balances::free_balance(RewardEmission::reward_pot()),
			Balances::minimum_balance(),
			"the pot owes nothing more"
		);
	});
}

/// Entries and bytes (keys and values) of the state keyed by `device`: every storage key that
/// contains the device's key, outside `System` (whose events are cleared every block). The
/// owner's device index holds 32 more bytes per device.
fn state_of(device: &[u8; 32]) -> (usize, usize) {
	let system = sp_io::hashing::twox_128(b"System");
	let (mut entries, mut bytes) = (0, 0);
	let mut key = Vec::new();
	while let Some(next) = sp_io::storage::next_key(&key) {
		if !next.starts_with(&system) && next.windows(32).any(|w| w == device) {
			entries += 1;
			bytes += next.len() + sp_io::storage::get(&next).map_or(0, |v| v.len());
		}
		key = next;
	}
	(entries, bytes)
}

/// The state a device keeps does not grow with the epochs it works in (its closed epochs fold
/// into one accrued balance), stays within 400 bytes, and leaves with the device.
#[test]
fn a_device_state_does_not_grow_with_epochs_and_leaves_with_it() {
	use frame_support::traits::OnInitialize;
	build("development").execute_with(|| {
		System::set_block_number(1);
		let alice = Sr25519Keyring::Alice.to_account_id();
		let key = registered_sensor(9);
		let device = sp_core::Pair::public(&key);
		let epoch_length = pallet_physical_work::Params::<Runtime>::get().epoch_length;
		let mut sizes = Vec::new();
		for epoch in 0..8 {
			let start = (epoch as BlockNumber * epoch_length).max(1);
			if epoch > 0 {
				System::set_block_number(start);
				AllPalletsWithSystem::on_initialize(start);
			}
			let (report, signature) = telemetry_in(&key, epoch, start, 40);
			PhysicalWork::submit_report_signed(
				RuntimeOrigin::signed(alice.clone()),
				report,
				signature,
			)
			.expect("the report is accepted");
			sizes.push(state_of(&device.0));
		}
		// Registry record, ledger record, accrued rewards: the same from the second epoch on.
		println!("state of a reporting sensor after each epoch (entries, bytes): {sizes:?}");
		assert!(sizes[1..].iter().all(|s| *s == sizes[1]), "{sizes:?}");
		assert_eq!(sizes[1].0, 3, "{sizes:?}");
		assert!(sizes[1].1 <= 400, "{sizes:?}");
		let accrued = pallet_reward_emission::Accrued::<Runtime>::get(device).expect("accrued");
		assert_eq!((accrued.last, accrued.amount), (6, 7 * 350 * token::UNIT));

		RewardEmission::claim(RuntimeOrigin::signed(alice.clone()), device).expect("claims");
		assert_eq!(state_of(&device.0).0, 2, "the claim removes the accrued record");
		DeviceRegistry::deregister_device(RuntimeOrigin::signed(alice.clone()), device)
			.expect("deregisters");
		let until = pallet_device_registry::Devices::<Runtime>::get(device)
			.and_then(|d| d.unbonding_until)
			.expect("unbonding");
		System::set_block_number(until);
		DeviceRegistry::withdraw_bond(RuntimeOrigin::signed(alice), device).expect("withdraws");
		assert_eq!(state_of(&device.0), (0, 0), "nothing keyed by the device outlives it");
	});
}
