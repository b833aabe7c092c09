//! The money math of emission as pure functions on `u128`: the schedule, the supply cap, the
//! split between recipients and classes, a device's reward, and the step rule for changes.
//!
//! Every function rounds down, so that what is handed out never exceeds what was minted; the
//! pallet records the rounding remainder as unearned.

use crate::types::{Curve, Recipient, Schedule};
use alloc::vec::Vec;
use depin_primitives::{DeviceClassId, EpochIndex, WorkUnits};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding, traits::Saturating, PerThing, Perbill,
	Perquintill, Rounding,
};

/// What `schedule` gives epoch `epoch`: nothing before `schedule.start`, then `initial`,
/// falling by the curve.
pub fn scheduled(schedule: &Schedule<u128>, epoch: EpochIndex) -> u128 {
	let Some(n) = epoch.checked_sub(schedule.start) else { return 0 };
	match schedule.curve {
		Curve::Halving { interval } => {
			// An interval of zero is refused by the setters; read it as "never halves".
			let halvings = n.checked_div(interval).unwrap_or(0);
			schedule.initial.checked_shr(halvings).unwrap_or(0)
		},
		Curve::Decay { rate } => {
			let keep = Perquintill::one().saturating_sub(Perquintill::from_rational(
				rate.deconstruct() as u64,
				1_000_000_000,
			));
			keep.saturating_pow(n as usize).mul_floor(schedule.initial)
		},
	}
}

/// What an epoch close may mint: the scheduled amount plus what it re-mints of the treasury's
/// burns (at most `net_cap`), but never more than the room left under `supply_cap`.
///
/// Returns `(reemitted, target, capped)` with `target + capped == scheduled + reemitted`.
pub fn mint_target(
	scheduled: u128,
	burned: u128,
	net_cap: u128,
	issuance: u128,
	supply_cap: u128,
) -> (u128, u128, u128) {
	let reemitted = burned.min(net_cap);
	// `scheduled + reemitted` fits: both are at most what a u128 issuance can hold only if we
	// check; on overflow everything above the cap is capped anyway.
	let wanted = scheduled.saturating_add(reemitted);
	let room = supply_cap.saturating_sub(issuance);
	let target = wanted.min(room);
	(reemitted, target, wanted - target)
}

/// Splits `amount` by `shares` (rounding each share down). The parts never sum above `amount`.
pub fn split<AccountId: Clone>(
	amount: u128,
	shares: &[(Recipient<AccountId>, Perbill)],
) -> Vec<(Recipient<AccountId>, u128)> {
	shares.iter().map(|(r, s)| (r.clone(), s.mul_floor(amount))).collect()
}

/// Whether `shares` add up to exactly 100% and name no recipient twice.
pub fn shares_valid<AccountId: PartialEq>(shares: &[(Recipient<AccountId>, Perbill)]) -> bool {
	let mut total: u64 = 0;
	for (i, (r, s)) in shares.iter().enumerate() {
		if shares[..i].iter().any(|(other, _)| other == r) {
			return false;
		}
		total = total.saturating_add(s.deconstruct() as u64);
	}
	total == Perbill::ACCURACY as u64
}

/// One class as the operators' split sees it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ClassWork {
	/// The class.
	pub class: DeviceClassId,
	/// Its reward weight.
	pub weight: u32,
	/// Its verified units in the epoch.
	pub units: WorkUnits,
}

/// Splits the operators' emission between classes by reward weight, over every class that
/// exists. A class that did no work gets no pool: its part is not minted. Returns the pools
/// of the classes that worked (each rounded down).
pub fn class_pools(operators: u128, classes: &[ClassWork]) -> Vec<(DeviceClassId, u128)> {
	let total_weight: u128 = classes.iter().map(|c| c.weight as u128).sum();
	if total_weight == 0 {
		return Vec::new();
	}
	classes
		.iter()
		.filter(|c| c.units > 0 && c.weight > 0)
		.map(|c| {
			let pool = multiply_by_rational_with_rounding(
				operators,
				c.weight as u128,
				total_weight,
				Rounding::Down,
			)
			// weight ≤ total_weight, so the result never exceeds `operators`.
			.unwrap_or(0);
			(c.class, pool)
		})
		.collect()
}

/// A receipt class's pool, capped at `cap` of the take behind its `units` (each worth
/// `demand_unit` native): `min(pool, cap × units × demand_unit)`, rounded down. A device's
/// share of the class's units is its share of the take, so no device is paid more than `cap`
/// of the take behind its own receipts.
pub fn demand_capped(pool: u128, units: WorkUnits, demand_unit: u128, cap: Perbill) -> u128 {
	let take = u128::from(units).saturating_mul(demand_unit);
	pool.min(cap.mul_floor(take))
}

/// A device's share of its class's pool: `pool × units / class_units`, rounded down. Units
/// above the class's total (impossible in a consistent ledger) are read as the whole total.
pub fn device_reward(pool: u128, class_units: WorkUnits, units: WorkUnits) -> u128 {
	if class_units == 0 {
		return 0;
	}
	let units = units.min(class_units);
	multiply_by_rational_with_rounding(pool, units as u128, class_units as u128, Rounding::Down)
		.unwrap_or(0)
}

