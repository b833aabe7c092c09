//! Keys: a device's sr25519 key (schnorrkel, kept in a 0600 key file) and the operator's
//! signing key (a secret URI such as `//Alice` on dev chains, or a key file).

use crate::{parse_hex, to_hex, CliError, Result};
use schnorrkel::{signing_context, ExpansionMode, MiniSecretKey};
use serde_json::json;
use std::{io::Write, path::Path, str::FromStr};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// The signing context of sr25519 signatures on Substrate chains.
const SIGNING_CONTEXT: &[u8] = b"substrate";
/// What a key file says it is.
const KEY_FILE_TYPE: &str = "depin-sr25519-key";

/// An sr25519 key held by a device (or an operator or maker that keeps its key in a file).
pub struct DeviceKey {
	seed: [u8; 32],
	pair: schnorrkel::Keypair,
}

impl DeviceKey {
	/// A key from its 32-byte secret seed (expanded as Substrate and polkadot-js do).
	pub fn from_seed(seed: [u8; 32]) -> Result<Self> {
		let mini = MiniSecretKey::from_bytes(&seed)
			.map_err(|e| CliError::new(format!("not an sr25519 secret seed: {e}")))?;
		Ok(Self { seed, pair: mini.expand_to_keypair(ExpansionMode::Ed25519) })
	}

	/// A fresh key from the operating system's randomness.
	pub fn generate() -> Result<Self> {
		let mut seed = [0u8; 32];
		getrandom::getrandom(&mut seed)
			.map_err(|e| CliError::new(format!("no randomness from the operating system: {e}")))?;
		Self::from_seed(seed)
	}

	/// The public key: the device's id on chain.
	pub fn public(&self) -> [u8; 32] {
		self.pair.public.to_bytes()
	}

	/// The public key in SS58 under `prefix` (the chain's `ss58Format`).
	pub fn ss58(&self, prefix: u16) -> String {
		crate::address::ss58(&self.public(), prefix)
	}

	/// Signs `message` as `sp_io::crypto::sr25519_verify` expects.
	pub fn sign(&self, message: &[u8]) -> [u8; 64] {
		self.pair.sign(signing_context(SIGNING_CONTEXT).bytes(message)).to_bytes()
	}

	/// The same key as a transaction signer (for an operator that keeps its key in a file).
	pub fn to_signer(&self) -> Result<Keypair> {
		Keypair::from_secret_key(self.seed)
			.map_err(|e| CliError::new(format!("the key cannot sign transactions: {e}")))
	}

	/// Writes a new key file readable by its owner only; refuses to overwrite one. The file
	/// notes the address under `prefix` for people reading it; only the seed counts.
	pub fn write_new(&self, path: &Path, prefix: u16) -> Result<()> {
		let body = json!({
			"type": KEY_FILE_TYPE,
			"secretSeed": to_hex(&self.seed),
			"public": to_hex(&self.public()),
			"ss58": self.ss58(prefix),
		});
		let mut options = std::fs::OpenOptions::new();
		options.write(true).create_new(true);
		#[cfg(unix)]
		{
			use std::os::unix::fs::OpenOptionsExt;
			options.mode(0o600);
		}
		let mut file = options.open(path).map_err(|e| match e.kind() {
			std::io::ErrorKind::AlreadyExists => {
				CliError::new(format!("{} exists already; not overwriting a key", path.display()))
					.hint("choose another --out path, or remove the old file if you are sure")
			},
			_ => CliError::new(format!("cannot create {}: {e}", path.display())),
		})?;
		file.write_all(format!("{body:#}\n").as_bytes())
			.map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))
	}

	/// Reads a key file written by [`Self::write_new`].
	pub fn read(path: &Path) -> Result<Self> {
		let text = std::fs::read_to_string(path).map_err(|e| {
			CliError::new(format!("cannot read key file {}: {e}", path.display()))
				.hint("create one with `depin device keygen --out FILE`")
		})?;
		let bad =
			|why: &str| CliError::new(format!("{} is not a depin key file: {why}", path.display()));
		let json: serde_json::Value =
			serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
		if json["type"] != KEY_FILE_TYPE {
			return Err(bad("its \"type\" is not depin-sr25519-key"));
		}
		let seed = json["secretSeed"].as_str().ok_or_else(|| bad("no \"secretSeed\""))?;
		let key = Self::from_seed(parse_hex::<32>(seed, "secretSeed")?)?;
		if let Some(public) = json["public"].as_str() {
			if parse_hex::<32>(public, "public")? != key.public() {
				return Err(bad("\"public\" does not belong to \"secretSeed\""));
			}
		}
		Ok(key)
	}
}

/// The account that signs and pays: from a secret URI or a key file.
pub fn operator(suri: Option<&str>, key_file: Option<&Path>) -> Result<Keypair> {
	match (suri, key_file) {
		(Some(suri), None) => {
			let uri = SecretUri::from_str(suri).map_err(|e| {
				CliError::new(format!("'{suri}' is not a secret URI: {e}"))
					.hint("on a dev chain use --suri //Alice")
			})?;
			Keypair::from_uri(&uri)
				.map_err(|e| CliError::new(format!("cannot derive a key from '{suri}': {e}")))
		},
		(None, Some(path)) => DeviceKey::read(path)?.to_signer(),
		(Some(_), Some(_)) => Err(CliError::new("give either --suri or --key-file, not both")),
		(None, None) => Err(CliError::new("no account to sign with")
			.hint("add --suri //Alice (dev chains) or --key-file FILE")),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_key_file_round_trips_with_owner_only_permissions() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("device.json");
		let key = DeviceKey::generate().unwrap();
		key.write_new(&path, 42).unwrap();
		let back = DeviceKey::read(&path).unwrap();
		assert_eq!(back.public(), key.public());
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
			assert_eq!(mode, 0o600);
		}
		let again = key.write_new(&path, 42).unwrap_err();
		assert!(again.message.contains("not overwriting"), "{again}");
	}

	#[test]
	fn signatures_verify_like_substrate() {
		// The device key signs as subxt-signer (and so the runtime) expects.
		let key = DeviceKey::from_seed([7; 32]).unwrap();
		let signer = key.to_signer().unwrap();
		assert_eq!(signer.public_key().0, key.public());
		let sig = subxt_signer::sr25519::Signature(key.sign(b"hello"));
		assert!(subxt_signer::sr25519::verify(&sig, b"hello", &signer.public_key()));
		assert!(!subxt_signer::sr25519::verify(&sig, b"other", &signer.public_key()));
	}

	#[test]
	fn bad_key_files_say_what_is_wrong() {
		let dir = tempfile::tempdir().unwrap();
		let missing = DeviceKey::read(&dir.path().join("none.json")).err().unwrap();
		assert!(missing.message.contains("cannot read key file"), "{missing}");
		let path = dir.path().join("bad.json");
		std::fs::write(&path, "{\"type\":\"depin-sr25519-key\",\"secretSeed\":\"0x12\"}").unwrap();
		let short = DeviceKey::read(&path).err().unwrap();
		assert!(short.message.contains("secretSeed must be 32 bytes"), "{short}");
		std::fs::write(&path, "not json").unwrap();
		assert!(DeviceKey::read(&path).err().unwrap().message.contains("not a depin key file"));
	}

	#[test]
	fn the_operator_comes_from_exactly_one_place() {
		assert!(operator(Some("//Alice"), None).is_ok());
		assert!(operator(None, None).is_err());
		assert!(operator(Some("//Alice"), Some(Path::new("x"))).is_err());
	}
}
