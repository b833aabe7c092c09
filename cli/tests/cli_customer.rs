//! End-to-end: a customer pays for service through the `depin` CLI against the real node, in
//! the development stablecoin and in the native token; after the epoch closes, `depin
//! treasury` reports the revenue, the buy-back and the burn. Mistakes end with one clear
//! message and exit code 1.

mod cli_common;
#[path = "../../node/tests/common/mod.rs"]
mod common;

use cli_common::{fails, json, ok, run};
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
	assert!(text.contains("paid 2.5 DPN"), "{text}");

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
	assert!(bought > 79_000_000_000_000 && bought < 80_000_000_000_000, "{report}");
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
