//! Settlement: an order pays, for each closed epoch, at most what it bought of the units the
//! chain verified for its device; the owner gets the price less the take, the treasury the
//! take; nothing is paid twice.

use super::*;
use crate::mock::*;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

/// BOB orders 10 units a epoch for 3 epochs (1 to 3) of `dev(1)` at 2 a unit: 60 escrowed.
fn bobs_order() -> OrderId {
	let offer = offer_with(terms());
	order_from(BOB, offer, 10, 3, None)
}

#[test]
fn an_order_pays_for_verified_work_less_the_take() {
	ExtBuilder::default().build_and_execute(|| {
		let id = bobs_order();
		let (alice, bob, treasury) = (held(None, ALICE), held(None, BOB), held(None, TREASURY));
		MockClock::set(1);
		MockLedger::credit(&dev(1), 10);
		// Epoch 1 is still open: nothing to pay.
		assert_noop!(
			Market::settle(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::NothingToSettle
		);
		MockClock::set(2);
		MockLedger::credit(&dev(1), 4);
		// Anyone settles; epoch 1's 10 units pay 20: 18 to the owner, 2 to the treasury.
		assert_ok!(Market::settle(RuntimeOrigin::signed(CHARLIE), id));
		assert_eq!(last_event(), Event::OrderSettled { order: id, units: 10, paid: 18, taken: 2 });
		assert_eq!(held(None, ALICE), alice + 18);
		assert_eq!(held(None, TREASURY), treasury + 2);
		assert_eq!(MockTreasury::demand(None), 2);
		// A second settlement of the same epochs moves nothing.
		assert_noop!(
			Market::settle(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::NothingToSettle
		);

		// Epoch 3: more work than ordered; the order takes its 10.
		MockClock::set(3);
		MockLedger::credit(&dev(1), 50);
		MockClock::set(4);
		// Epochs 2 and 3 in one settlement: 4 + 10 units, 28; the take over the whole order is
		// ⌈10% of 48⌉ = 5, of which 2 was paid.
		assert_ok!(Market::settle(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(
			market_events()[market_events().len() - 2],
			Event::OrderSettled { order: id, units: 14, paid: 25, taken: 3 }
		);
		// The order is over: the 6 undelivered units (12) go back to BOB.
		assert_eq!(last_event(), Event::OrderEnded { order: id, paid: 43, taken: 5, refunded: 12 });
		assert_eq!(held(None, ALICE), alice + 43);
		assert_eq!(held(None, BOB), bob + 12);
		assert_eq!(held(None, TREASURY), treasury + 5);
		assert_eq!(in_escrow(None), 0);
		assert!(Orders::<Test>::get(id).is_none());
		assert!(DeviceOrders::<Test>::get(dev(1)).is_empty());
		assert!(CustomerOrders::<Test>::get(BOB).is_empty());
		assert_noop!(
			Market::settle(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::OrderNotFound
		);
	});
}

#[test]
fn work_outside_the_orders_epochs_pays_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let id = bobs_order();
		// Epoch 0, before the order starts, and epoch 4, after it ends.
		MockLedger::credit(&dev(1), 100);
		MockClock::set(4);
		MockLedger::credit(&dev(1), 100);
		MockClock::set(5);
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), id));
		assert_eq!(last_event(), Event::OrderEnded { order: id, paid: 0, taken: 0, refunded: 60 });
	});
}

#[test]
fn a_devices_work_pays_each_unit_to_one_order() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		let first = order_from(BOB, offer, 10, 1, None);
		let second = order_from(CHARLIE, offer, 10, 1, None);
		// 15 verified units in epoch 1: the first order gets 10, the second 5 — not 10 each.
		MockClock::set(1);
		MockLedger::credit(&dev(1), 15);
		MockClock::set(2);
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), first));
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), second));
		let ended: Vec<_> = market_events()
			.into_iter()
			.filter_map(|e| match e {
				Event::OrderSettled { order, units, .. } => Some((order, units)),
				_ => None,
			})
			.collect();
		assert_eq!(ended, vec![(first, 10), (second, 5)]);
	});
}

#[test]
fn a_stablecoin_order_pays_the_owner_stablecoins() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(usd_terms());
		let id = order_from(BOB, offer, 10, 2, Some(USD));
		let (alice, native) = (held(Some(USD), ALICE), held(None, ALICE));
		let treasury = held(Some(USD), TREASURY);
		MockClock::set(1);
		MockLedger::credit(&dev(1), 10);
		MockClock::set(3);
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), id));
		// 10 units at 3: 27 to ALICE, 3 to the treasury, 30 back to BOB.
		assert_eq!(held(Some(USD), ALICE), alice + 27);
		assert_eq!(held(None, ALICE), native);
		assert_eq!(held(Some(USD), TREASURY), treasury + 3);
		assert_eq!(MockTreasury::demand(Some(USD)), 3);
		assert_eq!(last_event(), Event::OrderEnded { order: id, paid: 27, taken: 3, refunded: 30 });
		assert_eq!(in_escrow(Some(USD)), 0);
	});
}

