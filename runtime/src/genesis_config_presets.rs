//! Genesis presets: the starting state of a chain.
//!
//! - `development`: one validator (Alice), Alice is sudo, the well-known dev accounts are
//!   endowed. For `--dev` and tests. Its sensor class needs no maker, for quick starts.
//! - `local_testnet`: four validators (Alice, Bob, Charlie, Dave), Alice is sudo. For a local
//!   multi-node net (`scripts/testnet.sh`); four so that finality survives one stopped validator.
//!   Its sensors need a maker's attestation, as on a live network.
//! - `production`: a template with no sudo key. A chain builder puts the real validator keys
//!   and the initial allocation in `production_allocation` before launch; from the first block
//!   only governance (the DAO origin) can change the chain.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	configs::{
		buyback_treasury::{self, DEV_STABLECOIN},
		dao,
		device_registry::{development_params, genesis_classes, production_params},
		physical_work, reward_emission, service_market,
	},
	token::UNIT,
	AccountId, AssetsConfig, AuraConfig, Balance, BalancesConfig, BlockNumber,
	BuybackTreasuryConfig, DaoConfig, DeviceRegistryConfig, GrandpaConfig, PhysicalWorkConfig,
	RewardEmissionConfig, RuntimeGenesisConfig, ServiceMarketConfig, SudoConfig,
};
use pallet_buyback_treasury::TreasuryParams;
use pallet_device_registry::RegistryParams;
use pallet_physical_work::WorkParams;
use pallet_reward_emission::EmissionParams;

/// Name of the production preset (no sudo).
pub const PRODUCTION_RUNTIME_PRESET: &str = "production";

/// What each endowed dev account starts with.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * UNIT;

/// The genesis state, as a JSON patch over the runtime's default genesis.
fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<(AccountId, Balance)>,
	root: Option<AccountId>,
	registry: RegistryParams<Balance, BlockNumber>,
	work: WorkParams<Balance, BlockNumber>,
	emission: EmissionParams<AccountId, Balance, BlockNumber>,
	treasury: TreasuryParams<Balance>,
	stablecoin: bool,
	open_sensors: bool,
) -> Value {
	let governance = if stablecoin {
		DaoConfig { params: Some(dao::dev_params()), tracks: dao::dev_tracks() }
	} else {
		DaoConfig { params: Some(dao::production_params()), tracks: dao::production_tracks() }
	};
	// The market's escrow account is opened in the native token, and in dUSD where it exists.
	let market = ServiceMarketConfig {
		params: Some(if stablecoin {
			service_market::development_params()
		} else {
			service_market::production_params()
		}),
		assets: if stablecoin { vec![DEV_STABLECOIN] } else { vec![] },
	};
	let (assets, treasury) = if stablecoin {
		(dev_stablecoin(&endowed), dev_treasury(treasury))
	} else {
		(
			AssetsConfig::default(),
			BuybackTreasuryConfig { params: Some(treasury), ..Default::default() },
		)
	};
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed },
		aura: AuraConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: GrandpaConfig {
			authorities: authorities.iter().map(|(_, g)| (g.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: root },
		device_registry: DeviceRegistryConfig {
			params: registry,
			classes: genesis_classes(open_sensors)
		},
		physical_work: PhysicalWorkConfig { params: Some(work) },
		reward_emission: RewardEmissionConfig {
			params: Some(emission),
			supply_cap: Some(reward_emission::SUPPLY_CAP),
		},
		assets,
		buyback_treasury: treasury,
		dao: governance,
		service_market: market,
	})
}

/// Development chains start with a stablecoin, dUSD (asset 1, owned by Alice), that every
/// endowed account holds, so that customers can pay for service at once.
fn dev_stablecoin(endowed: &[(AccountId, Balance)]) -> AssetsConfig {
	AssetsConfig {
		assets: vec![(DEV_STABLECOIN, Sr25519Keyring::Alice.to_account_id(), true, 1)],
		metadata: vec![(DEV_STABLECOIN, b"Dev USD".to_vec(), b"dUSD".to_vec(), 6)],
		accounts: endowed
			.iter()
			.map(|(who, _)| {
				(DEV_STABLECOIN, who.clone(), buyback_treasury::DEV_STABLECOIN_ENDOWMENT)
			})
			.collect(),
		next_asset_id: None,
		reserves: vec![],
	}
}

/// ... with a native/dUSD pool that Alice seeded at one token per dollar, and the treasury
/// accepting dUSD.
fn dev_treasury(params: TreasuryParams<Balance>) -> BuybackTreasuryConfig {
	BuybackTreasuryConfig {
		params: Some(params),
		pools: vec![(
			Sr25519Keyring::Alice.to_account_id(),
			DEV_STABLECOIN,
			buyback_treasury::DEV_POOL_NATIVE,
			buyback_treasury::DEV_POOL_STABLECOIN,
		)],
		assets: vec![(DEV_STABLECOIN, buyback_treasury::dev_stablecoin_config())],
	}
}

fn authority(k: Sr25519Keyring) -> (AuraId, GrandpaId) {
	// Dev keys: the same well-known seed (`//Alice`, ...) gives the sr25519 Aura key and the
	// ed25519 GRANDPA key.
	(k.public().into(), ed25519_of(k).into())
}

fn ed25519_of(k: Sr25519Keyring) -> sp_core::ed25519::Public {
	match k {
		Sr25519Keyring::Alice => Ed25519Keyring::Alice,
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		Sr25519Keyring::Charlie => Ed25519Keyring::Charlie,
		Sr25519Keyring::Dave => Ed25519Keyring::Dave,
		Sr25519Keyring::Eve => Ed25519Keyring::Eve,
		Sr25519Keyring::Ferdie => Ed25519Keyring::Ferdie,
		_ => Ed25519Keyring::One,
	}
	.public()
}

fn dev_endowed() -> Vec<(AccountId, Balance)> {
	Sr25519Keyring::iter().map(|k| (k.to_account_id(), DEV_ENDOWMENT)).collect()
}

/// `development`: Alice validates alone and is sudo.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice)],
		dev_endowed(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		development_params(),
		physical_work::development_params(),
		reward_emission::development_params(),
		buyback_treasury::development_params(),
		true,
		true,
	)
}

/// `local_testnet`: Alice, Bob, Charlie and Dave validate; Alice is sudo. GRANDPA finalizes
/// with more than two thirds of the voters, so four tolerate one validator down; three would
/// stop finalizing with one down.
pub fn local_config_genesis() -> Value {
	genesis(
		vec![
			authority(Sr25519Keyring::Alice),
			authority(Sr25519Keyring::Bob),
			authority(Sr25519Keyring::Charlie),
			authority(Sr25519Keyring::Dave),
		],
		dev_endowed(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		development_params(),
		physical_work::development_params(),
		reward_emission::development_params(),
		buyback_treasury::development_params(),
		true,
		false,
	)
}

/// `production`: no sudo. The validator keys and allocation here are placeholders that a chain
/// builder replaces before launch (see docs/fork-the-chain.md).
pub fn production_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice), authority(Sr25519Keyring::Bob)],
		vec![(Sr25519Keyring::Alice.to_account_id(), 1_000 * UNIT)],
		None,
		production_params(),
		physical_work::production_params(),
		reward_emission::production_params(),
		buyback_treasury::production_params(),
		false,
		false,
	)
}

/// The JSON of a named preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		PRODUCTION_RUNTIME_PRESET => production_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The names of the presets this runtime has.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(PRODUCTION_RUNTIME_PRESET),
	]
}
