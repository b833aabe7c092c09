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
	/// What a claim pays now.
	pub amount: u128,
	/// Of it, what is credited already (it never expires).
	pub credited: u128,
	/// The closed epoch whose reward is not credited yet, if any.
	pub unsettled: Option<u32>,
	/// The epoch at whose close that reward expires unless it is credited first.
	pub expires_at_close_of: Option<u32>,
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
		"amount": p.amount.to_string(),
		"credited": p.credited.to_string(),
		"unsettled": p.unsettled,
		"expires_at_close_of": p.expires_at_close_of,
	})
}

fn pending_line(chain: &Chain, device: [u8; 32], p: &Pending) -> String {
	let device = to_hex(&device);
	if p.amount == 0 {
		return format!(
			"device {device}: nothing to claim (no closed epoch earned since the last claim)"
		);
	}
	let mut line = format!("device {device}: {}", chain.amount(p.amount));
	if let (Some(epoch), Some(close)) = (p.unsettled, p.expires_at_close_of) {
		line.push_str(&format!(
			" ({} credited; epoch {epoch}'s reward expires at the close of epoch {close} unless \
			 the device reports again or you claim)",
			chain.amount(p.credited)
		));
	}
	line
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
	text.push(format!("total pending for {}: {}", chain.address(owner), chain.amount(total)));
	Ok(Report {
		text: text.join("\n"),
		json: json!({
			"owner": chain.address(owner),
			"total": total.to_string(),
			"devices": devices.iter().map(|(d, p)| pending_json(*d, p)).collect::<Vec<_>>(),
		}),
	})
}

/// `depin rewards claim`: claims everything `device` has earned in closed epochs, in one
/// transaction. With `for_owner`, the signer need not own the device; the rewards go to the
/// owner either way.
pub async fn claim(
	chain: &Chain,
	signer: &Keypair,
	device: [u8; 32],
	for_owner: bool,
) -> crate::Result<Report> {
	let call_name = if for_owner { "claim_for" } else { "claim" };
	if pending(chain, device).await?.amount == 0 {
		return Err(CliError::new(format!(
			"nothing to claim for device {}: no closed epoch earned since the last claim",
			to_hex(&device)
		))
		.hint("work of the open epoch is paid once it closes: claim again then"));
	}
	let call = dynamic::transaction("RewardEmission", call_name, vec![Value::from_bytes(device)]);
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
	let (paid, locked, through) = (field("amount"), field("locked"), field("through"));
	let mut text = format!(
		"claimed {} for device {} (epochs up to {through}), paid to its owner",
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
			"through": through,
			"paid": paid.to_string(),
			"locked": locked.to_string(),
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
		text: format!("unlocked {} of {}'s rewards", chain.amount(amount), chain.address(&who)),
		json: json!({ "who": chain.address(&who), "unlocked": amount.to_string() }),
	})
}
