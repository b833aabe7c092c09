//! `depin oracle`: quality oracles offer to score a device class, post scores for the next
//! epoch from a file, and anyone disputes a posted score before its epoch starts.

use crate::{
	args::Operator,
	chain::Chain,
	device::{parse_device, Report},
	to_hex, CliError, Result,
};
use serde_json::json;
use std::path::{Path, PathBuf};
use subxt::dynamic::{self, Value};
use subxt_signer::sr25519::Keypair;

/// `depin oracle …`.
#[derive(clap::Subcommand)]
pub enum OracleCommand {
	/// Offer to score a device class; the oracle bond is held until you retire. You post once
	/// governance approves you.
	Offer {
		/// The device class.
		#[arg(long)]
		class: u32,
		#[command(flatten)]
		operator: Operator,
	},
	/// Post quality scores for the next epoch from a file of `DEVICE PERCENT` lines.
	Post {
		/// The device class you score.
		#[arg(long)]
		class: u32,
		/// The scores: one `DEVICE PERCENT` per line (device as 0x public key or SS58, percent
		/// from the chain's minimum to 100, e.g. 87.5); blank lines and `#` comments are
		/// skipped.
		#[arg(long)]
		scores: PathBuf,
		/// The hash (0x + 64 hex digits) of the scoring method you published.
		#[arg(long, conflicts_with = "method_file")]
		method: Option<String>,
		/// The published scoring method itself: its BLAKE2-256 hash is posted.
		#[arg(long)]
		method_file: Option<PathBuf>,
		#[command(flatten)]
		operator: Operator,
	},
	/// Dispute a device's posted score before its epoch starts; the dispute bond is held
	/// until governance decides. A disputed score does not apply meanwhile.
	Dispute {
		/// The scored device (its public key in hex or SS58).
		#[arg(long)]
		device: String,
		#[command(flatten)]
		operator: Operator,
	},
	/// Leave a class once your scores are past and undisputed; your bond is released.
	Retire {
		/// The device class.
		#[arg(long)]
		class: u32,
		#[command(flatten)]
		operator: Operator,
	},
}

/// Runs a `depin oracle` command on the chain `connect` reaches.
pub async fn run<F, Fut>(command: OracleCommand, connect: F) -> Result<Report>
where
	F: FnOnce() -> Fut,
	Fut: core::future::Future<Output = Result<Chain>>,
{
	match command {
		OracleCommand::Offer { class, operator } => {
			let signer = operator.keypair()?;
			let call = dynamic::transaction(
				"PhysicalWork",
				"offer_oracle",
				vec![Value::u128(class.into())],
			);
			let chain = connect().await?;
			let events = chain.submit(&call, &signer).await?;
			let bond = event(&events, "OracleOffered").map_or(0, |v| field(&v, "bond"));
			Ok(Report {
				text: format!(
					"offered to score class {class}; bond {} held (post once governance \
					 approves you)",
					chain.amount(bond)
				),
				json: json!({ "class": class, "bond": bond.to_string() }),
			})
		},
		OracleCommand::Post { class, scores, method, method_file, operator } => {
			let method = match (method, method_file) {
				(Some(m), None) => crate::parse_hex::<32>(&m, "--method")?,
				(None, Some(path)) => hash_file(&path)?,
				_ => {
					return Err(CliError::new("name the scoring method you publish")
						.hint("--method 0x<64 hex digits> or --method-file PATH"))
				},
			};
			let list = read_scores(&scores)?;
			let signer = operator.keypair()?;
			post(&connect().await?, &signer, class, method, &list).await
		},
		OracleCommand::Dispute { device, operator } => {
			let (device, signer) = (parse_device(&device)?, operator.keypair()?);
			let call = dynamic::transaction(
				"PhysicalWork",
				"dispute_score",
				vec![Value::from_bytes(device)],
			);
			let chain = connect().await?;
			let events = chain.submit(&call, &signer).await?;
			let disputed = event(&events, "ScoreDisputed").ok_or_else(|| {
				CliError::new("the dispute went through but the chain sent no ScoreDisputed event")
			})?;
			let (id, epoch) = (field(&disputed, "id"), field(&disputed, "epoch"));
			Ok(Report {
				text: format!(
					"dispute {id}: the score of {} for epoch {epoch} does not apply until \
					 governance decides; your bond is held",
					to_hex(&device)
				),
				json: json!({ "dispute": id, "device": to_hex(&device), "epoch": epoch }),
			})
		},
		OracleCommand::Retire { class, operator } => {
			let signer = operator.keypair()?;
			let me = Value::from_bytes(signer.public_key().0);
			let call = dynamic::transaction(
				"PhysicalWork",
				"retire_oracle",
				vec![Value::u128(class.into()), me],
			);
			let chain = connect().await?;
			let events = chain.submit(&call, &signer).await?;
			let released = event(&events, "OracleRetired").map_or(0, |v| field(&v, "released"));
			Ok(Report {
				text: format!("left class {class}; {} released", chain.amount(released)),
				json: json!({ "class": class, "released": released.to_string() }),
			})
		},
	}
}

