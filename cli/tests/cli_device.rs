//! End-to-end: the `depin` CLI against the real node. An operator creates a device key,
//! registers the device (the device key proves possession), reads it back, deregisters and
//! withdraws the bond; mistakes end with one clear message and exit code 1.

mod cli_common;
#[path = "../../node/tests/common/mod.rs"]
mod common;

use cli_common::{fails, json, ok, register_sensor, run};
use common::Node;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn operator_journey_through_the_cli() {
	let node = Node::start(&["--sealing", "200"]).await;
	let url = node.ws_url.clone();
	let token = node.token().await;
	// Accounts as the CLI prints them: in the chain's own address format.
	let address = |public: [u8; 32]| depin_cli::address::ss58(&public, token.ss58);
	let dir = tempfile::tempdir().expect("temp dir");
	let key = dir.path().join("device.json");
	let key = key.to_str().expect("utf8 path");

	// Keygen asks the node for its address format.
	let created = json(&ok(&["device", "keygen", "--out", key, "--url", &url, "--json"]));
	let public = created["public"].as_str().expect("public key").to_string();
	let public_bytes = depin_cli::parse_hex::<32>(&public, "public").expect("hex");
	assert_eq!(created["ss58"], address(public_bytes), "{created}");
	fails(&["device", "keygen", "--out", key], "not overwriting");

	// Mistakes that never reach the chain.
	fails(
		&["device", "register", "--device-key", key, "--class", "1", "--url", &url],
		"no account to sign with",
	);
	fails(
		&[
			"device",
			"register",
			"--device-key",
			"/nonexistent/key.json",
			"--class",
			"1",
			"--suri",
			"//Alice",
			"--url",
			&url,
		],
		"cannot read key file",
	);
	fails(&["device", "status", key, "--url", "ws://127.0.0.1:9"], "cannot reach a node");
	fails(&["device", "status", key, "--url", "http://127.0.0.1:9"], "not a websocket URL");
	fails(&["device", "status", key, "--url", &url], "no device");

	// A mistake the chain refuses, explained from the metadata.
	fails(
		&[
			"device",
			"register",
			"--device-key",
			key,
			"--class",
			"99",
			"--suri",
			"//Alice",
			"--url",
			&url,
		],
		"DeviceRegistry.ClassNotFound",
	);

	let registered = register_sensor(key, &url);
	assert_eq!(registered["device"], public.as_str());
	assert_eq!(registered["status"], "Active");
	assert_eq!(registered["class"], 3);
	assert_eq!(registered["location"]["lat"], 52_520_008);

	let status = json(&ok(&["device", "status", &public, "--url", &url, "--json"]));
	assert_eq!(status["owner"], address(subxt_signer::sr25519::dev::alice().public_key().0));
	assert_eq!(status["bond"], (10 * token.unit).to_string(), "the sensor class bond, 10 tokens");
	let text = ok(&["device", "status", key, "--url", &url]);
	let ten = format!("10 {}", token.symbol);
	assert!(text.contains("status   Active") && text.contains(&ten), "{text}");

	let listed = json(&ok(&["device", "list", "--suri", "//Alice", "--url", &url, "--json"]));
	assert_eq!(listed["devices"], serde_json::json!([public]));

	// Alice sells the device to Bob: Bob posts the bond, Alice gets hers back. Bob's address
	// is given in the generic format; the CLI answers in the chain's.
	const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
	let bob = address(subxt_signer::sr25519::dev::bob().public_key().0);
	fails(
		&["device", "accept-transfer", key, "--suri", "//Bob", "--url", &url],
		"DeviceRegistry.NoTransferOffer",
	);
	ok(&["device", "transfer", key, "--to", BOB, "--suri", "//Alice", "--url", &url]);
	let accepted =
		json(&ok(&["device", "accept-transfer", key, "--suri", "//Bob", "--url", &url, "--json"]));
	assert_eq!(accepted["owner"], bob);
	let listed = json(&ok(&["device", "list", "--owner", BOB, "--url", &url, "--json"]));
	assert_eq!(listed["devices"], serde_json::json!([public]));

	// Only the owner may deregister.
	fails(
		&["device", "deregister", key, "--suri", "//Alice", "--url", &url],
		"DeviceRegistry.NotDeviceOwner",
	);
	let dereg =
		json(&ok(&["device", "deregister", key, "--suri", "//Bob", "--url", &url, "--json"]));
	assert_eq!(dereg["status"], "Deregistering");
	let until = dereg["unbondingUntil"].as_u64().expect("end of unbonding");
	fails(&["device", "withdraw-bond", key, "--suri", "//Bob", "--url", &url], "UnbondingNotOver");

	let rpc = node.rpc().await;
	while common::best_number(&rpc).await < until {
		tokio::time::sleep(std::time::Duration::from_millis(200)).await;
	}
	let withdrawn =
		json(&ok(&["device", "withdraw-bond", key, "--suri", "//Bob", "--url", &url, "--json"]));
	assert_eq!(withdrawn["removed"], true);
	fails(&["device", "status", key, "--url", &url], "no device");
	node.stop();
}

