//! The epoch close: buy-back within the cap and the slippage bound, the burn, the report.

use crate::{mock::*, *};
use frame_support::{assert_ok, traits::fungible::NativeOrWithId};
use sp_runtime::Perbill;

fn pay_usd(amount: Balance) {
	assert_ok!(pay(BOB, Some(USD), amount));
}

/// BOB swaps `amount` of USD for native tokens: the native token gets dearer in the pool.
fn pump_native(amount: Balance) {
	assert_ok!(pallet_asset_conversion::Pallet::<Test>::swap_exact_tokens_for_tokens(
		RuntimeOrigin::signed(BOB),
		vec![Box::new(NativeOrWithId::WithId(USD)), Box::new(NativeOrWithId::Native)],
		amount,
		1,
		BOB,
		false,
	));
}

fn bought_back() -> Vec<(Balance, Balance)> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::BoughtBack { spent, bought, .. } => Some((spent, bought)),
			_ => None,
		})
		.collect()
}

#[test]
fn a_stablecoin_payment_is_bought_back_and_burned_at_the_close() {
	ExtBuilder::default().build_and_execute(|| {
		pay_usd(50 * USD_UNIT);
		run_blocks(5);
		assert_eq!(Treasury::average_price(USD, 0), Some(DPN));
		let issuance_before = issuance();
		let pool_usd_before = usd(Treasury::account_id());
		assert_eq!(pool_usd_before, 50 * USD_UNIT);
		let e = close();
		assert_eq!(e, 0);
		let report = Reports::<Test>::get(0).unwrap();
		assert!(report.closed);
		let entry = report.assets[0];
		// 80% of 50 USD bought back at about one token per dollar, less the pool fee and
		// the price impact: within the 3% bound.
		assert_eq!(entry.spent, 40 * USD_UNIT);
		assert!(entry.bought >= 97 * 40 * DPN / 100 && entry.bought < 40 * DPN, "{}", entry.bought);
		assert_eq!(entry.reference_price, Some(DPN));
		assert_eq!(entry.average_price, Some(entry.bought * USD_UNIT / entry.spent));
		assert_eq!(entry.deferred, 0);
		assert_eq!(entry.buy_back_cap, 100 * USD_UNIT);
		assert_eq!((report.bought, report.burned), (entry.bought, entry.bought));
		// Total issuance fell by exactly what was bought, and emission was told.
		assert_eq!(issuance(), issuance_before - entry.bought);
		assert_eq!(MockEmission::burned(), entry.bought);
		assert_eq!(
			Treasury::totals(),
			TreasuryTotals { burned: entry.bought, bought: entry.bought }
		);
		assert_eq!(free(pot()), ED);
		assert_eq!(usd(pot()), 10 * USD_UNIT);
		assert_eq!(Books::<Test>::get(Some(USD)), Funds { queued: 0, grantable: 10 * USD_UNIT });
		assert_eq!(bought_back(), vec![(40 * USD_UNIT, entry.bought)]);
		assert_eq!(
			events().last(),
			Some(&Event::EpochReported { epoch: 0, bought: entry.bought, burned: entry.bought })
		);
		assert_books_exact();
	});
}

#[test]
fn native_revenue_is_burned_in_its_share() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(pay(BOB, None, 100 * DPN));
		let before = issuance();
		close();
		assert_eq!(issuance(), before - 80 * DPN);
		assert_eq!(MockEmission::burned(), 80 * DPN);
		let report = Reports::<Test>::get(0).unwrap();
		assert_eq!((report.bought, report.burned), (0, 80 * DPN));
		assert_eq!(free(pot()), ED + 20 * DPN);
		assert!(events().contains(&Event::Burned { epoch: 0, amount: 80 * DPN }));
		assert_books_exact();
	});
}

#[test]
fn the_buy_back_never_exceeds_its_cap_per_epoch() {
	ExtBuilder::default().build_and_execute(|| {
		// 500 USD paid: 400 queued, 100 per epoch.
		pay_usd(500 * USD_UNIT);
		run_blocks(3);
		close();
		let r0 = Reports::<Test>::get(0).unwrap().assets[0];
		assert_eq!((r0.spent, r0.deferred), (100 * USD_UNIT, 300 * USD_UNIT));
		run_blocks(3);
		close();
		let r1 = Reports::<Test>::get(1).unwrap().assets[0];
		assert_eq!((r1.revenue, r1.spent, r1.deferred), (0, 100 * USD_UNIT, 200 * USD_UNIT));
		assert_eq!(Books::<Test>::get(Some(USD)).queued, 200 * USD_UNIT);
		assert_books_exact();
	});
}

