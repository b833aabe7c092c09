//! Revenue in: payments for service, the fee share, slashes and other native revenue.

use crate::{mock::*, *};
use depin_primitives::{RevenueSink, RevenueSource};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Balanced, Inspect},
		tokens::{Fortitude, Precision, Preservation},
		OnUnbalanced,
	},
};
use sp_runtime::{DispatchError, Perbill};

#[test]
fn genesis_seeds_the_pot_the_pool_and_the_asset() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(free(pot()), ED);
		assert_eq!(AllowedAssets::<Test>::get(USD), Some(usd_config()));
		assert_eq!(Treasury::spot_price(USD, USD_UNIT), Some(DPN));
		assert_eq!(Params::<Test>::get(), default_params());
		assert_books_exact();
	});
}

#[test]
fn a_native_payment_is_split_between_the_burn_and_grants() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Treasury::pay_for_service(
			RuntimeOrigin::signed(BOB),
			None,
			100 * DPN,
			Served::Device(device()),
			b"invoice 42".to_vec(),
		));
		assert_eq!(free(pot()), ED + 100 * DPN);
		assert_eq!(free(BOB), ENDOWMENT - 100 * DPN);
		assert_eq!(
			Books::<Test>::get(None::<AssetId>),
			Funds { queued: 80 * DPN, grantable: 20 * DPN }
		);
		assert_eq!(AssetFlows::<Test>::get(None::<AssetId>).received, 100 * DPN);
		let report = Reports::<Test>::get(0).expect("the open epoch's report");
		assert_eq!(report.native.service, 100 * DPN);
		assert!(!report.closed);
		assert_eq!(
			events().last(),
			Some(&Event::ServicePaid {
				customer: BOB,
				asset: None,
				amount: 100 * DPN,
				served: Served::Device(device()),
				memo: b"invoice 42".to_vec(),
			})
		);
		assert_books_exact();
	});
}

#[test]
fn a_stablecoin_payment_is_queued_for_the_buy_back() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(pay(BOB, Some(USD), 10 * USD_UNIT));
		assert_eq!(usd(pot()), 10 * USD_UNIT);
		assert_eq!(usd(BOB), USD_ENDOWMENT - 10 * USD_UNIT);
		assert_eq!(
			Books::<Test>::get(Some(USD)),
			Funds { queued: 8 * USD_UNIT, grantable: 2 * USD_UNIT }
		);
		let report = Reports::<Test>::get(0).unwrap();
		assert_eq!(report.assets[0].asset, USD);
		assert_eq!(report.assets[0].revenue, 10 * USD_UNIT);
		assert_eq!(report.native.total(), 0);
		assert_books_exact();
	});
}

#[test]
fn a_customer_may_pay_its_whole_stablecoin_balance() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(pay(BOB, Some(USD), USD_ENDOWMENT));
		assert_eq!(usd(BOB), 0);
		assert_books_exact();
	});
}

#[test]
fn bad_payments_are_refused_and_move_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(pay(BOB, None, 0), Error::<Test>::ZeroAmount);
		assert_noop!(pay(BOB, Some(EUR), USD_UNIT), Error::<Test>::AssetNotAllowed);
		assert_noop!(pay(BOB, Some(99), USD_UNIT), Error::<Test>::AssetNotAllowed);
		assert_noop!(
			Treasury::pay_for_service(
				RuntimeOrigin::signed(BOB),
				None,
				DPN,
				Served::Class(9),
				vec![]
			),
			Error::<Test>::UnknownClass
		);
		assert_noop!(
			Treasury::pay_for_service(
				RuntimeOrigin::signed(BOB),
				None,
				DPN,
				Served::Device(depin_primitives::DeviceId::from_raw([1; 32])),
				vec![]
			),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Treasury::pay_for_service(
				RuntimeOrigin::signed(BOB),
				None,
				DPN,
				Served::Class(SENSOR),
				vec![b'x'; 17]
			),
			Error::<Test>::MemoTooLong
		);
		// The native payer keeps its existential deposit.
		assert_noop!(pay(BOB, None, ENDOWMENT - ED + 1), Error::<Test>::CannotAfford);
		assert_noop!(pay(BOB, Some(USD), USD_ENDOWMENT + 1), Error::<Test>::CannotAfford);
		assert_noop!(pay(CHARLIE, Some(USD), 1), Error::<Test>::CannotAfford);
		assert_noop!(
			Treasury::pay_for_service(RuntimeOrigin::none(), None, DPN, Served::Class(0), vec![]),
			DispatchError::BadOrigin
		);
		assert_eq!(Reports::<Test>::get(0), None);
	});
}

#[test]
fn an_asset_that_stopped_taking_payments_refuses_them() {
	ExtBuilder::default().build_and_execute(|| {
		let mut config = usd_config();
		config.accepts_payments = false;
		assert_ok!(Treasury::set_asset(RuntimeOrigin::root(), USD, Some(config)));
		assert_noop!(pay(BOB, Some(USD), USD_UNIT), Error::<Test>::AssetNotAllowed);
		assert_ok!(pay(BOB, None, DPN));
	});
}

