//! Voters: locks, delegation, proposals, votes, and the state of proposals and voting power.

use crate::{chain::Chain, device::Report, parse_amount, CliError};
use serde_json::json;
use subxt::{
	config::{substrate::BlakeTwo256, Hasher},
	dynamic::{self, At, Value},
	utils::AccountId32,
};
use subxt_signer::sr25519::Keypair;

/// Calls up to this many bytes travel inline in a proposal; longer ones are noted as a
/// preimage first.
const INLINE_LIMIT: usize = 128;

/// The tracks, as the CLI names them and the runtime spells them.
pub const TRACKS: [(&str, &str); 5] = [
	("parameters", "Parameters"),
	("grants", "Grants"),
	("devices", "Devices"),
	("upgrade", "Upgrade"),
	("emergency", "Emergency"),
];

/// Parses a track name (`parameters`, `grants`, `devices`, `upgrade`, `emergency`).
pub fn parse_track(text: &str) -> crate::Result<&'static str> {
	TRACKS
		.iter()
		.find(|(name, _)| name.eq_ignore_ascii_case(text))
		.map(|(_, variant)| *variant)
		.ok_or_else(|| {
			CliError::new(format!("unknown track '{text}'"))
				.hint("use parameters, grants, devices, upgrade or emergency")
		})
}

/// Parses a conviction: `none` (0.1×), or `1x` … `6x`.
pub fn parse_conviction(text: &str) -> crate::Result<&'static str> {
	const ALL: [(&str, &str); 7] = [
		("none", "None"),
		("1x", "Locked1x"),
		("2x", "Locked2x"),
		("3x", "Locked3x"),
		("4x", "Locked4x"),
		("5x", "Locked5x"),
		("6x", "Locked6x"),
	];
	ALL.iter()
		.find(|(name, _)| name.eq_ignore_ascii_case(text))
		.map(|(_, variant)| *variant)
		.ok_or_else(|| {
			CliError::new(format!("unknown conviction '{text}'"))
				.hint("use none (0.1x, no lock period) or 1x … 6x (locked 1 … 32 lock periods)")
		})
}

fn unit(name: &str) -> Value {
	Value::unnamed_variant(name, vec![])
}

/// `depin dao lock`: locks `amount` (whole tokens) with `conviction`.
pub async fn lock(
	chain: &Chain,
	signer: &Keypair,
	amount: &str,
	conviction: &str,
) -> crate::Result<Report> {
	let conviction = parse_conviction(conviction)?;
	let plancks = parse_amount(amount, chain.decimals, "--amount")?;
	let call = dynamic::transaction("Dao", "lock", vec![Value::u128(plancks), unit(conviction)]);
	chain.submit(&call, signer).await?;
	Ok(Report {
		text: format!("locked {} with conviction {conviction}", chain.amount(plancks)),
		json: json!({ "locked": plancks.to_string(), "conviction": conviction }),
	})
}

/// `depin dao unlock`, `depin dao undelegate`: calls without arguments.
pub async fn plain(chain: &Chain, signer: &Keypair, call_name: &str) -> crate::Result<Report> {
	let call = dynamic::transaction("Dao", call_name, Vec::<Value>::new());
	chain.submit(&call, signer).await?;
	Ok(Report { text: format!("{call_name}: done"), json: json!({ "done": call_name }) })
}

/// `depin dao delegate --to ACCOUNT`.
pub async fn delegate(chain: &Chain, signer: &Keypair, to: AccountId32) -> crate::Result<Report> {
	let call = dynamic::transaction(
		"Dao",
		"delegate",
		vec![Value::unnamed_variant("Id", vec![Value::from_bytes(to.0)])],
	);
	chain.submit(&call, signer).await?;
	Ok(Report {
		text: format!("delegated your voting power to {}", chain.address(&to)),
		json: json!({ "to": chain.address(&to) }),
	})
}

