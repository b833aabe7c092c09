//! Random sequences of work, closes, burns and claims, against a reference model written with
//! plain integer arithmetic, followed by the invariants.

use crate::{mock::*, *};
use depin_primitives::{DeviceId, EpochIndex, OnBurned};
use proptest::prelude::*;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
enum Op {
	Credit { dev: usize, units: u64 },
	Close,
	Claim { dev: usize },
	Burn { amount: u128 },
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		4 => (0usize..4, 1u64..1_000).prop_map(|(dev, units)| Op::Credit { dev, units }),
		3 => Just(Op::Close),
		3 => (0usize..4).prop_map(|dev| Op::Claim { dev }),
		1 => (0u128..300_000).prop_map(|amount| Op::Burn { amount }),
	]
}

/// Devices: (owner, class, weight of class).
const DEVICES: [(AccountId, u32); 4] =
	[(ALICE, SENSOR), (BOB, SENSOR), (CHARLIE, HOTSPOT), (ALICE, HOTSPOT)];
const WEIGHTS: [u128; 2] = [1, 3];
const INTERVAL: EpochIndex = 3;

#[derive(Default)]
struct Model {
	epoch: EpochIndex,
	last_closed: Option<EpochIndex>,
	units: BTreeMap<(EpochIndex, usize), u64>,
	/// (epoch, class) → (pool, units)
	pools: BTreeMap<(EpochIndex, u32), (u128, u64)>,
	/// Each device's latest epoch with work, and whether it was handed on.
	latest: [Option<(EpochIndex, bool)>; 4],
	accrued: [u128; 4],
	burned: u128,
}

impl Model {
	fn class_units(&self, e: EpochIndex, class: u32) -> u64 {
		(0..4)
			.filter(|d| DEVICES[*d].1 == class)
			.map(|d| self.units.get(&(e, d)).copied().unwrap_or(0))
			.sum()
	}
	fn close(&mut self) {
		let e = self.epoch;
		let scheduled = INITIAL >> (e / INTERVAL);
		let target = scheduled + self.burned.min(INITIAL / 10);
		self.burned = 0;
		let operators = target * 7 / 10;
		for class in [SENSOR, HOTSPOT] {
			let u = self.class_units(e, class);
			if u > 0 {
				let pool = operators * WEIGHTS[class as usize] / 4;
				self.pools.insert((e, class), (pool, u));
			}
		}
		self.last_closed = Some(e);
		self.epoch += 1;
	}
	fn oldest(&self) -> EpochIndex {
		self.last_closed.map_or(0, |l| (l + 1).saturating_sub(WINDOW))
	}
	/// What `dev` earned in `e`, if the epoch has not expired.
	fn reward(&self, e: EpochIndex, dev: usize) -> u128 {
		if e < self.oldest() {
			return 0;
		}
		let u = self.units.get(&(e, dev)).copied().unwrap_or(0) as u128;
		self.pools.get(&(e, DEVICES[dev].1)).map_or(0, |(pool, cu)| pool * u / (*cu as u128))
	}
	/// Hands `dev`'s latest epoch on if it is closed and was not yet.
	fn settle(&mut self, dev: usize) {
		if let Some((e, false)) = self.latest[dev] {
			if e < self.epoch {
				self.accrued[dev] += self.reward(e, dev);
				self.latest[dev] = Some((e, true));
			}
		}
	}
	fn credit(&mut self, dev: usize, units: u64) {
		if self.latest[dev].is_none_or(|(e, _)| e != self.epoch) {
			self.settle(dev);
			self.latest[dev] = Some((self.epoch, false));
		}
		*self.units.entry((self.epoch, dev)).or_default() += units;
	}
	/// Ok(amount) or the error a claim must give.
	fn claim(&mut self, dev: usize) -> Result<u128, Error<Test>> {
		self.settle(dev);
		match core::mem::take(&mut self.accrued[dev]) {
			0 => Err(Error::<Test>::NothingToClaim),
			amount => Ok(amount),
		}
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]
	#[test]
	fn emission_matches_the_reference_model(ops in prop::collection::vec(op(), 1..60)) {
		ExtBuilder::default()
			.params(|p| p.schedule.curve = Curve::Halving { interval: INTERVAL })
			.build_and_execute(|| {
				let devices: Vec<DeviceId> = DEVICES
					.iter()
					.enumerate()
					.map(|(i, (owner, class))| add_device(i as u8 + 1, *owner, *class))
					.collect();
				let mut model = Model::default();
				for op in ops {
					match op {
						Op::Credit { dev, units } => {
							MockLedger::credit(model.epoch, &devices[dev], units);
							model.credit(dev, units);
						},
						Op::Close => {
							let before = issuance();
							close();
							model.close();
							let e = model.epoch - 1;
							let r = Epochs::<Test>::get(e).expect("just closed");
							assert_eq!(issuance() - before, r.minted);
							let pools: u128 = [SENSOR, HOTSPOT]
								.iter()
								.filter_map(|c| model.pools.get(&(e, *c)).map(|p| p.0))
								.sum();
							assert_eq!(r.operators, pools);
						},
						Op::Claim { dev } => {
							let owner = DEVICES[dev].0;
							let before = free(owner);
							let got = Emission::claim(RuntimeOrigin::signed(owner), devices[dev]);
							match model.claim(dev) {
								Ok(amount) => {
									assert!(got.is_ok(), "{got:?}");
									assert_eq!(free(owner) - before, amount);
								},
								Err(e) => {
									assert_eq!(got.map_err(|e| e.error), Err(e.into()));
									assert_eq!(free(owner), before);
								},
							}
						},
						Op::Burn { amount } => {
							<Emission as OnBurned<Balance>>::on_burned(amount);
							model.burned += amount;
						},
					}
					Emission::do_try_state().expect("invariants hold after every step");
				}
			});
	}
}
