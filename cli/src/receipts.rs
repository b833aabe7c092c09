//! Jobs paid by receipt: the customer of a funded order signs a receipt for a job the device
//! did (`depin market receipt`), and the device reports its customers' receipts
//! (`depin market deliver`), feeless. The chain counts a receipt only against the order it
//! names, and the order pays its owner as soon as the report is in.

use crate::{
	chain::{self, Chain},
	device::Report,
	keys::DeviceKey,
	to_hex,
	work::{epoch, feeless, REPORT_TAG},
	CliError,
};
use codec::Encode;
use serde_json::json;
use subxt::dynamic::{self, Value};
use subxt_signer::sr25519::Keypair;

/// Domain tag of a customer's signature over a job receipt.
pub const RECEIPT_TAG: &[u8] = b"depin/job-receipt/v2";

/// Most receipts one report carries.
pub const MAX_RECEIPTS: usize = 16;

/// A customer's receipt for one job, as `depin market receipt` writes it and `depin market
/// deliver` reads it (hex strings for bytes, a decimal string for the price).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
	/// The device that did the job (0x public key).
	pub device: String,
	/// The epoch the receipt is signed for: the device must report it in that epoch.
	pub epoch: u32,
	/// The customer (0x public key).
	pub customer: String,
	/// The customer's order of the device that the job counts against.
	pub order: u64,
	/// The job's id (0x + 64 hex digits).
	pub job_id: String,
	/// Units of work the job took.
	pub units: u64,
	/// What the customer says the job cost, in the order asset's smallest units (for the
	/// record: the order's escrow pays).
	pub price: String,
	/// The customer's sr25519 signature (0x + 128 hex digits).
	pub signature: String,
}

/// The receipt's fields as bytes.
struct Parsed {
	customer: [u8; 32],
	job_id: [u8; 32],
	price: u128,
	signature: [u8; 64],
}

impl Receipt {
	/// The receipt as JSON.
	pub fn to_json(&self) -> serde_json::Value {
		json!({
			"device": self.device,
			"epoch": self.epoch,
			"customer": self.customer,
			"order": self.order,
			"job_id": self.job_id,
			"units": self.units,
			"price": self.price,
			"signature": self.signature,
		})
	}

	/// A receipt from its JSON.
	pub fn from_json(v: &serde_json::Value) -> Result<Self, String> {
		let text = |name: &str| {
			v.get(name)
				.and_then(|x| x.as_str())
				.map(String::from)
				.ok_or_else(|| format!("no \"{name}\" string"))
		};
		let number = |name: &str| {
			v.get(name).and_then(|x| x.as_u64()).ok_or_else(|| format!("no \"{name}\" number"))
		};
		Ok(Receipt {
			device: text("device")?,
			epoch: u32::try_from(number("epoch")?).map_err(|_| "the epoch is too large")?,
			customer: text("customer")?,
			order: number("order")?,
			job_id: text("job_id")?,
			units: number("units")?,
			price: text("price")?,
			signature: text("signature")?,
		})
	}

	fn parse(&self) -> crate::Result<Parsed> {
		Ok(Parsed {
			customer: crate::parse_hex(&self.customer, "the receipt's customer")?,
			job_id: crate::parse_hex(&self.job_id, "the receipt's job id")?,
			price: self.price.parse().map_err(|_| {
				CliError::new(format!("the receipt's price '{}' is not a whole number", self.price))
			})?,
			signature: crate::parse_hex(&self.signature, "the receipt's signature")?,
		})
	}

	/// The receipt's SCALE encoding inside a report: customer, order, job, units, price and the
	/// signature as a `MultiSignature::Sr25519` (variant 1).
	fn encoded(&self, p: &Parsed) -> Vec<u8> {
		(p.customer, self.order, p.job_id, self.units, p.price, 1u8, p.signature).encode()
	}

	/// The receipt as a field of a report call.
	fn value(&self, p: &Parsed) -> Value {
		Value::named_composite(vec![
			("customer", Value::from_bytes(p.customer)),
			("order", Value::u128(self.order.into())),
			("job_id", Value::from_bytes(p.job_id)),
			("units", Value::u128(self.units.into())),
			("price", Value::u128(p.price)),
			("signature", Value::unnamed_variant("Sr25519", vec![Value::from_bytes(p.signature)])),
		])
	}
}

