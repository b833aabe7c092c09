//! Random sequences of payments, fees, grants, price pushes and closes keep the books equal to
//! the pot, every cap held and every burn accounted in the total issuance.

use crate::{mock::*, *};
use frame_support::traits::{
	fungible::{Balanced, NativeOrWithId},
	OnUnbalanced,
};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
	PayNative(u32),
	PayUsd(u32),
	Fee(u32),
	Grant(bool, u32),
	Push(bool, u32),
	Blocks(u8),
	Close,
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		(1u32..1_000).prop_map(Op::PayNative),
		(1u32..2_000).prop_map(Op::PayUsd),
		(1u32..1_000_000).prop_map(Op::Fee),
		(any::<bool>(), 1u32..100).prop_map(|(a, n)| Op::Grant(a, n)),
		(any::<bool>(), 1u32..800).prop_map(|(a, n)| Op::Push(a, n)),
		(1u8..5).prop_map(Op::Blocks),
		Just(Op::Close),
	]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(48))]
	#[test]
	fn books_caps_and_burns_hold_in_any_sequence(ops in prop::collection::vec(op(), 1..30)) {
		ExtBuilder::default().build_and_execute(|| {
			for op in ops {
				let issuance_before = issuance();
				let burned_before = Treasury::totals().burned;
				match op {
					Op::PayNative(n) => {
						let _ = pay(BOB, None, Balance::from(n) * DPN);
					},
					Op::PayUsd(n) => {
						let _ = pay(BOB, Some(USD), Balance::from(n) * USD_UNIT);
					},
					Op::Fee(n) => {
						let fee = <Balances as Balanced<AccountId>>::issue(Balance::from(n));
						let share = Params::<Test>::get().fee_share.mul_floor(Balance::from(n));
						// `issue` raised the issuance; the burned part lowers it back.
						FeeRevenue::<Test>::on_unbalanced(fee);
						assert_eq!(issuance(), issuance_before + share);
						continue;
					},
					Op::Grant(native, n) => {
						let (asset, amount) = if native {
							(None, Balance::from(n) * DPN / 10)
						} else {
							(Some(USD), Balance::from(n) * USD_UNIT / 10)
						};
						let _ = Treasury::grant(RuntimeOrigin::root(), asset, CHARLIE, amount);
					},
					Op::Push(up, n) => {
						let path = if up {
							vec![Box::new(NativeOrWithId::WithId(USD)), Box::new(NativeOrWithId::Native)]
						} else {
							vec![Box::new(NativeOrWithId::Native), Box::new(NativeOrWithId::WithId(USD))]
						};
						let amount = if up { Balance::from(n) * USD_UNIT } else { Balance::from(n) * DPN };
						let _ = pallet_asset_conversion::Pallet::<Test>::swap_exact_tokens_for_tokens(
							RuntimeOrigin::signed(ALICE), path, amount, 1, ALICE, false);
					},
					Op::Blocks(n) => run_blocks(u32::from(n)),
					Op::Close => {
						let epoch = close();
						let report = Reports::<Test>::get(epoch).unwrap();
						for a in report.assets.iter() {
							assert!(a.spent <= usd_config().buy_back_cap);
						}
					},
				}
				// Only the treasury's burns (and the DEX's pool-setup fee, none here) change
				// the native issuance.
				let burned = Treasury::totals().burned - burned_before;
				assert_eq!(issuance(), issuance_before - burned);
				assert_books_exact();
				Treasury::do_try_state().expect("invariants");
				let granted = GrantedThisEpoch::<Test>::get(None::<AssetId>);
				assert!(granted.amount <= default_params().native_grant_cap);
			}
		});
	}
}
