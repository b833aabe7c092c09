//! The service market in the whole runtime: a customer's dUSD reaches the device's owner as
//! the device's verified work comes in, and the take is bought back and burned.

use super::*;
use configs::buyback_treasury::{DEV_STABLECOIN, DEV_STABLECOIN_UNIT};
use frame_support::traits::fungibles;

fn usd(who: &AccountId) -> Balance {
	<Assets as fungibles::Inspect<_>>::balance(DEV_STABLECOIN, who)
}

/// A sensor of Alice's (its key), offered at 0.1 dUSD a unit, up to 40 units an epoch, orders of
/// 1 to 30 epochs with `notice` epochs' notice: offer 0.
fn offered_sensor(notice: u32) -> sp_core::sr25519::Pair {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let key = registered_sensor(9);
	let terms = pallet_service_market::Terms {
		asset: Some(DEV_STABLECOIN),
		price_per_unit: PRICE,
		units_per_epoch: 40,
		min_epochs: 1,
		max_epochs: 30,
		notice_epochs: notice,
	};
	ServiceMarket::offer(RuntimeOrigin::signed(alice), sp_core::Pair::public(&key), terms)
		.expect("offered");
	key
}

/// 0.1 dUSD.
const PRICE: Balance = DEV_STABLECOIN_UNIT / 10;

/// Bob buys ten epochs of a sensor's readings, 40 units an epoch at 0.1 dUSD a unit, from
/// Alice's sensor. The sensor reports every epoch; after each epoch closes, one settlement
/// pays Alice 3.6 dUSD and the treasury 0.4 dUSD, which its next close buys back (80%) and
/// burns; the order ends with nothing left to return, and the reports say so.
#[test]
fn a_customer_buys_ten_epochs_of_a_sensors_data_in_dollars() {
	build("development").execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let treasury = BuybackTreasury::account_id();
		run_blocks(1, 1);
		let key = offered_sensor(1);
		let (alice_usd, bob_usd) = (usd(&alice), usd(&bob));
		ServiceMarket::order(
			RuntimeOrigin::signed(bob.clone()),
			0,
			40,
			10,
			Some(DEV_STABLECOIN),
			PRICE,
		)
		.expect("Bob orders");
		assert_eq!(usd(&bob), bob_usd - 40 * DEV_STABLECOIN_UNIT, "ten epochs escrowed at once");

		let length = pallet_physical_work::Params::<Runtime>::get().epoch_length;
		for epoch in 1..=10u32 {
			let start = BlockNumber::from(epoch) * length;
			run_blocks(System::block_number() + 1, start);
			let (report, signature) = telemetry_in(&key, epoch, start, 40);
			PhysicalWork::submit_report_signed(
				RuntimeOrigin::signed(alice.clone()),
				report,
				signature,
			)
			.expect("the sensor reports");
			if epoch > 1 {
				// Epoch `epoch - 1` has closed: its 40 units pay 4 dUSD, less 10%.
				let before = usd(&alice);
				ServiceMarket::settle(RuntimeOrigin::signed(bob.clone()), 0).expect("settles");
				assert_eq!(usd(&alice) - before, 36 * DEV_STABLECOIN_UNIT / 10);
			}
		}
		run_blocks(System::block_number() + 1, 11 * length);
		ServiceMarket::settle(RuntimeOrigin::signed(bob.clone()), 0).expect("the last epoch");
		assert!(pallet_service_market::Orders::<Runtime>::get(0).is_none(), "the order ended");
		assert_eq!(usd(&alice) - alice_usd, 36 * DEV_STABLECOIN_UNIT, "nine tenths of 40 dUSD");
		assert_eq!(usd(&bob), bob_usd - 40 * DEV_STABLECOIN_UNIT, "all of it was delivered");

		// The take is demand revenue: the treasury bought back its burn share and burned it.
		run_blocks(System::block_number() + 1, 12 * length);
		let (mut revenue, mut spent, mut burned) = (0, 0, 0);
		for epoch in 0..=12 {
			if let Some(r) = pallet_buyback_treasury::Reports::<Runtime>::get(epoch) {
				if let Some(a) = r.assets.iter().find(|a| a.asset == DEV_STABLECOIN) {
					revenue += a.revenue;
					spent += a.spent;
				}
				burned += r.burned;
			}
		}
		assert_eq!(revenue, 4 * DEV_STABLECOIN_UNIT, "a tenth of 40 dUSD");
		assert_eq!(spent, revenue * 8 / 10, "80% of it bought back");
		assert!(burned > 3 * token::UNIT, "about 3.2 tokens burned, got {burned}");
		assert_eq!(usd(&treasury), revenue - spent);
		assert_eq!(pallet_service_market::Escrow::<Runtime>::get(Some(DEV_STABLECOIN)), 0);
		assert_eq!(
			usd(&ServiceMarket::escrow_account()),
			1,
			"the escrow keeps only the minimum balance that keeps it open"
		);
	});
}

/// A device that leaves the registry ends its orders through the runtime's wiring: the
/// ledger hands its last closed epoch to the market, the market pays for it once settled and
/// returns the rest, and no offer or slot of the device remains.
#[test]
fn a_device_that_leaves_ends_its_orders_and_takes_its_offers() {
	build("development").execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		run_blocks(1, 1);
		let key = offered_sensor(0);
		let device = sp_core::Pair::public(&key);
		let bob_usd = usd(&bob);
		ServiceMarket::order(
			RuntimeOrigin::signed(bob.clone()),
			0,
			40,
			20,
			Some(DEV_STABLECOIN),
			PRICE,
		)
		.expect("Bob orders 20 epochs");
		let length = pallet_physical_work::Params::<Runtime>::get().epoch_length;
		run_blocks(2, length);
		let (report, signature) = telemetry_in(&key, 1, length, 40);
		PhysicalWork::submit_report_signed(RuntimeOrigin::signed(alice.clone()), report, signature)
			.expect("the sensor reports in epoch 1");
		run_blocks(length + 1, 2 * length);

		DeviceRegistry::deregister_device(RuntimeOrigin::signed(alice.clone()), device)
			.expect("the owner deregisters");
		let until = pallet_device_registry::Devices::<Runtime>::get(device)
			.and_then(|d| d.unbonding_until)
			.expect("unbonding");
		run_blocks(2 * length + 1, until);
		DeviceRegistry::withdraw_bond(RuntimeOrigin::signed(alice.clone()), device)
			.expect("the bond comes back");
		assert!(pallet_service_market::DeviceOrders::<Runtime>::get(device).is_empty());
		assert!(pallet_service_market::DeviceOffers::<Runtime>::get(device).is_empty());
		assert!(pallet_service_market::Offers::<Runtime>::get(0).is_none());

		let alice_usd = usd(&alice);
		ServiceMarket::settle(RuntimeOrigin::signed(bob.clone()), 0).expect("settles");
		assert!(pallet_service_market::Orders::<Runtime>::get(0).is_none(), "the order ended");
		// Epoch 1's 40 units: 4 dUSD, 3.6 to Alice; Bob gets the other 76 back.
		assert_eq!(usd(&alice) - alice_usd, 36 * DEV_STABLECOIN_UNIT / 10);
		assert_eq!(bob_usd - usd(&bob), 4 * DEV_STABLECOIN_UNIT);
	});
}
