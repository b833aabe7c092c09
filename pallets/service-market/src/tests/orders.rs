//! Orders: the whole price escrowed at once, in the offer's asset, within the offer's terms
//! and capacity; cancellation after the notice.

use super::*;
use crate::mock::*;
use depin_primitives::DeviceStatus;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{ArithmeticError, DispatchError};

#[test]
fn an_order_escrows_its_whole_price() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		let before = held(None, BOB);
		assert_ok!(Market::order(RuntimeOrigin::signed(BOB), offer, 10, 5, None, 2));
		// 2 a unit × 10 units × 5 epochs, from the next epoch.
		assert_eq!(held(None, BOB), before - 100);
		assert_eq!(in_escrow(None), 100);
		assert_eq!(Escrow::<Test>::get(None::<AssetId>), 100);
		let order = Orders::<Test>::get(0).expect("stored");
		assert_eq!((order.start, order.end, order.escrowed, order.customer), (1, 6, 100, BOB));
		assert_eq!(order.take_rate, sp_runtime::Perbill::from_percent(10));
		let slot = DeviceOrders::<Test>::get(dev(1))[0];
		assert_eq!(
			(slot.order, slot.offer, slot.units_per_epoch, slot.start, slot.end),
			(0, offer, 10, 1, 6)
		);
		assert_eq!(CustomerOrders::<Test>::get(BOB).into_inner(), vec![0]);
		assert_eq!(
			last_event(),
			Event::Ordered {
				order: 0,
				offer,
				device: dev(1),
				customer: BOB,
				units_per_epoch: 10,
				start: 1,
				end: 6,
				asset: None,
				escrowed: 100,
				data_root: None,
			}
		);
		assert_eq!((order.data_root, slot.data_root), (None, None));
	});
}

#[test]
fn a_storage_order_names_the_data_and_only_storage_devices_take_one() {
	ExtBuilder::default().build_and_execute(|| {
		use depin_primitives::StorageDemand;
		let root = sp_core::H256::repeat_byte(7);
		let sensor_offer = offer_with(terms());
		MockRegistry::add_device_in(dev(2), ALICE, STORAGE);
		assert_ok!(Market::offer(RuntimeOrigin::signed(ALICE), dev(2), terms()));
		let storage_offer = NextOfferId::<Test>::get() - 1;
		let before = held(None, BOB);

		// A storage device's order says which data to keep; no other order does.
		assert_noop!(
			Market::order(RuntimeOrigin::signed(BOB), storage_offer, 10, 5, None, 2),
			Error::<Test>::DataRootRequired
		);
		assert_noop!(
			Market::order_storage(RuntimeOrigin::signed(BOB), sensor_offer, 10, 5, None, 2, root),
			Error::<Test>::NotStorageOffer
		);
		assert_eq!(held(None, BOB), before);

		assert_ok!(Market::order_storage(
			RuntimeOrigin::signed(BOB),
			storage_offer,
			10,
			5,
			None,
			2,
			root
		));
		assert!(
			matches!(last_event(), Event::Ordered { data_root: Some(r), escrowed: 100, .. } if r == root)
		);
		assert_eq!(held(None, BOB), before - 100);
		let id = NextOrderId::<Test>::get() - 1;
		assert_eq!(Orders::<Test>::get(id).unwrap().data_root, Some(root));
		// A second customer orders 4 more chunks of the same data (a replica it pays for too).
		assert_ok!(Market::order_storage(
			RuntimeOrigin::signed(CHARLIE),
			storage_offer,
			4,
			2,
			None,
			2,
			root
		));

		// The demand physical work reads: served epochs only, this root only.
		let ordered = |root, epoch| -> u64 {
			Market::ordered(&dev(2), &root, epoch, u64::MAX).deliveries.iter().map(|d| d.1).sum()
		};
		assert_eq!(ordered(root, 0), 0, "orders start in the next epoch");
		assert_eq!(ordered(root, 1), 14);
		assert_eq!(ordered(root, 3), 10, "the second order ran two epochs");
		assert_eq!(ordered(root, 6), 0, "both have ended");
		assert_eq!(ordered(sp_core::H256::repeat_byte(8), 1), 0, "data nobody ordered");
		assert_eq!(Market::ordered(&dev(1), &root, 1, 99), Default::default(), "another device");
		// Proven chunks are given to the orders first made first, each what it buys an epoch,
		// with the value of the take: 10 and 3 chunks at 2, of which 10% is 2 and 0.6 (rounded
		// down to nothing).
		assert_eq!(
			Market::ordered(&dev(2), &root, 1, 13),
			depin_primitives::StorageOrdered {
				deliveries: vec![(id, 10), (id + 1, 3)],
				take_value: 2
			}
		);
		// Cancelled, an order stops counting once its notice has passed.
		assert_ok!(Market::cancel(RuntimeOrigin::signed(BOB), id));
		assert_eq!(ordered(root, 3), 0);
	});
}

