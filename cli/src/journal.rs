//! The report journal: the signed report each device sent for its latest epoch, kept on disk
//! before it leaves the machine.
//!
//! A device signs one report per epoch. sr25519 signatures are randomised and the report carries
//! a nonce, so signing again after a dropped submission would make a second, different report for
//! the same epoch — a pair anyone who saw both may use to prove equivocation, slashing the
//! device. The CLI therefore signs a device's report for an epoch once, writes it here, and sends
//! that same report (same bytes, same signature) on every later attempt in that epoch, from this
//! run or the next.
//!
//! One small file per chain and device, replaced when the device reports in a new epoch:
//! `<dir>/<genesis hash, 8 hex digits>/<device public key>.json`. The folder is the first of
//! `DEPIN_JOURNAL`, `$XDG_STATE_HOME/depin/reports` and `$HOME/.local/state/depin/reports`.
//! Run a device key on one machine only: a journal on another machine knows nothing of this one.

use crate::{parse_hex, to_hex, work::Telemetry, CliError, Result};
use serde_json::{json, Value};
use std::{
	io::Write,
	path::{Path, PathBuf},
};

/// The environment variable naming the journal's folder.
pub const JOURNAL_ENV: &str = "DEPIN_JOURNAL";

/// A report as the journal keeps it: the report and the device's signature over it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kept {
	/// The report.
	pub report: Telemetry,
	/// The device's signature over the report's payload.
	pub signature: [u8; 64],
}

/// The journal's folder.
pub struct Journal {
	dir: PathBuf,
}

impl Journal {
	/// The journal in `DEPIN_JOURNAL`, or the user's state folder.
	pub fn open_default() -> Result<Self> {
		let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
		let dir = env(JOURNAL_ENV)
			.or_else(|| env("XDG_STATE_HOME").map(|d| d.join("depin").join("reports")))
			.or_else(|| env("HOME").map(|d| d.join(".local/state/depin/reports")))
			.ok_or_else(|| {
				CliError::new("no folder for the report journal")
					.hint(format!("set {JOURNAL_ENV} to a folder this user may write"))
			})?;
		Ok(Self::at(dir))
	}

	/// The journal in `dir`.
	pub fn at(dir: impl Into<PathBuf>) -> Self {
		Self { dir: dir.into() }
	}

	fn file(&self, genesis: &[u8; 32], device: &[u8; 32]) -> PathBuf {
		self.dir.join(hex::encode(&genesis[..4])).join(format!("{}.json", hex::encode(device)))
	}

	/// The report kept for `device` on the chain of `genesis`, if it is for `epoch`.
	pub fn kept(&self, genesis: &[u8; 32], device: &[u8; 32], epoch: u32) -> Result<Option<Kept>> {
		let path = self.file(genesis, device);
		let text = match std::fs::read_to_string(&path) {
			Ok(text) => text,
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
			Err(e) => return Err(unreadable(&path, &e.to_string())),
		};
		let kept = parse(&text, device).map_err(|why| unreadable(&path, &why))?;
		Ok((kept.report.epoch == epoch).then_some(kept))
	}

	/// Keeps `kept` as the device's report, replacing what was kept before. Written to a
	/// temporary file, flushed to disk and renamed, so a crash leaves the old report or the new
	/// one, never half of one.
	pub fn keep(&self, genesis: &[u8; 32], kept: &Kept) -> Result<()> {
		let path = self.file(genesis, &kept.report.device);
		let folder = path.parent().expect("a journal file lies in a folder");
		std::fs::create_dir_all(folder).map_err(|e| unwritable(folder, &e.to_string()))?;
		let r = &kept.report;
		let body = json!({
			"device": to_hex(&r.device),
			"epoch": r.epoch,
			"nonce": r.nonce,
			"units": r.units,
			"measuredAt": r.measured_at,
			"dataHash": to_hex(&r.data_hash),
			"signature": to_hex(&kept.signature),
		});
		let temporary = path.with_extension("json.new");
		let write = || -> std::io::Result<()> {
			let mut file = std::fs::File::create(&temporary)?;
			file.write_all(body.to_string().as_bytes())?;
			file.sync_all()?;
			std::fs::rename(&temporary, &path)?;
			// The rename itself reaches the disk with the folder.
			std::fs::File::open(folder)?.sync_all()
		};
		write().map_err(|e| unwritable(&path, &e.to_string()))
	}
}

