//! `depin-load`: drives one node with load and prints what it included.
//!
//! In one run against one node (a dev chain with Aura blocks, not instant sealing):
//! 1. registers `--devices` sensor devices (owners are derived accounts funded by Alice, 512
//!    devices each, registered through `Utility.force_batch`);
//! 2. in a fresh epoch, sends one feeless `submit_report` per device;
//! 3. in the next epoch, sends the same devices' reports in feeless `submit_reports` batches of
//!    `--batch`;
//! 4. sends `--transfers` balance transfers from the owners.
//!
//! With `--junk N`, right before the honest batches of step 3 it sends N batches that copy one
//! valid report beside padding (reports signed by the wrong key) and N batches whose every
//! signature is wrong, and prints how many of their reports the pool refused, by reason, and how
//! much block weight the ones included took.
//!
//! For each kind it prints how many were sent, included and refused (by reason), the most
//! included in one block and the count included per second over the blocks that carried them.

use std::{
	collections::{BTreeMap, HashMap, HashSet},
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

use clap::Parser;
use depin_cli::{
	chain::{refused, Chain},
	device::{registration_call, Location, Registration},
	keys::DeviceKey,
	work::{self, Telemetry},
	CliError,
};
use futures::StreamExt;
use subxt::{
	config::DefaultExtrinsicParamsBuilder,
	dynamic::{self, At, Value},
	utils::H256,
	PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// Devices one owner may hold (the registry's `MaxDevicesPerOwner`).
const DEVICES_PER_OWNER: usize = 512;
/// Registrations per `force_batch`.
const REGISTRATIONS_PER_TX: usize = 128;
/// The sensor class of the genesis presets (attested telemetry).
const SENSOR_CLASS: u32 = 3;

#[derive(Parser)]
#[command(
	name = "depin-load",
	about = "Load a DePIN node with reports and transfers; print what it included."
)]
struct Args {
	/// The node's RPC address.
	#[arg(long, default_value = depin_cli::chain::DEFAULT_URL)]
	url: String,
	/// Devices to register and report for.
	#[arg(long, default_value_t = 2_000)]
	devices: usize,
	/// Reports per batch.
	#[arg(long, default_value_t = 500)]
	batch: usize,
	/// Balance transfers to send.
	#[arg(long, default_value_t = 2_000)]
	transfers: usize,
	/// Junk batches of each kind to send beside the honest ones (see above).
	#[arg(long, default_value_t = 0)]
	junk: usize,
	/// Transactions submitted at once.
	#[arg(long, default_value_t = 64)]
	concurrency: usize,
	/// Print the figures as JSON.
	#[arg(long)]
	json: bool,
}

type Result<T> = std::result::Result<T, CliError>;

fn fail(what: impl std::fmt::Display) -> CliError {
	CliError::new(what.to_string())
}

/// One kind of load: the transactions sent and what became of them.
#[derive(Default)]
struct Phase {
	name: &'static str,
	/// Items per transaction hash (1, or a batch's reports).
	sent: HashMap<H256, usize>,
	/// Items refused by the pool, by reason.
	refused: BTreeMap<String, usize>,
	/// Items included per block number, and the block's timestamp (ms).
	included: BTreeMap<u64, (usize, u64)>,
	/// Reports of included batches that the runtime skipped, by reason.
	skipped: BTreeMap<String, usize>,
	/// Block weight (ref time, ps) the included batches were charged, from their events.
	batch_weight_ps: u128,
}

impl Phase {
	fn items_sent(&self) -> usize {
		self.sent.values().sum::<usize>() + self.refused.values().sum::<usize>()
	}
	fn items_included(&self) -> usize {
		self.included.values().map(|(n, _)| n).sum()
	}
	fn most_per_block(&self) -> usize {
		self.included.values().map(|(n, _)| *n).max().unwrap_or(0)
	}
	/// Items per second over the blocks that carried them: from the block before the first
	/// to the last, by block timestamps.
	fn per_second(&self, slot_ms: u64) -> f64 {
		let (Some(&(_, first)), Some(&(_, last))) =
			(self.included.values().next(), self.included.values().last())
		else {
			return 0.0;
		};
		let span_ms = last.saturating_sub(first) + slot_ms;
		self.items_included() as f64 * 1000.0 / span_ms as f64
	}
}

