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

/// The `submit_reports` call carrying `reports`, each with its signature.
fn batch_call(reports: &[(Telemetry, [u8; 64])]) -> impl subxt::transactions::Payload {
	let items: Vec<Value> = reports
		.iter()
		.map(|(r, s)| Value::unnamed_composite([r.value(), Value::from_bytes(s)]))
		.collect();
	subxt::dynamic::transaction(
		"PhysicalWork",
		"submit_reports",
		vec![Value::unnamed_composite(items)],
	)
}

/// The runtime API's verdict on each report of a batch: (position, pallet error name).
async fn check_reports(
	api: &OnlineClient<PolkadotConfig>,
	reports: &[(Telemetry, [u8; 64])],
) -> Vec<(u128, String)> {
	let items: Vec<Value> = reports
		.iter()
		.map(|(r, s)| Value::unnamed_composite([r.value(), Value::from_bytes(s)]))
		.collect();
	let at = api.at_current_block().await.expect("current block");
	let verdict: Value = at
		.runtime_apis()
		.call(subxt::dynamic::runtime_api_call::<_, Value>(
			"PhysicalWorkBatchApi",
			"check_reports",
			(Value::unnamed_composite(items),),
		))
		.await
		.expect("the runtime API answers");
	let metadata = at.metadata();
	let errors = metadata
		.pallet_by_name("PhysicalWork")
		.and_then(|p| p.error_variants())
		.expect("the pallet's errors");
	let mut out = Vec::new();
	let mut i = 0;
	while let Some(item) = verdict.at(i) {
		let index = item.at(0).and_then(|v| v.as_u128()).expect("a position");
		let code = item.at(1).at(0).at("error").at(0).and_then(|v| v.as_u128()).expect("a code");
		let name = errors.iter().find(|v| u128::from(v.index) == code).expect("named");
		out.push((index, name.name.clone()));
		i += 1;
	}
	out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gateway_batches_reports_and_the_pool_names_what_is_wrong_with_a_batch() {
	// One-second blocks: a ten-block epoch outlasts every step below.
	let node = Node::start(&["--sealing", "1000"]).await;
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&node.ws_url)
		.await
		.expect("subxt connects");
	let genesis: [u8; 32] = api.genesis_hash().0;
	let keys: Vec<Keypair> = ["//depin-e2e-batch-1", "//depin-e2e-batch-2", "//depin-e2e-batch-3"]
		.iter()
		.map(|uri| Keypair::from_uri(&SecretUri::from_str(uri).expect("uri")).expect("key"))
		.collect();
	for key in &keys {
		register_sensor(&node, &api, &dev::alice(), key).await;
	}

	let e = fresh_epoch(&api).await;
	let now = best_block(&api).await;
	let report = |i: usize, units: u64| Telemetry {
		device: keys[i].public_key().0,
		epoch: e.index,
		nonce: 1,
		units,
		measured_at: now,
	};
	let signed = |r: Telemetry, by: usize| (r, keys[by].sign(&r.payload(genesis)).0);

	// A good report beside one signed by the wrong key: the pool refuses the whole batch with
	// the forgery's reason, and the runtime API says which report it is.
	let mixed = [signed(report(0, 40), 0), signed(report(1, 60), 0)];
	let tx = general_transaction(&api, &batch_call(&mixed)).await;
	let text = submit_refused(&api, tx).await;
	let code = error_index(&api, "InvalidSignature").await;
	assert!(text.contains(&format!("custom error: {code}")), "{text}");
	assert_eq!(check_reports(&api, &mixed).await, vec![(1, "InvalidSignature".to_string())]);

	// Without it the batch goes in and both reports are recorded.
	let batch = [signed(report(0, 40), 0), signed(report(2, 20), 2)];
	assert!(check_reports(&api, &batch).await.is_empty());
	let tx = general_transaction(&api, &batch_call(&batch)).await;
	let txs = api.at_current_block().await.expect("current block").transactions();
	let events = tokio::time::timeout(Duration::from_secs(30), async {
		txs.from_bytes(tx)
			.submit_and_watch()
			.await
			.expect("the pool accepts a batch of valid reports")
			.wait_for_finalized_success()
			.await
			.expect("the batch succeeds")
	})
	.await
	.unwrap_or_else(|_| panic!("no inclusion within 30 s:\n{}", node.log_text()));
	let batched = events
		.iter()
		.filter_map(Result::ok)
		.find(|ev| ev.pallet_name() == "PhysicalWork" && ev.event_name() == "ReportsBatched")
		.expect("a ReportsBatched event")
		.decode_as::<Value>()
		.expect("the event decodes");
	assert_eq!(batched.at(0).at("accepted").and_then(|v| v.as_u128()), Some(2), "{batched}");
	assert_eq!(batched.at(0).at("skipped").and_then(|v| v.as_u128()), Some(0), "{batched}");
	assert_eq!(units(&api, e.index, keys[0].public_key().0).await, Some(40));
	assert_eq!(units(&api, e.index, keys[1].public_key().0).await, None);
	assert_eq!(units(&api, e.index, keys[2].public_key().0).await, Some(20));

	// Batches the pool refuses, each with its named reason.
	let max = 1_000;
	let cases: [(Vec<(Telemetry, [u8; 64])>, &str); 4] = [
		// A recorded report copied beside a new valid one: a replay carries nothing in.
		(vec![signed(report(0, 40), 0), signed(report(1, 60), 1)], "ReportAlreadySubmitted"),
		(vec![], "EmptyBatch"),
		(vec![signed(report(1, 60), 1); max + 1], "BatchTooLarge"),
		(vec![signed(report(1, 60), 1), signed(report(1, 61), 1)], "DuplicateReportInBatch"),
	];
	for (batch, name) in cases {
		let tx = general_transaction(&api, &batch_call(&batch)).await;
		let text = submit_refused(&api, tx).await;
		let code = error_index(&api, name).await;
		assert!(text.contains(&format!("custom error: {code}")), "{name}: {text}");
	}
	assert_eq!(units(&api, e.index, keys[1].public_key().0).await, None);
	node.stop();
}