/// Whether moving a value from `old` to `new` stays within `step` of `max(old, reference)`:
/// the rule that limits each governance change. `reference` lets a value move off zero.
pub fn within_step(old: u128, new: u128, step: Perbill, reference: u128) -> bool {
	let allowed = step.mul_floor(old.max(reference));
	old.abs_diff(new) <= allowed
}

/// Whether a share moves by at most `step` percentage points.
pub fn share_within_step(old: Perbill, new: Perbill, step: Perbill) -> bool {
	old.deconstruct().abs_diff(new.deconstruct()) <= step.deconstruct()
}

#[cfg(test)]
mod tests {
	use super::*;

	fn halving(initial: u128, interval: EpochIndex) -> Schedule<u128> {
		Schedule { initial, curve: Curve::Halving { interval }, start: 0 }
	}

	#[test]
	fn a_receipt_class_earns_at_most_its_cap_of_the_take() {
		let cap = Perbill::from_percent(50);
		// 1 000 units worth 10 each: take 10 000, half of it 5 000, below a pool of 9 000.
		assert_eq!(demand_capped(9_000, 1_000, 10, cap), 5_000);
		// A pool below the cap is left whole.
		assert_eq!(demand_capped(4_000, 1_000, 10, cap), 4_000);
		assert_eq!(demand_capped(4_000, 0, 10, cap), 0);
		assert_eq!(demand_capped(u128::MAX, u64::MAX, u128::MAX, cap), cap.mul_floor(u128::MAX));
	}

	proptest::proptest! {
		/// Whatever the pool and the devices' units, no device of a receipt class is paid more
		/// than the cap of the take behind its own units.
		#[test]
		fn no_receipt_device_earns_more_than_its_cap_of_its_take(
			pool in 0u128..1_000_000_000_000_000,
			units in proptest::collection::vec(0u64..1_000_000_000, 1..8),
			demand_unit in 1u128..1_000_000_000,
			cap in 0u32..1_000_000_000,
		) {
			let cap = Perbill::from_parts(cap);
			let class_units = units.iter().sum::<u64>();
			let capped = demand_capped(pool, class_units, demand_unit, cap);
			for u in units {
				let reward = device_reward(capped, class_units, u);
				proptest::prop_assert!(
					reward <= cap.mul_ceil(u as u128 * demand_unit),
					"{} above the cap of {}", reward, u as u128 * demand_unit
				);
			}
		}
	}

	#[test]
	fn halving_halves_every_interval() {
		let s = halving(1_000, 10);
		assert_eq!(scheduled(&s, 0), 1_000);
		assert_eq!(scheduled(&s, 9), 1_000);
		assert_eq!(scheduled(&s, 10), 500);
		assert_eq!(scheduled(&s, 25), 250);
		assert_eq!(scheduled(&s, 10 * 127), 1_000 >> 127);
		assert_eq!(scheduled(&s, 10 * 128), 0, "shifting past the width is zero, not a panic");
		assert_eq!(scheduled(&s, EpochIndex::MAX), 0);
	}

	#[test]
	fn nothing_before_the_start() {
		let s = Schedule { initial: 7, curve: Curve::Halving { interval: 1 }, start: 5 };
		assert_eq!(scheduled(&s, 4), 0);
		assert_eq!(scheduled(&s, 5), 7);
		assert_eq!(scheduled(&s, 6), 3);
	}

	#[test]
	fn zero_interval_never_halves() {
		assert_eq!(scheduled(&halving(9, 0), 1_000), 9);
	}

	#[test]
	fn decay_falls_by_its_rate() {
		let s = Schedule {
			initial: 1_000_000_000_000,
			curve: Curve::Decay { rate: Perbill::from_percent(10) },
			start: 0,
		};
		assert_eq!(scheduled(&s, 0), 1_000_000_000_000);
		assert_eq!(scheduled(&s, 1), 900_000_000_000);
		assert_eq!(scheduled(&s, 2), 810_000_000_000);
		// (0.9)^10 = 0.3486784401
		assert_eq!(scheduled(&s, 10), 348_678_440_100);
		// Monotone and reaching zero, never negative or wrapping.
		let mut last = u128::MAX;
		for e in (0..2_000).step_by(50) {
			let v = scheduled(&s, e);
			assert!(v <= last);
			last = v;
		}
		assert_eq!(scheduled(&s, EpochIndex::MAX), 0);
	}

	#[test]
	fn decay_of_zero_is_constant() {
		let s = Schedule { initial: 42, curve: Curve::Decay { rate: Perbill::zero() }, start: 0 };
		assert_eq!(scheduled(&s, 1_000_000), 42);
		assert!((0..10).all(|e| scheduled(&s, e) == 42));
	}

	#[test]
	fn decay_of_the_largest_balance_does_not_overflow() {
		let s = Schedule {
			initial: u128::MAX,
			curve: Curve::Decay { rate: Perbill::from_percent(50) },
			start: 0,
		};
		assert_eq!(scheduled(&s, 0), u128::MAX);
		let one = scheduled(&s, 1);
		assert!(one.abs_diff(u128::MAX / 2) <= 1 << 70, "{one}");
	}

