//! End-to-end: a customer pays for service through the `depin` CLI against the real node, in
//! the development stablecoin and in the native token; after the epoch closes, `depin
//! treasury` reports the revenue, the buy-back and the burn. A customer orders a sensor's
//! readings in dUSD from the market and its owner is paid as the sensor reports. Mistakes end
//! with one clear message and exit code 1.

mod cli_common;
#[path = "../../node/tests/common/mod.rs"]
mod common;

use cli_common::{fails, json, ok, register_sensor, run};
use common::Node;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_pays_and_the_treasury_reports_the_burn() {
	let node = Node::start(&["--sealing", "200"]).await;
	let url = node.ws_url.as_str();

	// Mistakes: caught before the chain, or named by it.
	fails(&["pay", "--amount", "1", "--suri", "//Bob", "--url", url], "--class C or --device D");
	fails(
		&[
			"pay",
			"--amount",
			"1.0000001",
			"--asset",
			"1",
			"--class",
			"3",
			"--suri",
			"//Bob",
			"--url",
			url,
		],
		"not an amount",
	);
	fails(
		&["pay", "--amount", "1", "--asset", "99", "--class", "3", "--suri", "//Bob", "--url", url],
		"asset 99 does not exist",
	);
	fails(
		&["pay", "--amount", "1", "--asset", "1", "--class", "77", "--suri", "//Bob", "--url", url],
		"UnknownClass",
	);
	fails(&["pay", "--amount", "0", "--class", "3", "--suri", "//Bob", "--url", url], "ZeroAmount");
	fails(
		&[
			"pay", "--amount", "5000000", "--asset", "1", "--class", "3", "--suri", "//Bob",
			"--url", url,
		],
		"CannotAfford",
	);

	let paid = json(&ok(&[
		"pay",
		"--amount",
		"100",
		"--asset",
		"1",
		"--class",
		"3",
		"--memo",
		"invoice 42",
		"--suri",
		"//Bob",
		"--url",
		url,
		"--json",
	]));
	assert_eq!(paid["amount"], "100000000", "{paid}");
	let epoch = paid["epoch"].as_u64().expect("epoch") as u32;
	let text = ok(&["pay", "--amount", "2.5", "--class", "3", "--suri", "//Charlie", "--url", url]);
	let token = node.token().await;
	assert!(text.contains(&format!("paid 2.5 {}", token.symbol)), "{text}");

	// Wait until the payment's epoch (and the next, in case the native one landed there) has
	// closed, then read its report.
	let closed = |e: u32| {
		let r = run(&["treasury", "--epoch", &e.to_string(), "--url", url, "--json"]);
		r.code == 0 && json(&r.stdout)["closed"] == true
	};
	tokio::time::timeout(Duration::from_secs(60), async {
		while !(closed(epoch) && closed(epoch + 1)) {
			tokio::time::sleep(Duration::from_millis(300)).await;
		}
	})
	.await
	.unwrap_or_else(|_| panic!("epoch {epoch} did not close:\n{}", node.log_text()));

	let report = json(&ok(&["treasury", "--epoch", &epoch.to_string(), "--url", url, "--json"]));
	let usd = &report["assets"][0];
	assert_eq!(usd["revenue"], "100000000", "{report}");
	assert_eq!(usd["spent"], "80000000", "the 80% burn share: {report}");
	let bought: u128 = usd["bought"].as_str().unwrap().parse().unwrap();
	// 80 dUSD at about one token per dollar, less the pool's fee and slippage.
	assert!(bought > 79 * token.unit && bought < 80 * token.unit, "{report}");
	let burned: u128 = report["burned"].as_str().unwrap().parse().unwrap();
	assert!(burned >= bought, "{report}");
	let since: u128 = report["burned_since_genesis"].as_str().unwrap().parse().unwrap();
	assert!(since >= burned);

	let text = ok(&["treasury", "--epoch", &epoch.to_string(), "--url", url]);
	assert!(text.contains("dUSD: revenue 100 dUSD, spent 80 dUSD"), "{text}");
	assert!(text.contains("burned since genesis"), "{text}");
	fails(&["treasury", "--epoch", "999999", "--url", url], "no treasury report for epoch 999999");
	node.stop();
}

