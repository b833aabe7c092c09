//! End-to-end: a device operator registers a device through the real node with subxt, the
//! device key proving possession over the chain's genesis hash; bad proofs fail with the
//! pallet's named error; the device is read back through storage and the runtime API; the
//! lifecycle ends with the bond back in the operator's balance.

mod common;

use common::{
	best_block, free_balance, none, possession_payload, submit_expecting_failure,
	submit_until_finalized, Node,
};
use std::str::FromStr;
use subxt::{
	dynamic::{self, At, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{
	sr25519::{dev, Keypair},
	SecretUri,
};

/// The storage-node class of the genesis presets: no maker, no location; bond 200 tokens.
const STORAGE_CLASS: u32 = 1;
const UNIT: u128 = depin_runtime::token::UNIT;

fn register_call(
	device: [u8; 32],
	valid_until: u32,
	signature: [u8; 64],
) -> impl subxt::transactions::Payload {
	dynamic::transaction(
		"DeviceRegistry",
		"register_device",
		vec![
			Value::from_bytes(device),
			Value::u128(STORAGE_CLASS as u128),
			Value::named_composite(vec![
				("valid_until", Value::u128(valid_until as u128)),
				("signature", Value::from_bytes(signature)),
			]),
			none(),
			none(),
			Value::named_composite(vec![
				("firmware_hash", none()),
				("content_id", Value::from_bytes(b"bafy-e2e")),
			]),
		],
	)
}

#[tokio::test(flavor = "multi_thread")]
async fn operator_registers_a_device_and_gets_the_bond_back() {
	let node = Node::start(&["--sealing", "200"]).await;
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&node.ws_url)
		.await
		.expect("subxt connects");
	let alice = dev::alice();
	let owner: [u8; 32] = alice.public_key().0;
	let device_key =
		Keypair::from_uri(&SecretUri::from_str("//depin-e2e-device").expect("uri")).expect("key");
	let device: [u8; 32] = device_key.public_key().0;
	let genesis: [u8; 32] = api.genesis_hash().0;
	let valid_until = best_block(&api).await + 100;

	// A proof signed for another chain's genesis is refused with the named error.
	let wrong = device_key.sign(&possession_payload(owner, [0xee; 32], valid_until)).0;
	let err =
		submit_expecting_failure(&node, &api, &register_call(device, valid_until, wrong), &alice)
			.await;
	assert!(err.contains("InvalidPossessionProof"), "named pallet error, got: {err}");

	// A proof signed for Bob does not let Alice register the device.
	let for_bob =
		device_key.sign(&possession_payload(dev::bob().public_key().0, genesis, valid_until)).0;
	let err =
		submit_expecting_failure(&node, &api, &register_call(device, valid_until, for_bob), &alice)
			.await;
	assert!(err.contains("InvalidPossessionProof"), "named pallet error, got: {err}");

	let before = free_balance(&api, owner).await;
	let good = device_key.sign(&possession_payload(owner, genesis, valid_until)).0;
	let events =
		submit_until_finalized(&node, &api, &register_call(device, valid_until, good), &alice)
			.await;
	let registered = events
		.iter()
		.filter_map(Result::ok)
		.find(|e| e.pallet_name() == "DeviceRegistry" && e.event_name() == "DeviceRegistered")
		.expect("a DeviceRegistered event");
	// The event decodes as the runtime's event enum: `DeviceRegistry(DeviceRegistered { .. })`.
	let event: Value = registered.decode_as().expect("the event decodes");
	assert_eq!(event.at(0).at("bond").and_then(|v| v.as_u128()), Some(200 * UNIT), "{event}");
	assert_eq!(event.at(0).at("class").and_then(|v| v.as_u128()), Some(STORAGE_CLASS as u128));
	let after = free_balance(&api, owner).await;
	assert!(before - after >= 200 * UNIT, "the bond left the free balance");

	// The same key cannot register twice.
	let err =
		submit_expecting_failure(&node, &api, &register_call(device, valid_until, good), &alice)
			.await;
	assert!(err.contains("DeviceAlreadyRegistered"), "named pallet error, got: {err}");

	// Storage and the runtime API agree on the device.
	let at = api.at_current_block().await.expect("current block");
	let stored = at
		.storage()
		.fetch(dynamic::storage::<([u8; 32],), Value>("DeviceRegistry", "Devices"), (device,))
		.await
		.expect("device storage")
		.decode()
		.expect("device decodes");
	assert_eq!(stored.at("bond").and_then(|v| v.as_u128()), Some(200 * UNIT));
	let status = stored.at("status").map(|v| v.to_string()).unwrap_or_default();
	assert!(status.starts_with("Active"), "stored status: {status}");
	let view = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("DeviceRegistryApi", "device", (device,)))
		.await
		.expect("runtime API call");
	let view_bond = view.at(0).at("bond").or_else(|| view.at("bond")).and_then(|v| v.as_u128());
	assert_eq!(view_bond, Some(200 * UNIT), "runtime API returns the device: {view}");
	let page = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>(
			"DeviceRegistryApi",
			"devices_of",
			(owner, 0u32, 10u32),
		))
		.await
		.expect("runtime API call");
	assert!(
		page.to_string().contains(&device[0].to_string()),
		"owner's page lists the device: {page}"
	);

	// Deregister, wait out the ten-block unbonding of development chains, withdraw.
	let deregister = dynamic::transaction(
		"DeviceRegistry",
		"deregister_device",
		vec![Value::from_bytes(device)],
	);
	submit_until_finalized(&node, &api, &deregister, &alice).await;
	let withdraw =
		dynamic::transaction("DeviceRegistry", "withdraw_bond", vec![Value::from_bytes(device)]);
	let err = submit_expecting_failure(&node, &api, &withdraw, &alice).await;
	assert!(err.contains("UnbondingNotOver"), "named pallet error, got: {err}");
	let until = best_block(&api).await + 10;
	while best_block(&api).await < until {
		tokio::time::sleep(std::time::Duration::from_millis(200)).await;
	}
	let events = submit_until_finalized(&node, &api, &withdraw, &alice).await;
	assert!(
		events
			.iter()
			.filter_map(Result::ok)
			.any(|e| e.pallet_name() == "DeviceRegistry" && e.event_name() == "BondWithdrawn"),
		"a BondWithdrawn event"
	);
	let at = api.at_current_block().await.expect("current block");
	let gone = at
		.storage()
		.try_fetch(dynamic::storage::<([u8; 32],), Value>("DeviceRegistry", "Devices"), (device,))
		.await
		.expect("device storage");
	assert!(gone.is_none(), "the device is removed after withdrawal");
	node.stop();
}
