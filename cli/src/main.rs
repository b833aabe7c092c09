//! `depin`: the command line of the DePIN appchain.

use clap::{Args, Parser, Subcommand};
use depin_cli::{
	args::{self, parse_account, MarketCommand, Operator},
	chain::{Chain, DEFAULT_URL},
	dao,
	device::{self, Location, Registration, Report},
	keys::DeviceKey,
	oracle::{self, OracleCommand},
	parse_hex, parse_micro_degrees, rewards, treasury, work, CliError, Result,
};
use serde_json::json;
use std::path::PathBuf;
use subxt::utils::AccountId32;

#[derive(Parser)]
#[command(
	name = "depin",
	version,
	about = "Device operators, customers and voters of a DePIN appchain"
)]
struct Cli {
	/// The node's websocket address.
	#[arg(long, global = true, default_value = DEFAULT_URL)]
	url: String,
	/// Print one JSON object instead of text, and no progress.
	#[arg(long, global = true)]
	json: bool,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Device keys, registration and status.
	#[command(subcommand)]
	Device(DeviceCommand),
	/// Makers: attest device keys with a maker key.
	#[command(subcommand)]
	Maker(MakerCommand),
	/// Rewards: what your devices can claim (`depin rewards`), and claims (`depin rewards
	/// claim`).
	Rewards(RewardsArgs),
	/// Pay the treasury for service, in the native token or an accepted stablecoin.
	Pay {
		/// How much, in whole units of the token or asset (e.g. 12.5).
		#[arg(long)]
		amount: String,
		/// The asset to pay with (its id, e.g. 1 for dUSD on dev chains); the native token
		/// if left out.
		#[arg(long)]
		asset: Option<u32>,
		/// The device class served.
		#[arg(long, conflicts_with = "device")]
		class: Option<u32>,
		/// The device served (its public key in hex or SS58).
		#[arg(long)]
		device: Option<String>,
		/// A reference for your records (an order or invoice number), at most 64 bytes.
		#[arg(long, default_value = "")]
		memo: String,
		#[command(flatten)]
		operator: Operator,
	},
	/// The treasury's report of an epoch: revenue, buy-back, burn; and burned since genesis.
	Treasury {
		/// The epoch; by default the last closed one.
		#[arg(long)]
		epoch: Option<u32>,
	},
	/// Governance: lock tokens, delegate, propose and vote.
	#[command(subcommand)]
	Dao(DaoCommand),
	/// The service market: offer a device's service, order it with the price escrowed,
	/// settle orders from verified work.
	#[command(subcommand)]
	Market(MarketCommand),
	/// Quality oracles: offer to score a class, post scores for the next epoch, dispute a
	/// score.
	#[command(subcommand)]
	Oracle(OracleCommand),
}

#[derive(Subcommand)]
enum DaoCommand {
	/// Lock tokens for voting power (or raise your lock).
	Lock {
		/// How much, in whole tokens (e.g. 1000).
		#[arg(long)]
		amount: String,
		/// none (0.1x, free when your proposals end) or 1x … 6x (locked 1 … 32 lock periods
		/// longer).
		#[arg(long, default_value = "1x")]
		conviction: String,
		#[command(flatten)]
		operator: Operator,
	},
	/// Release your lock once its lock period has passed.
	Unlock {
		#[command(flatten)]
		operator: Operator,
	},
	/// Lend your voting power to a representative.
	Delegate {
		/// The representative (SS58).
		#[arg(long)]
		to: String,
		#[command(flatten)]
		operator: Operator,
	},
	/// Take your voting power back from your representative.
	Undelegate {
		#[command(flatten)]
		operator: Operator,
	},
	/// Propose a call on a track: parameters, grants, devices, upgrade or emergency.
	Propose {
		/// The track that decides it.
		#[arg(long)]
		track: String,
		/// The encoded call in hex (apps shows it as "encoded call data"); a call over 128
		/// bytes is noted as a preimage first.
		#[arg(long)]
		call: String,
		#[command(flatten)]
		operator: Operator,
	},
	/// Vote on a proposal with all your power (own and delegated to you).
	Vote {
		/// The proposal's index.
		#[arg(long)]
		proposal: u32,
		/// Vote for.
		#[arg(long, conflicts_with = "nay")]
		aye: bool,
		/// Vote against.
		#[arg(long)]
		nay: bool,
		#[command(flatten)]
		operator: Operator,
	},
	/// Proposals being voted on (or one), with their tallies; and an account's voting power.
	Status {
		/// One proposal, in any state.
		#[arg(long)]
		proposal: Option<u32>,
		/// Show this account's lock and voting power (SS58).
		#[arg(long)]
		who: Option<String>,
	},
}