#[tokio::main]
async fn main() {
	let args = Args::parse();
	if let Err(e) = run(args).await {
		eprintln!("depin-load: {}", e.message);
		if let Some(hint) = e.hint {
			eprintln!("  hint: {hint}");
		}
		std::process::exit(1);
	}
}

async fn run(args: Args) -> Result<()> {
	if args.devices == 0 || args.batch == 0 {
		return Err(fail("--devices and --batch must be at least 1"));
	}
	let chain = Chain::connect(&args.url, false).await?;
	let slot_ms = slot_ms(&chain).await?;
	let max_batch = constant_u32(&chain, "PhysicalWork", "MaxReportsPerBatch").await?;
	if args.batch > max_batch as usize {
		return Err(fail(format!(
			"--batch {} is over the chain's MaxReportsPerBatch ({max_batch})",
			args.batch
		)));
	}
	let devices: Vec<DeviceKey> = (0..args.devices).map(device_key).collect::<Result<_>>()?;
	let owners: Vec<Keypair> =
		(0..args.devices.div_ceil(DEVICES_PER_OWNER)).map(owner).collect::<Result<_>>()?;
	eprintln!(
		"depin-load: {} devices, {} owners, {} ms blocks",
		devices.len(),
		owners.len(),
		slot_ms
	);

	setup(&chain, &owners, &devices, args.concurrency).await?;

	let mut phases = Vec::new();
	let epoch = fresh_epoch(&chain).await?;
	let singles = single_reports(&chain, &devices, epoch).await?;
	phases.push(drive(&chain, "single reports", singles, args.concurrency).await?);

	let epoch = fresh_epoch(&chain).await?;
	if args.junk > 0 {
		let junk = junk_batches(&chain, &devices, &epoch, args.batch, args.junk).await?;
		phases.push(drive(&chain, "junk batches", junk, args.concurrency).await?);
	}
	let batches = batched_reports(&chain, &devices, epoch, args.batch).await?;
	phases.push(drive(&chain, "batched reports", batches, args.concurrency).await?);

	let transfers = transfers(&chain, &owners, args.transfers).await?;
	phases.push(drive(&chain, "transfers", transfers, args.concurrency).await?);

	print(&phases, slot_ms, args.json);
	Ok(())
}

/// Device `i`'s key, from a fixed seed, so that a second run finds the same devices.
fn device_key(i: usize) -> Result<DeviceKey> {
	let mut seed = [0x4c; 32];
	seed[..8].copy_from_slice(&(i as u64).to_le_bytes());
	DeviceKey::from_seed(seed)
}

/// Owner `j`: an account derived from Alice's seed.
fn owner(j: usize) -> Result<Keypair> {
	let uri: SecretUri = format!("//Alice//load//{j}").parse().map_err(fail)?;
	Keypair::from_uri(&uri).map_err(fail)
}

fn alice() -> Result<Keypair> {
	Keypair::from_uri(&"//Alice".parse::<SecretUri>().map_err(fail)?).map_err(fail)
}

async fn slot_ms(chain: &Chain) -> Result<u64> {
	let at = chain.at().await?;
	let read = |pallet: &str, name: &str| {
		at.constants()
			.entry(dynamic::constant::<Value>(pallet, name))
			.ok()
			.and_then(|v| v.as_u128())
			.map(|n| n as u64)
	};
	// Aura's slot is twice the timestamp's minimum period.
	read("Aura", "SlotDuration")
		.or_else(|| read("Timestamp", "MinimumPeriod").map(|p| 2 * p))
		.ok_or_else(|| fail("cannot read the slot duration from the metadata"))
}

async fn constant_u32(chain: &Chain, pallet: &str, name: &str) -> Result<u32> {
	let at = chain.at().await?;
	let v = at
		.constants()
		.entry(dynamic::constant::<Value>(pallet, name))
		.map_err(|e| fail(format!("cannot read {pallet}.{name}: {e}")))?;
	v.as_u128()
		.and_then(|n| u32::try_from(n).ok())
		.ok_or_else(|| fail(format!("{pallet}.{name} is not a number")))
}

