//! A real `depin-node` process for end-to-end tests: started on free loopback ports with a
//! temporary base path, stopped with SIGTERM, its log kept for failure messages.

#![allow(dead_code)]

pub mod work;

use std::{
	io::Read,
	net::TcpListener,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use subxt::{
	dynamic::{self, At, Value},
	rpcs::{rpc_params, RpcClient},
	OnlineClient, PolkadotConfig,
};

/// A running node.
pub struct Node {
	child: Option<Child>,
	/// `ws://127.0.0.1:<port>` of the node's RPC server.
	pub ws_url: String,
	/// The loopback port the node listens on for peers.
	pub p2p_port: u16,
	log: std::path::PathBuf,
	_base: tempfile::TempDir,
}

fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|l| l.local_addr())
		.map(|a| a.port())
		.expect("a free loopback port")
}

/// The number in a block header as JSON-RPC returns it (`"number": "0x1a"`).
pub fn header_number(header: &serde_json::Value) -> u64 {
	let hex = header["number"].as_str().expect("a header has a hex number");
	u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("a block number")
}

/// The number of the node's best block.
pub async fn best_number(rpc: &RpcClient) -> u64 {
	let header: serde_json::Value =
		rpc.request("chain_getHeader", rpc_params![]).await.expect("chain_getHeader");
	header_number(&header)
}

/// The node binary that cargo built for these tests.
pub fn node_binary() -> String {
	// The node package's own tests get the path from cargo.
	if let Some(path) = option_env!("CARGO_BIN_EXE_depin-node") {
		return path.to_string();
	}
	// Other packages' tests (the CLI's): `DEPIN_NODE`, or the node that the same
	// `cargo test --workspace` built next to this test's folder (target/<profile>/).
	if let Ok(path) = std::env::var("DEPIN_NODE") {
		return path;
	}
	let exe = std::env::current_exe().expect("the test's own path");
	let node = exe
		.parent()
		.and_then(|deps| deps.parent())
		.map(|profile| profile.join("depin-node"))
		.expect("a target folder");
	assert!(
		node.exists(),
		"{} is missing: run the tests with `scripts/test.sh` (it builds the node), or set DEPIN_NODE",
		node.display()
	);
	node.display().to_string()
}

impl Node {
	/// Starts `depin-node --dev` with the given extra arguments and waits for its RPC server.
	pub async fn start(extra: &[&str]) -> Node {
		let mut args = vec!["--dev"];
		args.extend_from_slice(extra);
		Node::spawn(&args).await
	}

	/// Starts `depin-node` with the given arguments (which choose the chain) and waits for its
	/// RPC server.
	pub async fn spawn(args: &[&str]) -> Node {
		let base = tempfile::tempdir().expect("a temporary base path");
		let rpc_port = free_port();
		let p2p_port = free_port();
		let log = base.path().join("node.log");
		let log_file = std::fs::File::create(&log).expect("log file");
		let child = Command::new(node_binary())
			.args(["--no-telemetry", "--no-prometheus", "--no-mdns"])
			.arg("--base-path")
			.arg(base.path())
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.args(args)
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.expect("the node binary starts");
		let mut node = Node {
			child: Some(child),
			ws_url: format!("ws://127.0.0.1:{rpc_port}"),
			p2p_port,
			log,
			_base: base,
		};
		node.wait_for_rpc().await;
		node
	}

