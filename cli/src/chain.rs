//! The connection to a node: token properties, transactions with progress, and errors
//! explained in the chain's own words (pallet error names and their documentation from the
//! metadata).

use crate::{CliError, Result};
use subxt::{
	error::{DispatchError, TransactionEventsError},
	extrinsics::ExtrinsicEvents,
	rpcs::{rpc_params, RpcClient},
	transactions::{Payload, TransactionProgress, TransactionStatus},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// The default node address.
pub const DEFAULT_URL: &str = "ws://127.0.0.1:9944";

/// The address format that `system_properties` announces, if it is a valid SS58 prefix.
fn ss58_format(props: &serde_json::Value) -> Option<u16> {
	props["ss58Format"]
		.as_u64()
		.and_then(|p| u16::try_from(p).ok())
		.filter(|p| *p <= crate::address::MAX_PREFIX)
}

/// The address format of the node at `url`, if one answers within two seconds: for commands
/// that need no connection but print addresses (`depin device keygen`).
pub async fn ss58_prefix_at(url: &str) -> Option<u16> {
	let ask = async {
		let rpc = RpcClient::from_insecure_url(url).await.ok()?;
		let props: serde_json::Value =
			rpc.request("system_properties", rpc_params![]).await.ok()?;
		ss58_format(&props)
	};
	tokio::time::timeout(std::time::Duration::from_secs(2), ask).await.ok().flatten()
}

/// A connected node.
pub struct Chain {
	/// The subxt client.
	pub api: OnlineClient<PolkadotConfig>,
	/// The token's symbol, from `system_properties`.
	pub symbol: String,
	/// The token's decimals, from `system_properties`.
	pub decimals: u8,
	/// The address format, from `system_properties` (`ss58Format`).
	pub ss58_prefix: u16,
	/// Whether to print progress to stderr while a transaction travels.
	pub progress: bool,
}

fn unreachable(url: &str, e: impl std::fmt::Display) -> CliError {
	CliError::new(format!("cannot reach a node at {url}: {e}"))
		.hint("is depin-node running? give its address with --url ws://HOST:PORT")
}

impl Chain {
	/// Connects to the node at `url` (ws:// or wss://).
	pub async fn connect(url: &str, progress: bool) -> Result<Self> {
		if !(url.starts_with("ws://") || url.starts_with("wss://")) {
			return Err(CliError::new(format!("'{url}' is not a websocket URL"))
				.hint(format!("use something like --url {DEFAULT_URL}")));
		}
		// One connection serves both the client and the plain RPC call below.
		let rpc = RpcClient::from_insecure_url(url).await.map_err(|e| unreachable(url, e))?;
		let api = OnlineClient::<PolkadotConfig>::from_rpc_client(rpc.clone())
			.await
			.map_err(|e| unreachable(url, e))?;
		let props: serde_json::Value = rpc
			.request("system_properties", rpc_params![])
			.await
			.map_err(|e| unreachable(url, e))?;
		let symbol = props["tokenSymbol"].as_str().unwrap_or("UNIT").to_string();
		let decimals =
			props["tokenDecimals"].as_u64().and_then(|d| u8::try_from(d).ok()).unwrap_or(0);
		let ss58_prefix = ss58_format(&props).unwrap_or(crate::address::GENERIC_PREFIX);
		Ok(Self { api, symbol, decimals, ss58_prefix, progress })
	}

	/// The hash of block 0, which device proofs sign.
	pub fn genesis_hash(&self) -> [u8; 32] {
		self.api.genesis_hash().0
	}

	/// The number of the best block.
	pub async fn best_number(&self) -> Result<u32> {
		let at = self.at().await?;
		u32::try_from(at.block_number())
			.map_err(|_| CliError::new("the block number does not fit in 32 bits"))
	}

	/// The client at the best block.
	pub async fn at(&self) -> Result<subxt::OnlineClientAtBlock<PolkadotConfig>> {
		self.api
			.at_current_block()
			.await
			.map_err(|e| CliError::new(format!("cannot read the best block: {e}")))
	}

	/// An account (or device key) in the chain's address format.
	pub fn address(&self, account: &subxt::utils::AccountId32) -> String {
		crate::address::ss58(&account.0, self.ss58_prefix)
	}

	/// An amount in the chain's token.
	pub fn amount(&self, plancks: u128) -> String {
		crate::format_amount(plancks, self.decimals, &self.symbol)
	}

	/// A progress line on stderr, unless progress is off (`--json`).
	pub fn say(&self, what: &str) {
		if self.progress {
			crate::progress(&format!("  … {what}"));
		}
	}

	/// Signs `payload` with `signer`, submits it and waits until it is finalized. A transaction
	/// that the pool refuses or that fails in its block ends with the chain's reason.
	pub async fn submit(
		&self,
		payload: &impl Payload,
		signer: &Keypair,
	) -> Result<ExtrinsicEvents<PolkadotConfig>> {
		let at = self.at().await?;
		let mut txs = at.transactions();
		let progress = match txs.sign_and_submit_then_watch_default(payload, signer).await {
			Ok(progress) => progress,
			Err(e) => {
				return Err(refused(&at, &e.to_string())
					.hint("check that the signing account has enough balance for the fee"))
			},
		};
		self.watch(&at, progress).await
	}

	/// Submits an encoded transaction (a feeless report) and waits until it is finalized.
	pub async fn submit_transaction(
		&self,
		bytes: Vec<u8>,
	) -> Result<ExtrinsicEvents<PolkadotConfig>> {
		let at = self.at().await?;
		let progress = match at.transactions().from_bytes(bytes).submit_and_watch().await {
			Ok(progress) => progress,
			Err(e) => return Err(refused(&at, &e.to_string())),
		};
		self.watch(&at, progress).await
	}

	async fn watch(
		&self,
		at: &subxt::OnlineClientAtBlock<PolkadotConfig>,
		mut progress: TransactionProgress<
			PolkadotConfig,
			subxt::client::OnlineClientAtBlockImpl<PolkadotConfig>,
		>,
	) -> Result<ExtrinsicEvents<PolkadotConfig>> {
		self.say("submitted; waiting for a block");
		while let Some(status) = progress.next().await {
			let status =
				status.map_err(|e| CliError::new(format!("lost track of the transaction: {e}")))?;
			match status {
				TransactionStatus::Validated | TransactionStatus::Broadcasted => {},
				TransactionStatus::NoLongerInBestBlock => self.say("left the best chain; waiting"),
				TransactionStatus::InBestBlock(block) => {
					self.say(&format!("in block {:?}; waiting for finality", block.block_hash()))
				},
				TransactionStatus::InFinalizedBlock(block) => {
					self.say(&format!("finalized in block {:?}", block.block_hash()));
					return block.wait_for_success().await.map_err(explain);
				},
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => return Err(refused(at, &message)),
			}
		}
		Err(CliError::new("the node stopped reporting on the transaction before finality"))
	}
}

/// The node's refusal of a transaction. A refusal with a custom code comes from a pallet's
/// authorisation (a feeless device report): the code is the index of a `PhysicalWork` error,
/// named here with its documentation from the metadata.
pub fn refused(at: &subxt::OnlineClientAtBlock<PolkadotConfig>, message: &str) -> CliError {
	let lower = message.to_lowercase();
	let code = lower
		.split("custom error: ")
		.nth(1)
		.and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
		.and_then(|digits| digits.parse::<u8>().ok());
	if let Some(code) = code {
		let metadata = at.metadata();
		let named = metadata.pallet_by_name("PhysicalWork").and_then(|pallet| {
			let variant = pallet.error_variants()?.iter().find(|v| v.index == code)?;
			Some(format!("PhysicalWork.{}: {}", variant.name, variant.docs.join(" ").trim()))
		});
		if let Some(named) = named {
			return CliError::new(format!("the node refused the transaction: {named}"));
		}
	}
	CliError::new(format!("the node refused the transaction: {message}"))
}

/// A failed transaction in the chain's words: `Pallet.Error: documentation`.
fn explain(error: TransactionEventsError) -> CliError {
	if let TransactionEventsError::ExtrinsicFailed(DispatchError::Module(module)) = &error {
		if let Ok(details) = module.details() {
			let docs = details.variant.docs.join(" ");
			return CliError::new(format!(
				"the chain refused it: {}.{}: {}",
				details.pallet.name(),
				details.variant.name,
				docs.trim()
			));
		}
	}
	CliError::new(format!("the transaction failed: {error}"))
}

/// The first `pallet.name` event in `events`, decoded, if the transaction sent one.
pub fn event(
	events: &ExtrinsicEvents<PolkadotConfig>,
	pallet: &str,
	name: &str,
) -> Option<subxt::dynamic::Value> {
	events
		.iter()
		.filter_map(std::result::Result::ok)
		.find(|ev| ev.pallet_name() == pallet && ev.event_name() == name)
		.and_then(|ev| ev.decode_as::<subxt::dynamic::Value>().ok())
}

/// A number field of a decoded event (its fields sit in the variant's one composite); 0 if
/// absent.
pub fn event_number(v: &subxt::dynamic::Value, name: &str) -> u128 {
	use subxt::dynamic::At;
	v.at(0).at(name).or_else(|| v.at(name)).and_then(|x| x.as_u128()).unwrap_or(0)
}
