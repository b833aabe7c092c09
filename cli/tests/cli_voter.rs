//! End-to-end: a voter's journey through the `depin` CLI against the real node. Dave locks and
//! delegates to Charlie; Charlie locks, proposes on the parameters track to change the
//! treasury's burn share (the encoded call as apps shows it) and votes; `depin dao status`
//! follows the tally until the proposal is enacted, and the change takes effect. Mistakes end
//! with one clear message and exit code 1.

mod cli_common;
#[path = "../../node/tests/common/mod.rs"]
mod common;

use cli_common::{fails, json, ok};
use common::{submit_until_finalized, Node};
use std::time::Duration;
use subxt::{
	dynamic::{self, Value},
	OnlineClient, PolkadotConfig,
};

#[tokio::test(flavor = "multi_thread")]
async fn a_voter_locks_delegates_proposes_votes_and_the_change_takes_effect() {
	let node = Node::start(&["--sealing", "200"]).await;
	let url = node.ws_url.as_str();
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(url).await.expect("connects");
	let unit = node.token().await.unit;

	// A dev chain votes for ten blocks; with 200 ms blocks the admin (sudo) gives the voters a
	// half a minute, as a chain builder tunes a track.
	let track = Value::named_composite([
		("deposit", Value::u128(10 * unit)),
		("voting_period", Value::u128(150)),
		("quorum", Value::u128(10_000_000)),
		("approval", Value::u128(500_000_000)),
		("enactment_delay", Value::u128(2)),
		("quadratic", Value::bool(false)),
	]);
	// A call nested in another is a `RuntimeCall` value: the pallet's variant around the call's.
	let set_track = Value::unnamed_variant(
		"Dao",
		[Value::unnamed_variant(
			"set_track",
			[Value::unnamed_variant("Parameters", []), Value::unnamed_variant("Some", [track])],
		)],
	);
	let sudo = dynamic::transaction("Sudo", "sudo", vec![set_track]);
	submit_until_finalized(&node, &api, &sudo, &subxt_signer::sr25519::dev::alice()).await;

	// Mistakes: caught before the chain, or named by it.
	let dave_fails = |args: &[&str], expected: &str| {
		fails(&[args, &["--suri", "//Dave", "--url", url]].concat(), expected)
	};
	dave_fails(&["dao", "lock", "--amount", "10", "--conviction", "9x"], "unknown conviction");
	dave_fails(&["dao", "propose", "--track", "treasury", "--call", "0x00"], "unknown track");
	dave_fails(&["dao", "propose", "--track", "parameters", "--call", "zz"], "--call is not hex");
	dave_fails(&["dao", "vote", "--proposal", "0"], "--aye (for) or --nay");
	dave_fails(&["dao", "vote", "--proposal", "77", "--aye"], "Dao.UnknownProposal");
	dave_fails(&["dao", "lock", "--amount", "50000000"], "Dao.InsufficientBalance");
	dave_fails(&["dao", "unlock"], "Dao.NotLocked");
	dave_fails(
		&["dao", "propose", "--track", "parameters", "--call", "0xffffffff"],
		"Dao.CallUndecodable",
	);

	// Dave lends his power to Charlie.
	ok(&[
		"dao",
		"lock",
		"--amount",
		"200000",
		"--conviction",
		"2x",
		"--suri",
		"//Dave",
		"--url",
		url,
	]);
	let charlie = subxt_signer::sr25519::dev::charlie().public_key().to_account_id().to_string();
	ok(&["dao", "delegate", "--to", &charlie, "--suri", "//Dave", "--url", url]);
	let out =
		ok(&["--json", "dao", "lock", "--amount", "300000", "--suri", "//Charlie", "--url", url]);
	assert_eq!(json(&out)["locked"], (300_000 * unit).to_string(), "{out}");

	// The change, encoded as apps shows it: burn 70% of revenue instead of 80%.
	let (share, params) = common::treasury_burn_share(&api).await;
	assert_eq!(share, 800_000_000);
	let call = common::set_burn_share_call(&api, &params, 700_000_000).await;
	let call = format!("0x{}", hex::encode(call));

	let out = ok(&[
		"--json",
		"dao",
		"propose",
		"--track",
		"parameters",
		"--call",
		&call,
		"--suri",
		"//Charlie",
		"--url",
		url,
	]);
	let index = json(&out)["proposal"].as_u64().expect("an index").to_string();
	let out = ok(&[
		"--json",
		"dao",
		"vote",
		"--proposal",
		&index,
		"--aye",
		"--suri",
		"//Charlie",
		"--url",
		url,
	]);
	// 300 000 × 1 + Dave's 200 000 × 2.
	assert_eq!(json(&out)["power"], (700_000 * unit).to_string(), "{out}");
	dave_fails(&["dao", "vote", "--proposal", &index, "--nay"], "Dao.Delegating");

	let out =
		ok(&["--json", "dao", "status", "--proposal", &index, "--who", &charlie, "--url", url]);
	let status = json(&out);
	assert_eq!(status["proposals"][0]["status"], "Voting", "{status}");
	assert_eq!(status["proposals"][0]["passing"], true, "{status}");
	assert_eq!(status["voter"]["delegated"], (400_000 * unit).to_string(), "{status}");

	// Voting ends after the track's period, then the change is enacted.
	let enacted = tokio::time::timeout(Duration::from_secs(150), async {
		loop {
			let out = ok(&["dao", "status", "--proposal", &index, "--url", url]);
			if out.contains("Enacted") {
				return out;
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	})
	.await
	.unwrap_or_else(|_| panic!("proposal {index} not enacted:\n{}", node.log_text()));
	assert!(enacted.contains("Enacted { ok: true }"), "{enacted}");
	assert_eq!(
		common::treasury_burn_share(&api).await.0,
		700_000_000,
		"the DAO changed the burn share"
	);
	node.stop();
}
