//! Keys: a device's sr25519 key (schnorrkel, kept in a 0600 key file) and the operator's
//! signing key (a key file; a secret URI from `DEPIN_SURI` or standard input; or `--suri`,
//! meant for dev accounts such as `//Alice`). Secrets never appear in a message, key files that
//! others may read are refused, and seeds are wiped from memory when dropped.

use crate::{parse_hex, to_hex, CliError, Result};
use schnorrkel::{signing_context, ExpansionMode, MiniSecretKey};
use serde_json::json;
use std::{io::Write, path::Path, str::FromStr};
use subxt_signer::{sr25519::Keypair, SecretUri};
use zeroize::{Zeroize, Zeroizing};

/// The environment variable that may hold the operator's secret URI.
pub const SURI_ENV: &str = "DEPIN_SURI";

/// The signing context of sr25519 signatures on Substrate chains.
const SIGNING_CONTEXT: &[u8] = b"substrate";
/// What a key file says it is.
const KEY_FILE_TYPE: &str = "depin-sr25519-key";

/// An sr25519 key held by a device (or an operator or maker that keeps its key in a file).
/// Its seed is wiped when it is dropped (the schnorrkel secret wipes itself).
pub struct DeviceKey {
	seed: [u8; 32],
	pair: schnorrkel::Keypair,
}

impl Drop for DeviceKey {
	fn drop(&mut self) {
		self.seed.zeroize();
	}
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

	/// Reads a key file written by [`Self::write_new`]. Refuses one that others may read, as
	/// ssh does with private keys.
	pub fn read(path: &Path) -> Result<Self> {
		refuse_shared(path)?;
		let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
			CliError::new(format!("cannot read key file {}: {e}", path.display()))
				.hint("create one with `depin device keygen --out FILE`")
		})?);
		let bad =
			|why: &str| CliError::new(format!("{} is not a depin key file: {why}", path.display()));
		// serde_json's messages quote no input, so a malformed file's secret stays unsaid.
		let mut json: serde_json::Value =
			serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
		if json["type"] != KEY_FILE_TYPE {
			return Err(bad("its \"type\" is not depin-sr25519-key"));
		}
		let seed = match json["secretSeed"].take() {
			serde_json::Value::String(s) => Zeroizing::new(s),
			_ => return Err(bad("no \"secretSeed\"")),
		};
		let bytes = Zeroizing::new(parse_hex::<32>(&seed, "secretSeed")?);
		let key = Self::from_seed(*bytes)?;
		if let Some(public) = json["public"].as_str() {
			if parse_hex::<32>(public, "public")? != key.public() {
				return Err(bad("\"public\" does not belong to \"secretSeed\""));
			}
		}
		Ok(key)
	}
}

/// Refuses a key file whose mode lets its group or others read or write it.
fn refuse_shared(path: &Path) -> Result<()> {
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		if let Ok(meta) = std::fs::metadata(path) {
			let mode = meta.permissions().mode() & 0o777;
			if mode & 0o077 != 0 {
				return Err(CliError::new(format!(
					"key file {} is open to other users (mode {mode:o}); a key must be yours alone",
					path.display()
				))
				.hint(format!("run: chmod 600 {}", path.display())));
			}
		}
	}
	#[cfg(not(unix))]
	let _ = path;
	Ok(())
}

/// Where the operator's secret comes from.
pub enum Secret<'a> {
	/// `--suri` on the command line: visible to every user of the machine (`ps`) and kept in
	/// shell history, so meant for the well-known dev accounts.
	Argument(&'a str),
	/// The `DEPIN_SURI` environment variable.
	Environment(Zeroizing<String>),
	/// One line of standard input (`--suri-stdin`).
	Stdin(Zeroizing<String>),
	/// A key file (`--key-file`).
	KeyFile(&'a Path),
}

/// Whether `suri` is a well-known dev account: `//Name` (and `//Name//stash`, ...), no phrase.
pub fn is_dev_uri(suri: &str) -> bool {
	suri.strip_prefix("//").is_some_and(|path| {
		!path.is_empty()
			&& path.split("//").all(|p| !p.is_empty() && p.chars().all(char::is_alphanumeric))
	})
}

/// The account that signs and pays. No message names the secret.
pub fn operator(secret: Secret<'_>) -> Result<Keypair> {
	let (suri, from) = match secret {
		Secret::KeyFile(path) => return DeviceKey::read(path)?.to_signer(),
		Secret::Argument(suri) => {
			if !is_dev_uri(suri) {
				crate::progress(&format!(
					"warning: --suri puts a secret in the process list and your shell history; \
					 give it in ${SURI_ENV}, on standard input with --suri-stdin, or use \
					 --key-file"
				));
			}
			(Zeroizing::new(suri.to_string()), "--suri")
		},
		Secret::Environment(suri) => (suri, SURI_ENV),
		Secret::Stdin(suri) => (suri, "standard input"),
	};
	let uri = SecretUri::from_str(suri.trim()).map_err(|e| {
		CliError::new(format!("the secret URI from {from} is not valid: {e}"))
			.hint("a secret URI is a phrase or 0x seed with optional //derivations, e.g. //Alice on a dev chain")
	})?;
	Keypair::from_uri(&uri).map_err(|e| {
		CliError::new(format!("cannot derive a key from the secret URI from {from}: {e}"))
	})
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
		let write_private = |text: &str| {
			std::fs::write(&path, text).unwrap();
			#[cfg(unix)]
			{
				use std::os::unix::fs::PermissionsExt;
				std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
			}
		};
		write_private("{\"type\":\"depin-sr25519-key\",\"secretSeed\":\"0x12\"}");
		let short = DeviceKey::read(&path).err().unwrap();
		assert!(short.message.contains("secretSeed must be 32 bytes"), "{short}");
		write_private("not json");
		assert!(DeviceKey::read(&path).err().unwrap().message.contains("not a depin key file"));
	}

	#[test]
	fn secrets_are_never_echoed_and_dev_uris_are_told_apart() {
		assert!(operator(Secret::Argument("//Alice")).is_ok());
		let secret =
			"bottom drive obey lake curtain smoke basket hold race lonely fit walk//x///pw";
		let env = operator(Secret::Environment(Zeroizing::new("0x1234 nonsense".into())));
		let e = env.err().unwrap();
		assert!(e.message.contains("DEPIN_SURI") && !e.message.contains("nonsense"), "{e}");
		let bad = operator(Secret::Stdin(Zeroizing::new(format!("{secret} extra words"))));
		if let Err(e) = bad {
			assert!(!e.to_string().contains("bottom drive"), "{e}");
		}
		assert!(is_dev_uri("//Alice") && is_dev_uri("//Bob//stash"));
		assert!(!is_dev_uri(secret) && !is_dev_uri("//") && !is_dev_uri("//Alice///pw"));
	}

	#[test]
	fn key_files_others_can_read_are_refused() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("device.json");
		DeviceKey::generate().unwrap().write_new(&path, 42).unwrap();
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
			let e = DeviceKey::read(&path).err().unwrap();
			assert!(e.message.contains("open to other users (mode 644)"), "{e}");
			assert!(e.hint.unwrap().contains("chmod 600"));
			std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
		}
		assert!(DeviceKey::read(&path).is_ok());
	}
}
