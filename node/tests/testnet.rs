//! `scripts/testnet.sh` as a user runs it: the four validators of the `local` chain find each
//! other over loopback, take turns authoring with Aura and finalize one chain with GRANDPA;
//! with one validator stopped the other three keep authoring and finalizing.

mod common;

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use serde_json::Value as Json;
use subxt::rpcs::{rpc_params, RpcClient};

const VALIDATORS: [&str; 4] = ["alice", "bob", "charlie", "dave"];

/// The testnet script, running; stopped with SIGTERM (which stops its validators) on drop.
struct Testnet {
	script: Child,
	dir: tempfile::TempDir,
	rpc_port: u16,
}

impl Testnet {
	fn start() -> Testnet {
		let dir = tempfile::tempdir().expect("a temporary folder");
		let rpc_port = free_run(VALIDATORS.len());
		let p2p_port = free_run(VALIDATORS.len());
		let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/testnet.sh");
		let out = std::fs::File::create(dir.path().join("script.out")).expect("script output");
		let script = Command::new("bash")
			.arg(script)
			.args(["--dir", &dir.path().display().to_string()])
			.args(["--rpc-port", &rpc_port.to_string(), "--p2p-port", &p2p_port.to_string()])
			.env("DEPIN_NODE", common::node_binary())
			.stdout(out.try_clone().expect("output file"))
			.stderr(out)
			.spawn()
			.expect("bash runs the script");
		Testnet { script, dir, rpc_port }
	}

	fn url(&self, i: usize) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port + i as u16)
	}

	fn file(&self, name: &str) -> PathBuf {
		self.dir.path().join(name)
	}

	/// The script's output and the tail of every validator's log, for a failure message.
	fn logs(&self) -> String {
		let mut s = std::fs::read_to_string(self.file("script.out")).unwrap_or_default();
		for name in VALIDATORS {
			let log =
				std::fs::read_to_string(self.file(&format!("{name}.log"))).unwrap_or_default();
			let tail: Vec<&str> = log.lines().rev().take(25).collect();
			s += &format!("\n--- {name} ---\n");
			s += &tail.into_iter().rev().collect::<Vec<_>>().join("\n");
		}
		s
	}

	async fn rpc(&self, i: usize) -> RpcClient {
		let deadline = Instant::now() + Duration::from_secs(120);
		loop {
			if let Ok(rpc) = RpcClient::from_insecure_url(&self.url(i)).await {
				if rpc.request::<Json>("system_health", rpc_params![]).await.is_ok() {
					return rpc;
				}
			}
			assert!(
				Instant::now() < deadline,
				"{} served no RPC within 120 s:\n{}",
				VALIDATORS[i],
				self.logs()
			);
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	}

	fn pid(&self, name: &str) -> String {
		std::fs::read_to_string(self.file(&format!("{name}.pid")))
			.expect("the script records each validator's pid")
			.trim()
			.to_string()
	}
}

impl Drop for Testnet {
	fn drop(&mut self) {
		let _ = Command::new("kill")
			.args(["-TERM", &self.script.id().to_string()])
			.stderr(Stdio::null())
			.status();
		let deadline = Instant::now() + Duration::from_secs(60);
		while Instant::now() < deadline {
			if let Ok(Some(_)) = self.script.try_wait() {
				break;
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		// Whatever is left (a failed test may leave the script's children): kill them.
		for name in VALIDATORS {
			if let Ok(pid) = std::fs::read_to_string(self.file(&format!("{name}.pid"))) {
				// Gone already, normally: the script stopped it.
				let _ =
					Command::new("kill").args(["-KILL", pid.trim()]).stderr(Stdio::null()).status();
			}
		}
		let _ = self.script.kill();
		let _ = self.script.wait();
	}
}

/// The first of `n` consecutive free loopback ports.
fn free_run(n: usize) -> u16 {
	for _ in 0..100 {
		let first = TcpListener::bind("127.0.0.1:0")
			.and_then(|l| l.local_addr())
			.map(|a| a.port())
			.expect("a free loopback port");
		if first > u16::MAX - n as u16 {
			continue;
		}
		let held: Vec<_> =
			(0..n as u16).map_while(|i| TcpListener::bind(("127.0.0.1", first + i)).ok()).collect();
		if held.len() == n {
			return first;
		}
	}
	panic!("no {n} consecutive free loopback ports");
}

async fn finalized_number(rpc: &RpcClient) -> u64 {
	let hash: String =
		rpc.request("chain_getFinalizedHead", rpc_params![]).await.expect("finalized head");
	let header: Json = rpc.request("chain_getHeader", rpc_params![hash]).await.expect("header");
	common::header_number(&header)
}

/// Waits until every node in `nodes` has finalized at least block `target`.
async fn wait_finalized(net: &Testnet, nodes: &[(usize, RpcClient)], target: u64, secs: u64) {
	let deadline = Instant::now() + Duration::from_secs(secs);
	loop {
		let mut seen = Vec::new();
		for (i, rpc) in nodes {
			seen.push((VALIDATORS[*i], finalized_number(rpc).await));
		}
		if seen.iter().all(|(_, n)| *n >= target) {
			return;
		}
		assert!(
			Instant::now() < deadline,
			"finalized {seen:?}, not yet #{target}, after {secs} s:\n{}",
			net.logs()
		);
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn four_validators_finalize_and_keep_finalizing_with_one_stopped() {
	let net = Testnet::start();
	let mut nodes = Vec::new();
	for i in 0..VALIDATORS.len() {
		nodes.push((i, net.rpc(i).await));
	}

	// No validator authors or finalizes alone: finality on every node means they peered,
	// authored in turn and voted together.
	wait_finalized(&net, &nodes, 3, 180).await;
	let peers: Json = nodes[0].1.request("system_peers", rpc_params![]).await.expect("peers");
	assert_eq!(peers.as_array().map(Vec::len), Some(3), "Alice sees the three others: {peers}");
	let mut hashes = Vec::new();
	for (_, rpc) in &nodes {
		hashes.push(rpc.request::<String>("chain_getBlockHash", rpc_params![2u32]).await.unwrap());
	}
	assert!(hashes.windows(2).all(|w| w[0] == w[1]), "one chain, not several: {hashes:?}");

	// Charlie stops. Three of four voters are more than two thirds: finality goes on, and
	// Aura skips Charlie's slots.
	let charlie = net.pid("charlie");
	let status = Command::new("kill").args(["-TERM", &charlie]).status().expect("kill runs");
	assert!(status.success(), "Charlie ({charlie}) got SIGTERM");
	let stopped_at = Instant::now();
	while Command::new("kill")
		.args(["-0", &charlie])
		.stderr(Stdio::null())
		.status()
		.unwrap()
		.success()
	{
		assert!(stopped_at.elapsed() < Duration::from_secs(60), "Charlie did not stop");
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	nodes.retain(|(i, _)| VALIDATORS[*i] != "charlie");
	let after_stop = finalized_number(&nodes[0].1).await;
	wait_finalized(&net, &nodes, after_stop + 4, 180).await;
}
