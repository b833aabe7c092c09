//! Customers and the treasury: payments for service (native token or an accepted stablecoin)
//! and the public epoch reports of what came in, what was bought back and burned.

use crate::{chain::Chain, device::Report, format_amount, parse_amount, CliError};
use serde_json::json;
use subxt::{
	dynamic::{self, At, Value},
	ext::scale_decode::DecodeAsType,
};
use subxt_signer::sr25519::Keypair;

/// What a payment is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Served {
	/// A device class as a whole.
	Class(u32),
	/// One device.
	Device([u8; 32]),
}

impl Served {
	fn value(self) -> Value {
		match self {
			Served::Class(c) => Value::unnamed_variant("Class", vec![Value::u128(c.into())]),
			Served::Device(d) => Value::unnamed_variant("Device", vec![Value::from_bytes(d)]),
		}
	}
}

/// An asset's symbol and decimals from its metadata; `None` if the asset does not exist.
async fn asset_metadata(chain: &Chain, asset: u32) -> crate::Result<Option<(String, u8)>> {
	let at = chain.at().await?;
	let exists = at
		.storage()
		.try_fetch(dynamic::storage::<(u32,), Value>("Assets", "Asset"), (asset,))
		.await
		.map_err(|e| CliError::new(format!("cannot read asset {asset}: {e}")))?
		.is_some();
	if !exists {
		return Ok(None);
	}
	let meta = at
		.storage()
		.fetch(dynamic::storage::<(u32,), AssetMetadata>("Assets", "Metadata"), (asset,))
		.await
		.map_err(|e| CliError::new(format!("cannot read asset {asset}'s metadata: {e}")))?
		.decode()
		.map_err(|e| CliError::new(format!("cannot decode asset {asset}'s metadata: {e}")))?;
	let symbol = String::from_utf8(meta.symbol)
		.ok()
		.filter(|s| !s.is_empty())
		.unwrap_or_else(|| format!("asset#{asset}"));
	Ok(Some((symbol, meta.decimals)))
}

/// An asset's metadata as pallet-assets stores it.
#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AssetMetadata {
	#[allow(dead_code)]
	deposit: u128,
	#[allow(dead_code)]
	name: Vec<u8>,
	symbol: Vec<u8>,
	decimals: u8,
	#[allow(dead_code)]
	is_frozen: bool,
}

/// How to show amounts of `asset` (`None`: the native token).
pub(crate) async fn unit_of(chain: &Chain, asset: Option<u32>) -> crate::Result<(String, u8)> {
	match asset {
		None => Ok((chain.symbol.clone(), chain.decimals)),
		Some(id) => asset_metadata(chain, id).await?.ok_or_else(|| {
			CliError::new(format!("asset {id} does not exist on this chain")).hint(
				"pay in the native token (leave out --asset) or in an asset the treasury \
				 accepts (depin treasury lists them)",
			)
		}),
	}
}

/// `depin pay`: pays `amount` (in whole units, e.g. "12.5") of `asset` for `served`.
pub async fn pay(
	chain: &Chain,
	signer: &Keypair,
	asset: Option<u32>,
	amount: &str,
	served: Served,
	memo: &str,
) -> crate::Result<Report> {
	let (symbol, decimals) = unit_of(chain, asset).await?;
	let plancks = parse_amount(amount, decimals, "--amount")?;
	let asset_value = match asset {
		Some(id) => Value::unnamed_variant("Some", vec![Value::u128(id.into())]),
		None => Value::unnamed_variant("None", vec![]),
	};
	let call = dynamic::transaction(
		"BuybackTreasury",
		"pay_for_service",
		vec![asset_value, Value::u128(plancks), served.value(), Value::from_bytes(memo.as_bytes())],
	);
	chain.submit(&call, signer).await?;
	let epoch = current_epoch(chain).await?;
	let what = match served {
		Served::Class(c) => format!("device class {c}"),
		Served::Device(d) => format!("device {}", crate::to_hex(&d)),
	};
	Ok(Report {
		text: format!(
			"paid {} for service of {what}; it counts in epoch {epoch}'s report",
			format_amount(plancks, decimals, &symbol)
		),
		json: json!({
			"asset": asset,
			"amount": plancks.to_string(),
			"served": what,
			"memo": memo,
			"epoch": epoch,
		}),
	})
}