/// Alice offers her sensor's readings at 0.1 dUSD a unit; Bob orders 40 units an epoch for two
/// epochs (8 dUSD escrowed); the sensor reports; once the order's epochs have closed, anyone's
/// settlement pays Alice the delivered units less the 10% take and returns the rest to Bob.
#[tokio::test(flavor = "multi_thread")]
async fn a_customer_orders_a_sensors_readings_and_its_owner_is_paid_in_dollars() {
	const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
	let node = Node::start(&["--sealing", "200"]).await;
	let url = node.ws_url.as_str();
	let dir = tempfile::tempdir().expect("temp dir");
	let key = dir.path().join("sensor.json");
	let key = key.to_str().expect("utf8 path");
	ok(&["device", "keygen", "--out", key]);
	let device = register_sensor(key, url)["device"].as_str().expect("device").to_string();

	let offered = json(&ok(&[
		"market",
		"offer",
		"--device",
		&device,
		"--price",
		"0.1",
		"--asset",
		"1",
		"--units",
		"40",
		"--max-epochs",
		"10",
		"--suri",
		"//Alice",
		"--url",
		url,
		"--json",
	]));
	let offer = offered["offer"].to_string();
	assert_eq!(offered["price_per_unit"], "100000", "{offered}");
	let listed = ok(&["market", "offers", "--class", "3", "--url", url]);
	assert!(listed.contains("0.1 dUSD a unit, up to 40 units an epoch"), "{listed}");

	// Mistakes, named before or by the chain.
	fails(
		&[
			"market", "order", "--offer", "99", "--units", "1", "--epochs", "1", "--suri", "//Bob",
			"--url", url,
		],
		"there is no offer 99",
	);
	fails(
		&[
			"market", "order", "--offer", &offer, "--units", "41", "--epochs", "2", "--suri",
			"//Bob", "--url", url,
		],
		"OverCapacity",
	);
	fails(
		&[
			"market", "order", "--offer", &offer, "--units", "40", "--epochs", "11", "--suri",
			"//Bob", "--url", url,
		],
		"OrderLengthNotOffered",
	);
	fails(&["market", "orders", "--url", url], "--customer ACCOUNT or --device D");

	let ordered = json(&ok(&[
		"market", "order", "--offer", &offer, "--units", "40", "--epochs", "2", "--suri", "//Bob",
		"--url", url, "--json",
	]));
	assert_eq!(ordered["escrowed"], "8000000", "two epochs of 40 units at 0.1 dUSD: {ordered}");
	let order = ordered["order"].to_string();
	let end = ordered["end"].as_u64().expect("end");
	let mine = json(&ok(&["market", "orders", "--customer", BOB, "--url", url, "--json"]));
	assert_eq!(mine["orders"][0]["remaining"], "8000000", "{mine}");
	fails(
		&["market", "settle", "--order", &order, "--suri", "//Charlie", "--url", url],
		"NothingToSettle",
	);

	// The sensor reports 40 units in each epoch until the order's last one has passed.
	let sent = json(&ok(&[
		"device",
		"report",
		"--device-key",
		key,
		"--units",
		"40",
		"--epochs",
		"4",
		"--url",
		url,
		"--json",
	]));
	assert!(sent["reports"].as_array().is_some_and(|r| r.len() == 4), "{sent}");

	// Settle (anyone may) until the order ends.
	let (mut paid, mut taken) = (0u128, 0u128);
	let ended = tokio::time::timeout(Duration::from_secs(60), async {
		loop {
			let r = run(&[
				"market",
				"settle",
				"--order",
				&order,
				"--suri",
				"//Charlie",
				"--url",
				url,
				"--json",
			]);
			if r.code == 0 {
				let s = json(&r.stdout);
				paid += s["paid"].as_str().unwrap().parse::<u128>().unwrap();
				taken += s["taken"].as_str().unwrap().parse::<u128>().unwrap();
				if s["ended"] == true {
					return s;
				}
			} else {
				let said = format!("{}{}", r.stdout, r.stderr);
				assert!(said.contains("NothingToSettle"), "{said}");
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	})
	.await
	.unwrap_or_else(|_| {
		panic!("order {order} (ending at epoch {end}) did not end:\n{}", node.log_text())
	});
	let refunded: u128 = ended["refunded"].as_str().unwrap().parse().unwrap();
	// Each delivered unit pays 0.1 dUSD: nine tenths to Alice, a tenth to the treasury.
	assert_eq!(paid + taken + refunded, 8_000_000, "{ended}");
	assert_eq!(taken * 9, paid, "{ended}");
	assert!(paid + taken >= 4_000_000, "at least one epoch of the sensor's work was paid: {ended}");
	let gone = ok(&["market", "orders", "--customer", BOB, "--url", url]);
	assert!(gone.contains("no open orders"), "{gone}");
	node.stop();
}
