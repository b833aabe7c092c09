//! Offers: who may make them, on which terms, how many, and what changing or withdrawing one
//! does to the orders made from it.

use super::*;
use crate::mock::*;
use depin_primitives::DeviceStatus;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn an_owner_offers_its_device() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Market::offer(RuntimeOrigin::signed(ALICE), dev(1), terms()));
		let offer = Offers::<Test>::get(0).expect("stored");
		assert_eq!(
			(offer.device, offer.owner, offer.class, offer.terms),
			(dev(1), ALICE, SENSOR, terms())
		);
		assert_eq!(DeviceOffers::<Test>::get(dev(1)).into_inner(), vec![0]);
		assert_eq!(OwnerOffers::<Test>::get(ALICE), 1);
		assert_eq!(
			last_event(),
			Event::OfferMade { offer: 0, device: dev(1), owner: ALICE, terms: terms() }
		);
		// The stablecoin too.
		assert_ok!(Market::offer(RuntimeOrigin::signed(ALICE), dev(1), usd_terms()));
		assert_eq!(OwnerOffers::<Test>::get(ALICE), 2);
	});
}

#[test]
fn only_an_active_device_is_offered_by_its_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = |who, d| Market::offer(RuntimeOrigin::signed(who), d, terms());
		assert_noop!(offer(ALICE, dev(9)), Error::<Test>::DeviceNotFound);
		assert_noop!(offer(BOB, dev(1)), Error::<Test>::NotDeviceOwner);
		MockRegistry::set_status(&dev(1), DeviceStatus::Suspended);
		assert_noop!(offer(ALICE, dev(1)), Error::<Test>::DeviceNotActive);
		MockRegistry::add_device_in(dev(7), ALICE, 7);
		assert_noop!(offer(ALICE, dev(7)), Error::<Test>::ClassNotFound);
		assert_noop!(
			Market::offer(RuntimeOrigin::none(), dev(2), terms()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn terms_out_of_bounds_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = |t: TermsOf<Test>| Market::offer(RuntimeOrigin::signed(ALICE), dev(1), t);
		assert_noop!(
			offer(Terms { asset: Some(OTHER), ..terms() }),
			Error::<Test>::AssetNotAccepted
		);
		assert_noop!(offer(Terms { price_per_unit: 0, ..terms() }), Error::<Test>::ZeroPrice);
		assert_noop!(offer(Terms { units_per_epoch: 0, ..terms() }), Error::<Test>::ZeroCapacity);
		assert_noop!(
			offer(Terms { units_per_epoch: SENSOR_MAX + 1, ..terms() }),
			Error::<Test>::CapacityAboveClassMax
		);
		for (min, max) in [(0, 5), (6, 5), (1, MAX_EPOCHS + 1)] {
			assert_noop!(
				offer(Terms { min_epochs: min, max_epochs: max, ..terms() }),
				Error::<Test>::OrderLengthOutOfBounds
			);
		}
		assert_noop!(
			offer(Terms { notice_epochs: MAX_NOTICE + 1, ..terms() }),
			Error::<Test>::NoticeOutOfBounds
		);
		// The bounds themselves are fine.
		assert_ok!(offer(Terms {
			units_per_epoch: SENSOR_MAX,
			max_epochs: MAX_EPOCHS,
			notice_epochs: MAX_NOTICE,
			..terms()
		}));
	});
}

#[test]
fn offers_are_bounded_per_device_and_per_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let offer = |d| Market::offer(RuntimeOrigin::signed(ALICE), d, terms());
		for _ in 0..MAX_OFFERS_PER_DEVICE {
			assert_ok!(offer(dev(1)));
		}
		assert_noop!(offer(dev(1)), Error::<Test>::TooManyOffersForDevice);
		for _ in MAX_OFFERS_PER_DEVICE..MAX_OFFERS_PER_OWNER {
			assert_ok!(offer(dev(2)));
		}
		assert_noop!(offer(dev(2)), Error::<Test>::TooManyOffersForOwner);
		// Withdrawing one makes room again.
		assert_ok!(Market::withdraw_offer(RuntimeOrigin::signed(ALICE), 0));
		assert_ok!(offer(dev(1)));
	});
}

#[test]
fn a_changed_offer_applies_to_new_orders_only() {
	ExtBuilder::default().build_and_execute(|| {
		let id = offer_with(terms());
		let first = order_from(BOB, id, 10, 5, None);
		let dearer = Terms { price_per_unit: 7, notice_epochs: 0, ..terms() };
		assert_ok!(Market::update_offer(RuntimeOrigin::signed(ALICE), id, dearer));
		assert_eq!(last_event(), Event::OfferUpdated { offer: id, terms: dearer });
		assert_eq!(Offers::<Test>::get(id).map(|o| o.terms), Some(dearer));
		let second = order_from(CHARLIE, id, 10, 5, None);
		let (a, b) = (Orders::<Test>::get(first).unwrap(), Orders::<Test>::get(second).unwrap());
		assert_eq!((a.price_per_unit, a.notice_epochs, a.escrowed), (2, 2, 100));
		assert_eq!((b.price_per_unit, b.notice_epochs, b.escrowed), (7, 0, 350));
	});
}

#[test]
fn only_the_offers_owner_changes_it_while_it_owns_the_device() {
	ExtBuilder::default().build_and_execute(|| {
		let id = offer_with(terms());
		let update = |who, offer| Market::update_offer(RuntimeOrigin::signed(who), offer, terms());
		assert_noop!(update(ALICE, 9), Error::<Test>::OfferNotFound);
		assert_noop!(update(BOB, id), Error::<Test>::NotOfferOwner);
		assert_noop!(
			Market::update_offer(
				RuntimeOrigin::signed(ALICE),
				id,
				Terms { price_per_unit: 0, ..terms() }
			),
			Error::<Test>::ZeroPrice
		);
		MockRegistry::set_owner(&dev(1), BOB);
		assert_noop!(update(ALICE, id), Error::<Test>::OfferLapsed);
		// The new owner did not make it either.
		assert_noop!(update(BOB, id), Error::<Test>::NotOfferOwner);
	});
}

#[test]
fn either_owner_withdraws_an_offer_and_its_orders_run_on() {
	ExtBuilder::default().build_and_execute(|| {
		let id = offer_with(terms());
		let order = order_from(BOB, id, 10, 5, None);
		assert_noop!(
			Market::withdraw_offer(RuntimeOrigin::signed(ALICE), 9),
			Error::<Test>::OfferNotFound
		);
		assert_noop!(
			Market::withdraw_offer(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::NotOfferOwner
		);
		// The device changed hands: its new owner may withdraw what the old one offered.
		MockRegistry::set_owner(&dev(1), BOB);
		assert_ok!(Market::withdraw_offer(RuntimeOrigin::signed(BOB), id));
		assert_eq!(last_event(), Event::OfferWithdrawn { offer: id });
		assert!(Offers::<Test>::get(id).is_none());
		assert!(DeviceOffers::<Test>::get(dev(1)).is_empty());
		assert_eq!(OwnerOffers::<Test>::get(ALICE), 0);
		assert!(Orders::<Test>::contains_key(order));
	});
}
