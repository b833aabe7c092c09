//! Pure functions that decide votes: voting power, tally updates, the result.

use crate::types::{Conviction, Power, Tally, VoteRecord};
use sp_runtime::{traits::AtLeast32BitUnsigned, ArithmeticError, Perbill, Permill};

/// The power of `tokens` locked with `conviction`, raised by `boost`:
/// `linear = tokens × conviction × (1 + boost)` and
/// `quadratic = √tokens × conviction × (1 + boost)`, rounded down.
pub fn power_of<B: AtLeast32BitUnsigned + Copy>(
	tokens: B,
	conviction: Conviction,
	boost: Permill,
) -> Result<Power<B>, ArithmeticError> {
	let scale = |base: B| -> Result<B, ArithmeticError> {
		let tenths = B::from(conviction.multiplier_tenths());
		// Divide first where the product could overflow: the error is below one tenth of a
		// unit of the smallest denomination.
		let scaled = match base.checked_mul(&tenths) {
			Some(p) => p / B::from(10u8),
			None => (base / B::from(10u8)).checked_mul(&tenths).ok_or(ArithmeticError::Overflow)?,
		};
		scaled.checked_add(&boost.mul_floor(scaled)).ok_or(ArithmeticError::Overflow)
	};
	Ok(Power { linear: scale(tokens)?, quadratic: scale(tokens.integer_sqrt())?, tokens })
}

/// The part of `power` that counts on a track of the given mode.
pub fn counted<B: Copy>(power: &Power<B>, quadratic: bool) -> B {
	if quadratic {
		power.quadratic
	} else {
		power.linear
	}
}

/// Sums two powers (own and delegated).
pub fn add_power<B: AtLeast32BitUnsigned + Copy>(
	a: &Power<B>,
	b: &Power<B>,
) -> Result<Power<B>, ArithmeticError> {
	Ok(Power {
		linear: a.linear.checked_add(&b.linear).ok_or(ArithmeticError::Overflow)?,
		quadratic: a.quadratic.checked_add(&b.quadratic).ok_or(ArithmeticError::Overflow)?,
		tokens: a.tokens.checked_add(&b.tokens).ok_or(ArithmeticError::Overflow)?,
	})
}

/// Takes `b` from `a` (a delegation revoked); fails if `b` was never part of `a`.
pub fn sub_power<B: AtLeast32BitUnsigned + Copy>(
	a: &Power<B>,
	b: &Power<B>,
) -> Result<Power<B>, ArithmeticError> {
	Ok(Power {
		linear: a.linear.checked_sub(&b.linear).ok_or(ArithmeticError::Underflow)?,
		quadratic: a.quadratic.checked_sub(&b.quadratic).ok_or(ArithmeticError::Underflow)?,
		tokens: a.tokens.checked_sub(&b.tokens).ok_or(ArithmeticError::Underflow)?,
	})
}

/// Counts a vote in the tally.
pub fn add_vote<B: AtLeast32BitUnsigned + Copy>(
	tally: &mut Tally<B>,
	vote: &VoteRecord<B>,
) -> Result<(), ArithmeticError> {
	let side = if vote.aye { &mut tally.ayes } else { &mut tally.nays };
	*side = side.checked_add(&vote.power).ok_or(ArithmeticError::Overflow)?;
	tally.turnout = tally.turnout.checked_add(&vote.tokens).ok_or(ArithmeticError::Overflow)?;
	tally.voters = tally.voters.checked_add(1).ok_or(ArithmeticError::Overflow)?;
	Ok(())
}

/// Takes a vote counted before out of the tally.
pub fn remove_vote<B: AtLeast32BitUnsigned + Copy>(
	tally: &mut Tally<B>,
	vote: &VoteRecord<B>,
) -> Result<(), ArithmeticError> {
	let side = if vote.aye { &mut tally.ayes } else { &mut tally.nays };
	*side = side.checked_sub(&vote.power).ok_or(ArithmeticError::Underflow)?;
	tally.turnout = tally.turnout.checked_sub(&vote.tokens).ok_or(ArithmeticError::Underflow)?;
	tally.voters = tally.voters.checked_sub(1).ok_or(ArithmeticError::Underflow)?;
	Ok(())
}

/// The turnout a proposal needs: `quorum × active issuance`, rounded up so that a quorum
/// above zero always needs at least one token.
pub fn quorum_needed<B: AtLeast32BitUnsigned + Copy>(quorum: Perbill, issuance: B) -> B {
	quorum.mul_ceil(issuance)
}

/// How a vote ends.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Outcome {
	/// Turnout reached the quorum and the ayes reached the approval threshold.
	Approved,
	/// Turnout reached the quorum, the ayes did not.
	Rejected,
	/// Turnout below the quorum.
	Expired,
}