#[test]
fn the_fee_share_reaches_the_pot_and_the_rest_is_burned() {
	ExtBuilder::default().build_and_execute(|| {
		let before = issuance();
		let fee = <Balances as Balanced<AccountId>>::withdraw(
			&BOB,
			1_000,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)
		.unwrap();
		FeeRevenue::<Test>::on_unbalanced(fee);
		// Half of the fee burned, half in the pot, pending until the close.
		assert_eq!(issuance(), before - 500);
		assert_eq!(free(pot()), ED + 500);
		assert_eq!(PendingFees::<Test>::get(), 500);
		assert_books_exact();
		close();
		assert_eq!(PendingFees::<Test>::get(), 0);
		let report = Reports::<Test>::get(0).unwrap();
		assert_eq!(report.native.fees, 500);
		// 80% of the fee share burned at the close, 20% grantable.
		assert_eq!(report.burned, 400);
		assert_eq!(Books::<Test>::get(None::<AssetId>), Funds { queued: 0, grantable: 100 });
		assert_eq!(issuance(), before - 900);
		assert_books_exact();
	});
}

#[test]
fn no_fee_share_burns_the_whole_fee() {
	ExtBuilder::default().params(|p| p.fee_share = Perbill::zero()).build_and_execute(|| {
		let before = issuance();
		let fee = <Balances as Balanced<AccountId>>::issue(1_000);
		FeeRevenue::<Test>::on_unbalanced(fee);
		assert_eq!(issuance(), before);
		assert_eq!(PendingFees::<Test>::get(), 0);
		assert_eq!(free(pot()), ED);
	});
}

#[test]
fn slashes_and_other_revenue_are_granted_not_burned() {
	ExtBuilder::default().build_and_execute(|| {
		SlashRevenue::<Test>::on_unbalanced(<Balances as Balanced<AccountId>>::issue(300));
		assert_eq!(free(pot()), ED + 300);
		// Reward emission pays first, then tells the treasury.
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(
			&pot(),
			700
		));
		<Treasury as RevenueSink<_, _>>::note_revenue(RevenueSource::Emission, 700);
		assert_eq!(<Treasury as RevenueSink<_, _>>::account(), Some(pot()));
		assert_eq!(Books::<Test>::get(None::<AssetId>), Funds { queued: 0, grantable: 1_000 });
		let report = Reports::<Test>::get(0).unwrap();
		assert_eq!((report.native.slashes, report.native.emission), (300, 700));
		assert!(events()
			.contains(&Event::RevenueReceived { source: RevenueSource::Slash, amount: 300 }));
		let before = issuance();
		close();
		assert_eq!(issuance(), before, "nothing burned");
		assert_books_exact();
		// Zero revenue records nothing.
		<Treasury as RevenueSink<_, _>>::note_revenue(RevenueSource::ExpiredRewards, 0);
		assert_eq!(Reports::<Test>::get(1), None);
		let _ = <Balances as Inspect<_>>::total_issuance();
	});
}

/// The service market pays its take into the pot and tells the treasury through `DemandSink`:
/// a stablecoin take is booked and reported as a stablecoin payment is, a native one as
/// service revenue; only assets that take payments are accepted.
#[test]
fn the_markets_take_is_booked_as_demand() {
	use depin_primitives::DemandSink;
	use frame_support::traits::fungibles::Mutate;
	ExtBuilder::default().build_and_execute(|| {
		assert!(<Treasury as DemandSink<_, _, _>>::accepts(None));
		assert!(<Treasury as DemandSink<_, _, _>>::accepts(Some(USD)));
		assert!(!<Treasury as DemandSink<_, _, _>>::accepts(Some(EUR)), "not accepted");
		assert_eq!(<Treasury as DemandSink<AccountId, AssetId, Balance>>::account(), Some(pot()));

		assert_ok!(<Assets as Mutate<_>>::transfer(
			USD,
			&BOB,
			&pot(),
			5 * USD_UNIT,
			Preservation::Expendable
		));
		<Treasury as DemandSink<_, _, _>>::note_demand(Some(USD), 5 * USD_UNIT);
		assert_eq!(
			Books::<Test>::get(Some(USD)),
			Funds { queued: 4 * USD_UNIT, grantable: USD_UNIT }
		);
		assert_eq!(Reports::<Test>::get(0).unwrap().assets[0].revenue, 5 * USD_UNIT);
		assert_eq!(
			events().last(),
			Some(&Event::DemandReceived { asset: Some(USD), amount: 5 * USD_UNIT })
		);

		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::transfer(
			&BOB,
			&pot(),
			10 * DPN,
			Preservation::Preserve
		));
		<Treasury as DemandSink<_, _, _>>::note_demand(None, 10 * DPN);
		assert_eq!(
			Books::<Test>::get(None::<AssetId>),
			Funds { queued: 8 * DPN, grantable: 2 * DPN }
		);
		assert_eq!(Reports::<Test>::get(0).unwrap().native.service, 10 * DPN);
		assert_books_exact();
	});
}
