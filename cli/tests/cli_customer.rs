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
			let r = run(&settle_args(&order, url));
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

/// Signs, as `customer`, a receipt for `units` of order `order` of `device` and delivers it
/// with the device's key, in one epoch: retried while an epoch boundary falls between the two
/// (the receipt is signed for one epoch). Returns the delivery's run.
async fn sign_and_deliver(
	customer: &str,
	order: &str,
	device: &str,
	key: &str,
	units: &str,
	dir: &std::path::Path,
	url: &str,
) -> cli_common::Run {
	for _ in 0..10 {
		let receipt = ok(&[
			"market", "receipt", "--order", order, "--device", device, "--units", units, "--suri",
			customer, "--url", url, "--json",
		]);
		let file = dir.join("receipt.json");
		std::fs::write(&file, receipt).expect("write the receipt");
		let file = file.to_str().expect("utf8").to_string();
		let r = run(&["market", "deliver", "--device-key", key, "--receipt", &file, "--url", url]);
		let said = format!("{}{}", r.stdout, r.stderr);
		if r.code == 0 || !(said.contains("signed for epoch") || said.contains("EpochEnded")) {
			return r;
		}
		tokio::time::sleep(Duration::from_millis(300)).await;
	}
	panic!("no receipt could be signed and delivered within one epoch");
}