/// A signed transaction of `signer` with `nonce`, encoded.
fn signed(
	at: &subxt::OnlineClientAtBlock<PolkadotConfig>,
	call: &impl subxt::transactions::Payload,
	signer: &Keypair,
	nonce: u64,
) -> Result<Vec<u8>> {
	let params = DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new().nonce(nonce).build();
	let mut tx = at
		.transactions()
		.create_v4_signable_offline(call, params)
		.map_err(|e| fail(format!("cannot build a transaction: {e}")))?;
	Ok(tx.sign(signer).map_err(|e| fail(format!("cannot sign: {e}")))?.into_encoded())
}

async fn nonce_of(chain: &Chain, who: &Keypair) -> Result<u64> {
	chain
		.at()
		.await?
		.transactions()
		.account_nonce(&who.public_key().to_account_id())
		.await
		.map_err(|e| fail(format!("cannot read a nonce: {e}")))
}

/// Funds the owners and registers every device not yet registered; waits until they are.
async fn setup(
	chain: &Chain,
	owners: &[Keypair],
	devices: &[DeviceKey],
	concurrency: usize,
) -> Result<()> {
	// What each owner holds already (a second run against the same chain).
	let at = chain.at().await?;
	let mut registered = HashSet::new();
	for o in owners {
		// The API pages its answer (and caps the page size): read until a page is empty.
		for page in 0u32.. {
			let held: Vec<[u8; 32]> = at
				.runtime_apis()
				.call(dynamic::runtime_api_call::<_, Vec<[u8; 32]>>(
					"DeviceRegistryApi",
					"devices_of",
					(o.public_key().0, page, 128u32),
				))
				.await
				.map_err(|e| fail(format!("cannot read an owner's devices: {e}")))?;
			if held.is_empty() {
				break;
			}
			registered.extend(held);
		}
	}
	let missing: Vec<usize> =
		(0..devices.len()).filter(|&i| !registered.contains(&devices[i].public())).collect();
	if missing.is_empty() {
		eprintln!("depin-load: every device is registered already");
		return Ok(());
	}
	// Each owner's bonds (10 tokens a sensor) and fees, with room to spare.
	let at = chain.at().await?;
	let alice = alice()?;
	let mut nonce = nonce_of(chain, &alice).await?;
	let mut funding = Vec::new();
	for o in owners {
		let call = dynamic::transaction(
			"Balances",
			"transfer_keep_alive",
			vec![
				Value::unnamed_variant("Id", [Value::from_bytes(o.public_key().0)]),
				Value::u128(10_000 * 10u128.pow(chain.decimals.into())),
			],
		);
		funding.push((signed(&at, &call, &alice, nonce)?, 1));
		nonce += 1;
	}
	let funded = drive(chain, "funding", funding, concurrency).await?;
	ensure_all(&funded)?;

	let at = chain.at().await?;
	let genesis = chain.genesis_hash();
	let valid_until = chain.best_number().await? + 600;
	let mut txs = Vec::new();
	for (j, o) in owners.iter().enumerate() {
		let mine: Vec<usize> =
			missing.iter().copied().filter(|i| i / DEVICES_PER_OWNER == j).collect();
		let mut nonce = nonce_of(chain, o).await?;
		for chunk in mine.chunks(REGISTRATIONS_PER_TX) {
			let calls: Vec<Value> = chunk
				.iter()
				.map(|&i| {
					let r = Registration {
						class: SENSOR_CLASS,
						valid_for: 0,
						location: Some(Location { lat: 52_520_000 + i as i32, lon: 13_405_000 }),
						attestation: None,
						firmware_hash: None,
						content_id: Vec::new(),
					};
					let call = registration_call(
						&genesis,
						&o.public_key().0,
						&devices[i],
						&r,
						valid_until,
					);
					Value::unnamed_variant(
						"DeviceRegistry",
						[Value::unnamed_variant("register_device", call.call_data().clone())],
					)
				})
				.collect();
			let call = dynamic::transaction(
				"Utility",
				"force_batch",
				vec![Value::unnamed_composite(calls)],
			);
			txs.push((signed(&at, &call, o, nonce)?, chunk.len()));
			nonce += 1;
		}
	}
	let registered = drive(chain, "registrations", txs, concurrency).await?;
	ensure_all(&registered)?;
	for &i in [missing[0], *missing.last().unwrap_or(&missing[0])].iter() {
		if depin_cli::device::fetch(chain, devices[i].public()).await?.is_none() {
			return Err(fail(format!(
				"device {i} is not registered after its registration was included"
			)));
		}
	}
	eprintln!("depin-load: registered {} devices", missing.len());
	Ok(())
}

