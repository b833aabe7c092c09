//! `depin market`: owners offer their devices' service, customers order it with the price
//! escrowed, and anyone settles an order from the work the chain verified.

use crate::{chain::Chain, device::Report, format_amount, parse_amount, to_hex, CliError};
use serde_json::json;
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	utils::AccountId32,
};
use subxt_signer::sr25519::Keypair;

/// An offer's terms as the owner gives them on the command line.
pub struct OfferTerms<'a> {
	/// The asset paid in (`None`: the native token).
	pub asset: Option<u32>,
	/// Price of one unit, in whole units of the asset (e.g. "0.1").
	pub price: &'a str,
	/// Most units an epoch the offer sells.
	pub units: u64,
	/// Shortest order, in epochs.
	pub min_epochs: u32,
	/// Longest order, in epochs.
	pub max_epochs: u32,
	/// Epochs of notice to cancel.
	pub notice: u32,
}

fn option_u32(v: Option<u32>) -> Value {
	match v {
		Some(id) => Value::unnamed_variant("Some", vec![Value::u128(id.into())]),
		None => Value::unnamed_variant("None", vec![]),
	}
}

/// An offer's terms, as the runtime API returns them.
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Terms {
	asset: Option<u32>,
	price_per_unit: u128,
	units_per_epoch: u64,
	min_epochs: u32,
	max_epochs: u32,
	notice_epochs: u32,
}

/// An offer.
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Offer {
	device: [u8; 32],
	class: u32,
	terms: Terms,
}

/// An order.
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Order {
	offer: u32,
	device: [u8; 32],
	asset: Option<u32>,
	units_per_epoch: u64,
	start: u32,
	end: u32,
	paid: u128,
	taken: u128,
}

/// An order and its settlement state.
#[derive(Clone, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct OrderState {
	order: Order,
	delivered: u64,
	due: u128,
	remaining: u128,
}

/// The first `name` event of the market in `events`, if it sent one.
fn event(
	events: &subxt::extrinsics::ExtrinsicEvents<subxt::PolkadotConfig>,
	name: &str,
) -> Option<Value> {
	crate::chain::event(events, "ServiceMarket", name)
}

/// The first `name` event of the market in `events`, which a successful call must have sent.
fn expect_event(
	events: &subxt::extrinsics::ExtrinsicEvents<subxt::PolkadotConfig>,
	name: &str,
) -> crate::Result<Value> {
	event(events, name).ok_or_else(|| {
		CliError::new(format!(
			"the transaction went through but the chain sent no ServiceMarket.{name} event"
		))
		.hint("is this node's runtime the one this depin was built for? `depin --version`")
	})
}

/// A number field of a decoded event.
fn n(v: &Value, name: &str) -> u128 {
	crate::chain::event_number(v, name)
}

/// A runtime API call of `ServiceMarketApi`.
async fn api<R: DecodeAsType>(
	chain: &Chain,
	name: &'static str,
	args: impl subxt::ext::frame_decode::runtime_apis::IntoEncodableValues,
) -> crate::Result<R> {
	chain
		.at()
		.await?
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, R>("ServiceMarketApi", name, args))
		.await
		.map_err(|e| CliError::new(format!("cannot read the market: {e}")))
}

/// How to show amounts of `asset`.
async fn unit(chain: &Chain, asset: Option<u32>) -> crate::Result<(String, u8)> {
	crate::treasury::unit_of(chain, asset).await
}

/// `depin market offer`: offers `device`'s service on `terms`.
pub async fn offer(
	chain: &Chain,
	signer: &Keypair,
	device: [u8; 32],
	terms: OfferTerms<'_>,
) -> crate::Result<Report> {
	let (symbol, decimals) = unit(chain, terms.asset).await?;
	let price = parse_amount(terms.price, decimals, "--price")?;
	let value = Value::named_composite([
		("asset", option_u32(terms.asset)),
		("price_per_unit", Value::u128(price)),
		("units_per_epoch", Value::u128(terms.units.into())),
		("min_epochs", Value::u128(terms.min_epochs.into())),
		("max_epochs", Value::u128(terms.max_epochs.into())),
		("notice_epochs", Value::u128(terms.notice.into())),
	]);
	let call =
		dynamic::transaction("ServiceMarket", "offer", vec![Value::from_bytes(device), value]);
	let events = chain.submit(&call, signer).await?;
	let id = n(&expect_event(&events, "OfferMade")?, "offer");
	Ok(Report {
		text: format!(
			"offer {id}: device {} sells up to {} units an epoch at {} a unit, orders of {} to {} \
			 epochs, {} epochs' notice",
			to_hex(&device),
			terms.units,
			format_amount(price, decimals, &symbol),
			terms.min_epochs,
			terms.max_epochs,
			terms.notice
		),
		json: json!({
			"offer": id,
			"device": to_hex(&device),
			"asset": terms.asset,
			"price_per_unit": price.to_string(),
			"units_per_epoch": terms.units,
			"min_epochs": terms.min_epochs,
			"max_epochs": terms.max_epochs,
			"notice_epochs": terms.notice,
		}),
	})
}

