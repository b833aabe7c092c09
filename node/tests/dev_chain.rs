//! End-to-end: the real node binary, a real client library (subxt), a real signed transaction.

mod common;

use std::time::Duration;

use common::{best_number, free_balance, header_number, submit_until_finalized, Node};
use serde_json::Value as Json;
use subxt::{
	dynamic::{self, At, Value},
	rpcs::rpc_params,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::dev;

/// Hex of SCALE bytes, as JSON-RPC takes them.
fn hex(bytes: &[u8]) -> String {
	let mut s = String::with_capacity(2 + bytes.len() * 2);
	s.push_str("0x");
	for b in bytes {
		s.push_str(&format!("{b:02x}"));
	}
	s
}

/// A signed balance transfer goes through the pool into a block, its events are the expected
/// ones, and the balances moved by exactly the amount (plus a fee for the sender).
#[tokio::test(flavor = "multi_thread")]
async fn signed_transfer_is_included_with_its_events() {
	let node = Node::start(&["--sealing", "200"]).await;
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&node.ws_url)
		.await
		.expect("subxt connects");

	let (alice, bob) = (dev::alice(), dev::bob());
	let bob_id: [u8; 32] = bob.public_key().0;
	let alice_id: [u8; 32] = alice.public_key().0;
	let bob_before = free_balance(&api, bob_id).await;
	let alice_before = free_balance(&api, alice_id).await;

	let amount: u128 = 1_234_567_890_000;
	let transfer = dynamic::transaction(
		"Balances",
		"transfer_keep_alive",
		(bob.public_key().to_address::<()>(), amount),
	);
	let events = submit_until_finalized(&node, &api, &transfer, &alice).await;

	let names: Vec<(String, String)> = events
		.iter()
		.map(|e| e.expect("event decodes"))
		.map(|e| (e.pallet_name().to_string(), e.event_name().to_string()))
		.collect();
	for expected in [
		("Balances", "Transfer"),
		("TransactionPayment", "TransactionFeePaid"),
		("System", "ExtrinsicSuccess"),
	] {
		assert!(
			names.iter().any(|(p, e)| p == expected.0 && e == expected.1),
			"{expected:?} missing from {names:?}"
		);
	}
	let transfer_event = events
		.iter()
		.map(|e| e.expect("event decodes"))
		.find(|e| e.pallet_name() == "Balances" && e.event_name() == "Transfer")
		.expect("a Transfer event");
	// The event decodes as the runtime's event enum: `Balances(Transfer { from, to, amount })`.
	let event: Value = transfer_event.decode_as().expect("the Transfer event decodes");
	let transferred = event.at(0).at("amount").and_then(|v| v.as_u128());
	assert_eq!(transferred, Some(amount), "Transfer event: {event}");

	assert_eq!(free_balance(&api, bob_id).await, bob_before + amount);
	let alice_after = free_balance(&api, alice_id).await;
	assert!(alice_after < alice_before - amount, "Alice paid the amount and a fee");

	node.stop();
}

