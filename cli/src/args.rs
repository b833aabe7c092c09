//! Command-line arguments shared by the commands, and the `depin market` commands.

use crate::{chain::Chain, device::Report, keys, market, receipts, CliError, Result};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Who signs and pays: a key file, a secret URI from `DEPIN_SURI` or standard input, or (for
/// dev accounts) `--suri`.
#[derive(Args)]
pub struct Operator {
	/// The operator's secret URI, for dev accounts such as //Alice (anything else warns: the
	/// command line is visible to other users; use DEPIN_SURI, --suri-stdin or --key-file).
	#[arg(long)]
	pub suri: Option<String>,
	/// Read the operator's secret URI from the first line of standard input.
	#[arg(long)]
	pub suri_stdin: bool,
	/// The operator's key file (as written by `depin device keygen`; mode 600).
	#[arg(long)]
	pub key_file: Option<PathBuf>,
}

impl Operator {
	/// The signer these arguments name: exactly one source.
	pub fn keypair(&self) -> Result<subxt_signer::sr25519::Keypair> {
		use zeroize::Zeroizing;
		let env = std::env::var(keys::SURI_ENV).ok().map(Zeroizing::new);
		let given = usize::from(self.suri.is_some())
			+ usize::from(self.suri_stdin)
			+ usize::from(self.key_file.is_some());
		if given > 1 {
			return Err(CliError::new(
				"give one of --suri, --suri-stdin and --key-file, not several",
			));
		}
		if let Some(path) = &self.key_file {
			return keys::operator(keys::Secret::KeyFile(path));
		}
		if let Some(suri) = &self.suri {
			return keys::operator(keys::Secret::Argument(suri));
		}
		if self.suri_stdin {
			let mut line = Zeroizing::new(String::new());
			std::io::stdin().read_line(&mut line).map_err(|e| {
				CliError::new(format!("cannot read the secret URI from standard input: {e}"))
			})?;
			return keys::operator(keys::Secret::Stdin(line));
		}
		match env {
			Some(suri) => keys::operator(keys::Secret::Environment(suri)),
			None => Err(CliError::new("no account to sign with").hint(format!(
				"add --key-file FILE, set {} or give --suri-stdin (or --suri //Alice on a dev chain)",
				keys::SURI_ENV
			))),
		}
	}
}

/// `depin market`: offers, orders and their settlement.
#[derive(Subcommand)]
pub enum MarketCommand {
	/// Offer a device's service (signed by its owner).
	Offer {
		/// The device (its public key in hex or SS58).
		#[arg(long)]
		device: String,
		/// Price of one unit of the device class's work, in whole units of the asset (e.g.
		/// 0.1).
		#[arg(long)]
		price: String,
		/// The asset you are paid in (its id, e.g. 1 for dUSD on dev chains); the native token
		/// if left out.
		#[arg(long)]
		asset: Option<u32>,
		/// Most units an epoch you sell over all orders of this offer.
		#[arg(long)]
		units: u64,
		/// Shortest order, in epochs.
		#[arg(long, default_value_t = 1)]
		min_epochs: u32,
		/// Longest order, in epochs.
		#[arg(long)]
		max_epochs: u32,
		/// Epochs of notice a customer gives to cancel.
		#[arg(long, default_value_t = 0)]
		notice: u32,
		#[command(flatten)]
		operator: Operator,
	},
	/// List the offers of a device or of a device class.
	Offers {
		/// One device (its public key in hex or SS58).
		#[arg(long, conflicts_with = "class")]
		device: Option<String>,
		/// One device class.
		#[arg(long)]
		class: Option<u32>,
	},
	/// Order service from an offer; its whole price is escrowed now.
	Order {
		/// The offer.
		#[arg(long)]
		offer: u32,
		/// Units bought in each epoch.
		#[arg(long)]
		units: u64,
		/// Epochs, from the next one.
		#[arg(long)]
		epochs: u32,
		/// The most you pay a unit, in whole units of the asset; by default the offer's price
		/// as read now (an offer changed meanwhile is refused).
		#[arg(long)]
		max_price: Option<String>,
		/// For a storage device: the Merkle root (0x + 64 hex digits) of the data it is to
		/// keep, built for that device; `--units` then counts chunks.
		#[arg(long)]
		data_root: Option<String>,
		#[command(flatten)]
		operator: Operator,
	},
	/// List the open orders of a customer or of a device.
	Orders {
		/// The customer (SS58).
		#[arg(long, conflicts_with = "device")]
		customer: Option<String>,
		/// The device (its public key in hex or SS58).
		#[arg(long)]
		device: Option<String>,
	},
	/// Pay an order for what its device delivered; ends it after its last epoch.
	Settle {
		/// The order.
		#[arg(long)]
		order: u64,
		#[command(flatten)]
		operator: Operator,
	},
	/// Cancel your order: it ends once the offer's notice has passed.
	Cancel {
		/// The order.
		#[arg(long)]
		order: u64,
		#[command(flatten)]
		operator: Operator,
	},
	/// Sign, as an order's customer, a receipt for a job the device did in this epoch; give
	/// it (the --json output) to the device to deliver.
	Receipt {
		/// Your order of the device that the job counts against.
		#[arg(long)]
		order: u64,
		/// The device that did the job (its public key in hex or SS58).
		#[arg(long)]
		device: String,
		/// Units of work the job took (at most what the order buys an epoch).
		#[arg(long)]
		units: u64,
		/// The job's id (0x + 64 hex digits); random if left out.
		#[arg(long)]
		job: Option<String>,
		/// What the job cost, in the order asset's smallest units, for the record.
		#[arg(long, default_value_t = 0)]
		price: u128,
		/// The customer's key.
		#[command(flatten)]
		operator: Operator,
	},
	/// Compute the data root of a file for a storage device (what `order --data-root` names and
	/// the device commits), and its chunk count (what `order --units` counts). Offline.
	DataRoot {
		/// The storage device (its public key in hex or SS58).
		#[arg(long)]
		device: String,
		/// The data to be stored.
		#[arg(long)]
		file: PathBuf,
	},
	/// Commit, as the owner, a storage device to the data of a file (its data root and chunk
	/// count): the chain challenges the device on it from the next epoch.
	Commit {
		/// The storage device (its public key in hex or SS58).
		#[arg(long)]
		device: String,
		/// The data the device keeps.
		#[arg(long)]
		file: PathBuf,
		#[command(flatten)]
		operator: Operator,
	},
	/// Answer, as the storage device, the chain's challenge (feeless): waits until the device
	/// is challenged, then proves the challenged chunk of the committed file.
	Answer {
		/// The device's key file.
		#[arg(long)]
		device_key: PathBuf,
		/// The data the device committed to.
		#[arg(long)]
		file: PathBuf,
		/// Epochs to wait for a challenge.
		#[arg(long, default_value_t = 3)]
		epochs: u32,
	},
	/// Report, as the device, its customers' receipts for this epoch (feeless): each counts
	/// against the order it names, which pays the owner from then on.
	Deliver {
		/// The device's key file.
		#[arg(long)]
		device_key: PathBuf,
		/// A receipt file (one receipt, or a list), as `depin market receipt --json` writes
		/// it; repeat for more (at most 16 in all).
		#[arg(long, required = true)]
		receipt: Vec<PathBuf>,
	},
}

/// An account from its SS58 address.
pub fn parse_account(text: &str) -> Result<subxt::utils::AccountId32> {
	text.parse().map_err(|_| {
		CliError::new(format!("'{text}' is not an account"))
			.hint("give its SS58 address, e.g. 5FHneW46…")
	})
}

/// Runs a `depin market` command on the chain `connect` reaches.
pub async fn run_market<F, Fut>(command: MarketCommand, connect: F) -> Result<Report>
where
	F: FnOnce() -> Fut,
	Fut: core::future::Future<Output = Result<Chain>>,
{
	use crate::device::parse_device;
	match command {
		MarketCommand::Offer {
			device,
			price,
			asset,
			units,
			min_epochs,
			max_epochs,
			notice,
			operator,
		} => {
			let (device, signer) = (parse_device(&device)?, operator.keypair()?);
			let terms =
				market::OfferTerms { asset, price: &price, units, min_epochs, max_epochs, notice };
			market::offer(&connect().await?, &signer, device, terms).await
		},
		MarketCommand::Offers { device, class } => {
			let device = device.as_deref().map(parse_device).transpose()?;
			market::offers(&connect().await?, device, class).await
		},
		MarketCommand::Order { offer, units, epochs, max_price, data_root, operator } => {
			let data_root =
				data_root.map(|r| crate::parse_hex::<32>(&r, "--data-root")).transpose()?;
			let signer = operator.keypair()?;
			let terms = market::OrderTerms { offer, units, epochs, data_root };
			market::order(&connect().await?, &signer, terms, max_price.as_deref()).await
		},
		MarketCommand::Orders { customer, device } => {
			let customer = customer.as_deref().map(parse_account).transpose()?;
			let device = device.as_deref().map(parse_device).transpose()?;
			market::orders(&connect().await?, customer, device).await
		},
		MarketCommand::Settle { order, operator } => {
			let signer = operator.keypair()?;
			market::settle(&connect().await?, &signer, order).await
		},
		MarketCommand::Cancel { order, operator } => {
			let signer = operator.keypair()?;
			market::cancel(&connect().await?, &signer, order).await
		},
		MarketCommand::Receipt { order, device, units, job, price, operator } => {
			let (device, signer) = (parse_device(&device)?, operator.keypair()?);
			let chain = connect().await?;
			receipts::sign(&chain, &signer, device, order, units, job.as_deref(), price).await
		},
		MarketCommand::DataRoot { device, file } => {
			crate::storage::data_root(parse_device(&device)?, &file)
		},
		MarketCommand::Commit { device, file, operator } => {
			let (device, signer) = (parse_device(&device)?, operator.keypair()?);
			crate::storage::commit(&connect().await?, &signer, device, &file).await
		},
		MarketCommand::Answer { device_key, file, epochs } => {
			let key = keys::DeviceKey::read(&device_key)?;
			crate::storage::answer(&connect().await?, &key, &file, epochs).await
		},
		MarketCommand::Deliver { device_key, receipt } => {
			let key = keys::DeviceKey::read(&device_key)?;
			let list = receipts::read(&receipt)?;
			receipts::deliver(&connect().await?, &key, &list).await
		},
	}
}
