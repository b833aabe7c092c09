//! The admin origin: grants within caps, parameters, accepted assets; and the invariants.

use crate::{mock::*, *};
use depin_primitives::{RevenueSink, RevenueSource};
use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate};
use sp_runtime::{DispatchError, Perbill};

/// Gives the treasury `amount` of grantable native tokens (as the emission share would).
fn fund_native(amount: Balance) {
	assert_ok!(Balances::mint_into(&pot(), amount));
	<Treasury as RevenueSink<_, _>>::note_revenue(RevenueSource::Emission, amount);
}

#[test]
fn a_grant_pays_from_grantable_funds_within_the_cap() {
	ExtBuilder::default().build_and_execute(|| {
		fund_native(500 * DPN);
		assert_ok!(Treasury::grant(RuntimeOrigin::root(), None, CHARLIE, 60 * DPN));
		assert_eq!(free(CHARLIE), ENDOWMENT + 60 * DPN);
		assert_eq!(Books::<Test>::get(None::<AssetId>).grantable, 440 * DPN);
		assert_eq!(
			events().last(),
			Some(&Event::GrantPaid { asset: None, to: CHARLIE, amount: 60 * DPN })
		);
		// The cap is 100 per epoch.
		assert_noop!(
			Treasury::grant(RuntimeOrigin::root(), None, CHARLIE, 41 * DPN),
			Error::<Test>::GrantOverCap
		);
		assert_ok!(Treasury::grant(RuntimeOrigin::root(), None, CHARLIE, 40 * DPN));
		assert_eq!(Reports::<Test>::get(0).unwrap().native_granted, 100 * DPN);
		// A new epoch, a new cap.
		close();
		assert_ok!(Treasury::grant(RuntimeOrigin::root(), None, BOB, 100 * DPN));
		assert_eq!(AssetFlows::<Test>::get(None::<AssetId>).granted, 200 * DPN);
		assert_books_exact();
	});
}

#[test]
fn stablecoin_grants_come_from_the_share_not_bought_back() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(pay(BOB, Some(USD), 100 * USD_UNIT));
		// 20 USD grantable, the cap is 50.
		assert_noop!(
			Treasury::grant(RuntimeOrigin::root(), Some(USD), CHARLIE, 21 * USD_UNIT),
			Error::<Test>::InsufficientGrantFunds
		);
		assert_ok!(Treasury::grant(RuntimeOrigin::root(), Some(USD), CHARLIE, 20 * USD_UNIT));
		assert_eq!(usd(CHARLIE), 20 * USD_UNIT);
		assert_eq!(Reports::<Test>::get(0).unwrap().assets[0].granted, 20 * USD_UNIT);
		assert_books_exact();
	});
}

#[test]
fn bad_grants_are_refused_and_move_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		fund_native(500 * DPN);
		assert_noop!(
			Treasury::grant(RuntimeOrigin::signed(ALICE), None, ALICE, DPN),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Treasury::grant(RuntimeOrigin::root(), None, ALICE, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Treasury::grant(RuntimeOrigin::root(), None, ALICE, 101 * DPN),
			Error::<Test>::GrantOverCap
		);
		assert_noop!(
			Treasury::grant(RuntimeOrigin::root(), Some(EUR), ALICE, 1),
			Error::<Test>::AssetNotAllowed
		);
		assert_noop!(
			Treasury::grant(RuntimeOrigin::root(), Some(USD), ALICE, 1),
			Error::<Test>::InsufficientGrantFunds
		);
	});
}

#[test]
fn queued_funds_cannot_be_granted() {
	ExtBuilder::default().params(|p| p.native_grant_cap = 1_000 * DPN).build_and_execute(|| {
		assert_ok!(pay(BOB, None, 100 * DPN));
		assert_noop!(
			Treasury::grant(RuntimeOrigin::root(), None, CHARLIE, 21 * DPN),
			Error::<Test>::InsufficientGrantFunds
		);
	});
}

#[test]
fn parameters_change_within_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		let mut p = default_params();
		p.burn_share = Perbill::from_percent(50);
		p.max_slippage = Perbill::from_percent(20);
		assert_ok!(Treasury::set_params(RuntimeOrigin::root(), p));
		assert_eq!(Params::<Test>::get(), p);
		assert_eq!(events().last(), Some(&Event::ParamsChanged { params: p }));
		p.max_slippage = Perbill::from_percent(21);
		assert_noop!(
			Treasury::set_params(RuntimeOrigin::root(), p),
			Error::<Test>::SlippageOutOfBounds
		);
		assert_noop!(
			Treasury::set_params(RuntimeOrigin::signed(ALICE), p),
			DispatchError::BadOrigin
		);
		// The new burn share applies to the next payment.
		assert_ok!(pay(BOB, None, 10 * DPN));
		assert_eq!(
			Books::<Test>::get(None::<AssetId>),
			Funds { queued: 5 * DPN, grantable: 5 * DPN }
		);
	});
}

