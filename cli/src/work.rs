//! Work reports: the device signs, the chain verifies. Reports go out as feeless general
//! transactions (the device needs no tokens) or, with an operator, as signed ones.

use crate::{
	chain::Chain,
	device::Report,
	journal::{Journal, Kept},
	keys::DeviceKey,
	to_hex, CliError,
};
use codec::Encode;
use serde_json::json;
use subxt::{
	config::DefaultExtrinsicParamsBuilder,
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	utils::{AccountId32, MultiSignature},
	PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// Domain tag of a device's signature over a work report.
pub const REPORT_TAG: &[u8] = b"depin/work-report/v1";

/// The epoch clock as the runtime API returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Epoch {
	/// The current epoch.
	pub index: u32,
	/// Its first block.
	pub start: u32,
	/// Its length in blocks.
	pub length: u32,
}

/// A device's record in the ledger: its latest epoch with work.
#[derive(Clone, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct DeviceWork {
	/// The epoch.
	pub epoch: u32,
	/// The class whose sum includes the units.
	pub class: u32,
	/// Units credited in the epoch.
	pub units: u64,
	/// Hash of the device's own report in the epoch, once accepted.
	pub report: Option<[u8; 32]>,
	/// The latest epoch the device was punished for equivocating in.
	pub punished_up_to: Option<u32>,
	/// Whether the epoch's work was handed on to reward emission already.
	pub settled: bool,
}

/// A telemetry report: `units` measured up to block `measured_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Telemetry {
	/// The device key.
	pub device: [u8; 32],
	/// The epoch it reports for.
	pub epoch: u32,
	/// The device's counter.
	pub nonce: u64,
	/// Units measured.
	pub units: u64,
	/// Block of the reading.
	pub measured_at: u32,
	/// Hash of the raw readings.
	pub data_hash: [u8; 32],
}

impl Telemetry {
	/// The bytes the device signs: `(tag, genesis, report)` SCALE-encoded, the report's payload
	/// being variant 0 (`Telemetry`) of `ReportPayload`.
	pub fn payload(&self, genesis: &[u8; 32]) -> Vec<u8> {
		let mut payload = (REPORT_TAG, genesis).encode();
		payload.extend_from_slice(&self.encoded());
		payload
	}

	/// The report's SCALE encoding, as the pallet's `WorkReport` encodes it.
	pub fn encoded(&self) -> Vec<u8> {
		(self.device, self.epoch, self.nonce, 0u8, self.units, self.measured_at, self.data_hash)
			.encode()
	}

	/// The hash the ledger records for this report once it is accepted (BLAKE2b-256 of its
	/// encoding).
	pub fn hash(&self) -> [u8; 32] {
		use blake2::{digest::consts::U32, Blake2b, Digest};
		Blake2b::<U32>::digest(self.encoded()).into()
	}

	/// The report as a call argument.
	pub fn value(&self) -> Value {
		Value::named_composite(vec![
			("device", Value::from_bytes(self.device)),
			("epoch", Value::u128(self.epoch.into())),
			("nonce", Value::u128(self.nonce.into())),
			(
				"payload",
				Value::named_variant(
					"Telemetry",
					vec![
						("units", Value::u128(self.units.into())),
						("measured_at", Value::u128(self.measured_at.into())),
						("data_hash", Value::from_bytes(self.data_hash)),
					],
				),
			),
		])
	}
}

/// Encodes `call` as a feeless general transaction (a device report or a batch of them): no
/// account signs it; the runtime authorises it by the device signatures inside the call.
pub fn feeless(
	at: &subxt::OnlineClientAtBlock<PolkadotConfig>,
	call: &impl subxt::transactions::Payload,
) -> crate::Result<Vec<u8>> {
	let params = DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new().build();
	let mut signable = at
		.transactions()
		.create_v5_signable_offline(call, params)
		.map_err(|e| CliError::new(format!("cannot build the report: {e}")))?;
	// No signature-verifying extension exists in the runtime: the account and signature below
	// are not encoded; the device's signature is in the call.
	let tx = signable
		.sign_with_account_and_signature(&AccountId32([0; 32]), &MultiSignature::Sr25519([0; 64]))
		.map_err(|e| CliError::new(format!("cannot encode the report: {e}")))?;
	Ok(tx.into_encoded())
}

