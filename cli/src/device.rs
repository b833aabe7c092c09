//! Device operations against the device registry pallet, through the chain's metadata.

use crate::{chain::Chain, keys::DeviceKey, to_hex, CliError};
use codec::Encode;
use serde_json::{json, Value as Json};
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	utils::{AccountId32, H256},
};
use subxt_signer::sr25519::Keypair;

/// Domain tag of the possession proof (see the device registry's README).
pub const POSSESSION_TAG: &[u8] = b"depin/device-possession/v1";
/// Domain tag of a maker's attestation.
pub const ATTESTATION_TAG: &[u8] = b"depin/maker-attestation/v1";

/// What a command prints: a line or two for people, an object for `--json`.
pub struct Report {
	/// For people.
	pub text: String,
	/// For scripts.
	pub json: Json,
}

/// The bytes a device key signs to prove that `owner` holds it on the chain with `genesis`.
pub fn possession_payload(owner: &[u8; 32], genesis: &[u8; 32], valid_until: u32) -> Vec<u8> {
	(POSSESSION_TAG, owner, genesis, valid_until).encode()
}

/// The bytes a maker key signs to vouch for `device` in `class` on the chain with `genesis`.
pub fn attestation_payload(device: &[u8; 32], class: u32, genesis: &[u8; 32]) -> Vec<u8> {
	(ATTESTATION_TAG, device, class, genesis).encode()
}

/// A location in micro-degrees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Location {
	/// Latitude in micro-degrees.
	pub lat: i32,
	/// Longitude in micro-degrees.
	pub lon: i32,
}

/// A device's status as the chain reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub enum Status {
	/// May report work.
	Active,
	/// Barred from reporting until reinstated.
	Suspended,
	/// Unbonding after deregistration.
	Deregistering,
	/// Banned for good.
	Retired,
}

/// Device metadata.
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Metadata {
	/// Firmware hash.
	pub firmware_hash: Option<H256>,
	/// Content id bytes.
	pub content_id: Vec<u8>,
}

/// A device as the registry's runtime API returns it.
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct DeviceRecord {
	/// Owner account.
	pub owner: AccountId32,
	/// Class id.
	pub class: u32,
	/// Attesting maker.
	pub maker: Option<u32>,
	/// Effective status.
	pub status: Status,
	/// Bond held.
	pub bond: u128,
	/// Registered location.
	pub location: Option<Location>,
	/// Block of the last location change.
	pub location_changed_at: Option<u32>,
	/// Location changes so far.
	pub location_changes: u32,
	/// Published metadata.
	pub metadata: Metadata,
	/// Block of registration or transfer.
	pub registered_at: u32,
	/// End of unbonding, while deregistering.
	pub unbonding_until: Option<u32>,
}

fn none() -> Value {
	Value::unnamed_variant("None", vec![])
}

fn some(v: Value) -> Value {
	Value::unnamed_variant("Some", vec![v])
}

fn location_value(l: Location) -> Value {
	Value::named_composite(vec![
		("lat", Value::i128(l.lat.into())),
		("lon", Value::i128(l.lon.into())),
	])
}

fn location_json(l: &Option<Location>) -> Json {
	match l {
		Some(l) => json!({ "lat": l.lat, "lon": l.lon }),
		None => Json::Null,
	}
}

/// Where the CLI finds a device: its hex or SS58 public key, or a key file.
pub fn parse_device(text: &str) -> crate::Result<[u8; 32]> {
	if text.starts_with("0x") {
		return crate::parse_hex::<32>(text, "device key");
	}
	if let Ok(account) = text.parse::<AccountId32>() {
		return Ok(account.0);
	}
	let path = std::path::Path::new(text);
	if path.exists() {
		return Ok(DeviceKey::read(path)?.public());
	}
	Err(CliError::new(format!("'{text}' is not a device key"))
		.hint("give the 0x public key, its SS58 form, or the device's key file"))
}

/// What `register` needs besides the keys.
pub struct Registration {
	/// The device class.
	pub class: u32,
	/// Blocks for which the possession proof stays valid.
	pub valid_for: u32,
	/// The device's location, if any.
	pub location: Option<Location>,
	/// A maker's attestation: maker id and signature.
	pub attestation: Option<(u32, [u8; 64])>,
	/// Firmware hash, if published.
	pub firmware_hash: Option<[u8; 32]>,
	/// Content id, if published.
	pub content_id: Vec<u8>,
}