/// The epoch now open.
pub async fn current_epoch(chain: &Chain) -> crate::Result<u32> {
	chain
		.at()
		.await?
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, u32>("RewardEmissionApi", "current_epoch", ()))
		.await
		.map_err(|e| CliError::new(format!("cannot read the current epoch: {e}")))
}

/// `depin treasury [--epoch E]`: an epoch's report (by default the last closed one) and the
/// totals since genesis.
pub async fn show(chain: &Chain, epoch: Option<u32>) -> crate::Result<Report> {
	let current = current_epoch(chain).await?;
	let epoch = match epoch {
		Some(e) => e,
		None => current.checked_sub(1).ok_or_else(|| {
			CliError::new("no epoch has closed yet").hint("give --epoch 0 to see the open one")
		})?,
	};
	let at = chain.at().await?;
	let report = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("BuybackTreasuryApi", "report", (epoch,)))
		.await
		.map_err(|e| CliError::new(format!("cannot read the treasury report: {e}")))?;
	let Some(report) = report.at(0).cloned() else {
		return Err(CliError::new(format!("no treasury report for epoch {epoch}")).hint(format!(
			"the open epoch is {current}; reports are kept for a limited number of epochs"
		)));
	};
	let totals = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("BuybackTreasuryApi", "totals", ()))
		.await
		.map_err(|e| CliError::new(format!("cannot read the treasury totals: {e}")))?;
	let n = |v: &Value, name: &str| v.at(name).and_then(|x| x.as_u128()).unwrap_or(0);
	let native = report.at("native").cloned().unwrap_or_else(|| Value::u128(0));
	let closed = report.at("closed").and_then(|v| v.as_bool()).unwrap_or(false);
	let mut text = vec![format!(
		"epoch {epoch} ({}):",
		if closed { "closed" } else { "open, figures not final" }
	)];
	text.push(format!(
		"  native revenue: service {}, fees {}, slashes {}, expired rewards {}, emission {}",
		chain.amount(n(&native, "service")),
		chain.amount(n(&native, "fees")),
		chain.amount(n(&native, "slashes")),
		chain.amount(n(&native, "expired_rewards")),
		chain.amount(n(&native, "emission")),
	));
	let mut assets_json = Vec::new();
	let mut i = 0;
	while let Some(a) = report.at("assets").and_then(|list| list.at(i)) {
		i += 1;
		let id = n(a, "asset") as u32;
		let (symbol, decimals) =
			asset_metadata(chain, id).await?.unwrap_or_else(|| (format!("asset#{id}"), 0));
		let amt = |name: &str| format_amount(n(a, name), decimals, &symbol);
		let price = |name: &str| {
			a.at(name)
				.and_then(|p| p.at(0))
				.and_then(|p| p.as_u128())
				.map(|p| format!("{} per {symbol}", chain.amount(p)))
				.unwrap_or_else(|| "none".into())
		};
		text.push(format!(
			"  {symbol}: revenue {}, spent {} for {}, average price {}, reference {}, \
			 waiting {}, granted {}",
			amt("revenue"),
			amt("spent"),
			chain.amount(n(a, "bought")),
			price("average_price"),
			price("reference_price"),
			amt("deferred"),
			amt("granted"),
		));
		assets_json.push(json!({
			"asset": id,
			"revenue": n(a, "revenue").to_string(),
			"spent": n(a, "spent").to_string(),
			"bought": n(a, "bought").to_string(),
			"deferred": n(a, "deferred").to_string(),
			"granted": n(a, "granted").to_string(),
		}));
	}
	text.push(format!(
		"  bought back {}, burned {}, granted {}",
		chain.amount(n(&report, "bought")),
		chain.amount(n(&report, "burned")),
		chain.amount(n(&report, "native_granted")),
	));
	text.push(format!("burned since genesis: {}", chain.amount(n(&totals, "burned"))));
	Ok(Report {
		text: text.join("\n"),
		json: json!({
			"epoch": epoch,
			"closed": closed,
			"native": {
				"service": n(&native, "service").to_string(),
				"fees": n(&native, "fees").to_string(),
				"slashes": n(&native, "slashes").to_string(),
				"expired_rewards": n(&native, "expired_rewards").to_string(),
				"emission": n(&native, "emission").to_string(),
			},
			"assets": assets_json,
			"bought": n(&report, "bought").to_string(),
			"burned": n(&report, "burned").to_string(),
			"native_granted": n(&report, "native_granted").to_string(),
			"burned_since_genesis": n(&totals, "burned").to_string(),
		}),
	})
}