/// The call carrying one device-signed report: `submit_report` (feeless) or
/// `submit_report_signed` (an operator pays).
pub fn report_call(
	call_name: &'static str,
	report: &Telemetry,
	signature: [u8; 64],
) -> subxt::transactions::DynamicPayload<Vec<Value>> {
	dynamic::transaction(
		"PhysicalWork",
		call_name,
		vec![report.value(), Value::from_bytes(signature)],
	)
}

/// The feeless `submit_reports` call carrying a batch of device-signed reports.
pub fn batch_call(
	reports: impl IntoIterator<Item = (Telemetry, [u8; 64])>,
) -> subxt::transactions::DynamicPayload<Vec<Value>> {
	let items: Vec<Value> = reports
		.into_iter()
		.map(|(r, s)| Value::unnamed_composite([r.value(), Value::from_bytes(s)]))
		.collect();
	dynamic::transaction("PhysicalWork", "submit_reports", vec![Value::unnamed_composite(items)])
}

/// The reports of a batch the chain would refuse, by position, with the index of the
/// `PhysicalWork` error that refuses each (`PhysicalWorkBatchApi::check_reports`).
pub async fn batch_refusals(
	at: &subxt::OnlineClientAtBlock<PolkadotConfig>,
	reports: &[(Telemetry, [u8; 64])],
) -> crate::Result<Vec<(usize, u128)>> {
	use subxt::dynamic::At;
	let items: Vec<Value> = reports
		.iter()
		.map(|(r, s)| Value::unnamed_composite([r.value(), Value::from_bytes(s)]))
		.collect();
	let verdict: Value = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>(
			"PhysicalWorkBatchApi",
			"check_reports",
			(Value::unnamed_composite(items),),
		))
		.await
		.map_err(|e| CliError::new(format!("cannot check the batch: {e}")))?;
	let mut refused = Vec::new();
	let mut i = 0;
	while let Some(item) = verdict.at(i) {
		// `(position, DispatchError::Module { index, error: [code, ..] })`
		let index = item.at(0).and_then(|v| v.as_u128());
		let code = item.at(1).at(0).at("error").at(0).and_then(|v| v.as_u128());
		match (index, code) {
			(Some(index), Some(code)) => refused.push((index as usize, code)),
			_ => {
				return Err(CliError::new(format!(
					"the chain's batch check is not understood: {item}"
				)))
			},
		}
		i += 1;
	}
	Ok(refused)
}

/// The current epoch.
pub async fn epoch(chain: &Chain) -> crate::Result<Epoch> {
	chain
		.at()
		.await?
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Epoch>("PhysicalWorkApi", "epoch", ()))
		.await
		.map_err(|e| CliError::new(format!("cannot read the epoch: {e}")))
}

/// A device's record in the ledger (its latest epoch with work), if any.
pub async fn device_work(chain: &Chain, device: [u8; 32]) -> crate::Result<Option<DeviceWork>> {
	chain
		.at()
		.await?
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Option<DeviceWork>>(
			"PhysicalWorkApi",
			"device_work",
			(device,),
		))
		.await
		.map_err(|e| CliError::new(format!("cannot read the ledger: {e}")))
}

/// A share in millionths, as the chain's `Permill` carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Millionths(pub u32);

impl Millionths {
	/// As a percentage.
	pub fn percent(self) -> f64 {
		f64::from(self.0) / 10_000.0
	}
}