fn parse(text: &str, device: &[u8; 32]) -> std::result::Result<Kept, String> {
	let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
	let number = |name: &str| v[name].as_u64().ok_or(format!("no {name}"));
	let bytes = |name: &str| v[name].as_str().ok_or(format!("no {name}"));
	let report = Telemetry {
		device: parse_hex::<32>(bytes("device")?, "device").map_err(|e| e.message)?,
		epoch: u32::try_from(number("epoch")?).map_err(|_| "epoch out of range")?,
		nonce: number("nonce")?,
		units: number("units")?,
		measured_at: u32::try_from(number("measuredAt")?).map_err(|_| "measuredAt out of range")?,
		data_hash: parse_hex::<32>(bytes("dataHash")?, "dataHash").map_err(|e| e.message)?,
	};
	if &report.device != device {
		return Err("it names another device".into());
	}
	let signature = parse_hex::<64>(bytes("signature")?, "signature").map_err(|e| e.message)?;
	Ok(Kept { report, signature })
}

fn unreadable(path: &Path, why: &str) -> CliError {
	CliError::new(format!("cannot read the report journal {}: {why}", path.display())).hint(
		"it holds the report this device signed for its latest epoch; move it aside only if no \
		 report of that epoch was sent (another report for the same epoch can be slashed)",
	)
}

fn unwritable(path: &Path, why: &str) -> CliError {
	CliError::new(format!("cannot write the report journal {}: {why}", path.display()))
		.hint(format!("nothing was sent; set {JOURNAL_ENV} to a folder this user may write"))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn report(epoch: u32) -> Kept {
		Kept {
			report: Telemetry {
				device: [7; 32],
				epoch,
				nonce: 99,
				units: 12,
				measured_at: 40,
				data_hash: [3; 32],
			},
			signature: [9; 64],
		}
	}

	#[test]
	fn keeps_one_report_per_device_and_chain() {
		let dir = tempfile::tempdir().expect("temp dir");
		let journal = Journal::at(dir.path());
		let genesis = [1; 32];
		assert_eq!(journal.kept(&genesis, &[7; 32], 4).expect("reads"), None);
		journal.keep(&genesis, &report(4)).expect("keeps");
		assert_eq!(journal.kept(&genesis, &[7; 32], 4).expect("reads"), Some(report(4)));
		// Another epoch: nothing kept for it; another chain: nothing at all.
		assert_eq!(journal.kept(&genesis, &[7; 32], 5).expect("reads"), None);
		assert_eq!(journal.kept(&[2; 32], &[7; 32], 4).expect("reads"), None);
		// A new epoch's report replaces the old one, and no temporary file is left.
		journal.keep(&genesis, &report(5)).expect("keeps");
		assert_eq!(journal.kept(&genesis, &[7; 32], 4).expect("reads"), None);
		assert_eq!(journal.kept(&genesis, &[7; 32], 5).expect("reads"), Some(report(5)));
		let files: Vec<_> = std::fs::read_dir(dir.path().join("01010101"))
			.expect("the chain's folder")
			.map(|f| f.expect("entry").file_name())
			.collect();
		assert_eq!(files.len(), 1, "{files:?}");
	}

	#[test]
	fn a_damaged_journal_is_an_error_not_a_fresh_start() {
		let dir = tempfile::tempdir().expect("temp dir");
		let journal = Journal::at(dir.path());
		let genesis = [1; 32];
		journal.keep(&genesis, &report(4)).expect("keeps");
		let file = journal.file(&genesis, &[7; 32]);
		std::fs::write(&file, "{\"device\": \"0x12\"").expect("damage it");
		let err = journal.kept(&genesis, &[7; 32], 4).expect_err("refused");
		assert!(err.message.contains("cannot read the report journal"), "{err}");
		// A file naming another device is refused too.
		let mut other = report(4);
		other.report.device = [8; 32];
		journal.keep(&genesis, &other).expect("keeps");
		std::fs::rename(journal.file(&genesis, &[8; 32]), &file).expect("swap");
		let err = journal.kept(&genesis, &[7; 32], 4).expect_err("refused");
		assert!(err.message.contains("another device"), "{err}");
	}
}