/// Decides a tally: the quorum on turnout first, then `ayes / (ayes + nays) ≥ approval`
/// (a tie at the threshold passes; no votes at all never pass).
pub fn outcome<B: AtLeast32BitUnsigned + Copy>(
	tally: &Tally<B>,
	needed: B,
	approval: Perbill,
) -> Outcome {
	if tally.turnout < needed || tally.voters == 0 {
		return Outcome::Expired;
	}
	let total = tally.ayes.saturating_add(tally.nays);
	if total.is_zero() {
		return Outcome::Rejected;
	}
	// ayes / total ≥ approval  ⇔  ayes ≥ approval × total (rounded up: the threshold is a floor).
	if tally.ayes >= approval.mul_ceil(total) {
		Outcome::Approved
	} else {
		Outcome::Rejected
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const UNIT: u128 = 1_000_000_000_000;

	#[test]
	fn conviction_multiplies_power() {
		let p = power_of(100 * UNIT, Conviction::None, Permill::zero()).expect("fits in u128");
		assert_eq!(p.linear, 10 * UNIT);
		let p = power_of(100 * UNIT, Conviction::Locked6x, Permill::zero()).expect("fits in u128");
		assert_eq!(p.linear, 600 * UNIT);
		assert_eq!(p.tokens, 100 * UNIT);
		// √(100e12) = 1e7, times six.
		assert_eq!(p.quadratic, 60_000_000);
	}

	#[test]
	fn boost_adds_a_share_on_top() {
		let p = power_of(100 * UNIT, Conviction::Locked1x, Permill::from_percent(50))
			.expect("fits in u128");
		assert_eq!(p.linear, 150 * UNIT);
		assert_eq!(p.tokens, 100 * UNIT, "the boost never counts towards the quorum");
	}

	#[test]
	fn quadratic_power_favours_many_small_holders() {
		let whale =
			power_of(10_000 * UNIT, Conviction::Locked1x, Permill::zero()).expect("fits in u128");
		let small =
			power_of(100 * UNIT, Conviction::Locked1x, Permill::zero()).expect("fits in u128");
		// 100 holders of 100 equal one holder of 10 000 in linear power, but have 10× its
		// quadratic power.
		assert_eq!(small.linear * 100, whale.linear);
		assert_eq!(small.quadratic * 100, whale.quadratic * 10);
	}

	#[test]
	fn huge_balances_do_not_overflow() {
		let p = power_of(u128::MAX / 2, Conviction::Locked6x, Permill::zero());
		assert_eq!(p, Err(ArithmeticError::Overflow));
		let p =
			power_of(u128::MAX / 7, Conviction::Locked6x, Permill::zero()).expect("fits in u128");
		assert!(p.linear > u128::MAX / 7 * 5);
	}

	#[test]
	fn votes_add_and_remove_exactly() {
		let mut t = Tally::<u128>::default();
		let aye = VoteRecord { aye: true, power: 30, tokens: 10 };
		let nay = VoteRecord { aye: false, power: 5, tokens: 5 };
		add_vote(&mut t, &aye).expect("no overflow with small numbers");
		add_vote(&mut t, &nay).expect("no overflow with small numbers");
		assert_eq!(t, Tally { ayes: 30, nays: 5, turnout: 15, voters: 2 });
		remove_vote(&mut t, &aye).expect("no overflow with small numbers");
		assert_eq!(t, Tally { ayes: 0, nays: 5, turnout: 5, voters: 1 });
		assert_eq!(remove_vote(&mut t, &aye), Err(ArithmeticError::Underflow));
	}

	#[test]
	fn outcome_checks_quorum_then_approval() {
		let t = Tally { ayes: 60u128, nays: 40, turnout: 100, voters: 2 };
		assert_eq!(outcome(&t, 101, Perbill::from_percent(50)), Outcome::Expired);
		assert_eq!(outcome(&t, 100, Perbill::from_percent(60)), Outcome::Approved);
		assert_eq!(outcome(&t, 100, Perbill::from_percent(61)), Outcome::Rejected);
		let none = Tally::<u128>::default();
		assert_eq!(outcome(&none, 0, Perbill::zero()), Outcome::Expired);
		let only_nays = Tally { ayes: 0u128, nays: 0, turnout: 5, voters: 1 };
		assert_eq!(outcome(&only_nays, 0, Perbill::zero()), Outcome::Rejected);
	}

	#[test]
	fn quorum_rounds_up() {
		assert_eq!(quorum_needed(Perbill::from_percent(10), 95u128), 10);
		assert_eq!(quorum_needed(Perbill::zero(), 95u128), 0);
	}
}
