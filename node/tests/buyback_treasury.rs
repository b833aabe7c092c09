//! End-to-end: a customer pays for service in the development chain's stablecoin (dUSD); the
//! epoch passes; in the first block of the next epoch the node's runtime swaps the burn share
//! of it for the native token on the chain's DEX and burns what it bought. The total issuance
//! of that block moves by exactly the emission minted less what was burned, and the epoch's
//! report, read through the runtime API, says so. Bad payments fail with named errors.

mod common;

use common::{submit_expecting_failure, submit_until_finalized, work::fresh_epoch, Node};
use std::time::Duration;
use subxt::{
	dynamic::{self, At, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::dev;

/// The development stablecoin and its unit.
const DUSD: u128 = 1;
const DUSD_UNIT: u128 = 1_000_000;
const UNIT: u128 = depin_runtime::token::UNIT;

fn pay(asset: Option<u128>, amount: u128, class: u128) -> impl subxt::transactions::Payload {
	let asset = match asset {
		Some(id) => Value::unnamed_variant("Some", vec![Value::u128(id)]),
		None => common::none(),
	};
	dynamic::transaction(
		"BuybackTreasury",
		"pay_for_service",
		vec![
			asset,
			Value::u128(amount),
			Value::unnamed_variant("Class", vec![Value::u128(class)]),
			Value::from_bytes(b"e2e invoice"),
		],
	)
}

/// `BuybackTreasuryApi::report(epoch)` at `block`, if kept.
async fn report(
	api: &OnlineClient<PolkadotConfig>,
	block: Option<u64>,
	epoch: u32,
) -> Option<Value> {
	let at = match block {
		Some(n) => api.at_block(n).await.expect("block"),
		None => api.at_current_block().await.expect("current block"),
	};
	let v = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("BuybackTreasuryApi", "report", (epoch,)))
		.await
		.expect("runtime API call");
	// `Option<PublicReport>`: `Some(report)` or `None`.
	v.at(0).cloned()
}

fn field(v: &Value, name: &str) -> u128 {
	v.at(name).and_then(|x| x.as_u128()).unwrap_or_else(|| panic!("field {name} in {v}"))
}

async fn total_issuance(api: &OnlineClient<PolkadotConfig>, block: u64) -> u128 {
	let at = api.at_block(block).await.expect("block");
	at.storage()
		.fetch(dynamic::storage::<(), Value>("Balances", "TotalIssuance"), ())
		.await
		.expect("issuance storage")
		.decode()
		.expect("issuance decodes")
		.as_u128()
		.expect("a balance")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stablecoin_payment_is_bought_back_and_burned() {
	let node = Node::start(&["--sealing", "200"]).await;
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&node.ws_url)
		.await
		.expect("subxt connects");
	let bob = dev::bob();

	// Bad payments: named errors, nothing paid.
	let err = submit_expecting_failure(&node, &api, &pay(Some(99), DUSD_UNIT, 3), &bob).await;
	assert!(err.contains("AssetNotAllowed"), "named pallet error, got: {err}");
	let err = submit_expecting_failure(&node, &api, &pay(Some(DUSD), 0, 3), &bob).await;
	assert!(err.contains("ZeroAmount"), "named pallet error, got: {err}");
	let err = submit_expecting_failure(&node, &api, &pay(Some(DUSD), DUSD_UNIT, 77), &bob).await;
	assert!(err.contains("UnknownClass"), "named pallet error, got: {err}");

	let e = fresh_epoch(&api).await;
	submit_until_finalized(&node, &api, &pay(Some(DUSD), 100 * DUSD_UNIT, 3), &bob).await;

	// The epoch the payment landed in: the one whose report lists 100 dUSD of revenue.
	let mut paid_in = None;
	for p in e.index..e.index + 20 {
		if let Some(r) = report(&api, None, p).await {
			let assets = r.at("assets").expect("assets");
			if assets.at(0).is_some_and(|a| field(a, "revenue") == 100 * DUSD_UNIT) {
				paid_in = Some(p);
				break;
			}
		}
	}
	let p = paid_in.expect("a report lists the payment");
	// Its close is the first block of the next epoch.
	let close_block = u64::from(e.start + (p + 1 - e.index) * e.length);
	tokio::time::timeout(Duration::from_secs(60), async {
		while api.at_current_block().await.expect("current block").block_number() < close_block {
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	})
	.await
	.unwrap_or_else(|_| panic!("block {close_block} was not finalized:\n{}", node.log_text()));

	let before = report(&api, Some(close_block - 1), p).await.expect("open report");
	assert_eq!(before.at("closed").and_then(|v| v.as_bool()), Some(false));
	let r = report(&api, Some(close_block), p).await.expect("closed report");
	assert_eq!(r.at("closed").and_then(|v| v.as_bool()), Some(true), "{r}");
	let usd = r.at("assets").and_then(|a| a.at(0)).expect("the dUSD entry");
	assert_eq!(field(usd, "spent"), 80 * DUSD_UNIT, "the 80% burn share: {r}");
	let bought = field(usd, "bought");
	// At about one token per dollar, less the pool's 0.3% fee, within the 3% bound.
	assert!(bought > 79 * UNIT && bought < 80 * UNIT, "bought {bought}");
	assert_eq!(field(&r, "bought"), bought);
	// Burned: what was bought, and the burn share of the epoch's fee share (the customer's
	// transactions paid fees).
	let burned = field(&r, "burned");
	let fees = r.at("native").map(|n| field(n, "fees")).expect("native revenue");
	assert!(fees > 0, "the fee share was settled: {r}");
	assert_eq!(burned, bought + fees * 80 / 100, "{r}");

	// The close block's issuance moved by exactly the emission minted less the burn.
	let at = api.at_block(close_block).await.expect("block");
	let rewards = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("RewardEmissionApi", "epoch_rewards", (p,)))
		.await
		.expect("runtime API call");
	let minted = rewards.at(0).map(|v| field(v, "minted")).expect("the epoch's emission");
	let events = at.events().fetch().await.expect("events");
	let reported = events
		.iter()
		.filter_map(Result::ok)
		.any(|ev| ev.pallet_name() == "BuybackTreasury" && ev.event_name() == "EpochReported");
	assert!(reported, "the close block reports the epoch");
	let (issuance_before, issuance_after) =
		(total_issuance(&api, close_block - 1).await, total_issuance(&api, close_block).await);
	assert_eq!(issuance_after, issuance_before + minted - burned);

	// Totals since genesis include the burn.
	let totals = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("BuybackTreasuryApi", "totals", ()))
		.await
		.expect("runtime API call");
	assert!(field(&totals, "burned") >= burned);
	node.stop();
}
