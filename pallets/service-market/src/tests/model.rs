//! A random walk of offers, orders, work, epochs, settlements, cancellations, suspensions
//! and departures: the invariants hold after every step, and once every order has ended no
//! money was made or lost and the escrow holds nothing but its minimum.

use super::*;
use crate::mock::*;
use depin_primitives::{DeviceStatus, EpochClock};
use proptest::prelude::*;
use sp_runtime::Perbill;

#[derive(Clone, Debug)]
enum Op {
	Offer { device: u8, price: u128, capacity: u64, usd: bool, notice: u32 },
	Order { customer: usize, offer: u32, units: u64, epochs: u32 },
	Work { device: u8, units: u64 },
	NextEpoch,
	Settle { order: u64 },
	Cancel { customer: usize, order: u64 },
	Suspend { device: u8 },
	Remove { device: u8 },
	TakeRate { percent: u32 },
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		1 => (1u8..=3, 1u128..5, 1u64..50, any::<bool>(), 0u32..3).prop_map(|(device, price, capacity, usd, notice)| Op::Offer {
			device,
			price,
			capacity,
			usd,
			notice
		}),
		4 => (0usize..4, any::<u32>(), 1u64..30, 1u32..6).prop_map(|(customer, offer, units, epochs)| Op::Order {
			customer,
			offer,
			units,
			epochs
		}),
		3 => (1u8..=3, 0u64..60).prop_map(|(device, units)| Op::Work { device, units }),
		3 => Just(Op::NextEpoch),
		2 => (0u64..12).prop_map(|order| Op::Settle { order }),
		1 => (0usize..4, 0u64..12).prop_map(|(customer, order)| Op::Cancel { customer, order }),
		1 => (1u8..=3).prop_map(|device| Op::Suspend { device }),
		1 => (1u8..=3).prop_map(|device| Op::Remove { device }),
		1 => (5u32..=50).prop_map(|percent| Op::TakeRate { percent }),
	]
}

const PEOPLE: [AccountId; 4] = [ALICE, BOB, CHARLIE, DAVE];

/// Everything of `asset` the model's accounts, the treasury and the escrow hold.
fn total(asset: Option<AssetId>) -> Balance {
	PEOPLE.iter().chain(&[TREASURY, Market::escrow_account()]).map(|a| held(asset, *a)).sum()
}

fn step(op: &Op) {
	let _ = match op.clone() {
		Op::Offer { device, price, capacity, usd, notice } => {
			let Some(owner) = MockRegistry::owner_of(&dev(device)) else { return };
			let terms = Terms {
				asset: usd.then_some(USD),
				price_per_unit: price,
				units_per_epoch: capacity,
				min_epochs: 1,
				max_epochs: 5,
				notice_epochs: notice,
			};
			Market::offer(RuntimeOrigin::signed(owner), dev(device), terms)
		},
		Op::Order { customer, offer, units, epochs } => {
			let offer = offer % NextOfferId::<Test>::get().max(1);
			let asset = Offers::<Test>::get(offer).and_then(|o| o.terms.asset);
			Market::order(
				RuntimeOrigin::signed(PEOPLE[customer]),
				offer,
				units,
				epochs,
				asset,
				Balance::MAX,
			)
		},
		Op::Work { device, units } => {
			if MockRegistry::owner_of(&dev(device)).is_some() && units > 0 {
				MockLedger::credit(&dev(device), units);
			}
			Ok(())
		},
		Op::NextEpoch => {
			next_epoch();
			Ok(())
		},
		Op::Settle { order } => Market::settle(RuntimeOrigin::signed(DAVE), order),
		Op::Cancel { customer, order } => {
			Market::cancel(RuntimeOrigin::signed(PEOPLE[customer]), order)
		},
		Op::Suspend { device } => {
			if MockRegistry::owner_of(&dev(device)).is_some() {
				MockRegistry::set_status(&dev(device), DeviceStatus::Suspended);
			}
			Ok(())
		},
		Op::Remove { device } => {
			if MockRegistry::owner_of(&dev(device)).is_some() {
				MockRegistry::remove_device(&dev(device));
			}
			Ok(())
		},
		Op::TakeRate { percent } => Market::set_params(
			RuntimeOrigin::root(),
			MarketParams { take_rate: Perbill::from_percent(percent) },
		),
	};
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

	#[test]
	fn the_books_balance_whatever_happens(ops in proptest::collection::vec(op(), 1..80)) {
		ExtBuilder::default().build_and_execute(|| {
			let (native, usd) = (total(None), total(Some(USD)));
			// Every device starts with an offer: dev(2)'s in the stablecoin.
			for (d, owner, asset) in [(1, ALICE, None), (2, ALICE, Some(USD)), (3, BOB, None)] {
				let terms = Terms { asset, units_per_epoch: 100, max_epochs: 5, ..terms() };
				Market::offer(RuntimeOrigin::signed(owner), dev(d), terms).unwrap();
			}
			for op in &ops {
				step(op);
				Market::do_try_state().map_err(|e| format!("after {op:?}: {e:?}")).unwrap();
			}
			// Long after every order's end, one settlement each ends it.
			MockClock::set(MockClock::current_epoch() + MAX_EPOCHS);
			let open: Vec<OrderId> = Orders::<Test>::iter_keys().collect();
			for id in open {
				assert_eq!(Market::settle(RuntimeOrigin::signed(DAVE), id), Ok(()), "order {id} ends");
			}
			assert_eq!(Orders::<Test>::iter().count(), 0);
			assert_eq!(in_escrow(None), 0);
			assert_eq!(in_escrow(Some(USD)), 0);
			assert_eq!((total(None), total(Some(USD))), (native, usd), "no money made or lost");
		});
	}
}