	async fn wait_for_rpc(&mut self) {
		let deadline = Instant::now() + Duration::from_secs(120);
		loop {
			if let Ok(rpc) = RpcClient::from_insecure_url(&self.ws_url).await {
				if rpc.request::<serde_json::Value>("system_health", rpc_params![]).await.is_ok() {
					return;
				}
			}
			if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
				panic!("the node exited with {status} before serving RPC:\n{}", self.log_text());
			}
			assert!(
				Instant::now() < deadline,
				"the node served no RPC within 120 s:\n{}",
				self.log_text()
			);
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// A raw JSON-RPC client to this node.
	pub async fn rpc(&self) -> RpcClient {
		RpcClient::from_insecure_url(&self.ws_url).await.expect("RPC connects")
	}

	/// The node's log so far.
	pub fn log_text(&self) -> String {
		let mut s = String::new();
		if let Ok(mut f) = std::fs::File::open(&self.log) {
			let _ = f.read_to_string(&mut s);
		}
		let tail: Vec<&str> = s.lines().rev().take(60).collect();
		tail.into_iter().rev().collect::<Vec<_>>().join("\n")
	}

	/// Stops the node with SIGTERM and checks that it shut down cleanly.
	pub fn stop(mut self) {
		let mut child = self.child.take().expect("the node runs");
		let status = Command::new("kill")
			.args(["-TERM", &child.id().to_string()])
			.status()
			.expect("kill runs");
		assert!(status.success(), "SIGTERM was delivered");
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			if let Some(status) = child.try_wait().expect("wait on the node") {
				let log = self.log_text();
				assert!(status.success(), "the node exited with {status}:\n{log}");
				assert!(
					!log.contains("Essential task"),
					"a normal shutdown logs no failure:\n{log}"
				);
				return;
			}
			assert!(Instant::now() < deadline, "the node did not stop within 60 s of SIGTERM");
			std::thread::sleep(Duration::from_millis(100));
		}
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

/// The chain's token and address format, as `system_properties` gives them: tests compare
/// against these, not literals, so that a renamed fork's tests pass unchanged.
pub struct Token {
	/// `tokenSymbol`.
	pub symbol: String,
	/// `tokenDecimals`.
	pub decimals: u32,
	/// `ss58Format`.
	pub ss58: u16,
	/// One whole token in plancks.
	pub unit: u128,
}

impl Node {
	/// The token and address format this node announces.
	pub async fn token(&self) -> Token {
		let props: serde_json::Value =
			self.rpc().await.request("system_properties", rpc_params![]).await.expect("properties");
		let decimals = props["tokenDecimals"].as_u64().expect("tokenDecimals") as u32;
		Token {
			symbol: props["tokenSymbol"].as_str().expect("tokenSymbol").to_string(),
			decimals,
			ss58: props["ss58Format"].as_u64().expect("ss58Format") as u16,
			unit: 10u128.pow(decimals),
		}
	}
}

/// The free balance of an account.
pub async fn free_balance(api: &OnlineClient<PolkadotConfig>, who: [u8; 32]) -> u128 {
	let at = api.at_current_block().await.expect("current block");
	let account = at
		.storage()
		.fetch(dynamic::storage::<([u8; 32],), Value>("System", "Account"), (who,))
		.await
		.expect("account storage")
		.decode()
		.expect("account decodes");
	account.at("data").at("free").and_then(|v| v.as_u128()).expect("a free balance")
}

/// Signs `payload` with `signer`, submits it and waits for it to succeed in a finalized block.
pub async fn submit_until_finalized(
	node: &Node,
	api: &OnlineClient<PolkadotConfig>,
	payload: &impl subxt::transactions::Payload,
	signer: &subxt_signer::sr25519::Keypair,
) -> subxt::extrinsics::ExtrinsicEvents<PolkadotConfig> {
	let mut txs = api.at_current_block().await.expect("current block").transactions();
	tokio::time::timeout(Duration::from_secs(60), async {
		txs.sign_and_submit_then_watch_default(payload, signer)
			.await
			.expect("the transaction is accepted by the pool")
			.wait_for_finalized_success()
			.await
			.expect("the transaction succeeds in a finalized block")
	})
	.await
	.unwrap_or_else(|_| panic!("no finalized inclusion within 60 s:\n{}", node.log_text()))
}

/// Signs and submits `payload`, which must be included and fail; returns the error as text
/// (for a pallet error, `Pallet::Error` and its documentation).
pub async fn submit_expecting_failure(
	node: &Node,
	api: &OnlineClient<PolkadotConfig>,
	payload: &impl subxt::transactions::Payload,
	signer: &subxt_signer::sr25519::Keypair,
) -> String {
	let mut txs = api.at_current_block().await.expect("current block").transactions();
	tokio::time::timeout(Duration::from_secs(60), async {
		let result = txs
			.sign_and_submit_then_watch_default(payload, signer)
			.await
			.expect("the transaction is accepted by the pool")
			.wait_for_finalized_success()
			.await;
		match result {
			Ok(_) => panic!("the transaction was expected to fail"),
			Err(e) => format!("{e} {e:?}"),
		}
	})
	.await
	.unwrap_or_else(|_| panic!("no finalized inclusion within 60 s:\n{}", node.log_text()))
}

/// SCALE encoding of a compact length below 64, as a light client writes it by hand.
pub fn compact_len(out: &mut Vec<u8>, len: usize) {
	assert!(len < 64, "single-byte compact length");
	out.push((len as u8) << 2);
}

/// The bytes a device key signs to prove possession, written out by hand as a client without
/// the runtime's crates does: `(tag: Vec<u8>, owner: [u8; 32], genesis: [u8; 32], valid_until:
/// u32)`.
pub fn possession_payload(owner: [u8; 32], genesis: [u8; 32], valid_until: u32) -> Vec<u8> {
	let tag = b"depin/device-possession/v1";
	let mut out = Vec::new();
	compact_len(&mut out, tag.len());
	out.extend_from_slice(tag);
	out.extend_from_slice(&owner);
	out.extend_from_slice(&genesis);
	out.extend_from_slice(&valid_until.to_le_bytes());
	out
}

/// `Option::None` as a dynamic value.
pub fn none() -> Value {
	Value::unnamed_variant("None", vec![])
}

/// The number of the best block.
pub async fn best_block(api: &OnlineClient<PolkadotConfig>) -> u32 {
	api.at_current_block().await.expect("current block").block_number() as u32
}

/// The treasury's burn share (parts per billion) and its whole parameters, from storage.
pub async fn treasury_burn_share(api: &OnlineClient<PolkadotConfig>) -> (u128, Value) {
	let at = api.at_current_block().await.expect("current block");
	let params: Value = at
		.storage()
		.fetch(dynamic::storage::<(), Value>("BuybackTreasury", "Params"), ())
		.await
		.expect("treasury parameters")
		.decode()
		.expect("they decode");
	// A `Perbill` is a composite of one number.
	let share = params.at("burn_share").and_then(|v| v.at(0)).and_then(|v| v.as_u128());
	(share.expect("a burn share"), params)
}

/// The encoded call `BuybackTreasury.set_params` that keeps `params` but burns `share`
/// (parts per billion): what apps shows as "encoded call data".
pub async fn set_burn_share_call(
	api: &OnlineClient<PolkadotConfig>,
	params: &Value,
	share: u128,
) -> Vec<u8> {
	let fields: Vec<(&str, Value)> =
		["burn_share", "fee_share", "max_slippage", "native_grant_cap"]
			.into_iter()
			.map(|f| {
				let v = if f == "burn_share" {
					Value::unnamed_composite([Value::u128(share)])
				} else {
					params.at(f).cloned().expect("a treasury parameter").remove_context()
				};
				(f, v)
			})
			.collect();
	let call =
		dynamic::transaction("BuybackTreasury", "set_params", vec![Value::named_composite(fields)]);
	let at = api.at_current_block().await.expect("current block");
	at.transactions().call_data(&call).expect("the call encodes")
}
