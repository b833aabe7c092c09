//! Receipts against orders: proof of physical work asks the market whether a customer's
//! receipt counts against the order it names, and delivers its units once the report is in.

use super::*;
use depin_primitives::{EpochWork, OnWorkClosed, ReceiptOrders, ReceiptRefusal};
use sp_runtime::Perbill;

/// Units delivered to `order` so far.
fn delivered(order: OrderId) -> u64 {
	Market::delivered(order, &Orders::<Test>::get(order).expect("open")).expect("its slot")
}

/// Two GPU workers of ALICE's, `dev(4)` offered (offer 0) and `dev(5)`; BOB orders 10 units
/// an epoch for 3 epochs (order 0, serving epochs 1 to 3) in `asset`.
fn gpu_order(asset: Option<AssetId>) -> OrderId {
	MockRegistry::add_device_in(dev(4), ALICE, GPU);
	MockRegistry::add_device_in(dev(5), ALICE, GPU);
	let terms = if asset.is_some() { usd_terms() } else { terms() };
	assert_ok!(Market::offer(RuntimeOrigin::signed(ALICE), dev(4), terms));
	order_from(BOB, 0, 10, 3, asset)
}

#[test]
fn a_receipt_counts_only_against_a_serving_order_of_its_customer_for_the_device() {
	ExtBuilder::default().build_and_execute(|| {
		let order = gpu_order(None);
		let check = |order, device, customer, epoch, units| {
			<Market as ReceiptOrders<AccountId>>::check(order, &device, &customer, epoch, units)
		};
		assert_eq!(check(order + 1, dev(4), BOB, 1, 5), Err(ReceiptRefusal::OrderNotFound));
		assert_eq!(check(order, dev(5), BOB, 1, 5), Err(ReceiptRefusal::OtherDevice));
		assert_eq!(check(order, dev(4), DAVE, 1, 5), Err(ReceiptRefusal::NotOrderCustomer));
		// The order serves epochs 1 to 3: not the one it was made in, nor after it ends.
		assert_eq!(check(order, dev(4), BOB, 0, 5), Err(ReceiptRefusal::NotServing));
		assert_eq!(check(order, dev(4), BOB, 4, 5), Err(ReceiptRefusal::NotServing));
		assert_eq!(check(order, dev(4), BOB, 1, 11), Err(ReceiptRefusal::OverOrder));
		// 10 units at 2 a unit, of which the take (10%) is 2, worth 2 native.
		assert_eq!(check(order, dev(4), BOB, 1, 10), Ok(2));
		// A cancelled order serves no epoch past its notice.
		assert_ok!(Market::cancel(RuntimeOrigin::signed(BOB), order));
		let end = Orders::<Test>::get(order).unwrap().end;
		assert_eq!(check(order, dev(4), BOB, end, 5), Err(ReceiptRefusal::NotServing));
	});
}

#[test]
fn the_take_of_a_stablecoin_order_is_valued_at_the_reference_price() {
	ExtBuilder::default().take_rate(Perbill::from_percent(20)).build_and_execute(|| {
		let order = gpu_order(Some(USD));
		// 10 units at 3 dUSD: a take of 6 dUSD, worth 12 native at the mock's price.
		assert_eq!(
			<Market as ReceiptOrders<AccountId>>::check(order, &dev(4), &BOB, 1, 10),
			Ok(12)
		);
	});
}

#[test]
fn delivered_receipts_pay_at_once_and_closed_epochs_are_not_allotted_to_receipt_orders() {
	ExtBuilder::default().build_and_execute(|| {
		let order = gpu_order(None);
		next_epoch();
		// The device's closed work is not what a receipt order is paid for...
		Market::on_work_closed(&dev(4), EpochWork { epoch: 1, class: GPU, units: 10 });
		assert_eq!(delivered(order), 0);
		// ...its receipts are, as soon as they are accepted.
		<Market as ReceiptOrders<AccountId>>::deliver(&dev(4), &[(order, 7)]);
		assert_eq!(delivered(order), 7);
		let alice = Balances::free_balance(ALICE);
		assert_ok!(Market::settle(RuntimeOrigin::signed(CHARLIE), order));
		// 7 units at 2: 14, of which the take (10%, rounded up) is 2.
		assert_eq!(Balances::free_balance(ALICE) - alice, 12);
		assert_eq!(MockTreasury::demand(None), 2);
		// Delivering to an order the device does not serve changes nothing.
		<Market as ReceiptOrders<AccountId>>::deliver(&dev(5), &[(order, 3)]);
		assert_eq!(delivered(order), 7);
	});
}