/// The RPC surface that polkadot-js apps and wallets rely on answers, and answers right.
#[tokio::test(flavor = "multi_thread")]
async fn rpc_methods_that_apps_need_answer() {
	let node = Node::start(&["--sealing", "200"]).await;
	let rpc = node.rpc().await;

	let methods: Json = rpc.request("rpc_methods", rpc_params![]).await.expect("rpc_methods");
	let methods: Vec<&str> = methods["methods"]
		.as_array()
		.expect("a method list")
		.iter()
		.filter_map(|m| m.as_str())
		.collect();
	for m in [
		"state_getMetadata",
		"system_properties",
		"system_accountNextIndex",
		"payment_queryInfo",
		"chain_subscribeNewHeads",
		"author_submitAndWatchExtrinsic",
		"chainHead_v1_follow",
		"transaction_v1_broadcast",
		"engine_createBlock",
	] {
		assert!(methods.contains(&m), "{m} is not served; served: {methods:?}");
	}

	let metadata: String = rpc.request("state_getMetadata", rpc_params![]).await.expect("metadata");
	assert!(metadata.starts_with("0x6d657461"), "metadata starts with the magic `meta`");

	let props: Json = rpc.request("system_properties", rpc_params![]).await.expect("properties");
	// What a fork sets in runtime/src/identity.rs (scripts/fork.sh) reaches apps.
	assert_eq!(props["tokenSymbol"], depin_runtime::token::SYMBOL);
	assert_eq!(props["tokenDecimals"], depin_runtime::token::DECIMALS);
	assert_eq!(props["ss58Format"], depin_runtime::token::SS58_PREFIX);

	let alice_ss58 = dev::alice().public_key().to_account_id().to_string();
	let nonce: u64 = rpc
		.request("system_accountNextIndex", rpc_params![alice_ss58])
		.await
		.expect("account next index");
	assert_eq!(nonce, 0, "Alice has sent nothing yet");

	// New heads arrive, in order.
	let mut heads = rpc
		.subscribe::<Json>("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
		.await
		.expect("subscribe new heads");
	let first = heads.next().await.expect("a head").expect("head decodes");
	let second = heads.next().await.expect("a head").expect("head decodes");
	assert!(header_number(&second) > header_number(&first), "heads advance");

	// chainHead_v1_follow starts with `initialized` and a finalized block hash.
	let mut follow = rpc
		.subscribe::<Json>("chainHead_v1_follow", rpc_params![true], "chainHead_v1_unfollow")
		.await
		.expect("chainHead_v1_follow");
	let init = follow.next().await.expect("an event").expect("event decodes");
	assert_eq!(init["event"], "initialized", "first event: {init}");
	assert!(init["finalizedBlockHashes"].as_array().is_some_and(|a| !a.is_empty()));

	// A signed transaction: its fee is quoted, then it is submitted and watched to finality.
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&node.ws_url)
		.await
		.expect("subxt connects");
	let remark = dynamic::transaction("System", "remark", (vec![1u8, 2, 3],));
	let mut txs = api.at_current_block().await.expect("current block").transactions();
	let signed =
		txs.create_signed(&remark, &dev::alice(), Default::default()).await.expect("signs");
	let xt = hex(signed.encoded());
	let info: Json = rpc.request("payment_queryInfo", rpc_params![xt.clone()]).await.expect("fee");
	let fee: u128 = info["partialFee"]
		.as_str()
		.map(|s| s.parse().expect("a decimal fee"))
		.or_else(|| info["partialFee"].as_u64().map(u128::from))
		.expect("partialFee");
	assert!(fee > 0, "transactions cost a fee: {info}");

	let mut watch = rpc
		.subscribe::<Json>(
			"author_submitAndWatchExtrinsic",
			rpc_params![xt],
			"author_unwatchExtrinsic",
		)
		.await
		.expect("submit and watch");
	let finalized = tokio::time::timeout(Duration::from_secs(60), async {
		while let Some(status) = watch.next().await {
			let status = status.expect("status decodes");
			if status.get("finalized").is_some() {
				return true;
			}
			assert!(
				status.get("invalid").is_none() && status.get("dropped").is_none(),
				"the transaction failed: {status}"
			);
		}
		false
	})
	.await
	.expect("finalized within 60 s");
	assert!(finalized, "the watch reached `finalized`");

	node.stop();
}

/// In `manual` mode the node makes a block only when asked.
#[tokio::test(flavor = "multi_thread")]
async fn manual_sealing_makes_blocks_on_request() {
	let node = Node::start(&["--sealing", "manual"]).await;
	let rpc = node.rpc().await;

	let before = best_number(&rpc).await;
	tokio::time::sleep(Duration::from_millis(500)).await;
	let idle = best_number(&rpc).await;
	assert_eq!(before, idle, "no block without a request");

	for _ in 0..2 {
		let created: Json = rpc
			.request("engine_createBlock", rpc_params![true, true])
			.await
			.expect("engine_createBlock");
		assert!(created["hash"].is_string(), "a created block: {created}");
	}
	let after = best_number(&rpc).await;
	assert_eq!(after, before + 2);

	node.stop();
}

