//! Pure arithmetic of the treasury, in `u128`: the burn split, the time-weighted price, the
//! slippage bound and the amounts a buy-back tries.
//!
//! Prices are native smallest units per one whole unit of an asset (`unit` smallest units of
//! it): with a unit of 10^6 and a price of 10^12, one unit of the asset is worth one native
//! token of 12 decimals.

use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, Perbill, Rounding};

/// Splits `amount` into the part to burn (`burn_share` of it, rounded down) and the rest.
pub fn split(amount: u128, burn_share: Perbill) -> (u128, u128) {
	let burn = burn_share.mul_floor(amount);
	(burn, amount - burn)
}

/// The average of `count` price samples that sum to `sum`; `None` without samples.
pub fn twap(sum: u128, count: u32) -> Option<u128> {
	(count > 0).then(|| sum / u128::from(count))
}

/// The price a swap realised: native bought per unit of the asset spent, rounded down.
pub fn realised_price(spent: u128, bought: u128, unit: u128) -> Option<u128> {
	if spent == 0 {
		return None;
	}
	multiply_by_rational_with_rounding(bought, unit, spent, Rounding::Down)
}

/// The fewest native tokens that `amount` of an asset must buy at `price` less `slippage`.
/// Rounded up, so that the bound never lets a swap fill below it. `None` if the value does
/// not fit in a `u128` (then no swap of that size can meet it).
pub fn min_out(amount: u128, price: u128, unit: u128, slippage: Perbill) -> Option<u128> {
	if unit == 0 {
		return None;
	}
	let value = multiply_by_rational_with_rounding(amount, price, unit, Rounding::Up)?;
	Some((Perbill::one() - slippage).mul_ceil(value))
}

/// How many times a buy-back halves its amount looking for one within the bound.
pub const HALVINGS: u32 = 3;

/// The amounts a buy-back tries, largest first: `amount`, then halves of it, down to an
/// eighth; never zero.
pub fn attempts(amount: u128) -> impl Iterator<Item = u128> {
	(0..=HALVINGS).map(move |k| amount >> k).filter(|a| *a > 0)
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn split_rounds_the_burn_down_and_loses_nothing() {
		assert_eq!(split(10, Perbill::from_percent(80)), (8, 2));
		assert_eq!(split(1, Perbill::from_percent(80)), (0, 1));
		assert_eq!(split(0, Perbill::from_percent(80)), (0, 0));
		assert_eq!(split(7, Perbill::one()), (7, 0));
		assert_eq!(split(u128::MAX, Perbill::zero()), (0, u128::MAX));
	}

	#[test]
	fn twap_is_the_mean_of_the_samples() {
		assert_eq!(twap(0, 0), None);
		assert_eq!(twap(30, 3), Some(10));
		assert_eq!(twap(31, 3), Some(10));
	}

	#[test]
	fn min_out_is_the_value_less_the_slippage_rounded_up() {
		// 1 unit (10^6) at 2 native per unit, 3% slippage: at least 1.94 native.
		let native = 1_000_000_000_000u128;
		assert_eq!(
			min_out(1_000_000, 2 * native, 1_000_000, Perbill::from_percent(3)),
			Some(194 * native / 100)
		);
		assert_eq!(min_out(1, 1, 3, Perbill::zero()), Some(1));
		assert_eq!(min_out(1, 1, 0, Perbill::zero()), None);
		assert_eq!(min_out(u128::MAX, u128::MAX, 1, Perbill::zero()), None);
	}

	#[test]
	fn realised_price_inverts_the_value() {
		assert_eq!(realised_price(2_000_000, 3_000, 1_000_000), Some(1_500));
		assert_eq!(realised_price(0, 3_000, 1_000_000), None);
	}

	#[test]
	fn attempts_halve_three_times_and_skip_zero() {
		assert_eq!(attempts(80).collect::<Vec<_>>(), vec![80, 40, 20, 10]);
		assert_eq!(attempts(3).collect::<Vec<_>>(), vec![3, 1]);
		assert_eq!(attempts(0).count(), 0);
	}

	proptest! {
		#[test]
		fn split_parts_sum_to_the_whole(amount in any::<u128>(), share in 0u32..=1_000_000_000) {
			let (burn, rest) = split(amount, Perbill::from_parts(share));
			prop_assert_eq!(burn + rest, amount);
			prop_assert!(burn <= amount);
		}

		#[test]
		fn min_out_never_falls_below_the_bound_nor_above_the_value(
			amount in 1u128..1u128 << 80,
			price in 1u128..1u128 << 60,
			unit in 1u128..1u128 << 40,
			slip in 0u32..=500_000_000,
		) {
			let slippage = Perbill::from_parts(slip);
			let bound = min_out(amount, price, unit, slippage).expect("fits");
			let value_down =
				multiply_by_rational_with_rounding(amount, price, unit, Rounding::Down).expect("fits");
			let value_up =
				multiply_by_rational_with_rounding(amount, price, unit, Rounding::Up).expect("fits");
			prop_assert!(bound >= (Perbill::one() - slippage).mul_floor(value_down));
			prop_assert!(bound <= value_up);
		}
	}
}
