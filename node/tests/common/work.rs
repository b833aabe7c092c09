//! Device work as clients produce it: telemetry reports signed by the device key, the epoch
//! clock and the ledger read through the runtime API, feeless general transactions, and the
//! registration of a located sensor.

use super::{best_block, compact_len, none, possession_payload, submit_until_finalized, Node};
use std::time::Duration;
use subxt::{
	config::DefaultExtrinsicParamsBuilder,
	dynamic::{self, At, Value},
	utils::{AccountId32, MultiSignature},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// The sensor class of the genesis presets: attested telemetry, located; bond 10 tokens.
pub const SENSOR_CLASS: u32 = 3;

/// A telemetry report as the device holds it.
#[derive(Clone, Copy)]
pub struct Telemetry {
	pub device: [u8; 32],
	pub epoch: u32,
	pub nonce: u64,
	pub units: u64,
	pub measured_at: u32,
}

impl Telemetry {
	/// What the device signs: `(tag, genesis, report)` SCALE-encoded.
	pub fn payload(&self, genesis: [u8; 32]) -> Vec<u8> {
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

	pub fn value(&self) -> Value {
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

	pub fn call(&self, name: &str, signature: [u8; 64]) -> impl subxt::transactions::Payload {
		dynamic::transaction("PhysicalWork", name, vec![self.value(), Value::from_bytes(signature)])
	}
}

pub struct Epoch {
	pub index: u32,
	pub start: u32,
	pub length: u32,
}

pub async fn epoch(api: &OnlineClient<PolkadotConfig>) -> Epoch {
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
pub async fn fresh_epoch(api: &OnlineClient<PolkadotConfig>) -> Epoch {
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

/// The device's units in `epoch`, read through the runtime API: `None` unless `epoch` is the
/// device's latest epoch with work (the ledger keeps one record per device).
pub async fn units(
	api: &OnlineClient<PolkadotConfig>,
	epoch: u32,
	device: [u8; 32],
) -> Option<u128> {
	let at = api.at_current_block().await.expect("current block");
	let v = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("PhysicalWorkApi", "device_work", (device,)))
		.await
		.expect("runtime API call");
	let record = v.at(0).or(Some(&v))?;
	let field = |name: &str| record.at(name).and_then(|x| x.as_u128());
	(field("epoch") == Some(epoch.into())).then(|| field("units")).flatten()
}

/// Encodes the feeless general transaction for a report: the call and the transaction
/// extensions' data, no account, no signature.
pub async fn general_transaction(
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

/// Registers `device_key` as a located sensor owned by `owner`, and waits for finality.
pub async fn register_sensor(
	node: &Node,
	api: &OnlineClient<PolkadotConfig>,
	owner: &Keypair,
	device_key: &Keypair,
) {
	let genesis: [u8; 32] = api.genesis_hash().0;
	let valid_until = best_block(api).await + 100;
	let proof = device_key.sign(&possession_payload(owner.public_key().0, genesis, valid_until)).0;
	let register = dynamic::transaction(
		"DeviceRegistry",
		"register_device",
		vec![
			Value::from_bytes(device_key.public_key().0),
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
	submit_until_finalized(node, api, &register, owner).await;
}