/// One offer as a line and as JSON.
async fn show_offer(
	chain: &Chain,
	id: u32,
	o: &Offer,
) -> crate::Result<(String, serde_json::Value)> {
	let t = &o.terms;
	let (symbol, decimals) = unit(chain, t.asset).await?;
	let line = format!(
		"offer {id}: device {} (class {}), {} a unit, up to {} units an epoch, {}–{} epochs, {} \
		 epochs' notice",
		to_hex(&o.device),
		o.class,
		format_amount(t.price_per_unit, decimals, &symbol),
		t.units_per_epoch,
		t.min_epochs,
		t.max_epochs,
		t.notice_epochs,
	);
	let json = json!({
		"offer": id,
		"device": to_hex(&o.device),
		"class": o.class,
		"asset": t.asset,
		"price_per_unit": t.price_per_unit.to_string(),
		"units_per_epoch": t.units_per_epoch,
		"min_epochs": t.min_epochs,
		"max_epochs": t.max_epochs,
		"notice_epochs": t.notice_epochs,
	});
	Ok((line, json))
}

/// `depin market offers`: a device's offers, or a class's.
pub async fn offers(
	chain: &Chain,
	device: Option<[u8; 32]>,
	class: Option<u32>,
) -> crate::Result<Report> {
	let list: Vec<(u32, Offer)> = match (device, class) {
		(Some(d), None) => api(chain, "offers_of_device", (d,)).await?,
		(None, Some(c)) => api(chain, "offers_of_class", (c, 0u32, 256u32)).await?,
		_ => return Err(CliError::new("name the offers to list: --device D or --class C")),
	};
	let (mut text, mut rows) = (Vec::new(), Vec::new());
	for (id, o) in &list {
		let (line, row) = show_offer(chain, *id, o).await?;
		text.push(line);
		rows.push(row);
	}
	if text.is_empty() {
		text.push("no offers".into());
	}
	Ok(Report { text: text.join("\n"), json: json!({ "offers": rows }) })
}

/// What `depin market order` buys.
pub struct OrderTerms {
	/// The offer.
	pub offer: u32,
	/// Units a epoch (chunks, for storage).
	pub units: u64,
	/// Epochs, from the next one.
	pub epochs: u32,
	/// For a storage device, the root of the data it is to keep.
	pub data_root: Option<[u8; 32]>,
}

/// `depin market order`: orders `units` a epoch for `epochs` epochs from `offer` (of the data
/// with `data_root`, from a storage device), at no more than `max_price` a unit (by default the
/// offer's price as read now).
pub async fn order(
	chain: &Chain,
	signer: &Keypair,
	terms: OrderTerms,
	max_price: Option<&str>,
) -> crate::Result<Report> {
	let OrderTerms { offer: offer_id, units, epochs, data_root } = terms;
	let offer: Option<Offer> = api(chain, "offer", (offer_id,)).await?;
	let Some(o) = offer else {
		return Err(CliError::new(format!("there is no offer {offer_id}"))
			.hint("`depin market offers --class C` lists the offers of a device class"));
	};
	let asset = o.terms.asset;
	let (symbol, decimals) = unit(chain, asset).await?;
	let max = match max_price {
		Some(p) => parse_amount(p, decimals, "--max-price")?,
		None => o.terms.price_per_unit,
	};
	let mut args = vec![
		Value::u128(offer_id.into()),
		Value::u128(units.into()),
		Value::u128(epochs.into()),
		option_u32(asset),
		Value::u128(max),
	];
	let name = match data_root {
		Some(root) => {
			args.push(Value::from_bytes(root));
			"order_storage"
		},
		None => "order",
	};
	let call = dynamic::transaction("ServiceMarket", name, args);
	let events = chain.submit(&call, signer).await.map_err(|e| {
		if e.message.contains("DataRootRequired") {
			e.hint("the offer is a storage device's: add --data-root 0x… (your data's root for it)")
		} else if e.message.contains("NotStorageOffer") {
			e.hint("only a storage device's offer takes --data-root: drop it")
		} else {
			e
		}
	})?;
	let ordered = expect_event(&events, "Ordered")?;
	let (id, escrowed) = (n(&ordered, "order"), n(&ordered, "escrowed"));
	let (start, end) = (n(&ordered, "start"), n(&ordered, "end"));
	Ok(Report {
		text: format!(
			"order {id}: {units} units an epoch in epochs {start} to {} from offer {offer_id}; {} \
			 escrowed",
			end.saturating_sub(1),
			format_amount(escrowed, decimals, &symbol)
		),
		json: json!({
			"order": id,
			"offer": offer_id,
			"units_per_epoch": units,
			"start": start,
			"end": end,
			"asset": asset,
			"escrowed": escrowed.to_string(),
			"data_root": data_root.map(|r| crate::to_hex(&r)),
		}),
	})
}