/// Alice offers her GPU worker's jobs at 0.5 tokens a unit; Bob orders 100 units an epoch for
/// two epochs (100 tokens escrowed). Bob signs a receipt for a 60-unit job and the worker
/// delivers it; Charlie settles at once and Alice is paid 27 tokens (60 × 0.5 less the 10%
/// take) without waiting for the epoch to close. A receipt of someone who did not order, one
/// above what the order buys an epoch, and one that is not a receipt are each refused by name.
#[tokio::test(flavor = "multi_thread")]
async fn a_gpu_job_is_paid_by_its_customers_receipt() {
	let node = Node::start(&["--sealing", "500"]).await;
	let url = node.ws_url.as_str();
	let dir = tempfile::tempdir().expect("temp dir");
	let (key, device, offer) = offered_device(dir.path(), "2", "0.5", "100", url);
	let key = key.as_str();
	let ordered = json(&ok(&[
		"market", "order", "--offer", &offer, "--units", "100", "--epochs", "2", "--suri", "//Bob",
		"--url", url, "--json",
	]));
	let order = ordered["order"].to_string();
	let start = ordered["start"].as_u64().expect("start");

	// Wait for the order's first epoch.
	tokio::time::timeout(Duration::from_secs(60), async {
		loop {
			let r = json(&ok(&[
				"market", "receipt", "--order", &order, "--device", &device, "--units", "1",
				"--suri", "//Bob", "--url", url, "--json",
			]));
			if r["epoch"].as_u64().is_some_and(|e| e >= start) {
				return;
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	})
	.await
	.unwrap_or_else(|_| panic!("epoch {start} did not start:\n{}", node.log_text()));

	let refused = |r: cli_common::Run, expected: &str| {
		assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
		assert!(r.stderr.contains(expected), "expected {expected} in:\n{}", r.stderr);
	};
	// Dave did not order: his receipt counts against nothing.
	refused(
		sign_and_deliver("//Dave", &order, &device, key, "60", dir.path(), url).await,
		"ReceiptNotOrderCustomer",
	);
	// The order buys 100 units an epoch.
	refused(
		sign_and_deliver("//Bob", &order, &device, key, "101", dir.path(), url).await,
		"ReceiptOverOrder",
	);
	// A storage customer's data root, offline: 3 000 bytes are three chunks.
	let data = dir.path().join("data.bin");
	std::fs::write(&data, vec![7u8; 3_000]).expect("write");
	let root = json(&ok(&[
		"market",
		"data-root",
		"--device",
		&device,
		"--file",
		data.to_str().unwrap(),
		"--json",
	]));
	assert_eq!(root["chunks"], 3, "{root}");
	assert_eq!(root["root"].as_str().map(str::len), Some(66), "{root}");

	let junk = dir.path().join("junk.json");
	std::fs::write(&junk, "{ \"device\": 1 }").expect("write");
	fails(
		&[
			"market",
			"deliver",
			"--device-key",
			key,
			"--receipt",
			junk.to_str().unwrap(),
			"--url",
			url,
		],
		"is not a receipt",
	);

	let delivered = sign_and_deliver("//Bob", &order, &device, key, "60", dir.path(), url).await;
	assert_eq!(delivered.code, 0, "{}\n{}", delivered.stdout, delivered.stderr);
	assert!(delivered.stdout.contains("1 receipts (60 units) delivered"), "{}", delivered.stdout);

	let settled = json(&ok(&settle_args(&order, url)));
	assert_eq!(settled["units"], 60, "{settled}");
	// 60 × 0.5 = 30 tokens: 27 to Alice, 3 to the treasury.
	assert_eq!(settled["paid"], "27000000000000", "{settled}");
	assert_eq!(settled["taken"], "3000000000000", "{settled}");
	node.stop();
}

/// `depin market settle` of `order` by Charlie (anyone may settle), with JSON output.
fn settle_args<'a>(order: &'a str, url: &'a str) -> [&'a str; 9] {
	["market", "settle", "--order", order, "--suri", "//Charlie", "--url", url, "--json"]
}

/// Bob wants 3 000 bytes kept by Alice's storage node: he computes the data's root for the
/// device, orders 3 chunks an epoch for 3 epochs at 0.1 tokens a chunk; Alice commits the node
/// to the data; when the chain challenges the node, it proves the chunk, and the order pays
/// Alice for the 3 chunks at once (0.27 tokens, less the 10% take). A file that is not the
/// committed data cannot answer.
#[tokio::test(flavor = "multi_thread")]
async fn a_storage_order_pays_for_a_proven_chunk_of_the_customers_data() {
	let node = Node::start(&["--sealing", "500"]).await;
	let url = node.ws_url.as_str();
	let dir = tempfile::tempdir().expect("temp dir");
	let (key, device, offer) = offered_device(dir.path(), "1", "0.1", "3", url);
	let key = key.as_str();
	let data = dir.path().join("data.bin");
	std::fs::write(&data, (0..3_000u32).map(|i| (i % 253) as u8).collect::<Vec<_>>())
		.expect("write");
	let data = data.to_str().expect("utf8").to_string();
	let root = json(&ok(&["market", "data-root", "--device", &device, "--file", &data, "--json"]));
	let root = root["root"].as_str().expect("root").to_string();
	let ordered = json(&ok(&[
		"market",
		"order",
		"--offer",
		&offer,
		"--units",
		"3",
		"--epochs",
		"3",
		"--data-root",
		&root,
		"--suri",
		"//Bob",
		"--url",
		url,
		"--json",
	]));
	let order = ordered["order"].to_string();
	let committed = json(&ok(&[
		"market", "commit", "--device", &device, "--file", &data, "--suri", "//Alice", "--url",
		url, "--json",
	]));
	assert_eq!(committed["root"], root.as_str(), "the device commits the root Bob ordered");

	// Other bytes than the committed data prove nothing.
	let other = dir.path().join("other.bin");
	std::fs::write(&other, vec![1u8; 3_000]).expect("write");
	fails(
		&["market", "answer", "--device-key", key, "--file", other.to_str().unwrap(), "--url", url],
		"InvalidStorageProof",
	);

	// The challenge of the first epoch the order serves (retried if an answer misses its
	// epoch, or comes before the order's first epoch).
	let mut settled = None;
	for _ in 0..4 {
		let r = run(&["market", "answer", "--device-key", key, "--file", &data, "--url", url]);
		assert!(r.code == 0 || !r.stderr.contains("panicked"), "{}", r.stderr);
		if r.code != 0 {
			continue;
		}
		let s = run(&settle_args(&order, url));
		if s.code == 0 {
			settled = Some(json(&s.stdout));
			break;
		}
	}
	let settled = settled.unwrap_or_else(|| panic!("no proven chunk paid:\n{}", node.log_text()));
	assert_eq!(settled["units"], 3, "{settled}");
	// 3 chunks × 0.1 = 0.3 tokens: 0.27 to Alice, 0.03 to the treasury.
	assert_eq!(settled["paid"], "270000000000", "{settled}");
	assert_eq!(settled["taken"], "30000000000", "{settled}");
	node.stop();
}

/// A fresh device key in `dir`, registered by Alice in `class` and offered at `price` a unit,
/// up to `units` an epoch, for orders of 1 to 5 epochs: its key file, the device and the offer.
fn offered_device(
	dir: &std::path::Path,
	class: &str,
	price: &str,
	units: &str,
	url: &str,
) -> (String, String, String) {
	let key = dir.join(format!("class-{class}.json")).to_str().expect("utf8 path").to_string();
	ok(&["device", "keygen", "--out", &key]);
	let registered = json(&ok(&[
		"device",
		"register",
		"--device-key",
		&key,
		"--class",
		class,
		"--suri",
		"//Alice",
		"--url",
		url,
		"--json",
	]));
	let device = registered["device"].as_str().expect("device").to_string();
	let offered = json(&ok(&[
		"market",
		"offer",
		"--device",
		&device,
		"--price",
		price,
		"--units",
		units,
		"--max-epochs",
		"5",
		"--suri",
		"//Alice",
		"--url",
		url,
		"--json",
	]));
	(key, device, offered["offer"].to_string())
}