#[test]
fn an_owner_that_cannot_receive_the_asset_is_told_so_and_nothing_moves() {
	ExtBuilder::default().build_and_execute(|| {
		// EVE holds no stablecoin; a payment below its minimum balance cannot open her account.
		const EVE: AccountId = 5;
		MockRegistry::add_device(dev(5), EVE);
		assert_ok!(Market::offer(
			RuntimeOrigin::signed(EVE),
			dev(5),
			Terms { price_per_unit: 1, ..usd_terms() }
		));
		let offer = NextOfferId::<Test>::get() - 1;
		let id = order_from(BOB, offer, 4, 1, Some(USD));
		MockClock::set(1);
		MockLedger::credit(&dev(5), 4);
		MockClock::set(2);
		assert_noop!(
			Market::settle(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::OwnerCannotReceive
		);
		// Once she holds the asset, the same settlement goes through.
		assert_ok!(pallet_assets::Pallet::<Test>::transfer(
			RuntimeOrigin::signed(CHARLIE),
			USD,
			EVE,
			USD_MIN
		));
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), id));
		assert_eq!(held(Some(USD), EVE), USD_MIN + 3);
	});
}

#[test]
fn settling_often_takes_what_settling_once_takes() {
	ExtBuilder::default().take_rate(Perbill::from_percent(15)).build_and_execute(|| {
		let offer = offer_with(Terms { price_per_unit: 1, ..terms() });
		let id = order_from(BOB, offer, 3, 10, None);
		// 3 units a epoch at 1: 15% of 3 rounds up to 1 each time if rounded per piece; over
		// the whole order the take is ⌈15% of 30⌉ = 5.
		for epoch in 1..=10 {
			MockClock::set(epoch);
			MockLedger::credit(&dev(1), 3);
			MockClock::set(epoch + 1);
			assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), id));
		}
		assert_eq!(last_event(), Event::OrderEnded { order: id, paid: 25, taken: 5, refunded: 0 });
	});
}

#[test]
fn an_order_keeps_the_take_rate_it_was_made_at() {
	ExtBuilder::default().build_and_execute(|| {
		let id = bobs_order();
		assert_ok!(Market::set_params(
			RuntimeOrigin::root(),
			MarketParams { take_rate: Perbill::from_percent(50) }
		));
		MockClock::set(1);
		MockLedger::credit(&dev(1), 10);
		MockClock::set(4);
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), id));
		assert_eq!(last_event(), Event::OrderEnded { order: id, paid: 18, taken: 2, refunded: 40 });
	});
}

#[test]
fn the_dao_sets_the_take_rate_within_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		let params = MarketParams { take_rate: Perbill::from_percent(20) };
		assert_noop!(
			Market::set_params(RuntimeOrigin::signed(ALICE), params),
			sp_runtime::DispatchError::BadOrigin
		);
		for rate in [4, 51] {
			assert_noop!(
				Market::set_params(
					RuntimeOrigin::root(),
					MarketParams { take_rate: Perbill::from_percent(rate) }
				),
				Error::<Test>::TakeRateOutOfBounds
			);
		}
		assert_ok!(Market::set_params(RuntimeOrigin::root(), params));
		assert_eq!(Params::<Test>::get(), params);
		assert_eq!(last_event(), Event::ParamsChanged { params });
	});
}

#[test]
fn clients_read_what_an_order_is_owed_before_it_is_settled() {
	ExtBuilder::default().build_and_execute(|| {
		let id = bobs_order();
		MockClock::set(1);
		MockLedger::credit(&dev(1), 7);
		MockClock::set(2);
		MockLedger::credit(&dev(1), 1);
		let state = Market::order_state(id).expect("open");
		assert_eq!((state.delivered, state.due, state.remaining), (7, 14, 60));
		assert_eq!(Market::orders_of_customer(&BOB).len(), 1);
		assert_eq!(Market::orders_of_device(&dev(1))[0].0, id);
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), id));
		let state = Market::order_state(id).expect("still open");
		assert_eq!((state.delivered, state.due, state.remaining), (7, 0, 46));
		assert!(Market::order_state(9).is_none());
	});
}

#[test]
fn clients_page_through_the_offers_of_a_class() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..2 {
			offer_with(terms());
		}
		assert_ok!(Market::offer(RuntimeOrigin::signed(BOB), dev(3), terms()));
		MockRegistry::add_device_in(dev(7), CHARLIE, 7);
		let ids = |from, count| -> Vec<OfferId> {
			Market::offers_of_class(SENSOR, from, count).into_iter().map(|(id, _)| id).collect()
		};
		assert_eq!(ids(0, 10), vec![0, 1, 2]);
		assert_eq!(ids(1, 1), vec![1]);
		assert_eq!(ids(3, 10), Vec::<OfferId>::new());
		assert_eq!(Market::offers_of_class(7, 0, 10).len(), 0);
		assert_eq!(Market::offers_of_device(&dev(1)).len(), 2);
	});
}