/// A quality oracle's score of a device for one epoch.
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct PostedScore {
	/// The epoch it applies to.
	pub epoch: u32,
	/// The multiplier of the device's units there.
	pub score: Millionths,
	/// The oracle that posted it.
	pub oracle: subxt::utils::AccountId32,
	/// Whether it is disputed (then it does not apply).
	pub disputed: bool,
}

/// A device's latest oracle score, if one was posted.
pub async fn oracle_score(chain: &Chain, device: [u8; 32]) -> crate::Result<Option<PostedScore>> {
	chain
		.at()
		.await?
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Option<PostedScore>>(
			"PhysicalWorkApi",
			"oracle_score",
			(device,),
		))
		.await
		.map_err(|e| CliError::new(format!("cannot read the oracle score: {e}")))
}

/// Waits until the epoch after `after` has started; returns it.
pub(crate) async fn next_epoch(chain: &Chain, after: u32) -> crate::Result<Epoch> {
	loop {
		let e = epoch(chain).await?;
		if e.index > after {
			return Ok(e);
		}
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
}

/// Blocks an epoch must have left for a report signed now to be sure of landing in it: the
/// block it goes into and two more for the pool and a slow client.
const ROOM: u32 = 3;

/// The current epoch, once it has `ROOM` blocks left: a report signed in an epoch's last
/// blocks would reach the pool after the epoch ended and be refused (`EpochEnded`).
async fn epoch_with_room(chain: &Chain) -> crate::Result<Epoch> {
	let e = epoch(chain).await?;
	let best = chain.best_number().await?;
	if e.start.saturating_add(e.length) > best.saturating_add(ROOM) {
		return Ok(e);
	}
	next_epoch(chain, e.index).await
}

/// Whether the epoch moved on past `signed_for`: a report refused then is signed again for
/// the new epoch rather than given up.
async fn epoch_moved_on(chain: &Chain, signed_for: u32) -> bool {
	epoch(chain).await.is_ok_and(|e| e.index > signed_for)
}

/// The device's counter: milliseconds since the Unix epoch, so every report is distinct.
fn nonce() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or(0)
}

/// What became of one device's report in an epoch.
struct Sent {
	epoch: u32,
	/// Units credited to the device in the epoch.
	units: u64,
	/// The report sent: the one kept in the journal for the epoch, or a new one.
	report: Telemetry,
	/// Whether it was the report kept from an earlier attempt.
	resent: bool,
	/// Whether the chain had credited it already (an earlier attempt landed).
	earlier: bool,
}

/// Sends one telemetry report of `units` for the current epoch (feeless, or paid by
/// `operator`) and waits for finality. A report refused because its epoch ended meanwhile is
/// signed again, once, for the new epoch.
async fn report_once(
	chain: &Chain,
	key: &DeviceKey,
	units: u64,
	data_hash: [u8; 32],
	operator: Option<&Keypair>,
	journal: &Journal,
) -> crate::Result<Sent> {
	let e = epoch_with_room(chain).await?;
	match send_report(chain, key, e, units, data_hash, operator, journal).await {
		Err(_) if epoch_moved_on(chain, e.index).await => {
			let e = epoch_with_room(chain).await?;
			send_report(chain, key, e, units, data_hash, operator, journal).await
		},
		sent => sent,
	}
}

/// The device's report for epoch `e`: the one the journal kept from an earlier attempt, or a
/// new one, signed and kept before it leaves the machine. Whether it was kept comes second.
fn report_for(
	chain: &Chain,
	journal: &Journal,
	key: &DeviceKey,
	e: Epoch,
	fresh: impl FnOnce() -> Telemetry,
) -> crate::Result<(Kept, bool)> {
	let genesis = chain.genesis_hash();
	if let Some(kept) = journal.kept(&genesis, &key.public(), e.index)? {
		return Ok((kept, true));
	}
	let report = fresh();
	let kept = Kept { report, signature: key.sign(&report.payload(&genesis)) };
	journal.keep(&genesis, &kept)?;
	Ok((kept, false))
}