/// The `register_device` call for the device of `key`, owned by `owner`, with a possession
/// proof valid until block `valid_until`.
pub fn registration_call(
	genesis: &[u8; 32],
	owner: &[u8; 32],
	key: &DeviceKey,
	r: &Registration,
	valid_until: u32,
) -> subxt::transactions::DynamicPayload<Vec<Value>> {
	let signature = key.sign(&possession_payload(owner, genesis, valid_until));
	dynamic::transaction(
		"DeviceRegistry",
		"register_device",
		vec![
			Value::from_bytes(key.public()),
			Value::u128(r.class.into()),
			Value::named_composite(vec![
				("valid_until", Value::u128(valid_until.into())),
				("signature", Value::from_bytes(signature)),
			]),
			match r.attestation {
				Some((maker, sig)) => some(Value::named_composite(vec![
					("maker", Value::u128(maker.into())),
					("signature", Value::from_bytes(sig)),
				])),
				None => none(),
			},
			r.location.map(location_value).map(some).unwrap_or_else(none),
			Value::named_composite(vec![
				(
					"firmware_hash",
					r.firmware_hash.map(|h| some(Value::from_bytes(h))).unwrap_or_else(none),
				),
				("content_id", Value::from_bytes(&r.content_id)),
			]),
		],
	)
}

/// Registers the device of `key` to the account of `operator`.
pub async fn register(
	chain: &Chain,
	operator: &Keypair,
	key: &DeviceKey,
	r: Registration,
) -> crate::Result<Report> {
	let owner = operator.public_key().0;
	let device = key.public();
	let valid_until = chain.best_number().await?.saturating_add(r.valid_for);
	let call = registration_call(&chain.genesis_hash(), &owner, key, &r, valid_until);
	chain.submit(&call, operator).await?;
	let record = fetch(chain, device).await?.ok_or_else(|| {
		CliError::new("the registration was finalized but the device is not on chain")
	})?;
	Ok(Report {
		text: format!(
			"registered device {} ({}) in class {} to {}; bond {} held",
			to_hex(&device),
			key.ss58(chain.ss58_prefix),
			record.class,
			chain.address(&record.owner),
			chain.amount(record.bond)
		),
		json: record_json(chain, device, &record),
	})
}

/// Reads a device through the registry's runtime API (no fee).
pub async fn fetch(chain: &Chain, device: [u8; 32]) -> crate::Result<Option<DeviceRecord>> {
	let at = chain.at().await?;
	at.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Option<DeviceRecord>>(
			"DeviceRegistryApi",
			"device",
			(device,),
		))
		.await
		.map_err(|e| {
			CliError::new(format!("cannot read the device: {e}"))
				.hint("is this a DePIN appchain node with the device registry?")
		})
}

fn record_json(chain: &Chain, device: [u8; 32], d: &DeviceRecord) -> Json {
	json!({
		"device": to_hex(&device),
		"owner": chain.address(&d.owner),
		"class": d.class,
		"maker": d.maker,
		"status": format!("{:?}", d.status),
		"bond": d.bond.to_string(),
		"location": location_json(&d.location),
		"locationChanges": d.location_changes,
		"registeredAt": d.registered_at,
		"unbondingUntil": d.unbonding_until,
		"firmwareHash": d.metadata.firmware_hash.map(|h| to_hex(&h.0)),
		"contentId": String::from_utf8_lossy(&d.metadata.content_id),
	})
}