/// `depin rewards`: pending rewards of one device, or of every device of an owner.
#[derive(Args)]
struct RewardsArgs {
	#[command(subcommand)]
	action: Option<RewardsCommand>,
	/// One device (its public key in hex or SS58).
	#[arg(long)]
	device: Option<String>,
	/// The owner whose devices to show (SS58); by default the operator (--suri / --key-file).
	#[arg(long)]
	owner: Option<String>,
	#[command(flatten)]
	operator: Operator,
}

#[derive(Subcommand)]
enum RewardsCommand {
	/// Claim a device's rewards; they are paid to the device's owner.
	Claim {
		/// The device (its public key in hex or SS58).
		#[arg(long)]
		device: String,
		/// Claim for a device you do not own (a keeper); the owner is paid.
		#[arg(long)]
		for_owner: bool,
		#[command(flatten)]
		operator: Operator,
	},
	/// Unfreeze time-locked rewards whose lock has ended (yours, or --who's).
	Unlock {
		/// The account whose locks to release (SS58); by default the signer.
		#[arg(long)]
		who: Option<String>,
		#[command(flatten)]
		operator: Operator,
	},
}

#[derive(Subcommand)]
enum DeviceCommand {
	/// Create a device key and write it to a file readable by its owner only.
	Keygen {
		/// Where to write the key; an existing file is never overwritten.
		#[arg(long)]
		out: PathBuf,
		/// The address format to show the key in (the chain's `ss58Format`); asked of the node
		/// at --url if left out, the generic 42 if no node answers.
		#[arg(long, value_name = "PREFIX", value_parser = clap::value_parser!(u16).range(0..=16383))]
		ss58_prefix: Option<u16>,
	},
	/// Register a device: the device key proves possession, the operator signs and bonds.
	Register {
		/// The device's key file.
		#[arg(long)]
		device_key: PathBuf,
		/// The device class id.
		#[arg(long)]
		class: u32,
		/// Location as LAT,LON in degrees, e.g. 52.520008,13.404954.
		#[arg(long)]
		location: Option<String>,
		/// The maker that attested the device key (with --maker-signature).
		#[arg(long, requires = "maker_signature")]
		maker: Option<u32>,
		/// The maker's attestation signature, from `depin maker attest`.
		#[arg(long, requires = "maker")]
		maker_signature: Option<String>,
		/// Hash of the firmware the device runs (0x + 64 hex digits).
		#[arg(long)]
		firmware_hash: Option<String>,
		/// Content id of a longer description (at most 64 bytes).
		#[arg(long, default_value = "")]
		content_id: String,
		/// Blocks for which the possession proof stays valid.
		#[arg(long, default_value_t = 100)]
		valid_for: u32,
		#[command(flatten)]
		operator: Operator,
	},
	/// Send a telemetry work report signed by the device key: feeless (the device needs no
	/// tokens), or paid by an operator with --suri / --key-file. With several --device-key
	/// (a gateway's devices), their reports go in one feeless batch.
	Report {
		/// The device's key file; repeat it to send one batch for several devices.
		#[arg(long, required = true)]
		device_key: Vec<PathBuf>,
		/// Units of work measured in this epoch (at most the class maximum).
		#[arg(long)]
		units: u64,
		/// Hash of the raw readings kept off chain (0x + 64 hex digits).
		#[arg(long)]
		data_hash: Option<String>,
		/// Report in this many consecutive epochs, waiting for each to start (0: until
		/// stopped).
		#[arg(long, default_value_t = 1)]
		epochs: u32,
		#[command(flatten)]
		operator: Operator,
	},
	/// Show a device: owner, class, status, bond, location.
	Status {
		/// The device: 0x public key, SS58, or key file.
		device: String,
	},
	/// Deregister a device; its bond unbonds.
	Deregister {
		/// The device: 0x public key, SS58, or key file.
		device: String,
		#[command(flatten)]
		operator: Operator,
	},
	/// Withdraw the bond of a deregistered device once unbonding is over.
	WithdrawBond {
		/// The device: 0x public key, SS58, or key file.
		device: String,
		#[command(flatten)]
		operator: Operator,
	},
	/// Offer a device to another account (they accept with accept-transfer).
	Transfer {
		/// The device: 0x public key, SS58, or key file.
		device: String,
		/// The account to offer it to (SS58).
		#[arg(long)]
		to: String,
		#[command(flatten)]
		operator: Operator,
	},
	/// Take a device offered to you: your bond is held, the previous owner's released.
	AcceptTransfer {
		/// The device: 0x public key, SS58, or key file.
		device: String,
		#[command(flatten)]
		operator: Operator,
	},
	/// Withdraw your open offer of a device.
	CancelTransfer {
		/// The device: 0x public key, SS58, or key file.
		device: String,
		#[command(flatten)]
		operator: Operator,
	},
	/// List the devices an account owns.
	List {
		/// The owner (SS58); defaults to the account of --suri / --key-file.
		#[arg(long)]
		owner: Option<String>,
		/// The page, from 0.
		#[arg(long, default_value_t = 0)]
		page: u32,
		/// Devices per page (at most 256).
		#[arg(long, default_value_t = 100)]
		page_size: u32,
		#[command(flatten)]
		operator: Operator,
	},
	/// Move a device (the location fee is burned).
	SetLocation {
		/// The device: 0x public key, SS58, or key file.
		device: String,
		/// LAT,LON in degrees.
		location: String,
		#[command(flatten)]
		operator: Operator,
	},
}

