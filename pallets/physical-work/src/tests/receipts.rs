//! Customer receipts: co-signed jobs, each job id once per epoch, each counted against a
//! funded order of its customer for the device.

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
		MockOrders::open(order_id(1, BOB), 1, BOB, 100);
		MockOrders::open(order_id(1, CHARLIE), 1, CHARLIE, 100);
		let r = report(1, receipts(vec![receipt(1, BOB, 1, 30), receipt(1, CHARLIE, 2, 12)]));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert!(matches!(
			last_event(),
			Event::WorkAccepted { units: 42, kind: ProofKind::CustomerReceipt, .. }
		));
		assert_eq!(Ledger::<Test>::get(device(1)).map(|w| w.units), Some(42));
		// Each order was delivered its receipts' units.
		assert_eq!(MockOrders::delivered(order_id(1, BOB)), 30);
		assert_eq!(MockOrders::delivered(order_id(1, CHARLIE)), 12);
		// The customer signed the receipt for device 1: another device of the same owner
		// cannot count it...
		let copied = report(2, receipts(vec![receipt_for(order_id(1, BOB), 1, BOB, 1, 30)]));
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
		for customer in [ALICE, BOB, CHARLIE] {
			MockOrders::open(order_id(1, customer), 1, customer, 100);
		}
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
		MockOrders::open(order_id(1, BOB), 1, BOB, u64::MAX);
		MockOrders::open(order_id(1, CHARLIE), 1, CHARLIE, u64::MAX);
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
		MockOrders::open(order_id(1, BOB), 1, BOB, 100);
		// Signed by CHARLIE, claimed to be BOB's.
		let mut forged = receipt(1, BOB, 1, 3);
		forged.signature = TestSignature(CHARLIE, receipt(1, BOB, 1, 3).signature.1);
		refused(report(1, receipts(vec![forged])), Error::InvalidReceiptSignature);
		// BOB's signature over fewer units.
		let mut inflated = receipt(1, BOB, 1, 3);
		inflated.units = 300;
		refused(report(1, receipts(vec![inflated])), Error::InvalidReceiptSignature);
		// BOB's receipt for another device.
		let other = receipt_for(order_id(1, BOB), 2, BOB, 1, 3);
		refused(report(1, receipts(vec![other])), Error::InvalidReceiptSignature);
		// BOB's receipt for another of his orders.
		let mut moved = receipt(1, BOB, 1, 3);
		moved.order = order_id(1, CHARLIE);
		refused(report(1, receipts(vec![moved])), Error::InvalidReceiptSignature);
	});
}

/// The cheat: the owner's second account co-signs jobs it never paid for. Without an order
/// the receipt counts nothing; an order of someone else, of another device, not serving the
/// epoch or exceeded counts nothing either; and nothing is delivered or credited.
#[test]
fn receipts_count_only_against_a_funded_order_of_their_customer_for_the_device() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, GPU);
		add_device(2, ALICE, GPU);
		// DAVE, Alice's second account, has no order.
		refused(report(1, receipts(vec![receipt(1, DAVE, 1, 50)])), Error::ReceiptOrderNotFound);
		// BOB's order of device 2 does not serve device 1.
		MockOrders::open(order_id(2, BOB), 2, BOB, 100);
		refused(
			report(1, receipts(vec![receipt_for(order_id(2, BOB), 1, BOB, 1, 5)])),
			Error::ReceiptOrderOfOtherDevice,
		);
		// DAVE signs against BOB's order of device 1.
		MockOrders::open(order_id(1, BOB), 1, BOB, 10);
		refused(
			report(1, receipts(vec![receipt_for(order_id(1, BOB), 1, DAVE, 1, 5)])),
			Error::ReceiptNotOrderCustomer,
		);
		// Two receipts of one order from different customers.
		refused(
			report(
				1,
				receipts(vec![
					receipt_for(order_id(1, BOB), 1, BOB, 1, 2),
					receipt_for(order_id(1, BOB), 1, DAVE, 2, 2),
				]),
			),
			Error::ReceiptNotOrderCustomer,
		);
		// Two receipts of BOB's order, 6 + 5 units, above the 10 it buys an epoch.
		refused(
			report(1, receipts(vec![receipt(1, BOB, 1, 6), receipt(1, BOB, 2, 5)])),
			Error::ReceiptOverOrder,
		);
		// An order that starts next epoch.
		MockOrders::open_with(order_id(1, CHARLIE), (device(1), CHARLIE, 1, 5, 10, 1));
		refused(
			report(1, receipts(vec![receipt(1, CHARLIE, 1, 5)])),
			Error::ReceiptOrderNotServing,
		);
		assert_eq!(MockOrders::delivered(order_id(1, BOB)), 0);
		assert_eq!(ClassUnits::<Test>::get(0, GPU), 0);
		// Within the order: accepted, 6 + 4 units delivered.
		let r = report(1, receipts(vec![receipt(1, BOB, 1, 6), receipt(1, BOB, 2, 4)]));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_eq!(MockOrders::delivered(order_id(1, BOB)), 10);
	});
}

/// A receipt device is credited the native value of the take its receipts' orders pay (in
/// `DemandUnit`s), not the receipts' units: an order whose take is worth 7 a unit credits 7
/// per unit, one worth nothing credits nothing, though both deliver their units.
#[test]
fn a_receipt_device_is_credited_the_value_of_the_take_behind_its_receipts() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, GPU);
		MockOrders::open_with(order_id(1, BOB), (device(1), BOB, 0, 9, 100, 7));
		MockOrders::open_with(order_id(1, CHARLIE), (device(1), CHARLIE, 0, 9, 100, 0));
		let r = report(1, receipts(vec![receipt(1, BOB, 1, 10), receipt(1, CHARLIE, 2, 30)]));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_eq!(Ledger::<Test>::get(device(1)).map(|w| w.units), Some(70));
		assert_eq!(ClassUnits::<Test>::get(0, GPU), 70);
		assert_eq!(MockOrders::delivered(order_id(1, BOB)), 10);
		assert_eq!(MockOrders::delivered(order_id(1, CHARLIE)), 30);
	});
}