/// Shows a device.
pub async fn status(chain: &Chain, device: [u8; 32]) -> crate::Result<Report> {
	let Some(d) = fetch(chain, device).await? else {
		return Err(CliError::new(format!("no device {} on this chain", to_hex(&device)))
			.hint("register it with `depin device register`"));
	};
	let mut text = format!(
		"device   {}\nowner    {}\nclass    {}\nstatus   {:?}\nbond     {}\n",
		to_hex(&device),
		chain.address(&d.owner),
		d.class,
		d.status,
		chain.amount(d.bond)
	);
	if let Some(l) = d.location {
		text.push_str(&format!(
			"location {:.6}, {:.6} ({} changes)\n",
			f64::from(l.lat) / 1e6,
			f64::from(l.lon) / 1e6,
			d.location_changes
		));
	}
	if let Some(m) = d.maker {
		text.push_str(&format!("maker    {m}\n"));
	}
	if let Some(u) = d.unbonding_until {
		text.push_str(&format!("unbonds  at block {u}\n"));
	}
	let mut json = record_json(chain, device, &d);
	// The ledger keeps the device's latest epoch with work; earlier ones live on in its
	// rewards (`depin rewards --device`).
	let epoch = crate::work::epoch(chain).await?;
	match crate::work::device_work(chain, device).await? {
		Some(w) => {
			let open = w.epoch == epoch.index;
			let reported = w.report.is_some();
			text.push_str(&format!(
				"work     epoch {}{}: {} units{}\n",
				w.epoch,
				if open { " (open)" } else { "" },
				w.units,
				if reported { ", reported" } else { "" }
			));
			json["work"] = json!({
				"epoch": w.epoch,
				"open": open,
				"units": w.units,
				"reported": reported,
				"punished_up_to": w.punished_up_to,
			});
		},
		None => {
			text.push_str("work     none yet\n");
			json["work"] = Json::Null;
		},
	}
	// An oracle score of the open or the next epoch; older ones no longer apply.
	match crate::work::oracle_score(chain, device).await?.filter(|q| q.epoch >= epoch.index) {
		Some(q) => {
			text.push_str(&format!(
				"quality  {}% in epoch {} by oracle {}{}\n",
				q.score.percent(),
				q.epoch,
				chain.address(&q.oracle),
				if q.disputed { " (disputed: not applied)" } else { "" }
			));
			json["quality"] = json!({
				"epoch": q.epoch,
				"percent": q.score.percent(),
				"oracle": chain.address(&q.oracle),
				"disputed": q.disputed,
			});
		},
		None => json["quality"] = Json::Null,
	}
	Ok(Report { text: text.trim_end().to_string(), json })
}

/// Runs a one-argument call on a device (`deregister_device`, `withdraw_bond`,
/// `accept_transfer`, `cancel_transfer`) and reports the device afterwards.
pub async fn owner_call(
	chain: &Chain,
	operator: &Keypair,
	call: &'static str,
	device: [u8; 32],
) -> crate::Result<Report> {
	let payload = dynamic::transaction("DeviceRegistry", call, vec![Value::from_bytes(device)]);
	chain.submit(&payload, operator).await?;
	let after = fetch(chain, device).await?;
	let text = match &after {
		Some(d) => match d.unbonding_until {
			Some(u) => format!(
				"device {} is {:?}; its bond unbonds at block {u}",
				to_hex(&device),
				d.status
			),
			None => format!("device {} is {:?}", to_hex(&device), d.status),
		},
		None => format!(
			"device {} removed; its bond is back in {}",
			to_hex(&device),
			chain.address(&AccountId32(operator.public_key().0))
		),
	};
	let json = match &after {
		Some(d) => record_json(chain, device, d),
		None => json!({ "device": to_hex(&device), "removed": true }),
	};
	Ok(Report { text, json })
}

/// Moves a device to a new location (the location fee is burned).
pub async fn set_location(
	chain: &Chain,
	operator: &Keypair,
	device: [u8; 32],
	location: Location,
) -> crate::Result<Report> {
	let payload = dynamic::transaction(
		"DeviceRegistry",
		"set_location",
		vec![Value::from_bytes(device), location_value(location)],
	);
	chain.submit(&payload, operator).await?;
	status(chain, device).await
}

/// A maker's attestation of `device` in `class` for this chain, signed with the maker key.
pub fn attest(chain: &Chain, maker_key: &DeviceKey, device: [u8; 32], class: u32) -> Report {
	let signature = maker_key.sign(&attestation_payload(&device, class, &chain.genesis_hash()));
	Report {
		text: to_hex(&signature),
		json: json!({ "device": to_hex(&device), "class": class, "signature": to_hex(&signature) }),
	}
}

/// Offers a device the operator owns to `to`, who takes it with `accept_transfer`.
pub async fn offer_transfer(
	chain: &Chain,
	operator: &Keypair,
	device: [u8; 32],
	to: AccountId32,
) -> crate::Result<Report> {
	let payload = dynamic::transaction(
		"DeviceRegistry",
		"offer_transfer",
		vec![Value::from_bytes(device), Value::from_bytes(to.0)],
	);
	chain.submit(&payload, operator).await?;
	Ok(Report {
		text: format!(
			"device {} offered to {}; they take it with `depin device accept-transfer`",
			to_hex(&device),
			chain.address(&to)
		),
		json: json!({ "device": to_hex(&device), "offeredTo": chain.address(&to) }),
	})
}