/// A class that needs a maker: the maker applies with `depin maker apply`, governance approves
/// (here sudo through subxt), the maker's key attests the device with `depin maker attest`, and
/// the device registers with that attestation.
#[tokio::test(flavor = "multi_thread")]
async fn a_maker_attested_device_registers_through_the_cli() {
	use subxt::dynamic::{self, Value};
	use subxt_signer::sr25519::dev;

	let node = Node::start(&["--sealing", "200"]).await;
	let url = node.ws_url.clone();
	let dir = tempfile::tempdir().expect("temp dir");
	let path = |name: &str| dir.path().join(name).to_str().expect("utf8").to_string();
	let (maker_key, device_key) = (path("maker.json"), path("device.json"));
	ok(&["device", "keygen", "--out", &maker_key]);
	let device = json(&ok(&["device", "keygen", "--out", &device_key, "--json"]));

	let applied = json(&ok(&[
		"maker",
		"apply",
		"--maker-key",
		&maker_key,
		"--name",
		"Acme",
		"--suri",
		"//Charlie",
		"--url",
		&url,
		"--json",
	]));
	assert_eq!(applied["maker"], 0);
	let unit = node.token().await.unit;
	assert_eq!(
		applied["bond"],
		(10_000 * unit).to_string(),
		"the development maker bond, 10 000 tokens"
	);

	let api = subxt::OnlineClient::<subxt::PolkadotConfig>::from_insecure_url(&url)
		.await
		.expect("subxt connects");
	// The inner call as a value of the runtime's call enum: `DeviceRegistry(approve_maker { maker })`.
	let inner = Value::unnamed_variant(
		"DeviceRegistry",
		vec![Value::named_variant("approve_maker", vec![("maker", Value::u128(0))])],
	);
	let approve = dynamic::transaction("Sudo", "sudo", vec![inner]);
	common::submit_until_finalized(&node, &api, &approve, &dev::alice()).await;

	let hotspot =
		["--class", "0", "--location", "48.856613,2.352222", "--suri", "//Bob", "--url", &url];
	let register = |extra: &[&str]| -> Vec<String> {
		let mut args = vec!["device", "register", "--device-key", &device_key];
		args.extend_from_slice(&hotspot);
		args.extend_from_slice(extra);
		args.iter().map(|s| s.to_string()).collect()
	};
	fails(&register(&[]), "MakerAttestationRequired");

	let public = device["public"].as_str().expect("device key");
	let attest = |class: &str| -> String {
		let args =
			["maker", "attest", "--maker-key", &maker_key, "--device", public, "--class", class];
		let out = json(&ok(&[&args[..], &["--url", &url, "--json"]].concat()));
		out["signature"].as_str().expect("signature").to_string()
	};
	// Signed for another class: refused.
	let wrong = attest("1");
	fails(&register(&["--maker", "0", "--maker-signature", &wrong]), "InvalidMakerAttestation");
	let good = attest("0");
	let registered = json(&ok(&register(&["--maker", "0", "--maker-signature", &good, "--json"])));
	assert_eq!(registered["maker"], 0);
	assert_eq!(registered["class"], 0);
	assert_eq!(registered["status"], "Active");
	node.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sensor_reports_work_through_the_cli_without_tokens() {
	let node = Node::start(&["--sealing", "200"]).await;
	let url = node.ws_url.clone();
	let dir = tempfile::tempdir().expect("temp dir");
	let key = dir.path().join("sensor.json");
	let key = key.to_str().expect("utf8 path");
	let created = json(&ok(&["device", "keygen", "--out", key, "--json"]));
	let public = created["public"].as_str().expect("public key").to_string();

	// A device not registered: the pool refuses the report and says why. (Another key than the
	// sensor's: the CLI keeps every report it signs for its epoch, refused or not, and would
	// send this one again for the sensor if its epoch had not ended by the sensor's report.)
	let stranger = dir.path().join("stranger.json");
	let stranger = stranger.to_str().expect("utf8 path");
	ok(&["device", "keygen", "--out", stranger]);
	fails(
		&["device", "report", "--device-key", stranger, "--units", "5", "--url", &url],
		"PhysicalWork.UnknownDevice",
	);
	register_sensor(key, &url);

	// Feeless reports in two consecutive epochs; the device key holds no tokens.
	let sent = json(&ok(&[
		"device",
		"report",
		"--device-key",
		key,
		"--units",
		"12",
		"--epochs",
		"2",
		"--url",
		&url,
		"--json",
	]));
	let reports = sent["reports"].as_array().expect("reports");
	assert_eq!(reports.len(), 2, "{sent}");
	assert!(reports.iter().all(|r| r["resent"] == false), "{sent}");
	assert!(reports.iter().all(|r| r["units"] == 12), "{sent}");
	let second_epoch = reports[1]["epoch"].as_u64().expect("epoch");
	assert_eq!(second_epoch, reports[0]["epoch"].as_u64().expect("epoch") + 1);

	// One report per epoch: asked again in the same epoch, the CLI signs nothing new — it
	// finds the report it kept for the epoch on chain and says so (with the 12 units that
	// report carries, not the 3 asked now); a new report of 3 goes in only if a new epoch has
	// begun meanwhile (epochs last two seconds here).
	let again = json(&ok(&[
		"device",
		"report",
		"--device-key",
		key,
		"--units",
		"3",
		"--url",
		&url,
		"--json",
	]));
	let row = &again["reports"][0];
	if row["epoch"].as_u64() == Some(second_epoch) {
		assert_eq!((&row["resent"], &row["units"]), (&json!(true), &json!(12)), "{again}");
		assert_eq!(row["report"], reports[1]["report"], "{again}");
	} else {
		assert!(row["epoch"].as_u64() > Some(second_epoch), "{again}");
		assert_eq!((&row["resent"], &row["units"]), (&json!(false), &json!(3)), "{again}");
	}
	// Another machine's report (no journal here) for an epoch already reported is refused in
	// the pallet's words.
	let elsewhere = tempfile::tempdir().expect("temp dir");
	let r = std::process::Command::new(cli_common::depin())
		.args(["device", "report", "--device-key", key, "--units", "3", "--url", &url])
		.env(cli_common::JOURNAL_ENV, elsewhere.path())
		.output()
		.expect("depin runs");
	let stderr = String::from_utf8_lossy(&r.stderr);
	if r.status.code() == Some(1) {
		assert!(stderr.contains("PhysicalWork.ReportAlreadySubmitted"), "{stderr}");
	} else {
		assert!(r.status.success(), "{stderr}");
	}

	// Status shows the device's latest epoch with work: the second report's, or the third's
	// if it went in.
	let status = json(&ok(&["device", "status", &public, "--url", &url, "--json"]));
	let work = &status["work"];
	assert_eq!(work["reported"], true, "{status}");
	assert!(work["units"] == 12 || work["units"] == 3, "{status}");

	// The first epoch has closed: its rewards are pending for the owner.
	let first_epoch = reports[0]["epoch"].as_u64().expect("epoch");
	let mine = json(&ok(&["rewards", "--suri", "//Alice", "--url", &url, "--json"]));
	let devices = mine["devices"].as_array().expect("devices");
	let entry = devices.iter().find(|d| d["device"] == public.as_str()).expect("the sensor");
	// The first epoch was credited when the device reported again; a later one may still be
	// waiting to be credited (by the claim).
	assert_ne!(entry["credited"], "0", "{mine}");
	if let Some(unsettled) = entry["unsettled"].as_u64() {
		assert!(unsettled > first_epoch, "{mine}");
	}
	let pending: u128 = entry["amount"].as_str().and_then(|a| a.parse().ok()).expect("amount");
	assert!(pending > 0, "{mine}");
	// Epochs last two seconds here: another may close between the two reads, adding to it.
	let one = json(&ok(&["rewards", "--device", &public, "--url", &url, "--json"]));
	assert_eq!(one["device"], entry["device"], "{one}");
	let again: u128 = one["amount"].as_str().and_then(|a| a.parse().ok()).expect("amount");
	assert!(again >= pending, "{one}");

	// Only the owner claims with `claim`; anyone may claim for the owner, who is paid.
	fails(
		&["rewards", "claim", "--device", &public, "--suri", "//Bob", "--url", &url],
		"RewardEmission.NotDeviceOwner",
	);
	let claimed = json(&ok(&[
		"rewards",
		"claim",
		"--device",
		&public,
		"--for-owner",
		"--suri",
		"//Bob",
		"--url",
		&url,
		"--json",
	]));
	let paid: u128 = claimed["paid"].as_str().and_then(|a| a.parse().ok()).expect("paid");
	assert!(paid >= pending, "{claimed}");
	assert!(claimed["through"].as_u64() >= Some(first_epoch), "{claimed}");
	// Everything was paid: a second claim has nothing to pay.
	fails(
		&["rewards", "claim", "--device", &public, "--suri", "//Alice", "--url", &url],
		"nothing to claim",
	);
	fails(&["rewards", "--url", &url], "--owner");
	// Development chains lock no share of a claim: there is nothing to unlock.
	fails(
		&["rewards", "unlock", "--suri", "//Alice", "--url", &url],
		"RewardEmission.NothingToUnlock",
	);

	// Bad input ends with one message and exit code 1.
	fails(
		&["device", "report", "--device-key", key, "--units", "0", "--url", &url],
		"--units must be at least 1",
	);
	fails(
		&["device", "report", "--device-key", key, "--units", "5", "--data-hash", "0x12"],
		"--data-hash",
	);
	fails(
		&["device", "report", "--device-key", "/nonexistent.json", "--units", "5", "--url", &url],
		"cannot read key file",
	);
	node.stop();
}

/// A quality oracle's path: Charlie offers to score the sensor class, governance (sudo here)
/// approves, Charlie posts scores for the next epoch from a file, Bob disputes one of them, and
/// in the scored epoch the scored device is credited its share while the disputed one keeps
/// 100%.
#[tokio::test(flavor = "multi_thread")]
async fn a_quality_oracle_scores_devices_and_a_disputed_score_does_not_apply() {
	use subxt::dynamic::{self, Value};
	use subxt_signer::sr25519::dev;

	// 600 ms blocks: ten-block epochs of 6 s, posting closing 3 blocks before each.
	let node = Node::start(&["--sealing", "600"]).await;
	let url = node.ws_url.clone();
	let dir = tempfile::tempdir().expect("temp dir");
	let path = |name: &str| dir.path().join(name).to_str().expect("utf8").to_string();
	let (a_key, b_key) = (path("a.json"), path("b.json"));
	let a = json(&ok(&["device", "keygen", "--out", &a_key, "--json"]));
	let b = json(&ok(&["device", "keygen", "--out", &b_key, "--json"]));
	let (a, b) =
		(a["public"].as_str().unwrap().to_string(), b["public"].as_str().unwrap().to_string());
	register_sensor(&a_key, &url);
	register_sensor(&b_key, &url);

	let charlie = ["--suri", "//Charlie", "--url", &url, "--json"];
	let offered = json(&ok(&[&["oracle", "offer", "--class", "3"][..], &charlie].concat()));
	assert_eq!(offered["class"], 3, "{offered}");
	let scores = path("scores.txt");
	std::fs::write(&scores, format!("# drift check, week 49\n{a} 50\n{b} 10\n")).unwrap();
	let method = path("method.md");
	std::fs::write(&method, "score = 1 - drift / tolerance\n").unwrap();
	let post = [
		&["oracle", "post", "--class", "3", "--scores", &scores][..],
		&["--method-file", &method],
		&charlie,
	]
	.concat();
	// Not approved yet: refused in the chain's words.
	fails(&post[..post.len() - 1], "PhysicalWork.OracleNotApproved");

	let api = subxt::OnlineClient::<subxt::PolkadotConfig>::from_insecure_url(&url)
		.await
		.expect("subxt connects");
	let inner = Value::unnamed_variant(
		"PhysicalWork",
		vec![Value::named_variant(
			"approve_oracle",
			vec![
				("class", Value::u128(3)),
				("oracle", Value::from_bytes(dev::charlie().public_key().0)),
			],
		)],
	);
	let approve = dynamic::transaction("Sudo", "sudo", vec![inner]);
	common::submit_until_finalized(&node, &api, &approve, &dev::alice()).await;

	let posted = json(&ok(&post));
	assert_eq!(posted["scores"], 2, "{posted}");
	let scored = posted["epoch"].as_u64().expect("epoch");
	let disputed = json(&ok(&[
		"oracle", "dispute", "--device", &b, "--suri", "//Bob", "--url", &url, "--json",
	]));
	assert_eq!(disputed["epoch"].as_u64(), Some(scored), "{disputed}");
	fails(
		&["oracle", "dispute", "--device", &b, "--suri", "//Dave", "--url", &url],
		"PhysicalWork.AlreadyDisputed",
	);
	let status = json(&ok(&["device", "status", &a, "--url", &url, "--json"]));
	assert_eq!(status["quality"]["epoch"].as_u64(), Some(scored), "{status}");
	assert_eq!(status["quality"]["percent"], 50.0, "{status}");
	assert_eq!(status["quality"]["disputed"], false, "{status}");

	// Both devices report 40 units in one batch, again each epoch until the scored one.
	let credited = loop {
		let batch = json(&ok(&[
			"device",
			"report",
			"--device-key",
			&a_key,
			"--device-key",
			&b_key,
			"--units",
			"40",
			"--url",
			&url,
			"--json",
		]));
		let epoch = batch["epoch"].as_u64().expect("epoch");
		assert!(epoch <= scored, "the batch missed the scored epoch: {batch}");
		if epoch == scored {
			break batch;
		}
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	};
	let units = |device: &str| {
		credited["reports"]
			.as_array()
			.unwrap()
			.iter()
			.find(|r| r["device"] == device)
			.map(|r| r["units"].clone())
	};
	assert_eq!(units(&a), Some(json!(20)), "half of 40: {credited}");
	assert_eq!(units(&b), Some(json!(40)), "the disputed score does not apply: {credited}");

	// Bad input: one message each.
	std::fs::write(&scores, format!("{a} 150\n")).unwrap();
	fails(&post[..post.len() - 1], "line 1: 150% is outside 0 to 100");
	fails(
		&[
			"oracle",
			"post",
			"--class",
			"3",
			"--scores",
			&scores,
			"--suri",
			"//Charlie",
			"--url",
			&url,
		],
		"--method",
	);
	// The scored epoch has started: too late to dispute.
	fails(
		&["oracle", "dispute", "--device", &a, "--suri", "//Bob", "--url", &url],
		"PhysicalWork.DisputeWindowClosed",
	);
	fails(
		&["oracle", "retire", "--class", "3", "--suri", "//Bob", "--url", &url],
		"PhysicalWork.NotOracle",
	);
	node.stop();
}

/// Seals one block (and finalizes it) on a node started with `--sealing manual`.
async fn seal(rpc: &subxt::rpcs::RpcClient) {
	rpc.request::<serde_json::Value>("engine_createBlock", subxt::rpcs::rpc_params![true, true])
		.await
		.expect("engine_createBlock");
}

/// The transactions waiting in the node's pool, hex-encoded.
async fn pending(rpc: &subxt::rpcs::RpcClient) -> Vec<String> {
	rpc.request("author_pendingExtrinsics", subxt::rpcs::rpc_params![])
		.await
		.expect("author_pendingExtrinsics")
}

/// Starts `depin args` with the test journal, its output captured.
fn spawn(args: &[&str]) -> std::process::Child {
	std::process::Command::new(cli_common::depin())
		.args(args)
		.env(cli_common::JOURNAL_ENV, cli_common::journal_dir())
		.stdout(std::process::Stdio::piped())
		.stderr(std::process::Stdio::piped())
		.spawn()
		.expect("depin starts")
}

/// Waits for `child` to succeed, sealing a block every 100 ms meanwhile; returns its stdout.
async fn finish_sealing(rpc: &subxt::rpcs::RpcClient, child: std::process::Child) -> String {
	let waited = tokio::task::spawn_blocking(move || child.wait_with_output());
	tokio::pin!(waited);
	let out = loop {
		tokio::select! {
			out = &mut waited => break out.expect("joined").expect("depin ran"),
			_ = tokio::time::sleep(std::time::Duration::from_millis(100)) => seal(rpc).await,
		}
	};
	let (stdout, stderr) =
		(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	assert!(out.status.success(), "depin failed:\n{stdout}\n{stderr}");
	stdout.into_owned()
}

/// Seals blocks until an epoch has just begun, so that a report sent now has room in it and
/// no block need be sealed before it reaches the pool.
async fn seal_to_fresh_epoch(rpc: &subxt::rpcs::RpcClient, url: &str) {
	let api = subxt::OnlineClient::<subxt::PolkadotConfig>::from_insecure_url(url)
		.await
		.expect("subxt connects");
	for _ in 0..100 {
		let e = common::work::epoch(&api).await;
		if common::best_block(&api).await < e.start + e.length / 2 {
			return;
		}
		seal(rpc).await;
	}
	panic!("no fresh epoch after 100 blocks");
}

/// What `child` printed, once it has ended.
fn printed(child: &mut std::process::Child) -> String {
	use std::io::Read;
	let mut out = String::new();
	if let Some(mut pipe) = child.stdout.take() {
		let _ = pipe.read_to_string(&mut out);
	}
	if let Some(mut pipe) = child.stderr.take() {
		let _ = pipe.read_to_string(&mut out);
	}
	out
}

/// Waits until `child`'s transaction reaches the pool (sealing nothing, so the epoch it signed
/// for stays open); returns the transaction.
async fn until_pending(rpc: &subxt::rpcs::RpcClient, child: &mut std::process::Child) -> String {
	for _ in 0..1_200 {
		tokio::time::sleep(std::time::Duration::from_millis(100)).await;
		if let [tx] = &pending(rpc).await[..] {
			return tx.clone();
		}
		if child.try_wait().expect("child state").is_some() {
			panic!("depin ended before sending anything:\n{}", printed(child));
		}
	}
	let _ = child.kill();
	let _ = child.wait();
	panic!("depin sent nothing within 120 s:\n{}", printed(child));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_report_is_sent_again_unchanged_never_as_a_second_report() {
	let node = Node::start(&["--sealing", "manual"]).await;
	let (url, rpc) = (node.ws_url.clone(), node.rpc().await);
	let dir = tempfile::tempdir().expect("temp dir");
	let key = dir.path().join("sensor.json");
	let key = key.to_str().expect("utf8 path");
	let created = json(&ok(&["device", "keygen", "--out", key, "--json"]));
	let public = created["public"].as_str().expect("public key").to_string();
	finish_sealing(&rpc, spawn(&cli_common::register_sensor_args(key, &url))).await;
	let bond = json(&ok(&["device", "status", &public, "--url", &url, "--json"]))["bond"].clone();

	// The report reaches the pool; then the CLI dies and the node drops the transaction before
	// any block takes it.
	let report = ["device", "report", "--device-key", key, "--units", "5", "--url", &url, "--json"];
	seal_to_fresh_epoch(&rpc, &url).await;
	// Without --json, so that its progress shows if it fails.
	let mut first = spawn(&report[..report.len() - 1]);
	let sent = until_pending(&rpc, &mut first).await;
	first.kill().expect("kill the CLI");
	first.wait().expect("reaped");
	let removed: Vec<String> = rpc
		.request(
			"author_removeExtrinsic",
			subxt::rpcs::rpc_params![vec![serde_json::json!({ "extrinsic": sent })]],
		)
		.await
		.expect("author_removeExtrinsic");
	assert_eq!(removed.len(), 1, "the submission is dropped");
	assert!(pending(&rpc).await.is_empty());

	// The retry sends the same report under the same signature: the node bans the dropped
	// transaction's hash for a while, so it goes in a batch of one, a transaction that ends with
	// the same bytes (the report's 89 and the signature's 64). No second report of this device
	// for this epoch was ever signed, so nobody holds a pair that proves equivocation, and the
	// device keeps its bond and its status.
	let mut retry = spawn(&report);
	let resent = until_pending(&rpc, &mut retry).await;
	let tail = 2 * (89 + 64);
	assert_eq!(resent[resent.len() - tail..], sent[sent.len() - tail..], "the kept report");
	let done = json(&finish_sealing(&rpc, retry).await);
	let row = &done["reports"][0];
	assert_eq!((&row["units"], &row["resent"]), (&json!(5), &json!(true)), "{done}");
	let status = json(&ok(&["device", "status", &public, "--url", &url, "--json"]));
	assert_eq!(status["status"], "Active", "{status}");
	assert_eq!(status["bond"], bond, "{status}");
	let work = &status["work"];
	assert_eq!((&work["units"], &work["punished_up_to"]), (&json!(5), &json!(null)), "{status}");
	assert_eq!(work["epoch"], row["epoch"], "{status}");

	// Asked again in the same epoch, the CLI finds its report on chain and sends nothing; if a
	// new epoch began meanwhile, it signs that epoch's one report.
	let again = json(&finish_sealing(&rpc, spawn(&report)).await);
	let next = &again["reports"][0];
	if next["epoch"] == row["epoch"] {
		assert_eq!((&next["resent"], &next["report"]), (&json!(true), &row["report"]), "{again}");
	} else {
		assert_eq!(next["resent"], false, "{again}");
	}
	node.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gateway_reports_for_several_devices_in_one_batch() {
	let node = Node::start(&["--sealing", "200"]).await;
	let url = node.ws_url.clone();
	let dir = tempfile::tempdir().expect("temp dir");
	let path = |name: &str| dir.path().join(name).to_str().expect("utf8 path").to_string();
	let (k1, k2, stranger) = (path("one.json"), path("two.json"), path("stranger.json"));
	for (i, key) in [&k1, &k2, &stranger].into_iter().enumerate() {
		ok(&["device", "keygen", "--out", key]);
		if i < 2 {
			register_sensor(key, &url);
		}
	}

	// Two registered sensors and one unknown key in one feeless batch: the sensors are
	// credited, the stranger is skipped with the pallet's reason.
	let sent = json(&ok(&[
		"device",
		"report",
		"--device-key",
		&k1,
		"--device-key",
		&k2,
		"--device-key",
		&stranger,
		"--units",
		"4",
		"--url",
		&url,
		"--json",
	]));
	let reports = sent["reports"].as_array().expect("reports");
	assert_eq!(reports.len(), 3, "{sent}");
	assert_eq!(reports[0]["units"], 4, "{sent}");
	assert_eq!(reports[1]["units"], 4, "{sent}");
	assert_eq!(reports[2]["skipped"], "PhysicalWork.UnknownDevice", "{sent}");

	// A batch naming one device twice is refused whole, in the pallet's words; a batch with an
	// operator or over several epochs is refused before anything is sent.
	fails(
		&[
			"device",
			"report",
			"--device-key",
			&stranger,
			"--device-key",
			&stranger,
			"--units",
			"1",
			"--url",
			&url,
		],
		"PhysicalWork.DuplicateReportInBatch",
	);
	fails(
		&[
			"device",
			"report",
			"--device-key",
			&k1,
			"--device-key",
			&k2,
			"--units",
			"1",
			"--epochs",
			"2",
			"--url",
			&url,
		],
		"one feeless batch",
	);
	node.stop();
}

/// Without a node, keygen shows the key in the format it is told (or the generic one, and says
/// so); and a closed output pipe (`depin … | head`) ends the CLI quietly, without a panic.
#[test]
fn keygen_offline_and_a_closed_pipe() {
	let dir = tempfile::tempdir().expect("temp dir");
	let path = |name: &str| dir.path().join(name).to_str().expect("utf8").to_string();
	let nowhere = "ws://127.0.0.1:9";
	let told = json(&ok(&[
		"device",
		"keygen",
		"--out",
		&path("a.json"),
		"--ss58-prefix",
		"7",
		"--url",
		nowhere,
		"--json",
	]));
	let public = depin_cli::parse_hex::<32>(told["public"].as_str().unwrap(), "public").unwrap();
	assert_eq!(told["ss58"], depin_cli::address::ss58(&public, 7), "{told}");
	let file: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(path("a.json")).unwrap()).unwrap();
	assert_eq!(file["ss58"], told["ss58"], "the key file notes the same address");

	let guessed = ok(&["device", "keygen", "--out", &path("b.json"), "--url", nowhere]);
	assert!(guessed.contains("generic prefix: no node at ws://127.0.0.1:9"), "{guessed}");
	let refused = run(&["device", "keygen", "--out", &path("c.json"), "--ss58-prefix", "16384"]);
	assert!(refused.code != 0 && refused.stderr.contains("16384"), "{}", refused.stderr);
	assert!(!std::path::Path::new(&path("c.json")).exists(), "nothing written");

	// A key file others can read is refused with the fix; a secret from the environment that
	// does not parse is refused without being repeated.
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		let shared = path("a.json");
		std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).unwrap();
		fails(
			&["device", "register", "--device-key", &shared, "--class", "3", "--suri", "//Alice"],
			&format!("run: chmod 600 {shared}"),
		);
	}
	let out = std::process::Command::new(cli_common::depin())
		.args(["device", "list", "--url", nowhere])
		.env("DEPIN_SURI", "correct horse battery staple")
		.output()
		.expect("depin runs");
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert_eq!(out.status.code(), Some(1), "{stderr}");
	assert!(stderr.contains("DEPIN_SURI") && !stderr.contains("horse"), "{stderr}");

	// The reader closes the pipe before the CLI writes.
	let mut child = std::process::Command::new(cli_common::depin())
		.args(["device", "keygen", "--out", &path("d.json"), "--ss58-prefix", "42"])
		.stdout(std::process::Stdio::piped())
		.stderr(std::process::Stdio::piped())
		.spawn()
		.expect("depin starts");
	drop(child.stdout.take());
	let out = child.wait_with_output().expect("depin ends");
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(out.status.success(), "{:?}: {stderr}", out.status);
	assert!(!stderr.contains("panicked"), "{stderr}");
}