/// `depin dao propose --track T --call 0x…`: proposes an encoded call (as apps shows it under
/// "encoded call data"); a call over 128 bytes is noted as a preimage first.
pub async fn propose(
	chain: &Chain,
	signer: &Keypair,
	track: &str,
	call_hex: &str,
) -> crate::Result<Report> {
	let track = parse_track(track)?;
	let bytes = hex::decode(call_hex.trim_start_matches("0x")).map_err(|e| {
		CliError::new(format!("--call is not hex: {e}"))
			.hint("paste the encoded call data that apps shows under Developer → Extrinsics")
	})?;
	if bytes.len() < 2 {
		return Err(CliError::new("--call is empty: it needs at least the pallet and call index"));
	}
	let bounded = if bytes.len() <= INLINE_LIMIT {
		Value::unnamed_variant("Inline", vec![Value::from_bytes(&bytes)])
	} else {
		let note =
			dynamic::transaction("Preimage", "note_preimage", vec![Value::from_bytes(&bytes)]);
		chain.submit(&note, signer).await?;
		let hash = BlakeTwo256.hash(&bytes);
		Value::named_variant(
			"Lookup",
			[("hash", Value::from_bytes(hash.0)), ("len", Value::u128(bytes.len() as u128))],
		)
	};
	let call = dynamic::transaction("Dao", "propose", vec![unit(track), bounded]);
	let events = chain.submit(&call, signer).await?;
	let submitted = events
		.iter()
		.filter_map(Result::ok)
		.find(|e| e.pallet_name() == "Dao" && e.event_name() == "Submitted")
		.ok_or_else(|| {
			CliError::new("the proposal was included but no Submitted event was found")
		})?;
	let fields = submitted
		.decode_fields_unchecked_as::<Value>()
		.map_err(|e| CliError::new(format!("cannot decode the Submitted event: {e}")))?;
	let index = number(&fields, "index")?;
	let ends = number(&fields, "voting_ends")?;
	Ok(Report {
		text: format!(
			"proposal {index} submitted on the {} track; voting ends at block {ends}\n\
			 vote with: depin dao vote --proposal {index} --aye",
			track.to_lowercase()
		),
		json: json!({ "proposal": index, "track": track, "voting_ends": ends, "call_len": bytes.len() }),
	})
}

fn number(v: &Value, field: &str) -> crate::Result<u128> {
	// Per-million and per-billion fractions are composites of one number.
	v.at(field)
		.and_then(|x| x.as_u128().or_else(|| x.at(0).and_then(|y| y.as_u128())))
		.ok_or_else(|| CliError::new(format!("missing number '{field}' in {v}")))
}

/// `depin dao vote --proposal N --aye|--nay`.
pub async fn vote(chain: &Chain, signer: &Keypair, index: u32, aye: bool) -> crate::Result<Report> {
	let call =
		dynamic::transaction("Dao", "vote", vec![Value::u128(index.into()), Value::bool(aye)]);
	let events = chain.submit(&call, signer).await?;
	let power = events
		.iter()
		.filter_map(Result::ok)
		.find(|e| e.pallet_name() == "Dao" && e.event_name() == "Voted")
		.and_then(|e| e.decode_fields_unchecked_as::<Value>().ok())
		.and_then(|v| v.at("power").and_then(|p| p.as_u128()))
		.unwrap_or_default();
	let side = if aye { "aye" } else { "nay" };
	Ok(Report {
		text: format!("voted {side} on proposal {index} with power {}", chain.amount(power)),
		json: json!({ "proposal": index, "aye": aye, "power": power.to_string() }),
	})
}

async fn api_call(
	chain: &Chain,
	method: &str,
	args: impl subxt::ext::frame_decode::storage::IntoEncodableValues,
) -> crate::Result<Value> {
	chain
		.at()
		.await?
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("DaoApi", method, args))
		.await
		.map_err(|e| CliError::new(format!("cannot read DaoApi.{method}: {e}")))
}

