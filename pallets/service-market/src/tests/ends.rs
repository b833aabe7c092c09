//! Ends: every order ends fully paid or refunded — at expiry, after a cancellation's notice,
//! when its device stops serving, or when the device leaves the chain.

use super::*;
use crate::mock::*;
use depin_primitives::DeviceStatus;
use frame_support::{assert_noop, assert_ok};

#[test]
fn an_order_nothing_was_delivered_to_returns_everything() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		let bob = held(None, BOB);
		let id = order_from(BOB, offer, 10, 3, None);
		MockClock::set(3);
		assert_noop!(
			Market::settle(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NothingToSettle
		);
		MockClock::set(4);
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), id));
		assert_eq!(last_event(), Event::OrderEnded { order: id, paid: 0, taken: 0, refunded: 60 });
		assert_eq!(held(None, BOB), bob);
	});
}

#[test]
fn a_cancelled_order_pays_what_was_served_and_returns_the_rest() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		let bob = held(None, BOB);
		let id = order_from(BOB, offer, 10, 10, None);
		MockClock::set(1);
		MockLedger::credit(&dev(1), 10);
		// Cancelled in epoch 1 with 2 epochs' notice: it serves epochs 1 to 3.
		assert_ok!(Market::cancel(RuntimeOrigin::signed(BOB), id));
		for epoch in 2..=5 {
			MockClock::set(epoch);
			MockLedger::credit(&dev(1), 10);
		}
		MockClock::set(6);
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), id));
		// 30 units served (60: 54 + 6), 140 of 200 back.
		assert_eq!(
			last_event(),
			Event::OrderEnded { order: id, paid: 54, taken: 6, refunded: 140 }
		);
		assert_eq!(held(None, BOB), bob - 60);
	});
}

#[test]
fn a_suspended_device_ends_its_orders_after_the_open_epoch() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		let id = order_from(BOB, offer, 10, 10, None);
		MockClock::set(1);
		MockLedger::credit(&dev(1), 10);
		MockClock::set(2);
		MockLedger::credit(&dev(1), 10);
		MockRegistry::set_status(&dev(1), DeviceStatus::Suspended);
		// Epoch 1 is paid; the order now ends after epoch 2, whose work is paid too.
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), id));
		assert!(market_events().contains(&Event::OrdersCut { device: dev(1), end: 3 }));
		assert_eq!(Orders::<Test>::get(id).map(|o| o.end), Some(3));
		MockClock::set(3);
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), id));
		assert_eq!(
			last_event(),
			Event::OrderEnded { order: id, paid: 36, taken: 4, refunded: 160 }
		);
	});
}

#[test]
fn a_device_that_leaves_takes_its_offers_and_leaves_its_orders_payable() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		let id = order_from(BOB, offer, 10, 10, None);
		let alice = held(None, ALICE);
		MockClock::set(1);
		MockLedger::credit(&dev(1), 10);
		MockClock::set(2);
		MockRegistry::set_status(&dev(1), DeviceStatus::Deregistering);
		MockRegistry::remove_device(&dev(1));
		// Its last closed epoch was handed on before it went; nothing is keyed by it now.
		assert!(market_events().contains(&Event::OrdersCut { device: dev(1), end: 2 }));
		assert!(DeviceOrders::<Test>::get(dev(1)).is_empty());
		assert!(DeviceOffers::<Test>::get(dev(1)).is_empty());
		assert!(Offers::<Test>::get(offer).is_none());
		assert_eq!(OwnerOffers::<Test>::get(ALICE), 0);
		let order = Orders::<Test>::get(id).expect("still owed");
		assert_eq!(
			(order.delivered_after_removal, order.payee_after_removal, order.end),
			(Some(10), Some(ALICE), 2)
		);
		// Its last owner is paid for epoch 1, the customer gets the rest.
		assert_ok!(Market::settle(RuntimeOrigin::signed(CHARLIE), id));
		assert_eq!(
			last_event(),
			Event::OrderEnded { order: id, paid: 18, taken: 2, refunded: 180 }
		);
		assert_eq!(held(None, ALICE), alice + 18);
	});
}

#[test]
fn an_order_of_a_device_that_left_before_it_started_returns_everything() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		let id = order_from(BOB, offer, 10, 10, None);
		MockRegistry::remove_device(&dev(1));
		assert_eq!(Orders::<Test>::get(id).map(|o| (o.start, o.end)), Some((0, 0)));
		assert_ok!(Market::settle(RuntimeOrigin::signed(BOB), id));
		assert_eq!(last_event(), Event::OrderEnded { order: id, paid: 0, taken: 0, refunded: 200 });
	});
}