#[test]
fn a_pool_pushed_beyond_the_bound_makes_the_buy_back_wait_not_overpay() {
	ExtBuilder::default().build_and_execute(|| {
		pay_usd(50 * USD_UNIT);
		run_blocks(10);
		// Just before the close, someone makes the native token 10% dearer in the pool.
		pump_native(500 * USD_UNIT);
		let spot = Treasury::spot_price(USD, USD_UNIT).unwrap();
		assert!(spot < 91 * DPN / 100);
		let before = (issuance(), usd(pot()), free(pot()));
		close();
		assert_eq!(bought_back(), vec![]);
		let deferred = events()
			.into_iter()
			.find_map(|e| match e {
				Event::BuyBackDeferred { amount, quoted, min_out, .. } => {
					Some((amount, quoted, min_out))
				},
				_ => None,
			})
			.expect("the buy-back waited");
		assert_eq!(deferred.0, 40 * USD_UNIT);
		assert!(deferred.1.unwrap() < deferred.2);
		// Nothing moved: the stablecoin waits in the pot, nothing was bought or burned.
		assert_eq!((issuance(), usd(pot()), free(pot())), before);
		let r0 = Reports::<Test>::get(0).unwrap().assets[0];
		assert_eq!((r0.spent, r0.bought, r0.deferred), (0, 0, 40 * USD_UNIT));
		assert_books_exact();

		// The price comes back; the next close buys.
		assert_ok!(pallet_asset_conversion::Pallet::<Test>::swap_exact_tokens_for_tokens(
			RuntimeOrigin::signed(BOB),
			vec![Box::new(NativeOrWithId::Native), Box::new(NativeOrWithId::WithId(USD))],
			spot_native_to_restore(),
			1,
			BOB,
			false,
		));
		run_blocks(10);
		close();
		assert_eq!(bought_back().len(), 1);
		assert_eq!(bought_back()[0].0, 40 * USD_UNIT);
		assert_books_exact();
	});
}

/// Native tokens that bring the pushed pool back to about one token per dollar: the
/// product of the reserves is about 10 000², so the pool needs about 10 000 tokens again.
fn spot_native_to_restore() -> Balance {
	480 * DPN
}

#[test]
fn a_large_buy_back_halves_until_it_fits_the_bound() {
	ExtBuilder::default().build_and_execute(|| {
		let mut config = usd_config();
		config.buy_back_cap = 1_000 * USD_UNIT;
		assert_ok!(Treasury::set_asset(RuntimeOrigin::root(), USD, Some(config)));
		// 800 USD queued: 8% of the pool moves the price too far; a quarter of it does not.
		pay_usd(1_000 * USD_UNIT);
		run_blocks(3);
		close();
		assert_eq!(bought_back()[0].0, 200 * USD_UNIT);
		let r0 = Reports::<Test>::get(0).unwrap().assets[0];
		assert_eq!(r0.deferred, 600 * USD_UNIT);
		assert_books_exact();
	});
}

#[test]
fn without_a_price_in_the_epoch_the_buy_back_waits() {
	ExtBuilder::default().no_assets().build_and_execute(|| {
		assert_ok!(Treasury::set_asset(RuntimeOrigin::root(), USD, Some(usd_config())));
		pay_usd(10 * USD_UNIT);
		// Closed in the same block: no block of the epoch sampled the price.
		close();
		assert!(events()
			.iter()
			.any(|e| matches!(e, Event::BuyBackDeferred { quoted: None, min_out: 0, .. })));
		assert_eq!(Reports::<Test>::get(0).unwrap().assets[0].reference_price, None);
		run_blocks(2);
		close();
		assert_eq!(bought_back().len(), 1);
		assert_books_exact();
	});
}

#[test]
fn a_looser_slippage_lets_a_pushed_pool_fill() {
	ExtBuilder::default().params(|p| p.max_slippage = Perbill::from_percent(20)).build_and_execute(
		|| {
			pay_usd(50 * USD_UNIT);
			run_blocks(10);
			pump_native(500 * USD_UNIT);
			close();
			assert_eq!(bought_back().len(), 1);
			assert_books_exact();
		},
	);
}

#[test]
fn the_reference_price_is_the_average_of_the_epochs_blocks() {
	ExtBuilder::default().build_and_execute(|| {
		run_blocks(4);
		pump_native(500 * USD_UNIT);
		let pushed = Treasury::spot_price(USD, USD_UNIT).unwrap();
		run_blocks(4);
		let s = Prices::<Test>::get(USD);
		assert_eq!(s.count, 8);
		assert_eq!(Treasury::average_price(USD, 0), Some((4 * DPN + 4 * pushed) / 8));
		assert_eq!(Treasury::average_price(USD, 1), None);
		close();
		assert_eq!(Prices::<Test>::get(USD).epoch, 1);
		assert_eq!(Prices::<Test>::get(USD).count, 1);
	});
}

#[test]
fn reports_are_kept_for_the_retention_and_then_removed() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..5 {
			close();
		}
		// Retention of 4: the close of epoch 4 removed epoch 0.
		assert_eq!(Reports::<Test>::get(0), None);
		assert!(Reports::<Test>::get(1).is_some_and(|r| r.closed));
		assert!(Reports::<Test>::get(4).is_some());
	});
}

#[test]
fn an_empty_epoch_closes_with_an_empty_report() {
	ExtBuilder::default().build_and_execute(|| {
		let before = issuance();
		close();
		assert_eq!(issuance(), before);
		let report = Reports::<Test>::get(0).unwrap();
		assert!(report.closed);
		assert_eq!((report.bought, report.burned), (0, 0));
		assert_eq!(MockEmission::burned(), 0);
	});
}