#[test]
fn assets_are_accepted_with_a_pool_and_removed_when_empty() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Treasury::set_asset(RuntimeOrigin::root(), EUR, Some(usd_config())));
		assert_eq!(
			events().last(),
			Some(&Event::AssetAllowed { asset: EUR, config: usd_config() })
		);
		assert_eq!(AllowedAssets::<Test>::count(), 2);
		assert_ok!(Treasury::set_asset(RuntimeOrigin::root(), EUR, None));
		assert_eq!(events().last(), Some(&Event::AssetRemoved { asset: EUR }));
		assert_eq!(AllowedAssets::<Test>::get(EUR), None);
	});
}

#[test]
fn bad_asset_changes_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Treasury::set_asset(RuntimeOrigin::root(), NOPOOL, Some(usd_config())),
			Error::<Test>::NoPool
		);
		let mut zero = usd_config();
		zero.unit = 0;
		assert_noop!(
			Treasury::set_asset(RuntimeOrigin::root(), EUR, Some(zero)),
			Error::<Test>::ZeroUnit
		);
		assert_noop!(
			Treasury::set_asset(RuntimeOrigin::root(), EUR, None),
			Error::<Test>::AssetNotAllowed
		);
		assert_noop!(
			Treasury::set_asset(RuntimeOrigin::signed(ALICE), EUR, Some(usd_config())),
			DispatchError::BadOrigin
		);
		// Held funds keep an asset accepted.
		assert_ok!(pay(BOB, Some(USD), USD_UNIT));
		assert_noop!(
			Treasury::set_asset(RuntimeOrigin::root(), USD, None),
			Error::<Test>::AssetStillHeld
		);
		// At most two assets (MaxAssets).
		assert_ok!(Treasury::set_asset(RuntimeOrigin::root(), EUR, Some(usd_config())));
		assert_ok!(create_pool(NOPOOL));
		assert_noop!(
			Treasury::set_asset(RuntimeOrigin::root(), NOPOOL, Some(usd_config())),
			Error::<Test>::TooManyAssets
		);
	});
}

#[test]
fn an_asset_paid_in_the_open_epoch_still_counts_after_removal() {
	ExtBuilder::default().params(|p| p.burn_share = Perbill::zero()).build_and_execute(|| {
		assert_ok!(Treasury::set_asset(RuntimeOrigin::root(), EUR, Some(usd_config())));
		// Paid in EUR, all of it grantable, granted out: EUR is empty and may go.
		assert_ok!(pay(BOB, Some(EUR), USD_UNIT));
		assert_ok!(Treasury::grant(RuntimeOrigin::root(), Some(EUR), CHARLIE, USD_UNIT));
		assert_ok!(Treasury::set_asset(RuntimeOrigin::root(), EUR, None));
		// The open epoch's report still lists EUR next to USD: no room for a third.
		assert_ok!(create_pool(NOPOOL));
		assert_noop!(
			Treasury::set_asset(RuntimeOrigin::root(), NOPOOL, Some(usd_config())),
			Error::<Test>::TooManyAssets
		);
		close();
		assert_ok!(Treasury::set_asset(RuntimeOrigin::root(), NOPOOL, Some(usd_config())));
	});
}

#[test]
fn try_state_catches_books_that_differ_from_the_pot() {
	ExtBuilder::default().build().execute_with(|| {
		fund_native(10 * DPN);
		assert_ok!(Treasury::do_try_state());
		Books::<Test>::mutate(None::<AssetId>, |f| f.grantable += 1);
		assert!(Treasury::do_try_state().is_err());
	});
	ExtBuilder::default().build().execute_with(|| {
		GrantedThisEpoch::<Test>::insert(None::<AssetId>, Granted { epoch: 0, amount: 2, cap: 1 });
		assert!(Treasury::do_try_state().is_err());
	});
	ExtBuilder::default().build().execute_with(|| {
		AssetFlows::<Test>::mutate(None::<AssetId>, |f| f.received += 1);
		assert!(Treasury::do_try_state().is_err());
	});
}

#[test]
fn a_gift_to_the_pot_outside_the_calls_breaks_no_invariant() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Balances::mint_into(&pot(), 5 * DPN));
		assert!(Treasury::held(None) > Treasury::booked(None));
	});
}
