//! End-to-end: a registered sensor reports work through the real node without holding a
//! token. The report is a general (v5) transaction that carries no account and no signature of
//! its own: the device's signature inside the call authorises it. The pool refuses a second
//! report, a forged one and one for a past epoch with the pallet's error index; an operator
//! submits a device-signed report in a normal signed transaction; the ledger is read back
//! through the runtime API after the epoch closes.

mod common;

use common::{
	best_block, free_balance, submit_expecting_failure, submit_until_finalized,
	work::{fresh_epoch, general_transaction, register_sensor, units, Telemetry},
	Node,
};
use std::{str::FromStr, time::Duration};
use subxt::{
	dynamic::{At, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{
	sr25519::{dev, Keypair},
	SecretUri,
};

/// Submits encoded transaction bytes; the pool's verdict as text on refusal.
async fn submit_refused(api: &OnlineClient<PolkadotConfig>, bytes: Vec<u8>) -> String {
	let txs = api.at_current_block().await.expect("current block").transactions();
	let err = txs.from_bytes(bytes).submit().await.expect_err("the pool refuses the report");
	// The node says "Invalid transaction with custom error: <index>".
	format!("{err}")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_reports_work_without_holding_tokens() {
	let node = Node::start(&["--sealing", "200"]).await;
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&node.ws_url)
		.await
		.expect("subxt connects");
	let alice = dev::alice();
	let owner: [u8; 32] = alice.public_key().0;
	let genesis: [u8; 32] = api.genesis_hash().0;
	let device_key =
		Keypair::from_uri(&SecretUri::from_str("//depin-e2e-sensor").expect("uri")).expect("key");
	let device: [u8; 32] = device_key.public_key().0;

	register_sensor(&node, &api, &alice, &device_key).await;

	// A feeless report in a fresh epoch: the device account holds nothing and pays nothing.
	let e = fresh_epoch(&api).await;
	let report = Telemetry {
		device,
		epoch: e.index,
		nonce: 1,
		units: 250,
		measured_at: best_block(&api).await,
	};
	let signature = device_key.sign(&report.payload(genesis)).0;
	let before = free_balance(&api, owner).await;
	let tx = general_transaction(&api, &report.call("submit_report", signature)).await;
	let txs = api.at_current_block().await.expect("current block").transactions();
	let events = tokio::time::timeout(Duration::from_secs(30), async {
		txs.from_bytes(tx)
			.submit_and_watch()
			.await
			.expect("the pool accepts the feeless report")
			.wait_for_finalized_success()
			.await
			.expect("the report succeeds in a finalized block")
	})
	.await
	.unwrap_or_else(|_| panic!("no inclusion within 30 s:\n{}", node.log_text()));
	let accepted = events
		.iter()
		.filter_map(Result::ok)
		.find(|ev| ev.pallet_name() == "PhysicalWork" && ev.event_name() == "WorkAccepted")
		.expect("a WorkAccepted event");
	let accepted: Value = accepted.decode_as().expect("the event decodes");
	assert_eq!(accepted.at(0).at("units").and_then(|v| v.as_u128()), Some(250), "{accepted}");
	assert!(
		!events.iter().filter_map(Result::ok).any(|ev| ev.pallet_name() == "TransactionPayment"),
		"no fee was charged"
	);
	assert_eq!(free_balance(&api, owner).await, before, "the owner paid nothing either");
	assert_eq!(free_balance(&api, device).await, 0, "the device account holds nothing");
	assert_eq!(units(&api, e.index, device).await, Some(250));

	// The pool refuses a second report of the epoch, naming the pallet error by its index.
	let second = Telemetry { nonce: 2, units: 10, ..report };
	let signature2 = device_key.sign(&second.payload(genesis)).0;
	let tx = general_transaction(&api, &second.call("submit_report", signature2)).await;
	let text = submit_refused(&api, tx).await;
	let code = error_index(&api, "ReportAlreadySubmitted").await;
	assert!(text.contains(&format!("custom error: {code}")), "{text}");

	// A forged report (signed by another key) is refused too.
	let forger = dev::bob();
	let forged = Telemetry { device: forger.public_key().0, ..report };
	let tx = general_transaction(&api, &forged.call("submit_report", signature)).await;
	let text = submit_refused(&api, tx).await;
	let code = error_index(&api, "UnknownDevice").await;
	assert!(text.contains(&format!("custom error: {code}")), "{text}");

	// In the next epoch the operator submits the device-signed report in a signed transaction,
	// and a report for the past epoch fails with the named error.
	let next = loop {
		let n = fresh_epoch(&api).await;
		if n.index > e.index {
			break n;
		}
		tokio::time::sleep(Duration::from_millis(200)).await;
	};
	assert!(units(&api, e.index, device).await == Some(250), "the closed epoch keeps its work");
	let stale = Telemetry { nonce: 3, ..second };
	let sig = device_key.sign(&stale.payload(genesis)).0;
	let err =
		submit_expecting_failure(&node, &api, &stale.call("submit_report_signed", sig), &alice)
			.await;
	assert!(err.contains("EpochEnded"), "named pallet error, got: {err}");
	let by_operator = Telemetry {
		epoch: next.index,
		nonce: 4,
		units: 7,
		measured_at: best_block(&api).await,
		..report
	};
	let sig = device_key.sign(&by_operator.payload(genesis)).0;
	submit_until_finalized(&node, &api, &by_operator.call("submit_report_signed", sig), &alice)
		.await;
	assert_eq!(units(&api, next.index, device).await, Some(7));
	node.stop();
}

/// The index of a `PhysicalWork` error in the metadata: the custom code of a pool refusal.
async fn error_index(api: &OnlineClient<PolkadotConfig>, name: &str) -> u8 {
	let at = api.at_current_block().await.expect("current block");
	let metadata = at.metadata();
	let pallet = metadata.pallet_by_name("PhysicalWork").expect("the pallet is in the metadata");
	pallet
		.error_variants()
		.expect("the pallet has errors")
		.iter()
		.find(|v| v.name == name)
		.map(|v| v.index)
		.expect("the error exists")
}