fn ensure_all(phase: &Phase) -> Result<()> {
	if !phase.refused.is_empty() || phase.items_included() < phase.items_sent() {
		return Err(fail(format!(
			"{}: {} of {} included; refused: {:?}",
			phase.name,
			phase.items_included(),
			phase.items_sent(),
			phase.refused
		)));
	}
	Ok(())
}

/// Waits for the first block of a new epoch; returns that epoch.
async fn fresh_epoch(chain: &Chain) -> Result<work::Epoch> {
	let now = work::epoch(chain).await?.index;
	eprintln!("depin-load: waiting for epoch {} to start", now + 1);
	loop {
		let e = work::epoch(chain).await?;
		if e.index > now {
			return Ok(e);
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
}

/// Device `d`'s report for `epoch`. Its content depends on the device and the epoch only (the
/// same nonce, the reading at the epoch's first block), so every attempt — a retry after a
/// dropped transaction, the single and the batched phase, the attacker's copy — carries the same
/// report: signatures differ (sr25519 signs at random) but no two different reports of one
/// device and epoch exist to prove equivocation with.
fn telemetry(chain: &Chain, d: &DeviceKey, epoch: &work::Epoch) -> (Telemetry, [u8; 64]) {
	let report = Telemetry {
		device: d.public(),
		epoch: epoch.index,
		nonce: 0,
		units: 1,
		measured_at: epoch.start,
		data_hash: [7; 32],
	};
	let signature = d.sign(&report.payload(&chain.genesis_hash()));
	(report, signature)
}

async fn single_reports(
	chain: &Chain,
	devices: &[DeviceKey],
	epoch: work::Epoch,
) -> Result<Vec<(Vec<u8>, usize)>> {
	let at = chain.at().await?;
	devices
		.iter()
		.map(|d| {
			let (report, signature) = telemetry(chain, d, &epoch);
			let call = work::report_call("submit_report", &report, signature);
			Ok((work::feeless(&at, &call)?, 1))
		})
		.collect()
}

async fn batched_reports(
	chain: &Chain,
	devices: &[DeviceKey],
	epoch: work::Epoch,
	batch: usize,
) -> Result<Vec<(Vec<u8>, usize)>> {
	let at = chain.at().await?;
	devices
		.chunks(batch)
		.map(|chunk| {
			let call = work::batch_call(chunk.iter().map(|d| telemetry(chain, d, &epoch)));
			Ok((work::feeless(&at, &call)?, chunk.len()))
		})
		.collect()
}

/// Batches an attacker sends for free: `count` that copy device 0's valid report (the very one
/// the honest batch carries) beside padding signed by the wrong key, and `count` whose every
/// report is signed by the wrong key.
async fn junk_batches(
	chain: &Chain,
	devices: &[DeviceKey],
	epoch: &work::Epoch,
	batch: usize,
	count: usize,
) -> Result<Vec<(Vec<u8>, usize)>> {
	let at = chain.at().await?;
	let forged = |i: usize| {
		let (report, _) = telemetry(chain, &devices[i % devices.len()], epoch);
		let wrong = &devices[(i + 1) % devices.len()];
		(report, wrong.sign(&report.payload(&chain.genesis_hash())))
	};
	let size = batch.clamp(2, devices.len().max(2));
	let mut txs = Vec::new();
	for k in 0..count {
		// The copy first, then padding: distinct devices, so the batch's shape is sound.
		let copy = std::iter::once(telemetry(chain, &devices[0], epoch));
		let padding = (1..size).map(|i| forged(i + k));
		let reports: Vec<_> = copy.chain(padding).take(devices.len()).collect();
		let n = reports.len();
		txs.push((work::feeless(&at, &work::batch_call(reports))?, n));
		let bad: Vec<_> = (0..size.min(devices.len())).map(|i| forged(i + k + 1)).collect();
		let n = bad.len();
		txs.push((work::feeless(&at, &work::batch_call(bad))?, n));
	}
	Ok(txs)
}

async fn transfers(
	chain: &Chain,
	owners: &[Keypair],
	count: usize,
) -> Result<Vec<(Vec<u8>, usize)>> {
	let at = chain.at().await?;
	let mut nonces = Vec::new();
	for o in owners {
		nonces.push(nonce_of(chain, o).await?);
	}
	let mut txs = Vec::with_capacity(count);
	for k in 0..count {
		let from = k % owners.len();
		let to = alice()?.public_key().0;
		let call = dynamic::transaction(
			"Balances",
			"transfer_keep_alive",
			vec![
				Value::unnamed_variant("Id", [Value::from_bytes(to)]),
				Value::u128(10u128.pow(chain.decimals.into())),
			],
		);
		txs.push((signed(&at, &call, &owners[from], nonces[from])?, 1));
		nonces[from] += 1;
	}
	Ok(txs)
}

/// Submits `txs` (encoded, with the items each carries) and follows finalized blocks until
/// every accepted one is included or nothing was included for five blocks.
async fn drive(
	chain: &Chain,
	name: &'static str,
	txs: Vec<(Vec<u8>, usize)>,
	concurrency: usize,
) -> Result<Phase> {
	let phase = Arc::new(Mutex::new(Phase { name, ..Default::default() }));
	let mut blocks = chain
		.api
		.stream_blocks()
		.await
		.map_err(|e| fail(format!("cannot follow finalized blocks: {e}")))?;
	let at = chain.at().await?;
	// The stream starts with some finalized blocks from before: skip them.
	let first_new = at.block_number() + 1;
	let started = Instant::now();
	eprintln!("depin-load: {name}: submitting {} transactions", txs.len());
	futures::stream::iter(txs)
		.for_each_concurrent(concurrency, |(bytes, items)| {
			let phase = phase.clone();
			let at = &at;
			async move {
				let tx = at.transactions().from_bytes(bytes);
				let hash = tx.hash();
				match tx.submit().await {
					Ok(_) => {
						phase.lock().expect("not poisoned").sent.insert(hash, items);
					},
					Err(e) => {
						let reason = refused(at, &e.to_string()).message;
						let reason = reason
							.trim_start_matches("the node refused the transaction: ")
							.to_string();
						*phase.lock().expect("not poisoned").refused.entry(reason).or_default() +=
							items;
					},
				}
			}
		})
		.await;
	eprintln!(
		"depin-load: {name}: submitted in {:.1} s; following blocks",
		started.elapsed().as_secs_f64()
	);

	let mut found: HashSet<H256> = HashSet::new();
	let mut idle = 0;
	while let Some(block) = blocks.next().await {
		let block = block.map_err(|e| fail(format!("lost the block stream: {e}")))?;
		if block.number() < first_new {
			continue;
		}
		let at = block.at().await.map_err(|e| fail(format!("cannot read a block: {e}")))?;
		let extrinsics =
			at.extrinsics().fetch().await.map_err(|e| fail(format!("cannot read a block: {e}")))?;
		let timestamp = at
			.storage()
			.fetch(dynamic::storage::<(), Value>("Timestamp", "Now"), ())
			.await
			.ok()
			.and_then(|v| v.decode().ok())
			.and_then(|v| v.as_u128())
			.unwrap_or(0) as u64;
		let mut here = 0;
		for ext in extrinsics.iter().filter_map(|e| e.ok()) {
			let hash = ext.hash();
			let Some(items) = phase.lock().expect("not poisoned").sent.get(&hash).copied() else {
				continue;
			};
			found.insert(hash);
			if ext.call_name() == "submit_reports" {
				let events =
					ext.events().await.map_err(|e| fail(format!("cannot read events: {e}")))?;
				let mut p = phase.lock().expect("not poisoned");
				for ev in events.iter().filter_map(|e| e.ok()) {
					match (ev.pallet_name(), ev.event_name()) {
						("PhysicalWork", "ReportsBatched") => {
							let v = ev.decode_as::<Value>().ok();
							here += v
								.and_then(|v| v.at(0).at("accepted").and_then(|a| a.as_u128()))
								.unwrap_or(0) as usize;
						},
						("PhysicalWork", "ReportSkipped") => {
							*p.skipped.entry("skipped by the runtime".into()).or_default() += 1;
						},
						("System", "ExtrinsicFailed") => {
							*p.skipped.entry("batch failed".into()).or_default() += items;
							p.batch_weight_ps += charged(&ev);
						},
						("System", "ExtrinsicSuccess") => p.batch_weight_ps += charged(&ev),
						_ => {},
					}
				}
			} else {
				here += items;
			}
		}
		let mut p = phase.lock().expect("not poisoned");
		if std::env::var_os("DEPIN_LOAD_DEBUG").is_some() {
			eprintln!(
				"block #{}: {} extrinsics, {here} items of ours",
				block.number(),
				extrinsics.len()
			);
		}
		if here > 0 {
			p.included.insert(block.number(), (here, timestamp));
			idle = 0;
		} else {
			idle += 1;
		}
		if found.len() >= p.sent.len() || idle >= 5 {
			break;
		}
	}
	let phase = Arc::try_unwrap(phase).map_err(|_| fail("a submission is still running"))?;
	Ok(phase.into_inner().expect("not poisoned"))
}

/// The weight (ref time, ps) an `ExtrinsicSuccess` or `ExtrinsicFailed` event says was charged.
fn charged(ev: &subxt::events::Event<'_, PolkadotConfig>) -> u128 {
	let Ok(v) = ev.decode_as::<Value>() else { return 0 };
	let ref_time =
		|info: Option<&Value>| info.at("weight").at("ref_time").and_then(|r| r.as_u128());
	ref_time(v.at("dispatch_info")).or_else(|| ref_time(v.at(0).at("dispatch_info"))).unwrap_or(0)
}

fn print(phases: &[Phase], slot_ms: u64, json: bool) {
	if json {
		let rows: Vec<_> = phases
			.iter()
			.map(|p| {
				serde_json::json!({
					"kind": p.name,
					"sent": p.items_sent(),
					"included": p.items_included(),
					"blocks": p.included.len(),
					"most_per_block": p.most_per_block(),
					"included_per_second": (p.per_second(slot_ms) * 10.0).round() / 10.0,
					"refused": p.refused,
					"skipped": p.skipped,
					"batch_weight_ms": p.batch_weight_ps as f64 / 1e9,
				})
			})
			.collect();
		println!("{}", serde_json::Value::Array(rows));
		return;
	}
	println!(
		"{:<16} {:>8} {:>9} {:>7} {:>11} {:>13}",
		"kind", "sent", "included", "blocks", "most/block", "included/s"
	);
	for p in phases {
		println!(
			"{:<16} {:>8} {:>9} {:>7} {:>11} {:>13.1}",
			p.name,
			p.items_sent(),
			p.items_included(),
			p.included.len(),
			p.most_per_block(),
			p.per_second(slot_ms)
		);
	}
	for p in phases {
		for (reason, n) in p.refused.iter().chain(p.skipped.iter()) {
			println!("{}: {n} × {reason}", p.name);
		}
		if p.batch_weight_ps > 0 || p.name == "junk batches" {
			println!(
				"{}: included batches were charged {:.1} ms of block weight",
				p.name,
				p.batch_weight_ps as f64 / 1e9
			);
		}
		let lost = p.items_sent() - p.items_included() - p.refused.values().sum::<usize>();
		if lost > 0 {
			println!(
				"{}: {lost} accepted by the pool but not included (dropped or skipped)",
				p.name
			);
		}
	}
}
