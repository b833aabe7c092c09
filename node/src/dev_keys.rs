//! The well-known development keys (`//Alice` … `//Ferdie`, their stashes, `//One`, `//Two`):
//! anyone can sign with them, so a live chain whose genesis names one as a validator, the sudo
//! key or a holder hands that role or those funds to everyone.

use serde_json::Value;
use sp_core::crypto::{AccountId32, Ss58Codec};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// The names of the dev keys that `genesis` (a genesis config as JSON) mentions, as SS58 of
/// any prefix or 32-byte hex, each once, in the order met.
pub fn dev_keys_in(genesis: &Value) -> Vec<String> {
	let known: Vec<([u8; 32], String)> = Sr25519Keyring::iter()
		.map(|k| (k.to_raw_public(), format!("{k:?}")))
		.chain(Ed25519Keyring::iter().map(|k| (k.to_raw_public(), format!("{k:?} (ed25519)"))))
		.collect();
	let mut found = Vec::new();
	let mut visit = |text: &str| {
		let bytes = AccountId32::from_ss58check_with_version(text)
			.ok()
			.map(|(a, _)| <[u8; 32]>::from(a))
			.or_else(|| {
				let raw = sp_core::bytes::from_hex(text).ok().filter(|_| text.starts_with("0x"))?;
				<[u8; 32]>::try_from(raw).ok()
			});
		if let Some(name) = bytes.and_then(|b| known.iter().find(|(k, _)| *k == b)) {
			if !found.contains(&name.1) {
				found.push(name.1.clone());
			}
		}
	};
	walk(genesis, &mut visit);
	found
}

fn walk(value: &Value, visit: &mut impl FnMut(&str)) {
	match value {
		Value::String(s) => visit(s),
		Value::Array(items) => items.iter().for_each(|v| walk(v, visit)),
		Value::Object(map) => map.values().for_each(|v| walk(v, visit)),
		_ => {},
	}
}

#[cfg(test)]
mod tests {
	use super::dev_keys_in;
	use serde_json::json;
	use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
	use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

	#[test]
	fn dev_keys_are_found_in_any_format_and_others_are_not() {
		let bob_7 = Sr25519Keyring::Bob
			.to_account_id()
			.to_ss58check_with_version(Ss58AddressFormat::custom(7));
		let genesis = json!({
			"balances": { "balances": [[Sr25519Keyring::Alice.to_account_id().to_ss58check(), 1]] },
			"sudo": { "key": bob_7 },
			"grandpa": { "authorities": [[format!("0x{}", hex_of(&Ed25519Keyring::Charlie.to_raw_public())), 1]] },
			"other": [Sr25519Keyring::Alice.to_account_id().to_ss58check(), "not a key", 7],
		});
		let mut found = dev_keys_in(&genesis);
		found.sort();
		assert_eq!(found, vec!["Alice", "Bob", "Charlie (ed25519)"]);

		let mine = sp_core::sr25519::Public::from_raw([9; 32]);
		let clean =
			json!({ "sudo": { "key": sp_core::crypto::AccountId32::from(mine.0).to_ss58check() } });
		assert!(dev_keys_in(&clean).is_empty());
	}

	fn hex_of(bytes: &[u8]) -> String {
		bytes.iter().map(|b| format!("{b:02x}")).collect()
	}
}
