//! End-to-end: a sensor's verified work earns emitted tokens. The device reports in one epoch;
//! at the first block of the next, the node's runtime mints the epoch's emission and fixes the
//! sensor class's reward; the owner reads the pending amount through the runtime API, a
//! stranger's claim is refused with the named error, the owner claims and is paid exactly that
//! amount, and a second claim, with nothing left to pay, is refused with the named error.

mod common;

use common::{
	best_block, submit_expecting_failure, submit_until_finalized,
	work::{epoch, fresh_epoch, general_transaction, register_sensor, Telemetry},
	Node,
};
use std::{str::FromStr, time::Duration};
use subxt::{
	dynamic::{self, At, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{
	sr25519::{dev, Keypair},
	SecretUri,
};

/// `RewardEmissionApi::pending_rewards` as (amount, credited, unsettled epoch).
async fn pending(
	api: &OnlineClient<PolkadotConfig>,
	device: [u8; 32],
) -> (u128, u128, Option<u32>) {
	let at = api.at_current_block().await.expect("current block");
	let v = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>(
			"RewardEmissionApi",
			"pending_rewards",
			(device,),
		))
		.await
		.expect("runtime API call");
	let field = |name: &str| v.at(name).and_then(|x| x.as_u128()).expect("a field");
	let unsettled = v.at("unsettled").and_then(|o| o.at(0)).and_then(|x| x.as_u128());
	(field("amount"), field("credited"), unsettled.map(|e| e as u32))
}

/// `RewardEmissionApi::epoch_rewards(epoch)` as (scheduled, reemitted, minted, operators), if
/// the epoch is closed and unexpired.
async fn epoch_rewards(
	api: &OnlineClient<PolkadotConfig>,
	epoch: u32,
) -> Option<(u128, u128, u128, u128)> {
	let at = api.at_current_block().await.expect("current block");
	let v = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("RewardEmissionApi", "epoch_rewards", (epoch,)))
		.await
		.expect("runtime API call");
	let r = v.at(0)?;
	let field = |name: &str| r.at(name).and_then(|x| x.as_u128());
	Some((field("scheduled")?, field("reemitted")?, field("minted")?, field("operators")?))
}

fn claim(device: [u8; 32]) -> impl subxt::transactions::Payload {
	dynamic::transaction("RewardEmission", "claim", vec![Value::from_bytes(device)])
}

#[tokio::test(flavor = "multi_thread")]
async fn verified_work_earns_claimable_rewards() {
	let node = Node::start(&["--sealing", "200"]).await;
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&node.ws_url)
		.await
		.expect("subxt connects");
	let alice = dev::alice();
	let genesis: [u8; 32] = api.genesis_hash().0;
	let device_key =
		Keypair::from_uri(&SecretUri::from_str("//depin-e2e-rewards").expect("uri")).expect("key");
	let device: [u8; 32] = device_key.public_key().0;
	register_sensor(&node, &api, &alice, &device_key).await;

	// Nothing is claimable before the device worked.
	assert_eq!(pending(&api, device).await.0, 0);

	let e = fresh_epoch(&api).await;
	let report = Telemetry {
		device,
		epoch: e.index,
		nonce: 1,
		units: 100,
		measured_at: best_block(&api).await,
	};
	let signature = device_key.sign(&report.payload(genesis)).0;
	let tx = general_transaction(&api, &report.call("submit_report", signature)).await;
	let txs = api.at_current_block().await.expect("current block").transactions();
	txs.from_bytes(tx)
		.submit_and_watch()
		.await
		.expect("the pool accepts the report")
		.wait_for_finalized_success()
		.await
		.expect("the report succeeds");

	// Wait for the epoch to close: its rewards are fixed in the next epoch's first block.
	tokio::time::timeout(Duration::from_secs(60), async {
		while epoch(&api).await.index <= e.index {
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	})
	.await
	.unwrap_or_else(|_| panic!("epoch {} did not close:\n{}", e.index, node.log_text()));
	let (scheduled, reemitted, minted, operators) =
		epoch_rewards(&api, e.index).await.expect("the closed epoch's rewards");
	assert!(minted > 0, "the epoch's emission was minted");
	assert_eq!(scheduled, 5_000 * depin_runtime::token::UNIT, "the dev schedule's first epochs");

	// The device did not report again: its epoch is still to be credited, by the claim.
	let (amount, credited, unsettled) = pending(&api, device).await;
	assert_eq!((credited, unsettled), (0, Some(e.index)));
	// The only sensor that worked takes the sensor class's whole pool: what the epoch mints
	// (5 000 scheduled tokens plus whatever the treasury burned in it, re-minted — the fees of
	// the registration may or may not fall in this epoch) × 70% to operators × 10/100 of the
	// class weights, each step rounded down.
	let pool = (scheduled + reemitted) * 7 / 10 * 10 / 100;
	assert_eq!((amount, operators), (pool, pool), "pending {amount}, re-minted {reemitted}");
	assert!(amount >= 350 * depin_runtime::token::UNIT);

	// Someone else may not claim with `claim`.
	let err = submit_expecting_failure(&node, &api, &claim(device), &dev::bob()).await;
	assert!(err.contains("NotDeviceOwner"), "named pallet error, got: {err}");

	let events = submit_until_finalized(&node, &api, &claim(device), &alice).await;
	let claimed = events
		.iter()
		.filter_map(Result::ok)
		.find(|ev| ev.pallet_name() == "RewardEmission" && ev.event_name() == "RewardsClaimed")
		.expect("a RewardsClaimed event");
	let claimed: Value = claimed.decode_as().expect("the event decodes");
	let paid =
		claimed.at(0).at("amount").or_else(|| claimed.at("amount")).and_then(|v| v.as_u128());
	assert_eq!(paid, Some(amount), "{claimed}");
	assert_eq!(pending(&api, device).await, (0, 0, None), "nothing left to claim");

	let err = submit_expecting_failure(&node, &api, &claim(device), &alice).await;
	assert!(err.contains("NothingToClaim"), "named pallet error, got: {err}");
	node.stop();
}