/// One page of the devices `owner` owns, through the runtime API (no fee).
pub async fn list(
	chain: &Chain,
	owner: AccountId32,
	page: u32,
	page_size: u32,
) -> crate::Result<Report> {
	let at = chain.at().await?;
	let devices: Vec<[u8; 32]> = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Vec<[u8; 32]>>(
			"DeviceRegistryApi",
			"devices_of",
			(owner.0, page, page_size),
		))
		.await
		.map_err(|e| CliError::new(format!("cannot list the devices: {e}")))?;
	let keys: Vec<String> = devices.iter().map(|d| to_hex(d)).collect();
	let text = if keys.is_empty() {
		format!("{} owns no devices on page {page}", chain.address(&owner))
	} else {
		keys.join("\n")
	};
	Ok(Report {
		text,
		json: json!({ "owner": chain.address(&owner), "page": page, "devices": keys }),
	})
}

/// Applies as a maker that attests device keys with `maker_key`; the maker bond is held from
/// the operator's account until governance decides.
pub async fn apply_as_maker(
	chain: &Chain,
	operator: &Keypair,
	maker_key: [u8; 32],
	name: &str,
) -> crate::Result<Report> {
	if name.is_empty() || name.len() > 32 {
		return Err(CliError::new("a maker name has 1 to 32 bytes"));
	}
	let payload = dynamic::transaction(
		"DeviceRegistry",
		"apply_as_maker",
		vec![Value::from_bytes(maker_key), Value::from_bytes(name.as_bytes())],
	);
	let events = chain.submit(&payload, operator).await?;
	let applied = events
		.iter()
		.filter_map(|e| e.ok())
		.find(|e| e.pallet_name() == "DeviceRegistry" && e.event_name() == "MakerApplied")
		.ok_or_else(|| {
			CliError::new("the application was finalized without a MakerApplied event")
		})?;
	let event: Value = applied
		.decode_as()
		.map_err(|e| CliError::new(format!("cannot read the MakerApplied event: {e}")))?;
	use subxt::dynamic::At;
	let maker = event.at(0).at("maker").and_then(|v| v.as_u128()).unwrap_or_default();
	let bond = event.at(0).at("bond").and_then(|v| v.as_u128()).unwrap_or_default();
	Ok(Report {
		text: format!(
			"applied as maker {maker} with key {}; bond {} held until governance decides",
			to_hex(&maker_key),
			chain.amount(bond)
		),
		json: json!({ "maker": maker, "key": to_hex(&maker_key), "bond": bond.to_string() }),
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn payloads_are_the_scale_encoding_the_pallet_signs() {
		let p = possession_payload(&[1; 32], &[2; 32], 7);
		// Compact length of the 26-byte tag, the tag, owner, genesis, u32 little endian.
		assert_eq!(p[0], 26 << 2);
		assert_eq!(&p[1..27], POSSESSION_TAG);
		assert_eq!(&p[27..59], &[1; 32]);
		assert_eq!(&p[59..91], &[2; 32]);
		assert_eq!(&p[91..], &7u32.to_le_bytes());
		let a = attestation_payload(&[3; 32], 1, &[4; 32]);
		assert_eq!(a.len(), 1 + ATTESTATION_TAG.len() + 32 + 4 + 32);
	}

	#[test]
	fn devices_are_named_by_hex_ss58_or_key_file() {
		let key = DeviceKey::from_seed([9; 32]).unwrap();
		assert_eq!(parse_device(&to_hex(&key.public())).unwrap(), key.public());
		assert_eq!(parse_device(&key.ss58(42)).unwrap(), key.public());
		assert_eq!(parse_device(&key.ss58(7)).unwrap(), key.public(), "any network's form");
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("d.json");
		key.write_new(&path, 42).unwrap();
		assert_eq!(parse_device(path.to_str().unwrap()).unwrap(), key.public());
		assert!(parse_device("nonsense").is_err());
		assert!(parse_device("0x1234").is_err());
	}
}
