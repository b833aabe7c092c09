//! Rewards: what each device can claim, read through the runtime API for free, and claims
//! (paid to the device's owner, whoever sends them).

use crate::{chain::Chain, device::Report, to_hex, CliError};
use serde_json::json;
use subxt::{
	dynamic::{self, At, Value},
	ext::scale_decode::DecodeAsType,
	utils::AccountId32,
};
use subxt_signer::sr25519::Keypair;

/// What a device can claim now, as the runtime API returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Pending {
	/// First epoch not yet claimed nor expired.
	pub from: u32,
	/// Last closed epoch.
	pub to: u32,
	/// What claiming `from..=to` pays.
	pub amount: u128,
	/// The largest `up_to` one claim may name.
	pub claimable_up_to: u32,
}

/// What `device` can claim now.
pub async fn pending(chain: &Chain, device: [u8; 32]) -> crate::Result<Pending> {
	chain
		.at()
		.await?
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Pending>(
			"RewardEmissionApi",
			"pending_rewards",
			(device,),
		))
		.await
		.map_err(|e| CliError::new(format!("cannot read pending rewards: {e}")))
}

/// What each of `owner`'s devices can claim now (devices with nothing pending left out).
pub async fn pending_of(
	chain: &Chain,
	owner: &AccountId32,
) -> crate::Result<(Vec<([u8; 32], Pending)>, u128)> {
	chain
		.at()
		.await?
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, (Vec<([u8; 32], Pending)>, u128)>(
			"RewardEmissionApi",
			"pending_rewards_of",
			(owner.0,),
		))
		.await
		.map_err(|e| CliError::new(format!("cannot read pending rewards: {e}")))
}

fn pending_json(device: [u8; 32], p: &Pending) -> serde_json::Value {
	json!({
		"device": to_hex(&device),
		"from": p.from,
		"to": p.to,
		"amount": p.amount.to_string(),
		"claimable_up_to": p.claimable_up_to,
	})
}

fn pending_line(chain: &Chain, device: [u8; 32], p: &Pending) -> String {
	if p.from > p.to {
		format!(
			"device {}: nothing to claim (no closed epoch since the last claim)",
			to_hex(&device)
		)
	} else {
		format!(
			"device {}: {} in epochs {}..={}",
			to_hex(&device),
			chain.amount(p.amount),
			p.from,
			p.to
		)
	}
}

/// `depin rewards --device D`: one device's pending rewards.
pub async fn show_device(chain: &Chain, device: [u8; 32]) -> crate::Result<Report> {
	let p = pending(chain, device).await?;
	Ok(Report { text: pending_line(chain, device, &p), json: pending_json(device, &p) })
}

/// `depin rewards`: the pending rewards of every device of `owner`.
pub async fn show_owner(chain: &Chain, owner: &AccountId32) -> crate::Result<Report> {
	let (devices, total) = pending_of(chain, owner).await?;
	let mut text: Vec<String> = devices.iter().map(|(d, p)| pending_line(chain, *d, p)).collect();
	text.push(format!("total pending for {owner}: {}", chain.amount(total)));
	Ok(Report {
		text: text.join("\n"),
		json: json!({
			"owner": owner.to_string(),
			"total": total.to_string(),
			"devices": devices.iter().map(|(d, p)| pending_json(*d, p)).collect::<Vec<_>>(),
		}),
	})
}

/// `depin rewards claim`: claims `device`'s rewards up to `up_to` (default: everything
/// pending, in as many claims as the per-claim limit needs). With `for_owner`, the signer
/// need not own the device; the rewards go to the owner either way.
pub async fn claim(
	chain: &Chain,
	signer: &Keypair,
	device: [u8; 32],
	up_to: Option<u32>,
	for_owner: bool,
) -> crate::Result<Report> {
	let call_name = if for_owner { "claim_for" } else { "claim" };
	let first = pending(chain, device).await?;
	let target = match up_to {
		Some(e) => e,
		None if first.from > first.to => {
			return Err(CliError::new(format!(
				"nothing to claim for device {}: no closed epoch since the last claim",
				to_hex(&device)
			))
			.hint("wait for the current epoch to close, then claim again"))
		},
		None => first.to,
	};
	let mut paid = 0u128;
	let mut locked = 0u128;
	let mut claims = Vec::new();
	loop {
		let p = pending(chain, device).await?;
		// One claim reaches at most `claimable_up_to`; an explicit `up_to` is sent as given
		// so that the chain names what is wrong with it.
		let step = if up_to.is_some() { target } else { target.min(p.claimable_up_to) };
		let call = dynamic::transaction(
			"RewardEmission",
			call_name,
			vec![Value::from_bytes(device), Value::u128(step.into())],
		);
		let events = chain.submit(&call, signer).await?;
		let claimed = events
			.iter()
			.filter_map(Result::ok)
			.find(|ev| ev.pallet_name() == "RewardEmission" && ev.event_name() == "RewardsClaimed")
			.and_then(|ev| ev.decode_as::<Value>().ok());
		let field = |name: &str| -> u128 {
			let Some(v) = claimed.as_ref() else { return 0 };
			let value = match v.at(0).at(name) {
				Some(x) => x.as_u128(),
				None => v.at(name).and_then(|x| x.as_u128()),
			};
			value.unwrap_or(0)
		};
		paid = paid.saturating_add(field("amount"));
		locked = locked.saturating_add(field("locked"));
		claims.push(
			json!({ "from": field("from"), "to": field("to"), "amount": field("amount").to_string() }),
		);
		if step >= target {
			break;
		}
	}
	let mut text = format!(
		"claimed {} for device {} (epochs up to {target}), paid to its owner",
		chain.amount(paid),
		to_hex(&device)
	);
	if locked > 0 {
		text.push_str(&format!("; {} of it is time-locked", chain.amount(locked)));
	}
	Ok(Report {
		text,
		json: json!({
			"device": to_hex(&device),
			"up_to": target,
			"paid": paid.to_string(),
			"locked": locked.to_string(),
			"claims": claims,
		}),
	})
}

/// `depin rewards unlock`: unfreezes `who`'s time-locked rewards whose lock has ended.
pub async fn unlock(chain: &Chain, signer: &Keypair, who: AccountId32) -> crate::Result<Report> {
	let call = dynamic::transaction("RewardEmission", "unlock", vec![Value::from_bytes(who.0)]);
	let events = chain.submit(&call, signer).await?;
	let amount = events
		.iter()
		.filter_map(Result::ok)
		.find(|ev| ev.pallet_name() == "RewardEmission" && ev.event_name() == "RewardsUnlocked")
		.and_then(|ev| ev.decode_as::<Value>().ok())
		.and_then(|v| match v.at(0).at("amount") {
			Some(x) => x.as_u128(),
			None => v.at("amount").and_then(|x| x.as_u128()),
		})
		.unwrap_or(0);
	Ok(Report {
		text: format!("unlocked {} of {who}'s rewards", chain.amount(amount)),
		json: json!({ "who": who.to_string(), "unlocked": amount.to_string() }),
	})
}