/// The units credited to `report`'s device in its epoch, if the ledger holds this very report.
async fn credited(chain: &Chain, report: &Telemetry) -> crate::Result<Option<u64>> {
	Ok(device_work(chain, report.device)
		.await?
		.filter(|w| w.epoch == report.epoch && w.report == Some(report.hash()))
		.map(|w| w.units))
}

/// Waits for `report`, pending from an earlier attempt, to be credited.
async fn follow(chain: &Chain, report: &Telemetry) -> crate::Result<u64> {
	chain.say("the same report is pending from an earlier attempt; waiting for it");
	loop {
		if let Some(units) = credited(chain, report).await? {
			return Ok(units);
		}
		if epoch_moved_on(chain, report.epoch).await {
			return Err(CliError::new(format!(
				"the report kept for epoch {} was not credited before the epoch ended",
				report.epoch
			)));
		}
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
}

/// Whether a refusal says the very same transaction waits in the pool already.
fn already_pending(error: &CliError) -> bool {
	error.message.to_lowercase().contains("already imported")
}

/// Whether a refusal says the node dropped the very same transaction a while ago and bans its
/// hash for now.
fn banned(error: &CliError) -> bool {
	error.message.to_lowercase().contains("temporarily banned")
}

/// One attempt of `report_once`, for epoch `e`.
async fn send_report(
	chain: &Chain,
	key: &DeviceKey,
	e: Epoch,
	units: u64,
	data_hash: [u8; 32],
	operator: Option<&Keypair>,
	journal: &Journal,
) -> crate::Result<Sent> {
	let measured_at = chain.best_number().await?;
	let (Kept { report, signature }, resent) = report_for(chain, journal, key, e, || Telemetry {
		device: key.public(),
		epoch: e.index,
		nonce: nonce(),
		units,
		measured_at,
		data_hash,
	})?;
	let sent = |units, earlier| Sent { epoch: e.index, units, report, resent, earlier };
	if resent {
		if let Some(units) = credited(chain, &report).await? {
			return Ok(sent(units, true));
		}
	}
	let submitted = match operator {
		Some(signer) => {
			chain.submit(&report_call("submit_report_signed", &report, signature), signer).await
		},
		None => {
			let call = report_call("submit_report", &report, signature);
			let at = chain.at().await?;
			chain.submit_transaction(feeless(&at, &call)?).await
		},
	};
	let events = match submitted {
		Ok(events) => events,
		Err(error) if resent && already_pending(&error) => {
			return Ok(sent(follow(chain, &report).await?, false))
		},
		// The node dropped the first attempt and bans its hash for a while: the same report
		// under the same signature goes in a batch of one, another transaction.
		Err(error) if resent && operator.is_none() && banned(&error) => {
			chain
				.say("the node banned the earlier transaction; sending the same report in a batch");
			let at = chain.at().await?;
			chain.submit_transaction(feeless(&at, &batch_call([(report, signature)]))?).await?;
			let units = credited(chain, &report).await?.ok_or_else(|| {
				CliError::new("the kept report was sent again but the ledger does not show it")
			})?;
			return Ok(sent(units, false));
		},
		Err(error) => return Err(error),
	};
	let credited = events
		.iter()
		.filter_map(Result::ok)
		.find(|ev| ev.pallet_name() == "PhysicalWork" && ev.event_name() == "WorkAccepted")
		.and_then(|ev| ev.decode_as::<Value>().ok())
		.and_then(|v| {
			use subxt::dynamic::At;
			v.at(0).at("units").and_then(|u| u.as_u128())
		})
		.unwrap_or(0) as u64;
	Ok(sent(credited, false))
}

/// What a line says of a report kept from an earlier attempt.
fn resent_note(report: &Telemetry, asked: u64, earlier: bool) -> String {
	let mut note = if earlier {
		String::from(" (by an earlier attempt: its report is on chain)")
	} else {
		String::from(" (the report signed by an earlier attempt, sent again)")
	};
	if report.units != asked {
		note.push_str(&format!(
			"; it says {} units, not {asked}: a device signs one report per epoch",
			report.units
		));
	}
	note
}

/// `depin device report`: one telemetry report for the current epoch, or one in each of
/// `epochs` epochs (0: until stopped).
pub async fn report(
	chain: &Chain,
	key: &DeviceKey,
	units: u64,
	data_hash: [u8; 32],
	epochs: u32,
	operator: Option<&Keypair>,
) -> crate::Result<Report> {
	if units == 0 {
		return Err(CliError::new("--units must be at least 1"));
	}
	let journal = Journal::open_default()?;
	let mut lines = Vec::new();
	let mut reports = Vec::new();
	let mut count = 0u32;
	loop {
		let sent = report_once(chain, key, units, data_hash, operator, &journal).await?;
		let mut line = format!(
			"epoch {}: {} units credited to {}",
			sent.epoch,
			sent.units,
			to_hex(&key.public())
		);
		if sent.resent {
			line.push_str(&resent_note(&sent.report, units, sent.earlier));
		}
		if chain.progress && epochs != 1 {
			crate::progress(&line);
		}
		lines.push(line);
		reports.push(json!({
			"epoch": sent.epoch,
			"units": sent.units,
			"resent": sent.resent,
			"report": to_hex(&sent.report.hash()),
		}));
		count += 1;
		if epochs != 0 && count >= epochs {
			break;
		}
		next_epoch(chain, sent.epoch).await?;
	}
	Ok(Report {
		text: lines.join("\n"),
		json: json!({ "device": to_hex(&key.public()), "reports": reports }),
	})
}

/// `depin device report` with several device keys: one feeless `submit_reports` batch of
/// telemetry reports for the current epoch, as a gateway sends for its devices. The pool admits
/// a batch only if every report in it is valid, so the reports the chain would refuse are asked
/// for first (`PhysicalWorkBatchApi`) and left out, each listed with the pallet's reason; the
/// rest are sent. A report skipped in its block (recorded meanwhile) is listed the same way.
pub async fn report_batch(
	chain: &Chain,
	keys: &[DeviceKey],
	units: u64,
	data_hash: [u8; 32],
) -> crate::Result<Report> {
	if units == 0 {
		return Err(CliError::new("--units must be at least 1"));
	}
	let e = epoch_with_room(chain).await?;
	match send_batch(chain, keys, e, units, data_hash).await {
		Err(_) if epoch_moved_on(chain, e.index).await => {
			let e = epoch_with_room(chain).await?;
			send_batch(chain, keys, e, units, data_hash).await
		},
		sent => sent,
	}
}

/// One attempt of `report_batch`, signed for epoch `e`.
async fn send_batch(
	chain: &Chain,
	keys: &[DeviceKey],
	e: Epoch,
	units: u64,
	data_hash: [u8; 32],
) -> crate::Result<Report> {
	let measured_at = chain.best_number().await?;
	let nonce = nonce();
	let journal = Journal::open_default()?;
	let mut reports = Vec::with_capacity(keys.len());
	// Reports kept from an earlier attempt, by position.
	let mut resent = std::collections::BTreeSet::new();
	for (i, key) in keys.iter().enumerate() {
		let (kept, was_kept) = report_for(chain, &journal, key, e, || Telemetry {
			device: key.public(),
			epoch: e.index,
			nonce,
			units,
			measured_at,
			data_hash,
		})?;
		if was_kept {
			resent.insert(i);
		}
		reports.push((kept.report, kept.signature));
	}
	let at = chain.at().await?;
	let metadata = at.metadata();
	let reason = |code: u128| {
		metadata
			.pallet_by_name("PhysicalWork")
			.and_then(|p| p.error_variants()?.iter().find(|v| u128::from(v.index) == code))
			.map(|v| format!("PhysicalWork.{}", v.name))
			.unwrap_or_else(|| format!("error {code}"))
	};

	// What the pool would refuse, by position: left out of the batch. A kept report that an
	// earlier attempt landed is refused as submitted already; it is listed as credited.
	let mut skipped = std::collections::BTreeMap::new();
	let mut earlier = std::collections::BTreeMap::new();
	for (index, code) in batch_refusals(&at, &reports).await? {
		if resent.contains(&index) {
			if let Some(units) = credited(chain, &reports[index].0).await? {
				earlier.insert(index, units);
				continue;
			}
		}
		skipped.insert(index, reason(code));
	}
	let send: Vec<(usize, (Telemetry, [u8; 64]))> = reports
		.iter()
		.copied()
		.enumerate()
		.filter(|(i, _)| !skipped.contains_key(i) && !earlier.contains_key(i))
		.collect();
	if send.is_empty() && earlier.is_empty() {
		let why: Vec<String> = skipped.values().cloned().collect();
		return Err(CliError::new(format!(
			"the chain would refuse every report of the batch: {}",
			why.join(", ")
		))
		.hint("`depin device status <key>` tells whether a device is active; `depin device report` once per epoch"));
	}
	let events = if send.is_empty() {
		None
	} else {
		let call = batch_call(send.iter().map(|(_, r)| *r));
		match chain.submit_transaction(feeless(&at, &call)?).await {
			Ok(events) => Some(events),
			// The very same batch is pending from an earlier attempt: follow its reports.
			Err(error)
				if already_pending(&error) && send.iter().all(|(i, _)| resent.contains(i)) =>
			{
				for (_, (report, _)) in &send {
					follow(chain, report).await?;
				}
				None
			},
			Err(error) => return Err(error),
		}
	};

	// A report skipped in its block: `index` counts within what was sent.
	for ev in events.iter().flat_map(|events| events.iter()).filter_map(Result::ok) {
		if ev.pallet_name() != "PhysicalWork" || ev.event_name() != "ReportSkipped" {
			continue;
		}
		use subxt::dynamic::At;
		let Ok(v) = ev.decode_as::<Value>() else { continue };
		let Some(index) = v.at(0).at("index").and_then(|i| i.as_u128()) else { continue };
		let code = v.at(0).at("error").at(0).at("error").at(0).and_then(|c| c.as_u128());
		if let Some((original, _)) = send.get(index as usize) {
			skipped.insert(*original, code.map(reason).unwrap_or_else(|| "unknown".into()));
		}
	}
	let mut lines = Vec::new();
	let mut rows = Vec::new();
	for (i, key) in keys.iter().enumerate() {
		let device = to_hex(&key.public());
		match skipped.get(&i) {
			Some(why) => {
				lines.push(format!("{device}: skipped, {why}"));
				rows.push(json!({ "device": device, "skipped": why }));
			},
			None => {
				let credited = match earlier.get(&i) {
					Some(units) => *units,
					None => device_work(chain, key.public())
						.await?
						.filter(|w| w.epoch == e.index)
						.map_or(0, |w| w.units),
				};
				let mut line = format!("{device}: {credited} units credited");
				if resent.contains(&i) {
					line.push_str(&resent_note(&reports[i].0, units, earlier.contains_key(&i)));
				}
				lines.push(line);
				rows.push(json!({
					"device": device,
					"units": credited,
					"resent": resent.contains(&i),
					"report": to_hex(&reports[i].0.hash()),
				}));
			},
		}
	}
	Ok(Report {
		text: format!(
			"epoch {}: one batch of {} reports\n{}",
			e.index,
			keys.len(),
			lines.join("\n")
		),
		json: json!({ "epoch": e.index, "reports": rows }),
	})
}
