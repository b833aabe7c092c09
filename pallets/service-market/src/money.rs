//! The money maths of an order: what it escrows, and how a settled payment splits between
//! the device's owner and the treasury. Pure functions over `u128`; `None` is an overflow.

use depin_primitives::{EpochIndex, WorkUnits};
use sp_runtime::Perbill;

/// The whole price of an order: every unit of every epoch.
pub fn order_price(
	price_per_unit: u128,
	units_per_epoch: WorkUnits,
	epochs: EpochIndex,
) -> Option<u128> {
	price_per_unit.checked_mul(u128::from(units_per_epoch))?.checked_mul(u128::from(epochs))
}

/// The price of `units` delivered units.
pub fn units_price(price_per_unit: u128, units: WorkUnits) -> Option<u128> {
	price_per_unit.checked_mul(u128::from(units))
}

/// How a payment of `gross` for delivered units splits into `(to_owner, take)`, for an order
/// that has released `released` before (owner's part and take) of which `taken` was take.
///
/// The take is counted over the order's whole released total and rounded up: the treasury's
/// share of an order never depends on how often it is settled, so settling in many small
/// pieces cannot round the take away.
pub fn split(gross: u128, released: u128, taken: u128, rate: Perbill) -> Option<(u128, u128)> {
	let total = released.checked_add(gross)?;
	let take_total = rate.mul_ceil(total);
	// `take_total` grows with `total` by at most `gross`; `taken` is what the same rule gave
	// for `released` (or less, before any payment), so the difference is within `gross`.
	let take = take_total.saturating_sub(taken).min(gross);
	Some((gross - take, take))
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn an_order_costs_every_unit_of_every_epoch() {
		assert_eq!(order_price(3, 10, 4), Some(120));
		assert_eq!(order_price(u128::MAX, 2, 1), None);
		assert_eq!(order_price(u128::MAX / 2, 1, 3), None);
	}

	#[test]
	fn the_take_is_rounded_up_for_the_treasury() {
		// 10% of 15 is 1.5: the treasury gets 2.
		assert_eq!(split(15, 0, 0, Perbill::from_percent(10)), Some((13, 2)));
		// No take, no share.
		assert_eq!(split(15, 0, 0, Perbill::zero()), Some((15, 0)));
		// All of it.
		assert_eq!(split(15, 0, 0, Perbill::one()), Some((0, 15)));
	}

	proptest! {
		/// However an order's payments are cut, the take of the whole is the same as one
		/// settlement of everything would give, and no part is lost.
		#[test]
		fn settling_in_pieces_takes_what_one_settlement_takes(
			pieces in proptest::collection::vec(0u128..1_000_000, 1..20),
			rate in 0u32..=1_000_000_000,
		) {
			let rate = Perbill::from_parts(rate);
			let (mut released, mut taken, mut paid) = (0u128, 0u128, 0u128);
			for gross in &pieces {
				let (to_owner, take) = split(*gross, released, taken, rate)
					.expect("pieces below 10^6 and at most 20 of them cannot overflow a u128");
				prop_assert_eq!(to_owner + take, *gross);
				released += gross;
				taken += take;
				paid += to_owner;
			}
			let total: u128 = pieces.iter().sum();
			prop_assert_eq!(taken, rate.mul_ceil(total));
			prop_assert_eq!(paid + taken, total);
		}
	}
}