	#[test]
	fn the_cap_limits_the_target() {
		// Room for everything.
		assert_eq!(mint_target(100, 30, 20, 1_000, 10_000), (20, 120, 0));
		// The cap cuts into it in the middle.
		assert_eq!(mint_target(100, 30, 20, 9_950, 10_000), (20, 50, 70));
		// The cap is reached.
		assert_eq!(mint_target(100, 0, 0, 10_000, 10_000), (0, 0, 100));
		// Issuance above the cap (never by emission) mints nothing.
		assert_eq!(mint_target(100, 0, 0, 20_000, 10_000), (0, 0, 100));
		// No overflow at the edge.
		assert_eq!(mint_target(u128::MAX, u128::MAX, u128::MAX, 0, u128::MAX).1, u128::MAX);
	}

	#[test]
	fn split_rounds_down_and_never_exceeds() {
		let shares: Vec<(Recipient<u64>, Perbill)> = alloc::vec![
			(Recipient::Operators, Perbill::from_rational(1u32, 3)),
			(Recipient::Treasury, Perbill::from_rational(1u32, 3)),
			(Recipient::Community, Perbill::from_parts(333_333_334)),
		];
		assert!(shares_valid(&shares));
		let parts = split(100, &shares);
		let total: u128 = parts.iter().map(|(_, a)| a).sum();
		assert!(total <= 100);
		assert_eq!(parts[0].1, 33);
		let big = split(u128::MAX, &shares);
		let sum = big.iter().try_fold(0u128, |acc, (_, a)| acc.checked_add(*a));
		assert!(sum.is_some(), "the parts of the largest amount add up without overflow");
	}

	#[test]
	fn shares_must_sum_to_one_without_duplicates() {
		let ok: Vec<(Recipient<u64>, Perbill)> = alloc::vec![
			(Recipient::Operators, Perbill::from_percent(70)),
			(Recipient::Account(9), Perbill::from_percent(30)),
		];
		assert!(shares_valid(&ok));
		let short: Vec<(Recipient<u64>, Perbill)> = alloc::vec![
			(Recipient::Operators, Perbill::from_percent(70)),
			(Recipient::Treasury, Perbill::from_percent(29)),
		];
		assert!(!shares_valid(&short));
		let twice: Vec<(Recipient<u64>, Perbill)> = alloc::vec![
			(Recipient::Operators, Perbill::from_percent(50)),
			(Recipient::Operators, Perbill::from_percent(50)),
		];
		assert!(!shares_valid(&twice));
		assert!(!shares_valid::<u64>(&[]));
	}

	#[test]
	fn class_pools_follow_weights_and_skip_idle_classes() {
		let classes = [
			ClassWork { class: 0, weight: 1, units: 10 },
			ClassWork { class: 1, weight: 3, units: 5 },
			ClassWork { class: 2, weight: 4, units: 0 },
		];
		let pools = class_pools(800, &classes);
		assert_eq!(pools, alloc::vec![(0, 100), (1, 300)], "class 2 did no work: 400 unminted");
		assert!(class_pools(800, &[]).is_empty());
		assert!(class_pools(800, &[ClassWork { class: 0, weight: 0, units: 9 }]).is_empty());
		let huge = class_pools(u128::MAX, &[ClassWork { class: 0, weight: u32::MAX, units: 1 }]);
		assert_eq!(huge, alloc::vec![(0, u128::MAX)]);
	}

	#[test]
	fn device_rewards_never_exceed_the_pool() {
		assert_eq!(device_reward(100, 3, 1), 33);
		assert_eq!(device_reward(100, 3, 3), 100);
		assert_eq!(device_reward(100, 0, 0), 0);
		assert_eq!(device_reward(100, 3, 7), 100, "units above the total read as the total");
		let a = device_reward(u128::MAX, u64::MAX, u64::MAX / 2);
		let b = device_reward(u128::MAX, u64::MAX, u64::MAX - u64::MAX / 2);
		assert!(a.checked_add(b).is_some());
	}

	#[test]
	fn steps_limit_changes() {
		let step = Perbill::from_percent(10);
		assert!(within_step(1_000, 1_100, step, 0));
		assert!(within_step(1_000, 900, step, 0));
		assert!(!within_step(1_000, 1_101, step, 0));
		assert!(!within_step(1_000, 899, step, 0));
		assert!(!within_step(0, 1, step, 0), "zero with no reference cannot move");
		assert!(within_step(0, 100, step, 1_000), "a reference lets a value leave zero");
		assert!(within_step(u128::MAX, u128::MAX, step, u128::MAX));
		assert!(share_within_step(
			Perbill::from_percent(20),
			Perbill::from_percent(25),
			Perbill::from_percent(5)
		));
		assert!(!share_within_step(
			Perbill::from_percent(20),
			Perbill::from_percent(26),
			Perbill::from_percent(5)
		));
	}
}