/// In `instant` mode a transaction makes a block at once, and only a transaction does.
#[tokio::test(flavor = "multi_thread")]
async fn instant_sealing_makes_a_block_per_transaction() {
	let node = Node::start(&["--sealing", "instant"]).await;
	let rpc = node.rpc().await;

	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&node.ws_url)
		.await
		.expect("subxt connects");
	let before = best_number(&rpc).await;
	tokio::time::sleep(Duration::from_millis(500)).await;
	let idle = best_number(&rpc).await;
	assert_eq!(before, idle, "no block without a transaction");

	let remark = dynamic::transaction("System", "remark_with_event", (b"instant".to_vec(),));
	let events = submit_until_finalized(&node, &api, &remark, &dev::charlie()).await;
	assert!(events
		.iter()
		.map(|e| e.expect("decodes"))
		.any(|e| e.pallet_name() == "System" && e.event_name() == "Remarked"));
	let after = best_number(&rpc).await;
	assert_eq!(after, before + 1, "exactly one block for one transaction");

	node.stop();
}

/// The `engine_*` methods are unsafe: a node serving only safe methods (what `auto` means for an
/// RPC server that listens beyond loopback) refuses them; and a validator that serves unsafe
/// methods beyond loopback warns at start.
#[tokio::test(flavor = "multi_thread")]
async fn engine_methods_are_unsafe_and_an_exposed_validator_is_warned() {
	let node = Node::start(&["--sealing", "manual", "--rpc-methods", "safe"]).await;
	let rpc = node.rpc().await;
	let refused = rpc
		.request::<Json>("engine_createBlock", rpc_params![true, true])
		.await
		.expect_err("engine_createBlock is refused under --rpc-methods safe");
	assert!(refused.to_string().contains("unsafe"), "{refused}");
	assert_eq!(best_number(&rpc).await, 0, "no block was made");
	node.stop();

	let node =
		Node::start(&["--sealing", "manual", "--unsafe-rpc-external", "--rpc-methods", "unsafe"])
			.await;
	let log = node.log_text();
	assert!(log.contains("this validator serves unsafe RPC methods"), "{log}");
	node.stop();
}

/// Runs the node with `args`, which it must refuse at once with `says` in its message.
fn node_refuses(args: &[&str], says: &str) {
	let out = std::process::Command::new(common::node_binary())
		.args(args)
		.output()
		.expect("the node binary runs");
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(!out.status.success(), "{args:?} was accepted:\n{stderr}");
	assert!(stderr.contains(says), "{args:?}: expected '{says}' in:\n{stderr}");
}

/// Dev shortcuts stay on development chains: dev sealing (which imports blocks without checking
/// their Aura seals) is refused on a local or live chain, and the production spec is not built
/// while its genesis names a well-known dev key, unless the builder says it is a trial.
#[test]
fn dev_shortcuts_are_refused_off_development_chains() {
	let sealing = "dev sealing (--sealing) is for development chains only";
	node_refuses(&["--chain", "local", "--tmp", "--sealing", "200"], sealing);
	node_refuses(
		&["--chain", "production", "--allow-dev-keys", "--tmp", "--sealing", "instant"],
		sealing,
	);

	node_refuses(&["export-chain-spec", "--chain", "production"], "--allow-dev-keys");
	node_refuses(&["--chain", "production", "--tmp"], "well-known development keys (Alice");
	let out = std::process::Command::new(common::node_binary())
		.args(["export-chain-spec", "--chain", "production", "--allow-dev-keys"])
		.output()
		.expect("the node binary runs");
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	let spec: Json = serde_json::from_slice(&out.stdout).expect("a JSON spec");
	assert_eq!(spec["chainType"], "Live");
}