/// What a customer signs for a receipt: `(tag, genesis, device, epoch, order, job, units,
/// price)`, SCALE-encoded.
pub fn receipt_payload(
	genesis: &[u8; 32],
	device: &[u8; 32],
	epoch: u32,
	order: u64,
	job_id: &[u8; 32],
	units: u64,
	price: u128,
) -> Vec<u8> {
	(RECEIPT_TAG, genesis, device, epoch, order, job_id, units, price).encode()
}

/// A job id: the one given, or random.
fn job_id(given: Option<&str>) -> crate::Result<[u8; 32]> {
	match given {
		Some(text) => crate::parse_hex(text, "--job"),
		None => random(),
	}
}

/// Random bytes from the system.
fn random<const N: usize>() -> crate::Result<[u8; N]> {
	let mut bytes = [0u8; N];
	getrandom::getrandom(&mut bytes)
		.map_err(|e| CliError::new(format!("no randomness from the system: {e}")))?;
	Ok(bytes)
}

/// `depin market receipt`: the customer signs a receipt for `units` of a job of `device`
/// against its order `order`, for the current epoch.
pub async fn sign(
	chain: &Chain,
	customer: &Keypair,
	device: [u8; 32],
	order: u64,
	units: u64,
	job: Option<&str>,
	price: u128,
) -> crate::Result<Report> {
	if units == 0 {
		return Err(CliError::new("a receipt must count at least one unit").hint("give --units N"));
	}
	let e = epoch(chain).await?;
	let job_id = job_id(job)?;
	let payload =
		receipt_payload(&chain.genesis_hash(), &device, e.index, order, &job_id, units, price);
	let receipt = Receipt {
		device: to_hex(&device),
		epoch: e.index,
		customer: to_hex(&customer.public_key().0),
		order,
		job_id: to_hex(&job_id),
		units,
		price: price.to_string(),
		signature: to_hex(&customer.sign(&payload).0),
	};
	let json = receipt.to_json();
	Ok(Report {
		text: serde_json::to_string_pretty(&json).map_err(|e| CliError::new(e.to_string()))?,
		json,
	})
}

/// Reads receipts from files: each holds one receipt or a list of them.
pub fn read(paths: &[std::path::PathBuf]) -> crate::Result<Vec<Receipt>> {
	let mut all = Vec::new();
	for path in paths {
		let text = std::fs::read_to_string(path)
			.map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))?;
		let bad = |e: String| {
			CliError::new(format!("{} is not a receipt: {e}", path.display()))
				.hint("write one with `depin market receipt ... --json > FILE`")
		};
		let value: serde_json::Value =
			serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
		match value.as_array() {
			Some(list) => {
				for v in list {
					all.push(Receipt::from_json(v).map_err(bad)?);
				}
			},
			None => all.push(Receipt::from_json(&value).map_err(bad)?),
		}
	}
	Ok(all)
}

/// The checks the CLI can make before the chain does: receipts for this device, all of one
/// epoch (the current one), at most `MAX_RECEIPTS`.
fn check(receipts: &[Receipt], device: &[u8; 32], current: u32) -> crate::Result<u32> {
	if receipts.is_empty() {
		return Err(CliError::new("no receipts given").hint("give --receipt FILE"));
	}
	if receipts.len() > MAX_RECEIPTS {
		return Err(CliError::new(format!(
			"{} receipts: a report carries at most {MAX_RECEIPTS}",
			receipts.len()
		)));
	}
	for r in receipts {
		if crate::parse_hex::<32>(&r.device, "the receipt's device")? != *device {
			return Err(CliError::new(format!(
				"receipt for job {} is for device {}, not this one",
				r.job_id, r.device
			)));
		}
		if r.epoch != current {
			return Err(CliError::new(format!(
				"receipt for job {} was signed for epoch {}; the chain is in epoch {current}",
				r.job_id, r.epoch
			))
			.hint(
				"a receipt counts in the epoch it was signed for: ask the customer to sign again",
			));
		}
	}
	Ok(current)
}