#[derive(Subcommand)]
enum MakerCommand {
	/// Apply to be a maker: the maker bond is held until governance approves or rejects.
	Apply {
		/// The maker's key file (its public key attests devices).
		#[arg(long)]
		maker_key: PathBuf,
		/// The maker's name (1 to 32 bytes).
		#[arg(long)]
		name: String,
		#[command(flatten)]
		operator: Operator,
	},
	/// Sign a device key for a class with a maker key (offline but for the genesis hash).
	Attest {
		/// The maker's key file.
		#[arg(long)]
		maker_key: PathBuf,
		/// The device: 0x public key, SS58, or key file.
		#[arg(long)]
		device: String,
		/// The class the device will register in.
		#[arg(long)]
		class: u32,
	},
}

fn parse_location(text: &str) -> Result<Location> {
	let (lat, lon) = text.split_once(',').ok_or_else(|| {
		CliError::new(format!("location '{text}' is not LAT,LON")).hint("e.g. 52.520008,13.404954")
	})?;
	let location = Location {
		lat: parse_micro_degrees(lat.trim(), "latitude")?,
		lon: parse_micro_degrees(lon.trim(), "longitude")?,
	};
	if location.lat.unsigned_abs() > 90_000_000 || location.lon.unsigned_abs() > 180_000_000 {
		return Err(CliError::new(format!("location '{text}' is off the Earth"))
			.hint("latitude within ±90, longitude within ±180 degrees"));
	}
	Ok(location)
}