#[test]
fn a_stablecoin_order_escrows_the_stablecoin() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(usd_terms());
		let (native, usd) = (held(None, BOB), held(Some(USD), BOB));
		order_from(BOB, offer, 4, 10, Some(USD));
		assert_eq!(held(Some(USD), BOB), usd - 120);
		assert_eq!(held(None, BOB), native);
		assert_eq!(in_escrow(Some(USD)), 120);
		assert_eq!(Escrow::<Test>::get(Some(USD)), 120);
	});
}

#[test]
fn an_order_must_match_what_the_customer_agreed_to() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		let order = |units, epochs, asset, max| {
			Market::order(RuntimeOrigin::signed(BOB), offer, units, epochs, asset, max)
		};
		assert_noop!(
			Market::order(RuntimeOrigin::signed(BOB), 9, 1, 1, None, 2),
			Error::<Test>::OfferNotFound
		);
		assert_noop!(order(1, 1, Some(USD), 2), Error::<Test>::WrongAsset);
		assert_noop!(order(1, 1, None, 1), Error::<Test>::PriceAboveLimit);
		assert_noop!(order(0, 1, None, 2), Error::<Test>::ZeroUnits);
		assert_noop!(order(1, 0, None, 2), Error::<Test>::OrderLengthNotOffered);
		assert_noop!(order(1, 21, None, 2), Error::<Test>::OrderLengthNotOffered);
		assert_noop!(
			Market::order(RuntimeOrigin::none(), offer, 1, 1, None, 2),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_device_that_cannot_serve_takes_no_order() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		MockRegistry::set_status(&dev(1), DeviceStatus::Suspended);
		assert_noop!(
			Market::order(RuntimeOrigin::signed(BOB), offer, 1, 1, None, 2),
			Error::<Test>::DeviceNotActive
		);
		MockRegistry::set_status(&dev(1), DeviceStatus::Active);
		MockRegistry::set_owner(&dev(1), CHARLIE);
		assert_noop!(
			Market::order(RuntimeOrigin::signed(BOB), offer, 1, 1, None, 2),
			Error::<Test>::OfferLapsed
		);
	});
}

#[test]
fn an_asset_the_treasury_stopped_accepting_takes_no_order() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(usd_terms());
		MockTreasury::refuse(Some(USD));
		assert_noop!(
			Market::order(RuntimeOrigin::signed(BOB), offer, 1, 1, Some(USD), 3),
			Error::<Test>::AssetNotAccepted
		);
	});
}

#[test]
fn the_escrow_and_the_treasury_must_hold_the_asset() {
	ExtBuilder::default().escrow_usd_closed().build_and_execute(|| {
		let offer = offer_with(usd_terms());
		assert_noop!(
			Market::order(RuntimeOrigin::signed(BOB), offer, 1, 1, Some(USD), 3),
			Error::<Test>::EscrowNotOpen
		);
		// Anyone opens it with the asset's minimum balance.
		assert_ok!(pallet_assets::Pallet::<Test>::transfer(
			RuntimeOrigin::signed(CHARLIE),
			USD,
			Market::escrow_account(),
			USD_MIN
		));
		order_from(BOB, offer, 1, 1, Some(USD));
	});
	ExtBuilder::default().treasury_usd_closed().build_and_execute(|| {
		let offer = offer_with(usd_terms());
		assert_noop!(
			Market::order(RuntimeOrigin::signed(BOB), offer, 1, 1, Some(USD), 3),
			Error::<Test>::TreasuryNotOpen
		);
	});
}

