//! Customer receipts: co-signed jobs, each job id once per epoch.

use crate::{mock::*, *};
use depin_primitives::ProofKind;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::testing::TestSignature;

fn refused(r: ReportOf<Test>, error: Error<Test>) {
	assert_refused(1, r, error);
}

#[test]
fn co_signed_receipts_credit_their_units_once() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, GPU);
		add_device(2, ALICE, GPU);
		let r = report(1, receipts(vec![receipt(1, BOB, 1, 30), receipt(1, CHARLIE, 2, 12)]));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert!(matches!(
			last_event(),
			Event::WorkAccepted { units: 42, kind: ProofKind::CustomerReceipt, .. }
		));
		assert_eq!(Ledger::<Test>::get(device(1)).map(|w| w.units), Some(42));
		// The customer signed the receipt for device 1: another device of the same owner
		// cannot count it...
		let copied = report(2, receipts(vec![receipt(1, BOB, 1, 30)]));
		assert_noop!(submit_feeless(copied.clone(), sign(2, &copied)), "InvalidReceiptSignature");
		// ...device 1 cannot count it again in the epoch (it reports once an epoch)...
		let again = report(1, receipts(vec![receipt(1, BOB, 3, 30)]));
		assert_noop!(submit_feeless(again.clone(), sign(1, &again)), "ReportAlreadySubmitted");
		// ...nor in the next one: the customer signed the epoch.
		let stale = receipt(1, BOB, 1, 30);
		next_epoch();
		let r = report(1, receipts(vec![stale]));
		assert_noop!(submit_feeless(r.clone(), sign(1, &r)), "InvalidReceiptSignature");
		assert_eq!(ClassUnits::<Test>::get(0, GPU), 42);
		assert_eq!(ClassUnits::<Test>::get(1, GPU), 0);
	});
}

#[test]
fn empty_self_dealt_zero_and_duplicate_receipts_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, GPU);
		refused(report(1, receipts(vec![])), Error::NoReceipts);
		refused(report(1, receipts(vec![receipt(1, ALICE, 1, 3)])), Error::CustomerIsOwner);
		refused(report(1, receipts(vec![receipt(1, BOB, 1, 0)])), Error::ZeroUnits);
		refused(
			report(1, receipts(vec![receipt(1, BOB, 1, 3), receipt(1, CHARLIE, 1, 4)])),
			Error::DuplicateJob,
		);
	});
}

#[test]
fn receipts_over_the_class_limit_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, GPU);
		refused(
			report(1, receipts(vec![receipt(1, BOB, 1, MAX_UNITS), receipt(1, CHARLIE, 2, 1)])),
			Error::ImplausibleUnits,
		);
		refused(
			report(1, receipts(vec![receipt(1, BOB, 1, u64::MAX), receipt(1, CHARLIE, 2, 1)])),
			Error::ImplausibleUnits,
		);
	});
}

#[test]
fn receipts_not_signed_by_their_customer_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, GPU);
		// Signed by CHARLIE, claimed to be BOB's.
		let mut forged = receipt(1, BOB, 1, 3);
		forged.signature = TestSignature(CHARLIE, receipt(1, BOB, 1, 3).signature.1);
		refused(report(1, receipts(vec![forged])), Error::InvalidReceiptSignature);
		// BOB's signature over fewer units.
		let mut inflated = receipt(1, BOB, 1, 3);
		inflated.units = 300;
		refused(report(1, receipts(vec![inflated])), Error::InvalidReceiptSignature);
		// BOB's receipt for another device.
		let other = receipt(2, BOB, 1, 3);
		refused(report(1, receipts(vec![other])), Error::InvalidReceiptSignature);
	});
}