async fn run(cli: Cli) -> Result<Report> {
	let connect = || Chain::connect(&cli.url, !cli.json);
	match cli.command {
		Command::Device(DeviceCommand::Keygen { out, ss58_prefix }) => {
			let (prefix, from) = match ss58_prefix {
				Some(p) => (p, String::new()),
				None => match depin_cli::chain::ss58_prefix_at(&cli.url).await {
					Some(p) => (p, String::new()),
					None => (
						depin_cli::address::GENERIC_PREFIX,
						format!(
							" (generic prefix: no node at {} to ask; give --ss58-prefix)",
							cli.url
						),
					),
				},
			};
			let key = DeviceKey::generate()?;
			key.write_new(&out, prefix)?;
			Ok(Report {
				text: format!(
					"device key written to {} (readable by you only)\npublic {}\nss58   {}{from}",
					out.display(),
					depin_cli::to_hex(&key.public()),
					key.ss58(prefix)
				),
				json: json!({
					"file": out.display().to_string(),
					"public": depin_cli::to_hex(&key.public()),
					"ss58": key.ss58(prefix),
					"ss58Prefix": prefix,
				}),
			})
		},
		Command::Device(DeviceCommand::Register {
			device_key,
			class,
			location,
			maker,
			maker_signature,
			firmware_hash,
			content_id,
			valid_for,
			operator,
		}) => {
			let key = DeviceKey::read(&device_key)?;
			let signer = operator.keypair()?;
			if content_id.len() > 64 {
				return Err(CliError::new("--content-id is longer than 64 bytes"));
			}
			let attestation = match (maker, maker_signature) {
				(Some(m), Some(sig)) => Some((m, parse_hex::<64>(&sig, "maker signature")?)),
				_ => None,
			};
			let registration = Registration {
				class,
				valid_for,
				location: location.as_deref().map(parse_location).transpose()?,
				attestation,
				firmware_hash: firmware_hash
					.as_deref()
					.map(|h| parse_hex::<32>(h, "firmware hash"))
					.transpose()?,
				content_id: content_id.into_bytes(),
			};
			let chain = connect().await?;
			device::register(&chain, &signer, &key, registration).await
		},
		Command::Device(DeviceCommand::Status { device }) => {
			let device = device::parse_device(&device)?;
			device::status(&connect().await?, device).await
		},
		Command::Device(DeviceCommand::Deregister { device, operator }) => {
			let (device, signer) = (device::parse_device(&device)?, operator.keypair()?);
			device::owner_call(&connect().await?, &signer, "deregister_device", device).await
		},
		Command::Device(DeviceCommand::WithdrawBond { device, operator }) => {
			let (device, signer) = (device::parse_device(&device)?, operator.keypair()?);
			device::owner_call(&connect().await?, &signer, "withdraw_bond", device).await
		},
		Command::Device(DeviceCommand::SetLocation { device, location, operator }) => {
			let (device, signer) = (device::parse_device(&device)?, operator.keypair()?);
			let location = parse_location(&location)?;
			device::set_location(&connect().await?, &signer, device, location).await
		},
		Command::Device(DeviceCommand::Transfer { device, to, operator }) => {
			let (device, signer) = (device::parse_device(&device)?, operator.keypair()?);
			let to = parse_account(&to)?;
			device::offer_transfer(&connect().await?, &signer, device, to).await
		},
		Command::Device(DeviceCommand::AcceptTransfer { device, operator }) => {
			let (device, signer) = (device::parse_device(&device)?, operator.keypair()?);
			device::owner_call(&connect().await?, &signer, "accept_transfer", device).await
		},
		Command::Device(DeviceCommand::CancelTransfer { device, operator }) => {
			let (device, signer) = (device::parse_device(&device)?, operator.keypair()?);
			device::owner_call(&connect().await?, &signer, "cancel_transfer", device).await
		},
		Command::Device(DeviceCommand::List { owner, page, page_size, operator }) => {
			let owner = match owner {
				Some(o) => parse_account(&o)?,
				None => AccountId32(operator.keypair()?.public_key().0),
			};
			device::list(&connect().await?, owner, page, page_size).await
		},
		Command::Device(DeviceCommand::Report {
			device_key,
			units,
			data_hash,
			epochs,
			operator,
		}) => {
			let keys = device_key
				.iter()
				.map(|k| DeviceKey::read(k))
				.collect::<std::result::Result<Vec<_>, _>>()?;
			let data_hash = match data_hash {
				Some(h) => parse_hex::<32>(&h, "--data-hash")?,
				None => [0; 32],
			};
			// A report is feeless unless an operator is named on the command line to pay.
			let named =
				operator.suri.is_some() || operator.suri_stdin || operator.key_file.is_some();
			let signer = if named { Some(operator.keypair()?) } else { None };
			if let [key] = &keys[..] {
				let chain = connect().await?;
				work::report(&chain, key, units, data_hash, epochs, signer.as_ref()).await
			} else if signer.is_some() || epochs != 1 {
				Err(CliError::new(
					"several --device-key send one feeless batch in the current epoch",
				)
				.hint("drop --suri/--key-file and --epochs, or report one device at a time"))
			} else {
				work::report_batch(&connect().await?, &keys, units, data_hash).await
			}
		},
		Command::Rewards(RewardsArgs { action: Some(action), .. }) => match action {
			RewardsCommand::Claim { device, for_owner, operator } => {
				let (device, signer) = (device::parse_device(&device)?, operator.keypair()?);
				rewards::claim(&connect().await?, &signer, device, for_owner).await
			},
			RewardsCommand::Unlock { who, operator } => {
				let signer = operator.keypair()?;
				let who = match who {
					Some(w) => parse_account(&w)?,
					None => AccountId32(signer.public_key().0),
				};
				rewards::unlock(&connect().await?, &signer, who).await
			},
		},
		Command::Rewards(RewardsArgs { action: None, device, owner, operator }) => {
			match (device, owner) {
				(Some(d), None) => {
					let device = device::parse_device(&d)?;
					rewards::show_device(&connect().await?, device).await
				},
				(None, owner) => {
					let owner = match owner {
						Some(o) => parse_account(&o)?,
						None => AccountId32(operator.keypair().map_err(|e| {
							e.hint("name the owner with --owner, the device with --device, or sign as the owner with --suri / --key-file")
						})?.public_key().0),
					};
					rewards::show_owner(&connect().await?, &owner).await
				},
				(Some(_), Some(_)) => {
					Err(CliError::new("give either --device or --owner, not both"))
				},
			}
		},
		Command::Pay { amount, asset, class, device, memo, operator } => {
			let served = match (class, device) {
				(Some(c), None) => treasury::Served::Class(c),
				(None, Some(d)) => treasury::Served::Device(device::parse_device(&d)?),
				_ => {
					return Err(CliError::new("name what you pay for: --class C or --device D")
						.hint("depin device status --device D shows a device's class"))
				},
			};
			let signer = operator.keypair()?;
			treasury::pay(&connect().await?, &signer, asset, &amount, served, &memo).await
		},
		Command::Treasury { epoch } => treasury::show(&connect().await?, epoch).await,
		Command::Market(command) => args::run_market(command, connect).await,
		Command::Oracle(command) => oracle::run(command, connect).await,
		Command::Dao(DaoCommand::Lock { amount, conviction, operator }) => {
			let signer = operator.keypair()?;
			dao::lock(&connect().await?, &signer, &amount, &conviction).await
		},
		Command::Dao(DaoCommand::Unlock { operator }) => {
			dao::plain(&connect().await?, &operator.keypair()?, "unlock").await
		},
		Command::Dao(DaoCommand::Delegate { to, operator }) => {
			let (to, signer) = (parse_account(&to)?, operator.keypair()?);
			dao::delegate(&connect().await?, &signer, to).await
		},
		Command::Dao(DaoCommand::Undelegate { operator }) => {
			dao::plain(&connect().await?, &operator.keypair()?, "undelegate").await
		},
		Command::Dao(DaoCommand::Propose { track, call, operator }) => {
			let signer = operator.keypair()?;
			dao::parse_track(&track)?;
			dao::propose(&connect().await?, &signer, &track, &call).await
		},
		Command::Dao(DaoCommand::Vote { proposal, aye, nay, operator }) => {
			if aye == nay {
				return Err(CliError::new("say how you vote: --aye (for) or --nay (against)"));
			}
			let signer = operator.keypair()?;
			dao::vote(&connect().await?, &signer, proposal, aye).await
		},
		Command::Dao(DaoCommand::Status { proposal, who }) => {
			let who = who.as_deref().map(parse_account).transpose()?;
			dao::status(&connect().await?, proposal, who).await
		},
		Command::Maker(MakerCommand::Apply { maker_key, name, operator }) => {
			let (key, signer) = (DeviceKey::read(&maker_key)?, operator.keypair()?);
			device::apply_as_maker(&connect().await?, &signer, key.public(), &name).await
		},
		Command::Maker(MakerCommand::Attest { maker_key, device, class }) => {
			let maker_key = DeviceKey::read(&maker_key)?;
			let device = device::parse_device(&device)?;
			Ok(device::attest(&connect().await?, &maker_key, device, class))
		},
	}
}

/// Writes `text` and a newline to stdout. A pipe closed by its reader (`depin … | head`) ends
/// the CLI quietly with code 0: the reader took what it wanted.
fn print_out(text: &str) {
	use std::io::Write;
	let mut out = std::io::stdout().lock();
	if let Err(e) = writeln!(out, "{text}").and_then(|()| out.flush()) {
		if e.kind() == std::io::ErrorKind::BrokenPipe {
			std::process::exit(0);
		}
		depin_cli::progress(&format!("error: cannot write the output: {e}"));
		std::process::exit(1);
	}
}

#[tokio::main]
async fn main() {
	let cli = Cli::parse();
	let json = cli.json;
	match run(cli).await {
		Ok(report) => {
			if json {
				print_out(&report.json.to_string());
			} else {
				print_out(&report.text);
			}
		},
		Err(e) => {
			if json {
				print_out(&json!({ "error": e.message, "hint": e.hint }).to_string());
			} else {
				depin_cli::progress(&format!("error: {e}"));
			}
			std::process::exit(1);
		},
	}
}
