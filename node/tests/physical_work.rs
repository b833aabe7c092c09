//! End-to-end: a registered sensor reports work through the real node without holding a
//! token. The report is a general (v5) transaction that carries no account and no signature of
//! its own: the device's signature inside the call authorises it. The pool refuses a second
//! report, a forged one and one for a past epoch with the pallet's error index; an operator
//! submits a device-signed report in a normal signed transaction; the ledger is read back
//! through the runtime API after the epoch closes.

mod common;

use common::{
	best_block, compact_len, free_balance, none, possession_payload, submit_expecting_failure,
	submit_until_finalized, Node,
};
use std::{str::FromStr, time::Duration};
use subxt::{
	config::DefaultExtrinsicParamsBuilder,
	dynamic::{self, At, Value},
	utils::{AccountId32, MultiSignature},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{
	sr25519::{dev, Keypair},
	SecretUri,
};

/// The sensor class of the genesis presets: attested telemetry, located; bond 10 tokens.
const SENSOR_CLASS: u32 = 3;

/// A telemetry report as the device holds it.
#[derive(Clone, Copy)]
struct Telemetry {
	device: [u8; 32],
	epoch: u32,
	nonce: u64,
	units: u64,
	measured_at: u32,
}

impl Telemetry {
	/// What the device signs: `(tag, genesis, report)` SCALE-encoded.
	fn payload(&self, genesis: [u8; 32]) -> Vec<u8> {
		let tag = b"depin/work-report/v1";
		let mut out = Vec::new();
		compact_len(&mut out, tag.len());
		out.extend_from_slice(tag);
		out.extend_from_slice(&genesis);
		out.extend_from_slice(&self.device);
		out.extend_from_slice(&self.epoch.to_le_bytes());
		out.extend_from_slice(&self.nonce.to_le_bytes());
		out.push(0); // ReportPayload::Telemetry
		out.extend_from_slice(&self.units.to_le_bytes());
		out.extend_from_slice(&self.measured_at.to_le_bytes());
		out.extend_from_slice(&[0x5a; 32]);
		out
	}

	fn value(&self) -> Value {
		Value::named_composite(vec![
			("device", Value::from_bytes(self.device)),
			("epoch", Value::u128(self.epoch as u128)),
			("nonce", Value::u128(self.nonce as u128)),
			(
				"payload",
				Value::named_variant(
					"Telemetry",
					vec![
						("units", Value::u128(self.units as u128)),
						("measured_at", Value::u128(self.measured_at as u128)),
						("data_hash", Value::from_bytes([0x5a; 32])),
					],
				),
			),
		])
	}

	fn call(&self, name: &str, signature: [u8; 64]) -> impl subxt::transactions::Payload {
		dynamic::transaction("PhysicalWork", name, vec![self.value(), Value::from_bytes(signature)])
	}
}

struct Epoch {
	index: u32,
	start: u32,
	length: u32,
}

async fn epoch(api: &OnlineClient<PolkadotConfig>) -> Epoch {
	let at = api.at_current_block().await.expect("current block");
	let v = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("PhysicalWorkApi", "epoch", ()))
		.await
		.expect("runtime API call");
	let field = |name: &str| v.at(name).and_then(|x| x.as_u128()).expect("an epoch field") as u32;
	Epoch { index: field("index"), start: field("start"), length: field("length") }
}

/// Waits until an epoch has just begun, so that a report has the whole epoch to be included.
async fn fresh_epoch(api: &OnlineClient<PolkadotConfig>) -> Epoch {
	for _ in 0..200 {
		let e = epoch(api).await;
		let best = best_block(api).await;
		if best < e.start + e.length / 2 {
			return e;
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	panic!("no fresh epoch within 20 s");
}

/// The device's units in `epoch`, read through the runtime API.
async fn units(api: &OnlineClient<PolkadotConfig>, epoch: u32, device: [u8; 32]) -> Option<u128> {
	let at = api.at_current_block().await.expect("current block");
	let v = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>(
			"PhysicalWorkApi",
			"device_work",
			(epoch, device),
		))
		.await
		.expect("runtime API call");
	v.at(0).at("units").or_else(|| v.at("units")).and_then(|x| x.as_u128())
}

/// Encodes the feeless general transaction for a report: the call and the transaction
/// extensions' data, no account, no signature.
async fn general_transaction(
	api: &OnlineClient<PolkadotConfig>,
	call: &impl subxt::transactions::Payload,
) -> Vec<u8> {
	let txs = api.at_current_block().await.expect("current block").transactions();
	let params = DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new().build();
	let mut signable = txs.create_v5_signable_offline(call, params).expect("a general transaction");
	// The runtime has no signature-verifying extension: the account and signature given here
	// are not encoded. The device's signature is in the call.
	signable
		.sign_with_account_and_signature(&AccountId32([0; 32]), &MultiSignature::Sr25519([0; 64]))
		.expect("encodes")
		.into_encoded()
}

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

	// Register the sensor (located, as its class requires).
	let valid_until = best_block(&api).await + 100;
	let proof = device_key.sign(&possession_payload(owner, genesis, valid_until)).0;
	let register = dynamic::transaction(
		"DeviceRegistry",
		"register_device",
		vec![
			Value::from_bytes(device),
			Value::u128(SENSOR_CLASS as u128),
			Value::named_composite(vec![
				("valid_until", Value::u128(valid_until as u128)),
				("signature", Value::from_bytes(proof)),
			]),
			none(),
			Value::unnamed_variant(
				"Some",
				vec![Value::named_composite(vec![
					("lat", Value::i128(52_520_008)),
					("lon", Value::i128(13_404_954)),
				])],
			),
			Value::named_composite(vec![
				("firmware_hash", none()),
				("content_id", Value::from_bytes(b"")),
			]),
		],
	);
	submit_until_finalized(&node, &api, &register, &alice).await;

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