/// `depin dao status`: one proposal (or every proposal being voted on), and the voting power
/// of `who` if given.
pub async fn status(
	chain: &Chain,
	proposal: Option<u32>,
	who: Option<AccountId32>,
) -> crate::Result<Report> {
	let indices: Vec<u32> = match proposal {
		Some(i) => vec![i],
		None => {
			let live = api_call(chain, "live_proposals", ()).await?;
			(0..).map_while(|i| live.at(i).and_then(|v| v.as_u128())).map(|i| i as u32).collect()
		},
	};
	let mut text = Vec::new();
	let mut proposals = Vec::new();
	for index in indices {
		let view = api_call(chain, "proposal", (index,)).await?;
		let Some(p) = view.at(0) else {
			return Err(CliError::new(format!("proposal {index} does not exist"))
				.hint("depin dao status lists the proposals being voted on"));
		};
		let tally = p.at("tally").ok_or_else(|| CliError::new("a proposal without a tally"))?;
		let (ayes, nays) = (number(tally, "ayes")?, number(tally, "nays")?);
		let (turnout, needed) = (number(tally, "turnout")?, number(p, "quorum_needed")?);
		let status = p.at("status").map(variant_text).unwrap_or_default();
		let track = p.at("track").map(variant_text).unwrap_or_default();
		let passing = p.at("passing").and_then(|v| v.as_bool()).unwrap_or(false);
		text.push(format!(
			"proposal {index} ({track}): {status}; ayes {}, nays {}, turnout {} of {} needed; \
			 voting ends at block {}{}",
			chain.amount(ayes),
			chain.amount(nays),
			chain.amount(turnout),
			chain.amount(needed),
			number(p, "voting_ends")?,
			if status == "Voting" {
				if passing {
					" (passing)"
				} else {
					" (not passing)"
				}
			} else {
				""
			},
		));
		proposals.push(json!({
			"proposal": index,
			"track": track,
			"status": status,
			"ayes": ayes.to_string(),
			"nays": nays.to_string(),
			"turnout": turnout.to_string(),
			"quorum_needed": needed.to_string(),
			"passing": passing,
		}));
	}
	if proposals.is_empty() && proposal.is_none() {
		text.push("no proposal is being voted on".into());
	}
	let mut power_json = serde_json::Value::Null;
	if let Some(who) = who {
		let v = api_call(chain, "voting_power", (who.0,)).await?;
		let own = v.at("own").ok_or_else(|| CliError::new("no own power in the answer"))?;
		let delegated = v.at("delegated").ok_or_else(|| CliError::new("no delegated power"))?;
		let locked = number(&v, "locked")?;
		let boost = number(&v, "boost")?;
		let delegating = v.at("delegating").and_then(|d| d.as_bool()).unwrap_or(false);
		text.push(format!(
			"{}: locked {} ({}), until block {}; boost {}%; power {} own + {} delegated{}",
			chain.address(&who),
			chain.amount(locked),
			v.at("conviction").map(variant_text).unwrap_or_default(),
			number(&v, "locked_until")?,
			boost / 10_000,
			chain.amount(number(own, "linear")?),
			chain.amount(number(delegated, "linear")?),
			if delegating { "; delegates its power" } else { "" },
		));
		power_json = json!({
			"account": chain.address(&who),
			"locked": locked.to_string(),
			"boost_ppm": boost,
			"own": number(own, "linear")?.to_string(),
			"delegated": number(delegated, "linear")?.to_string(),
			"delegating": delegating,
		});
	}
	Ok(Report {
		text: text.join("\n"),
		json: json!({ "proposals": proposals, "voter": power_json }),
	})
}

/// The name of an enum value, with its fields if any (`Enacted { ok: true }`).
fn variant_text(v: &Value) -> String {
	use subxt::ext::scale_value::{Composite, ValueDef};
	match &v.value {
		ValueDef::Variant(var) => match &var.values {
			Composite::Named(fields) if !fields.is_empty() => {
				let inner: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
				format!("{} {{ {} }}", var.name, inner.join(", "))
			},
			_ => var.name.clone(),
		},
		_ => v.to_string(),
	}
}