/// The first `name` event of physical work in `events`.
fn event(
	events: &subxt::extrinsics::ExtrinsicEvents<subxt::PolkadotConfig>,
	name: &str,
) -> Option<Value> {
	crate::chain::event(events, "PhysicalWork", name)
}

fn field(v: &Value, name: &str) -> u128 {
	crate::chain::event_number(v, name)
}

fn hash_file(path: &Path) -> Result<[u8; 32]> {
	use blake2::{digest::consts::U32, Blake2b, Digest};
	let bytes = std::fs::read(path).map_err(|e| {
		CliError::new(format!("cannot read the method file {}: {e}", path.display()))
	})?;
	Ok(Blake2b::<U32>::digest(&bytes).into())
}

/// A score in millionths (the chain's `Permill`) from a percentage such as `87.5`.
pub fn parse_percent(text: &str) -> std::result::Result<u32, String> {
	let value: f64 = text.parse().map_err(|_| format!("'{text}' is not a percentage"))?;
	if !(0.0..=100.0).contains(&value) {
		return Err(format!("{text}% is outside 0 to 100"));
	}
	Ok((value * 10_000.0).round() as u32)
}

/// Reads a scores file: `DEVICE PERCENT` per line. Every bad line is named.
pub fn read_scores(path: &Path) -> Result<Vec<([u8; 32], u32)>> {
	let text = std::fs::read_to_string(path).map_err(|e| {
		CliError::new(format!("cannot read the scores file {}: {e}", path.display()))
	})?;
	let mut list: Vec<([u8; 32], u32)> = Vec::new();
	for (number, line) in text.lines().enumerate() {
		let line = line.split('#').next().unwrap_or("").trim();
		if line.is_empty() {
			continue;
		}
		let at = |why: String| {
			CliError::new(format!("{} line {}: {why}", path.display(), number + 1))
				.hint("each line is DEVICE PERCENT, e.g. 0x1234…abcd 87.5")
		};
		let mut words = line.split_whitespace();
		let (Some(device), Some(percent), None) = (words.next(), words.next(), words.next()) else {
			return Err(at(format!("'{line}' is not DEVICE PERCENT")));
		};
		let device = parse_device(device).map_err(|e| at(e.message))?;
		let parts = parse_percent(percent).map_err(at)?;
		if list.iter().any(|(d, _)| *d == device) {
			return Err(at(format!("{} is scored twice", to_hex(&device))));
		}
		list.push((device, parts));
	}
	if list.is_empty() {
		return Err(CliError::new(format!("{} has no scores", path.display())));
	}
	Ok(list)
}

