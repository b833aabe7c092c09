//! End-to-end: the voter's journey through the node. Dave locks and delegates to Bob; Bob locks,
//! proposes on the parameters track to lower the treasury's burn share, and votes in one
//! batch. The tally, read through `DaoApi`, counts Bob's power and Dave's; when voting ends
//! the runtime approves the proposal, the scheduler enacts it with the parameters track's
//! origin, and the treasury's parameters change. Bad votes, locks and proposals fail with
//! named errors.

mod common;

use common::{submit_expecting_failure, submit_until_finalized, Node};
use std::time::Duration;
use subxt::{
	dynamic::{self, At, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::dev;

const UNIT: u128 = depin_runtime::token::UNIT;

fn unit_variant(name: &str) -> Value {
	Value::unnamed_variant(name, vec![])
}

/// A call of the DAO: its name and arguments.
type DaoCall = (&'static str, Vec<Value>);

fn lock(amount: u128, conviction: &str) -> DaoCall {
	("lock", vec![Value::u128(amount), unit_variant(conviction)])
}

fn vote(index: u32, aye: bool) -> DaoCall {
	("vote", vec![Value::u128(index.into()), Value::bool(aye)])
}

fn propose(track: &str, call: Vec<u8>) -> DaoCall {
	(
		"propose",
		vec![unit_variant(track), Value::unnamed_variant("Inline", [Value::from_bytes(call)])],
	)
}

/// A DAO call as a transaction.
fn tx((name, args): DaoCall) -> subxt::transactions::DynamicPayload<Vec<Value>> {
	dynamic::transaction("Dao", name, args)
}

/// A DAO call as a `RuntimeCall` value, to nest in a batch.
fn nested((name, args): DaoCall) -> Value {
	Value::unnamed_variant("Dao", [Value::unnamed_variant(name, args)])
}

async fn storage(api: &OnlineClient<PolkadotConfig>, pallet: &str, item: &str) -> Value {
	let at = api.at_current_block().await.expect("current block");
	at.storage()
		.fetch(dynamic::storage::<(), Value>(pallet, item), ())
		.await
		.expect("storage")
		.decode()
		.expect("decodes")
}

async fn proposal(api: &OnlineClient<PolkadotConfig>, index: u32) -> Value {
	let at = api.at_current_block().await.expect("current block");
	let v = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("DaoApi", "proposal", (index,)))
		.await
		.expect("runtime API call");
	v.at(0).cloned().unwrap_or_else(|| panic!("proposal {index} exists: {v}"))
}

fn u128_at(v: &Value, path: &[&str]) -> u128 {
	let mut cur = v;
	for p in path {
		cur = cur.at(*p).unwrap_or_else(|| panic!("field {p} in {v}"));
	}
	// A `Perbill` is a composite of one number.
	cur.as_u128()
		.or_else(|| cur.at(0).and_then(|x| x.as_u128()))
		.unwrap_or_else(|| panic!("a number at {path:?} in {v}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_voter_locks_delegates_proposes_and_the_change_is_enacted() {
	let node = Node::start(&["--sealing", "500"]).await;
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&node.ws_url)
		.await
		.expect("subxt connects");
	let (bob, dave) = (dev::bob(), dev::dave());

	// Bad input: named errors, nothing changes.
	let err = submit_expecting_failure(&node, &api, &tx(vote(99, true)), &bob).await;
	assert!(err.contains("UnknownProposal"), "named pallet error, got: {err}");
	let err =
		submit_expecting_failure(&node, &api, &tx(lock(10_000_000 * UNIT, "Locked1x")), &bob).await;
	assert!(err.contains("InsufficientBalance"), "named pallet error, got: {err}");
	let err =
		submit_expecting_failure(&node, &api, &tx(propose("Parameters", vec![0xff; 4])), &bob)
			.await;
	assert!(err.contains("CallUndecodable"), "named pallet error, got: {err}");

	// Dave lends Bob his power.
	submit_until_finalized(&node, &api, &tx(lock(200_000 * UNIT, "Locked2x")), &dave).await;
	let bob_id = Value::from_bytes(bob.public_key().0);
	let delegate =
		dynamic::transaction("Dao", "delegate", vec![Value::unnamed_variant("Id", vec![bob_id])]);
	submit_until_finalized(&node, &api, &delegate, &dave).await;

	// The change: the treasury burns 60% of revenue instead of 80%.
	let (share, params) = common::treasury_burn_share(&api).await;
	assert_eq!(share, 800_000_000, "the preset burns 80%");
	let call = common::set_burn_share_call(&api, &params, 600_000_000).await;

	// Bob locks, proposes and votes in one batch, well inside the ten-block voting period.
	let index = storage(&api, "Dao", "NextProposal").await.as_u128().expect("an index") as u32;
	let batch = dynamic::transaction(
		"Utility",
		"batch_all",
		vec![Value::unnamed_composite(vec![
			nested(lock(500_000 * UNIT, "Locked1x")),
			nested(propose("Parameters", call)),
			nested(vote(index, true)),
		])],
	);
	submit_until_finalized(&node, &api, &batch, &bob).await;

	// Bob's vote counts his power and what Dave lent him: 500 000 × 1 + 200 000 × 2.
	let p = proposal(&api, index).await;
	assert_eq!(u128_at(&p, &["tally", "ayes"]), 900_000 * UNIT, "{p}");
	assert_eq!(u128_at(&p, &["tally", "turnout"]), 700_000 * UNIT, "{p}");
	let power = api
		.at_current_block()
		.await
		.expect("current block")
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>(
			"DaoApi",
			"voting_power",
			(bob.public_key().0,),
		))
		.await
		.expect("runtime API call");
	assert_eq!(u128_at(&power, &["delegated", "linear"]), 400_000 * UNIT, "{power}");

	// Dave cannot take his tokens back while they back Bob's votes.
	let unlock = dynamic::transaction("Dao", "unlock", Vec::<Value>::new());
	let err = submit_expecting_failure(&node, &api, &unlock, &dave).await;
	assert!(err.contains("Delegating"), "named pallet error, got: {err}");

	// Voting ends, the proposal passes and is enacted two blocks later.
	let status = tokio::time::timeout(Duration::from_secs(90), async {
		loop {
			let p = proposal(&api, index).await;
			let status = p.at("status").cloned().expect("status");
			if format!("{status}").contains("Enacted") {
				return status;
			}
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	})
	.await
	.unwrap_or_else(|_| panic!("proposal {index} not enacted in 90 s:\n{}", node.log_text()));
	assert_eq!(status.at("ok").and_then(|v| v.as_bool()), Some(true), "{status}");
	let (share, params) = common::treasury_burn_share(&api).await;
	assert_eq!(share, 600_000_000, "the DAO changed it: {params}");
	node.stop();
}