/// `depin market deliver`: the device reports its customers' receipts for the current epoch,
/// feeless, and prints what the chain credited.
pub async fn deliver(
	chain: &Chain,
	key: &DeviceKey,
	receipts: &[Receipt],
) -> crate::Result<Report> {
	let device = key.public();
	let e = check(receipts, &device, epoch(chain).await?.index)?;
	let parsed = receipts.iter().map(Receipt::parse).collect::<crate::Result<Vec<_>>>()?;
	let nonce = u64::from_le_bytes(random()?);
	// `WorkReport { device, epoch, nonce, payload: Receipts { receipts } }`, the payload
	// being variant 3 of `ReportPayload`.
	let mut encoded = (device, e, nonce, 3u8).encode();
	codec::Compact(receipts.len() as u32).encode_to(&mut encoded);
	for (r, p) in receipts.iter().zip(&parsed) {
		encoded.extend(r.encoded(p));
	}
	let mut payload = (REPORT_TAG, chain.genesis_hash()).encode();
	payload.extend_from_slice(&encoded);
	let signature = key.sign(&payload);
	let report = Value::named_composite(vec![
		("device", Value::from_bytes(device)),
		("epoch", Value::u128(e.into())),
		("nonce", Value::u128(nonce.into())),
		(
			"payload",
			Value::named_variant(
				"Receipts",
				vec![(
					"receipts",
					Value::unnamed_composite(
						receipts.iter().zip(&parsed).map(|(r, p)| r.value(p)).collect::<Vec<_>>(),
					),
				)],
			),
		),
	]);
	let call = dynamic::transaction(
		"PhysicalWork",
		"submit_report",
		vec![report, Value::from_bytes(signature)],
	);
	let at = chain.at().await?;
	let events = chain.submit_transaction(feeless(&at, &call)?).await?;
	let credited = chain::event(&events, "PhysicalWork", "WorkAccepted")
		.map_or(0, |v| chain::event_number(&v, "units")) as u64;
	let units: u64 = receipts.iter().map(|r| r.units).sum();
	Ok(Report {
		text: format!(
			"{} receipts ({units} units) delivered to their orders in epoch {e}; the device is \
			 credited {credited} demand units (the value of the take behind them)",
			receipts.len()
		),
		json: json!({ "epoch": e, "receipts": receipts.len(), "units": units, "credited": credited }),
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	fn receipt(device: [u8; 32], epoch: u32) -> Receipt {
		Receipt {
			device: to_hex(&device),
			epoch,
			customer: to_hex(&[2; 32]),
			order: 7,
			job_id: to_hex(&[3; 32]),
			units: 5,
			price: "10".into(),
			signature: to_hex(&[4; 64]),
		}
	}

	#[test]
	fn a_receipt_reads_back_what_it_wrote() {
		let r = receipt([1; 32], 4);
		assert_eq!(Receipt::from_json(&r.to_json()), Ok(r));
		let err = Receipt::from_json(&json!({ "device": "0x01" })).unwrap_err();
		assert!(err.contains("\"epoch\""), "{err}");
	}

	#[test]
	fn a_receipt_is_encoded_as_the_pallet_decodes_it() {
		let r = receipt([1; 32], 4);
		let p = r.parse().expect("parses");
		let bytes = r.encoded(&p);
		// customer 32, order 8, job 32, units 8, price 16, variant 1, signature 64.
		assert_eq!(bytes.len(), 32 + 8 + 32 + 8 + 16 + 1 + 64);
		assert_eq!(&bytes[32..40], &7u64.to_le_bytes());
		assert_eq!(bytes[96], 1, "MultiSignature::Sr25519");
	}

	#[test]
	fn receipts_of_another_device_or_epoch_are_refused_before_the_chain_sees_them() {
		let device = [1; 32];
		assert!(check(&[receipt(device, 4)], &device, 4).is_ok());
		let other = check(&[receipt([9; 32], 4)], &device, 4).unwrap_err();
		assert!(other.message.contains("not this one"), "{}", other.message);
		let stale = check(&[receipt(device, 3)], &device, 4).unwrap_err();
		assert!(stale.message.contains("signed for epoch 3"), "{}", stale.message);
		let none = check(&[], &device, 4).unwrap_err();
		assert!(none.message.contains("no receipts"), "{}", none.message);
		let many = vec![receipt(device, 4); MAX_RECEIPTS + 1];
		assert!(check(&many, &device, 4).unwrap_err().message.contains("at most 16"));
	}

	#[test]
	fn the_signed_payload_starts_with_the_tag_and_names_the_order() {
		let p = receipt_payload(&[0; 32], &[1; 32], 4, 7, &[3; 32], 5, 10);
		assert!(p.starts_with(&(RECEIPT_TAG).encode()));
		// After the tag: genesis 32, device 32, epoch 4, then the order.
		let at = RECEIPT_TAG.encode().len() + 32 + 32 + 4;
		assert_eq!(&p[at..at + 8], &7u64.to_le_bytes());
	}
}