/// Posts `list` for the next epoch, in as many calls as `MaxScoresPerPost` requires. Posting
/// for an epoch closes a few blocks before it starts: a post refused for that waits for the
/// epoch to turn and is made for the one after.
async fn post(
	chain: &Chain,
	signer: &Keypair,
	class: u32,
	method: [u8; 32],
	list: &[([u8; 32], u32)],
) -> Result<Report> {
	let at = chain.at().await?;
	let max: u32 = at
		.constants()
		.entry(dynamic::constant::<u32>("PhysicalWork", "MaxScoresPerPost"))
		.map_err(|e| {
			CliError::new(format!("cannot read MaxScoresPerPost: {e}"))
				.hint("is this node's runtime one with quality oracles?")
		})?;
	let mut epoch = crate::work::epoch(chain).await?.index + 1;
	let mut posts = 0;
	for chunk in list.chunks(max.max(1) as usize) {
		let scores = Value::unnamed_composite(chunk.iter().map(|(device, parts)| {
			Value::unnamed_composite([Value::from_bytes(device), Value::u128((*parts).into())])
		}));
		let call = |epoch: u32| {
			dynamic::transaction(
				"PhysicalWork",
				"post_scores",
				vec![
					Value::u128(class.into()),
					Value::u128(epoch.into()),
					Value::from_bytes(method),
					scores.clone(),
				],
			)
		};
		match chain.submit(&call(epoch), signer).await {
			Ok(_) => {},
			Err(e) if e.message.contains("PostingClosed") && posts == 0 => {
				chain.say(&format!("posting for epoch {epoch} has closed; waiting for it"));
				epoch = crate::work::next_epoch(chain, epoch - 1).await?.index + 1;
				chain.submit(&call(epoch), signer).await?;
			},
			Err(e) => return Err(e),
		}
		posts += 1;
	}
	Ok(Report {
		text: format!(
			"posted {} scores of class {class} for epoch {epoch} in {posts} call(s), method {}; \
			 they can be disputed until the epoch starts",
			list.len(),
			to_hex(&method)
		),
		json: json!({
			"class": class,
			"epoch": epoch,
			"scores": list.len(),
			"posts": posts,
			"method": to_hex(&method),
		}),
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn percentages_become_millionths_and_out_of_range_ones_are_named() {
		assert_eq!(parse_percent("87.5"), Ok(875_000));
		assert_eq!(parse_percent("100"), Ok(1_000_000));
		assert_eq!(parse_percent("0"), Ok(0));
		assert_eq!(parse_percent("120"), Err("120% is outside 0 to 100".into()));
		assert_eq!(parse_percent("-1"), Err("-1% is outside 0 to 100".into()));
		assert_eq!(parse_percent("high"), Err("'high' is not a percentage".into()));
	}

	#[test]
	fn a_scores_file_names_its_bad_line() {
		let dir = tempfile::tempdir().expect("temp dir");
		let path = dir.path().join("scores.txt");
		let a = to_hex(&[1; 32]);
		let b = to_hex(&[2; 32]);
		std::fs::write(&path, format!("# week 48\n{a} 87.5\n\n{b} 50 # drifting\n")).unwrap();
		assert_eq!(read_scores(&path).unwrap(), vec![([1; 32], 875_000), ([2; 32], 500_000)]);
		for (text, why) in [
			(format!("{a} 87.5\n{a} 50\n"), "line 2: 0x0101"),
			(format!("{a}\n"), "line 1: '0x0101"),
			(format!("{a} 101\n"), "line 1: 101% is outside"),
			("nonsense 50\n".to_string(), "line 1:"),
			("# nothing\n".to_string(), "has no scores"),
		] {
			std::fs::write(&path, text).unwrap();
			let e = read_scores(&path).unwrap_err();
			assert!(e.message.contains(why), "{} does not say {why}", e.message);
		}
		let e = read_scores(&dir.path().join("missing.txt")).unwrap_err();
		assert!(e.message.contains("cannot read the scores file"), "{}", e.message);
	}
}
