//! SS58 addresses in the chain's own format: the CLI prints every account and device with the
//! prefix the chain announces in `system_properties` (`ss58Format`), so a fork's addresses look
//! like its own. Parsing accepts any prefix (an account is the same 32 bytes on every network).

use blake2::{Blake2b512, Digest};

/// The generic Substrate prefix, for when no chain says otherwise.
pub const GENERIC_PREFIX: u16 = 42;
/// The largest prefix the SS58 format can carry (14 bits).
pub const MAX_PREFIX: u16 = 16_383;

/// The SS58 form of `public` under `prefix` (at most [`MAX_PREFIX`]; higher bits are ignored).
pub fn ss58(public: &[u8; 32], prefix: u16) -> String {
	let prefix = prefix & MAX_PREFIX;
	// Prefixes below 64 take one byte; the others two, with the 14 bits spread as the SS58
	// format lays them out (the lower byte's upper six bits first, marked by 0b01).
	let mut bytes = if prefix < 64 {
		vec![prefix as u8]
	} else {
		let low = (prefix & 0xff) as u8;
		let high = (prefix >> 8) as u8;
		vec![0b0100_0000 | (low >> 2), high | ((low & 0b11) << 6)]
	};
	bytes.extend_from_slice(public);
	let checksum = Blake2b512::new().chain_update(b"SS58PRE").chain_update(&bytes).finalize();
	bytes.extend_from_slice(&checksum[..2]);
	bs58::encode(bytes).into_string()
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
	use subxt::utils::AccountId32;

	const ALICE: [u8; 32] = [
		0xd4, 0x35, 0x93, 0xc7, 0x15, 0xfd, 0xd3, 0x1c, 0x61, 0x14, 0x1a, 0xbd, 0x04, 0xa9, 0x9f,
		0xd6, 0x82, 0x2c, 0x85, 0x58, 0x85, 0x4c, 0xcd, 0xe3, 0x9a, 0x56, 0x84, 0xe7, 0xa5, 0x6d,
		0xa2, 0x7d,
	];

	#[test]
	fn addresses_match_the_sdk_for_one_and_two_byte_prefixes() {
		assert_eq!(ss58(&ALICE, 42), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
		assert_eq!(ss58(&ALICE, 0), "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5");
		for prefix in [0, 1, 2, 7, 42, 63, 64, 65, 255, 256, 1000, 4242, 16_383] {
			let sdk = sp_core::crypto::AccountId32::from(ALICE)
				.to_ss58check_with_version(Ss58AddressFormat::custom(prefix));
			assert_eq!(ss58(&ALICE, prefix), sdk, "prefix {prefix}");
			// And the CLI reads it back, whatever the prefix.
			let back: AccountId32 = sdk.parse().expect("parses");
			assert_eq!(back.0, ALICE, "prefix {prefix}");
		}
	}
}