#[test]
fn an_order_takes_no_more_than_the_offer_sells() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		order_from(BOB, offer, 60, 5, None);
		assert_noop!(
			Market::order(RuntimeOrigin::signed(CHARLIE), offer, 41, 5, None, 2),
			Error::<Test>::OverCapacity
		);
		order_from(CHARLIE, offer, 40, 5, None);
		assert_noop!(
			Market::order(RuntimeOrigin::signed(CHARLIE), offer, 1, 1, None, 2),
			Error::<Test>::OverCapacity
		);
		// Another offer of the same device sells its own capacity.
		let other = offer_with(terms());
		order_from(CHARLIE, other, 100, 1, None);
	});
}

#[test]
fn capacity_frees_up_when_an_order_ends() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		order_from(BOB, offer, 100, 1, None);
		// Epoch 1 is sold out; an order made in epoch 1 starts in epoch 2.
		next_epoch();
		order_from(CHARLIE, offer, 100, 1, None);
	});
}

#[test]
fn orders_are_bounded_per_device_and_per_customer() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		for _ in 0..MAX_ORDERS_PER_DEVICE {
			order_from(BOB, offer, 1, 1, None);
		}
		assert_noop!(
			Market::order(RuntimeOrigin::signed(BOB), offer, 1, 1, None, 2),
			Error::<Test>::TooManyOrdersForDevice
		);
		assert_ok!(Market::offer(RuntimeOrigin::signed(BOB), dev(3), terms()));
		let bobs = NextOfferId::<Test>::get() - 1;
		for _ in MAX_ORDERS_PER_DEVICE..MAX_ORDERS_PER_CUSTOMER {
			order_from(BOB, bobs, 1, 1, None);
		}
		assert_noop!(
			Market::order(RuntimeOrigin::signed(BOB), bobs, 1, 1, None, 2),
			Error::<Test>::TooManyOrdersForCustomer
		);
	});
}

#[test]
fn a_customer_escrows_only_what_it_can_spare() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(Terms { price_per_unit: 1_000, ..terms() });
		// 1 000 × 100 × 10 = 1 000 000: all it has, and it must keep its minimum balance.
		assert_noop!(
			Market::order(RuntimeOrigin::signed(BOB), offer, 100, 10, None, 1_000),
			Error::<Test>::CannotAfford
		);
		let huge = offer_with(Terms { price_per_unit: Balance::MAX / 2, ..terms() });
		assert_noop!(
			Market::order(RuntimeOrigin::signed(BOB), huge, 3, 1, None, Balance::MAX),
			ArithmeticError::Overflow
		);
	});
}

#[test]
fn a_cancelled_order_serves_until_its_notice_has_passed() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(terms());
		let id = order_from(BOB, offer, 10, 10, None);
		next_epoch();
		assert_noop!(Market::cancel(RuntimeOrigin::signed(BOB), 9), Error::<Test>::OrderNotFound);
		assert_noop!(
			Market::cancel(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::NotCustomer
		);
		// In epoch 1 with 2 epochs' notice: epochs 1 to 3 are still served.
		assert_ok!(Market::cancel(RuntimeOrigin::signed(BOB), id));
		assert_eq!(last_event(), Event::OrderCancelled { order: id, end: 4 });
		assert_eq!(Orders::<Test>::get(id).map(|o| o.end), Some(4));
		assert_eq!(DeviceOrders::<Test>::get(dev(1))[0].end, 4);
		assert_noop!(Market::cancel(RuntimeOrigin::signed(BOB), id), Error::<Test>::AlreadyEnding);
	});
}

#[test]
fn an_order_cancelled_before_it_starts_ends_at_its_start() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = offer_with(Terms { notice_epochs: 0, ..terms() });
		let id = order_from(BOB, offer, 10, 10, None);
		assert_ok!(Market::cancel(RuntimeOrigin::signed(BOB), id));
		assert_eq!(Orders::<Test>::get(id).map(|o| (o.start, o.end)), Some((1, 1)));
	});
}
