//! Two validators on the `local` chain find each other, take turns authoring with Aura and
//! finalize the same chain with GRANDPA: what a real network of several machines does, here
//! over loopback.

mod common;

use std::time::{Duration, Instant};

use common::Node;
use serde_json::Value as Json;
use subxt::rpcs::{rpc_params, RpcClient};

/// Fixed node keys, so that Bob can name Alice's peer id in his bootnode address.
const ALICE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";
const ALICE_PEER_ID: &str = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";
const BOB_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000002";

async fn finalized_number(rpc: &RpcClient) -> u64 {
	let hash: String =
		rpc.request("chain_getFinalizedHead", rpc_params![]).await.expect("finalized head");
	let header: Json = rpc.request("chain_getHeader", rpc_params![hash]).await.expect("header");
	common::header_number(&header)
}

#[tokio::test(flavor = "multi_thread")]
async fn two_validators_author_and_finalize_one_chain() {
	let alice = Node::spawn(&["--chain", "local", "--alice", "--node-key", ALICE_NODE_KEY]).await;
	let bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{ALICE_PEER_ID}", alice.p2p_port);
	let bob = Node::spawn(&[
		"--chain",
		"local",
		"--bob",
		"--node-key",
		BOB_NODE_KEY,
		"--bootnodes",
		&bootnode,
	])
	.await;
	let (a, b) = (alice.rpc().await, bob.rpc().await);

	// With two authorities a lone validator does not author: finality past block 3 on both
	// nodes means they peered, authored in turn and voted together.
	let deadline = Instant::now() + Duration::from_secs(150);
	loop {
		let (fa, fb) = (finalized_number(&a).await, finalized_number(&b).await);
		if fa >= 3 && fb >= 3 {
			break;
		}
		assert!(
			Instant::now() < deadline,
			"finalized #{fa} (Alice) and #{fb} (Bob) after 150 s\nAlice:\n{}\nBob:\n{}",
			alice.log_text(),
			bob.log_text()
		);
		tokio::time::sleep(Duration::from_secs(1)).await;
	}

	let peers: Json = a.request("system_peers", rpc_params![]).await.expect("peers");
	assert_eq!(peers.as_array().map(Vec::len), Some(1), "Alice sees Bob: {peers}");
	let hash_at = |rpc: RpcClient| async move {
		rpc.request::<String>("chain_getBlockHash", rpc_params![2u32]).await.expect("hash")
	};
	assert_eq!(hash_at(a.clone()).await, hash_at(b.clone()).await, "one chain, not two");

	bob.stop();
	alice.stop();
}