/// `depin market orders`: a customer's open orders, or a device's.
pub async fn orders(
	chain: &Chain,
	customer: Option<AccountId32>,
	device: Option<[u8; 32]>,
) -> crate::Result<Report> {
	let list: Vec<(u64, OrderState)> = match (customer, device) {
		(Some(c), None) => api(chain, "orders_of_customer", (c.0,)).await?,
		(None, Some(d)) => api(chain, "orders_of_device", (d,)).await?,
		_ => {
			return Err(CliError::new("name the orders to list: --customer ACCOUNT or --device D"))
		},
	};
	let (mut text, mut rows) = (Vec::new(), Vec::new());
	for (id, state) in &list {
		let o = &state.order;
		let (symbol, decimals) = unit(chain, o.asset).await?;
		let amount = |x: u128| format_amount(x, decimals, &symbol);
		text.push(format!(
			"order {id}: device {}, {} units an epoch in epochs {} to {}, delivered {}, paid {} \
			 (+{} take), due {}, escrowed {}",
			to_hex(&o.device),
			o.units_per_epoch,
			o.start,
			o.end.saturating_sub(1),
			state.delivered,
			amount(o.paid),
			amount(o.taken),
			amount(state.due),
			amount(state.remaining),
		));
		rows.push(json!({
			"order": id,
			"offer": o.offer,
			"device": to_hex(&o.device),
			"asset": o.asset,
			"units_per_epoch": o.units_per_epoch,
			"start": o.start,
			"end": o.end,
			"delivered": state.delivered,
			"paid": o.paid.to_string(),
			"taken": o.taken.to_string(),
			"due": state.due.to_string(),
			"remaining": state.remaining.to_string(),
		}));
	}
	if text.is_empty() {
		text.push("no open orders".into());
	}
	Ok(Report { text: text.join("\n"), json: json!({ "orders": rows }) })
}

/// `depin market settle`: pays an order for what its device delivered; ends it once its
/// last epoch has closed.
pub async fn settle(chain: &Chain, signer: &Keypair, order: u64) -> crate::Result<Report> {
	let state: Option<OrderState> = api(chain, "order", (order,)).await?;
	let Some(asset) = state.map(|s| s.order.asset) else {
		return Err(CliError::new(format!("there is no open order {order}")).hint(
			"an order is gone once it ended; `depin market orders --customer A` lists open ones",
		));
	};
	let (symbol, decimals) = unit(chain, asset).await?;
	let amount = |x: u128| format_amount(x, decimals, &symbol);
	let call = dynamic::transaction("ServiceMarket", "settle", vec![Value::u128(order.into())]);
	let events = chain.submit(&call, signer).await?;
	let settled = event(&events, "OrderSettled");
	let ended = event(&events, "OrderEnded");
	let (units, paid, taken) =
		settled.as_ref().map_or((0, 0, 0), |v| (n(v, "units"), n(v, "paid"), n(v, "taken")));
	let mut text = format!(
		"order {order}: {units} units paid, {} to the owner, {} to the treasury",
		amount(paid),
		amount(taken)
	);
	if let Some(e) = &ended {
		text.push_str(&format!(
			"; it ended, {} returned to the customer",
			amount(n(e, "refunded"))
		));
	}
	Ok(Report {
		text,
		json: json!({
			"order": order,
			"units": units,
			"paid": paid.to_string(),
			"taken": taken.to_string(),
			"ended": ended.is_some(),
			"refunded": ended.as_ref().map_or(0, |e| n(e, "refunded")).to_string(),
		}),
	})
}

/// `depin market cancel`: cancels an order; it ends once the offer's notice has passed.
pub async fn cancel(chain: &Chain, signer: &Keypair, order: u64) -> crate::Result<Report> {
	let call = dynamic::transaction("ServiceMarket", "cancel", vec![Value::u128(order.into())]);
	let events = chain.submit(&call, signer).await?;
	let end = n(&expect_event(&events, "OrderCancelled")?, "end");
	Ok(Report {
		text: format!(
			"order {order} cancelled: it serves until epoch {}, then `depin market settle` returns \
			 the rest",
			end.saturating_sub(1)
		),
		json: json!({ "order": order, "end": end }),
	})
}
