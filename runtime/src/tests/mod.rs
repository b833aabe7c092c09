//! Tests of the runtime's configuration as a whole.

use super::*;
use frame_support::traits::{fungible::Inspect, Get};
use sp_keyring::Sr25519Keyring;

mod device_state;
mod fork;
mod self_dealing;
mod service_market;

fn preset(name: &str) -> serde_json::Value {
	let bytes = genesis_config_presets::get_preset(&name.into())
		.unwrap_or_else(|| panic!("preset {name} exists"));
	serde_json::from_slice(&bytes).expect("a preset is JSON")
}

/// Builds the storage of a preset, as the node does at genesis.
fn build(name: &str) -> sp_io::TestExternalities {
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	json_merge(&mut config, preset(name));
	let config: RuntimeGenesisConfig = serde_json::from_value(config).expect("preset is valid");
	config.build_storage().expect("genesis builds").into()
}

fn json_merge(a: &mut serde_json::Value, b: serde_json::Value) {
	match (a, b) {
		(serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
			for (k, v) in b {
				json_merge(a.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(a, b) => *a = b,
	}
}

#[test]
fn every_preset_builds_a_genesis() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(names.len(), 3);
	for name in names {
		let name = String::from_utf8(AsRef::<[u8]>::as_ref(&name).to_vec()).expect("utf8");
		build(&name).execute_with(|| {
			assert!(!pallet_aura::Authorities::<Runtime>::get().is_empty(), "{name}: validators");
		});
	}
	assert!(genesis_config_presets::get_preset(&"no_such_preset".into()).is_none());
}

#[test]
fn only_dev_presets_have_sudo() {
	build("development").execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		assert_eq!(
			Balances::balance(&Sr25519Keyring::Bob.to_account_id()),
			genesis_config_presets::DEV_ENDOWMENT
		);
	});
	build("local_testnet").execute_with(|| {
		// Four authorities, so that one may stop and GRANDPA's two-thirds threshold still holds.
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		assert!(pallet_sudo::Key::<Runtime>::get().is_some());
	});
	build("production").execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "production has no sudo key");
	});
}

#[test]
fn metadata_v15_and_v16_are_served() {
	let versions = Runtime::metadata_versions();
	for v in [14, 15, 16] {
		assert!(versions.contains(&v), "metadata v{v} missing from {versions:?}");
		assert!(Runtime::metadata_at_version(v).is_some(), "metadata v{v} not built");
	}
}

#[test]
fn fee_for_a_base_transaction_is_the_base_fee() {
	use frame_support::weights::{constants::ExtrinsicBaseWeight, WeightToFee as _};
	assert_eq!(configs::WeightToFee::weight_to_fee(&ExtrinsicBaseWeight::get()), configs::BASE_FEE);
}

// An existential deposit of zero would let dust accounts fill the state.
const _: () = assert!(token::EXISTENTIAL_DEPOSIT > 0);
// Storage deposits are priced in millionths of a token: a token has at least six decimals.
const _: () = assert!(token::MICRO_UNIT > 0);

#[test]
fn token_and_limits_are_sane() {
	assert_eq!(token::UNIT, 10u128.pow(token::DECIMALS.into()));
	assert_eq!(<Runtime as frame_system::Config>::SS58Prefix::get(), token::SS58_PREFIX);
	let minimum_period: u64 = <Runtime as pallet_timestamp::Config>::MinimumPeriod::get();
	assert_eq!(SLOT_DURATION, 2 * minimum_period);
}

#[test]
fn pallets_pass_their_integrity_tests() {
	sp_io::TestExternalities::default().execute_with(|| {
		use frame_support::traits::IntegrityTest;
		AllPalletsWithSystem::integrity_test();
	});
}

#[test]
fn every_preset_starts_with_the_device_classes_and_sound_parameters() {
	use depin_primitives::ProofKind;
	for name in ["development", "local_testnet", "production"] {
		build(name).execute_with(|| {
			let ids =
				<DeviceRegistry as depin_primitives::DeviceRegistry<AccountId, Balance>>::class_ids(
				);
			assert_eq!(ids, vec![0, 1, 2, 3], "{name}: classes");
			assert_eq!(
				<DeviceRegistry as depin_primitives::DeviceRegistry<AccountId, Balance>>::proof_kind(0),
				Some(ProofKind::WitnessedCoverage)
			);
			DeviceRegistry::check_params(&pallet_device_registry::Params::<Runtime>::get())
				.expect("parameters within bounds");
		});
	}
	build("production").execute_with(|| {
		assert_eq!(
			pallet_device_registry::Params::<Runtime>::get(),
			configs::device_registry::production_params()
		);
	});
}

/// A device registers through the real runtime: the possession proof is checked against the
/// chain's genesis hash, the bond is held, and the runtime API sees the device.
#[test]
fn a_device_registers_in_the_runtime() {
	use sp_core::Pair;
	build("development").execute_with(|| {
		System::set_block_number(1);
		let alice = Sr25519Keyring::Alice.to_account_id();
		let key = sp_core::sr25519::Pair::from_seed(&[42; 32]);
		let valid_until: BlockNumber = 100;
		let payload = pallet_device_registry::possession_payload(
			&alice,
			&DeviceRegistry::genesis_hash(),
			&valid_until,
		);
		let free = Balances::balance(&alice);
		let call = RuntimeCall::DeviceRegistry(pallet_device_registry::Call::register_device {
			device: key.public(),
			class: 1,
			proof: pallet_device_registry::PossessionProof {
				valid_until,
				signature: key.sign(&payload),
			},
			attestation: None,
			location: None,
			metadata: Default::default(),
		});
		use sp_runtime::traits::Dispatchable;
		call.dispatch(RuntimeOrigin::signed(alice.clone())).expect("registers");
		let bond = 200 * token::UNIT;
		assert_eq!(Balances::balance(&alice), free - bond);
		let view = DeviceRegistry::device_view(&key.public()).expect("device known");
		assert_eq!(view.owner, alice);
		assert_eq!(DeviceRegistry::devices_of(&alice, 0, 10), vec![key.public()]);
	});
}

/// The tuple of transaction extensions a wallet sends, with no tip and an immortal era.
fn extensions(nonce: Nonce) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(sp_runtime::generic::Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// A sensor (class 3, located) registered for Alice, with its key.
fn registered_sensor(seed: u8) -> sp_core::sr25519::Pair {
	registered_device(
		seed,
		3,
		Some(depin_primitives::Location { lat: 52_520_008, lon: 13_404_954 }),
	)
}

/// A device of `class` registered for Alice, with its key.
fn registered_device(
	seed: u8,
	class: depin_primitives::DeviceClassId,
	location: Option<depin_primitives::Location>,
) -> sp_core::sr25519::Pair {
	use sp_core::Pair;
	let alice = Sr25519Keyring::Alice.to_account_id();
	let key = sp_core::sr25519::Pair::from_seed(&[seed; 32]);
	let valid_until: BlockNumber = 100;
	let payload = pallet_device_registry::possession_payload(
		&alice,
		&DeviceRegistry::genesis_hash(),
		&valid_until,
	);
	DeviceRegistry::register_device(
		RuntimeOrigin::signed(alice),
		key.public(),
		class,
		pallet_device_registry::PossessionProof { valid_until, signature: key.sign(&payload) },
		None,
		location,
		Default::default(),
	)
	.expect("registers");
	key
}

/// A telemetry report of `units` for epoch 0, measured in block 1, and the device's signature.
fn telemetry(
	key: &sp_core::sr25519::Pair,
	units: u64,
) -> (
	pallet_physical_work::WorkReport<AccountId, Balance, Signature, BlockNumber>,
	sp_core::sr25519::Signature,
) {
	telemetry_in(key, 0, 1, units)
}

/// A telemetry report of `units` for `epoch`, measured in block `measured_at`, and the
/// device's signature.
fn telemetry_in(
	key: &sp_core::sr25519::Pair,
	epoch: depin_primitives::EpochIndex,
	measured_at: BlockNumber,
	units: u64,
) -> (
	pallet_physical_work::WorkReport<AccountId, Balance, Signature, BlockNumber>,
	sp_core::sr25519::Signature,
) {
	use sp_core::Pair;
	let report = pallet_physical_work::WorkReport {
		device: key.public(),
		epoch,
		nonce: 1,
		payload: pallet_physical_work::ReportPayload::Telemetry {
			units,
			measured_at,
			data_hash: Default::default(),
		},
	};
	let signature =
		key.sign(&pallet_physical_work::report_payload(&PhysicalWork::genesis_hash(), &report));
	(report, signature)
}

/// Opens block 1 on top of genesis, as a block author does, and returns its header.
fn open_block_1() -> Header {
	let header = <Header as sp_runtime::traits::Header>::new(
		1,
		Default::default(),
		Default::default(),
		System::block_hash(0),
		Default::default(),
	);
	Executive::initialize_block(&header);
	header
}

/// A feeless report is a general transaction: the pool's validation authorises it by the device
/// signature alone, the block applies it without a fee, and a second report is refused in the
/// pool with the pallet error's index as its custom code.
#[test]
fn a_feeless_device_report_goes_through_the_real_transaction_pipeline() {
	use sp_core::Pair;
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionSource};
	build("development").execute_with(|| {
		let header = open_block_1();
		let key = registered_sensor(7);
		let (report, signature) = telemetry(&key, 25);
		let call = RuntimeCall::PhysicalWork(pallet_physical_work::Call::submit_report {
			report: report.clone(),
			signature,
		});
		let xt = UncheckedExtrinsic::new_transaction(call.clone(), extensions(0));
		let validity =
			Executive::validate_transaction(TransactionSource::External, xt.clone(), header.hash())
				.expect("the pool accepts the report");
		assert_eq!(validity.priority, 0, "below any signed transaction");
		// Validated on top of block 1, it can go into blocks 2 to 9: the epoch ends at 10.
		assert_eq!(validity.longevity, 8, "until the ten-block epoch ends");

		let issuance = Balances::total_issuance();
		use frame_support::dispatch::DispatchClass;
		let normal = System::block_weight().get(DispatchClass::Normal).ref_time();
		let operational = System::block_weight().get(DispatchClass::Operational).ref_time();
		Executive::apply_extrinsic(xt.clone()).expect("applies").expect("dispatches");
		assert_eq!(Balances::total_issuance(), issuance, "no fee was charged");
		// The report's weight is operational: the fee multiplier, which follows the normal
		// class, does not move however many reports a block carries.
		assert_eq!(System::block_weight().get(DispatchClass::Normal).ref_time(), normal);
		assert!(System::block_weight().get(DispatchClass::Operational).ref_time() > operational);
		assert_eq!(
			<PhysicalWork as depin_primitives::WorkLedger>::device_units(0, &key.public()),
			25
		);

		let refusal =
			Executive::validate_transaction(TransactionSource::External, xt, header.hash())
				.expect_err("a second report is refused");
		let code =
			codec::Encode::encode(&pallet_physical_work::Error::<Runtime>::ReportAlreadySubmitted)
				[0];
		assert_eq!(refusal, InvalidTransaction::Custom(code).into());
	});
}

#[test]
fn every_preset_starts_the_epoch_clock_with_sound_parameters() {
	for name in ["development", "local_testnet", "production"] {
		build(name).execute_with(|| {
			let params = pallet_physical_work::Params::<Runtime>::get();
			PhysicalWork::check_params(&params).expect("parameters within bounds");
			let epoch = pallet_physical_work::CurrentEpoch::<Runtime>::get();
			assert_eq!((epoch.index, epoch.start, epoch.length), (0, 0, params.epoch_length));
		});
	}
	build("production").execute_with(|| {
		assert_eq!(
			pallet_physical_work::Params::<Runtime>::get(),
			configs::physical_work::production_params()
		);
	});
}

/// The epoch clock closes an epoch in its first block, and reward emission mints the epoch's
/// emission there: the only sensor that worked earns the sensor class's whole pool and claims
/// it; issuance grows by exactly what was minted.
#[test]
fn a_closed_epoch_pays_its_verified_work() {
	use frame_support::traits::OnInitialize;
	use sp_core::Pair;
	build("development").execute_with(|| {
		System::set_block_number(1);
		let alice = Sr25519Keyring::Alice.to_account_id();
		let key = registered_sensor(9);
		let (report, signature) = telemetry(&key, 40);
		PhysicalWork::submit_report_signed(RuntimeOrigin::signed(alice.clone()), report, signature)
			.expect("the report is accepted");

		let issuance = Balances::total_issuance();
		let epoch_length = pallet_physical_work::Params::<Runtime>::get().epoch_length;
		System::set_block_number(epoch_length);
		AllPalletsWithSystem::on_initialize(epoch_length);

		let rewards = pallet_reward_emission::Epochs::<Runtime>::get(0).expect("epoch 0 closed");
		assert_eq!(rewards.scheduled, 5_000 * token::UNIT);
		assert_eq!(Balances::total_issuance() - issuance, rewards.minted);
		// Operators 70%, of which the sensor class weighs 10 of 100.
		let pending = RewardEmission::pending_rewards(&key.public());
		assert_eq!(pending.amount, 350 * token::UNIT);
		assert_eq!(rewards.operators, pending.amount, "hotspots, storage and GPUs did no work");

		let before = Balances::free_balance(&alice);
		RewardEmission::claim(RuntimeOrigin::signed(alice.clone()), key.public())
			.expect("the owner claims");
		assert_eq!(Balances::free_balance(&alice) - before, 350 * token::UNIT);
		assert_eq!(
			Balances::free_balance(RewardEmission::reward_pot()),
			Balances::minimum_balance() + rewards.operators - 350 * token::UNIT,
			"the pot keeps exactly what is still owed"
		);
	});
}

#[test]
fn every_preset_sets_a_sound_emission() {
	for name in ["development", "local_testnet", "production"] {
		build(name).execute_with(|| {
			assert_eq!(
				pallet_reward_emission::SupplyCap::<Runtime>::get(),
				configs::reward_emission::SUPPLY_CAP
			);
			assert!(Balances::total_issuance() <= configs::reward_emission::SUPPLY_CAP);
			let pot = RewardEmission::reward_pot();
			assert_eq!(Balances::free_balance(&pot), Balances::minimum_balance());
			// The claim window fits in what the work ledger keeps.
			let params = pallet_reward_emission::Params::<Runtime>::get();
			assert!(
				params.claim_window
					<= <PhysicalWork as depin_primitives::WorkLedger>::retained_epochs()
			);
		});
	}
	build("production").execute_with(|| {
		assert_eq!(
			pallet_reward_emission::Params::<Runtime>::get(),
			configs::reward_emission::production_params()
		);
	});
}

/// The whole loop on a development chain: a customer pays in dUSD, the epoch passes (each
/// block samples the pool's price), and in the first block of the next epoch the treasury
/// buys the native token back within the slippage bound and burns it. Total issuance moves by
/// exactly the emission minted less what was burned, and the report says so.
#[test]
fn a_stablecoin_payment_is_bought_back_and_burned_when_the_epoch_closes() {
	use configs::buyback_treasury::{DEV_STABLECOIN, DEV_STABLECOIN_UNIT};
	use frame_support::traits::{fungibles, OnInitialize};
	build("development").execute_with(|| {
		let bob = Sr25519Keyring::Bob.to_account_id();
		let pot = BuybackTreasury::account_id();
		assert_eq!(
			BuybackTreasury::spot_price(DEV_STABLECOIN, DEV_STABLECOIN_UNIT),
			Some(token::UNIT),
			"the development pool starts at one token per dollar"
		);
		System::set_block_number(1);
		AllPalletsWithSystem::on_initialize(1);
		BuybackTreasury::pay_for_service(
			RuntimeOrigin::signed(bob.clone()),
			Some(DEV_STABLECOIN),
			100 * DEV_STABLECOIN_UNIT,
			pallet_buyback_treasury::Served::Class(3),
			b"invoice 1".to_vec(),
		)
		.expect("Bob pays 100 dUSD");
		assert_eq!(
			<Assets as fungibles::Inspect<_>>::balance(DEV_STABLECOIN, &pot),
			100 * DEV_STABLECOIN_UNIT
		);
		let epoch_length = pallet_physical_work::Params::<Runtime>::get().epoch_length;
		for n in 2..epoch_length {
			System::set_block_number(n);
			AllPalletsWithSystem::on_initialize(n);
		}
		assert_eq!(BuybackTreasury::average_price(DEV_STABLECOIN, 0), Some(token::UNIT));

		let issuance = Balances::total_issuance();
		System::set_block_number(epoch_length);
		AllPalletsWithSystem::on_initialize(epoch_length);

		let minted = pallet_reward_emission::Epochs::<Runtime>::get(0).expect("closed").minted;
		let report = pallet_buyback_treasury::Reports::<Runtime>::get(0).expect("reported");
		assert!(report.closed);
		let usd = report.assets[0];
		assert_eq!(usd.revenue, 100 * DEV_STABLECOIN_UNIT);
		assert_eq!(usd.spent, 80 * DEV_STABLECOIN_UNIT, "the burn share, 80%");
		assert!(usd.bought > 79 * token::UNIT && usd.bought < 80 * token::UNIT);
		assert_eq!(report.burned, usd.bought);
		assert_eq!(Balances::total_issuance(), issuance + minted - report.burned);
		assert_eq!(BuybackTreasury::totals().burned, report.burned);
		// Reward emission heard of the burn: it may re-mint it at the next close.
		assert_eq!(pallet_reward_emission::BurnedThisEpoch::<Runtime>::get(), report.burned);
		// The treasury keeps the rest of the dollars and its share of the emission to grant.
		assert_eq!(
			<Assets as fungibles::Inspect<_>>::balance(DEV_STABLECOIN, &pot),
			20 * DEV_STABLECOIN_UNIT
		);
		// Epoch 0's emission reached the treasury in epoch 1's first block.
		let next = pallet_buyback_treasury::Reports::<Runtime>::get(1).expect("epoch 1 opened");
		assert_eq!(next.native.emission, 1_000 * token::UNIT, "20% of 5 000");
		assert_eq!(Balances::free_balance(&pot), Balances::minimum_balance() + 1_000 * token::UNIT);
	});
}

/// Half of a transaction's fee reaches the treasury through the runtime's fee handler, the
/// other half is burned.
#[test]
fn the_treasury_takes_its_share_of_transaction_fees() {
	use codec::Encode;
	build("development").execute_with(|| {
		open_block_1();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![1, 2, 3] });
		let payload =
			sp_runtime::generic::SignedPayload::new(call.clone(), extensions(0)).expect("payload");
		let signature = payload.using_encoded(|p| Sr25519Keyring::Bob.sign(p));
		let xt = UncheckedExtrinsic::new_signed(
			call,
			sp_runtime::MultiAddress::Id(bob.clone()),
			signature.into(),
			extensions(0),
		);
		let (issuance, bob_before) = (Balances::total_issuance(), Balances::free_balance(&bob));
		Executive::apply_extrinsic(xt).expect("applies").expect("dispatches");
		let fee = bob_before - Balances::free_balance(&bob);
		assert!(fee > 0);
		let share = fee / 2;
		assert_eq!(pallet_buyback_treasury::PendingFees::<Runtime>::get(), share);
		assert_eq!(
			Balances::free_balance(BuybackTreasury::account_id()),
			Balances::minimum_balance() + share
		);
		assert_eq!(issuance - Balances::total_issuance(), fee - share);
	});
}

#[test]
fn every_preset_sets_up_the_treasury() {
	build("development").execute_with(|| {
		let config = pallet_buyback_treasury::AllowedAssets::<Runtime>::get(
			configs::buyback_treasury::DEV_STABLECOIN,
		)
		.expect("dUSD accepted");
		assert_eq!(config, configs::buyback_treasury::dev_stablecoin_config());
	});
	build("production").execute_with(|| {
		assert_eq!(pallet_buyback_treasury::AllowedAssets::<Runtime>::count(), 0);
		assert_eq!(
			pallet_buyback_treasury::Params::<Runtime>::get(),
			configs::buyback_treasury::production_params()
		);
	});
	for name in ["development", "local_testnet", "production"] {
		build(name).execute_with(|| {
			assert_eq!(
				Balances::free_balance(BuybackTreasury::account_id()),
				Balances::minimum_balance()
			);
		});
	}
}

/// Runs the hooks of blocks `from..=to`: every pallet's `on_initialize` (the DAO's decisions,
/// the scheduler's enactments, the epoch clock).
fn run_blocks(from: BlockNumber, to: BlockNumber) {
	use frame_support::traits::OnInitialize;
	for n in from..=to {
		System::set_block_number(n);
		AllPalletsWithSystem::on_initialize(n);
	}
}

#[test]
fn every_preset_opens_every_track_and_production_has_no_sudo() {
	for name in ["development", "local_testnet", "production"] {
		build(name).execute_with(|| {
			for track in pallet_dao::Track::ALL {
				let info = pallet_dao::Tracks::<Runtime>::get(track)
					.unwrap_or_else(|| panic!("{name}: the {track:?} track is open"));
				Dao::check_track(&info).expect("within the runtime's bounds");
			}
			Dao::check_params(&Dao::params()).expect("within the runtime's bounds");
		});
	}
	build("production").execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "only the DAO can change the chain");
		assert_eq!(
			pallet_dao::Tracks::<Runtime>::get(pallet_dao::Track::Parameters),
			configs::dao::production_tracks().first().map(|(_, info)| *info)
		);
	});
}

/// The governance loop on a development chain: Alice locks, proposes on the devices track to
/// triple the sensor class's reward weight, and votes; the hook approves it when voting ends,
/// the scheduler enacts it with the devices track's origin, and the next epoch close splits
/// the emission by the new weight.
#[test]
fn a_dao_proposal_changes_a_device_class_and_the_next_epoch_uses_it() {
	use sp_core::Pair;
	build("development").execute_with(|| {
		System::set_block_number(1);
		let alice = Sr25519Keyring::Alice.to_account_id();
		let key = registered_sensor(11);
		const SENSOR: depin_primitives::DeviceClassId = 3;
		let mut class = pallet_device_registry::Classes::<Runtime>::get(SENSOR).unwrap();
		let weights: u32 = pallet_device_registry::Classes::<Runtime>::iter_values()
			.map(|c| c.reward_weight)
			.sum();
		assert_eq!((class.reward_weight, weights), (10, 100));
		class.reward_weight = 30;
		let call = RuntimeCall::DeviceRegistry(pallet_device_registry::Call::update_class {
			class_id: SENSOR,
			class: class.clone(),
		});

		// The devices track cannot be skipped: a signed account may not change a class itself.
		assert!(DeviceRegistry::update_class(
			RuntimeOrigin::signed(alice.clone()),
			SENSOR,
			class.clone()
		)
		.is_err());

		Dao::lock(
			RuntimeOrigin::signed(alice.clone()),
			500_000 * token::UNIT,
			pallet_dao::Conviction::Locked1x,
		)
		.expect("locks");
		let bounded = <Preimage as frame_support::traits::StorePreimage>::bound(call).unwrap();
		Dao::propose(
			RuntimeOrigin::signed(alice.clone()),
			pallet_dao::Track::Devices,
			Box::new(bounded),
		)
		.expect("proposes");
		Dao::vote(RuntimeOrigin::signed(alice.clone()), 0, true).expect("votes");
		let view = Dao::proposal_view(0).unwrap();
		assert!(view.passing, "half of Alice's endowment passes the 1% quorum: {view:?}");

		let info = pallet_dao::Tracks::<Runtime>::get(pallet_dao::Track::Devices).unwrap();
		let decided = 1 + info.voting_period;
		run_blocks(2, decided);
		let enact_at = match pallet_dao::Proposals::<Runtime>::get(0).unwrap().status {
			pallet_dao::ProposalStatus::Approved { enact_at } => enact_at,
			other => panic!("not approved: {other:?}"),
		};
		assert_eq!(enact_at, decided + info.enactment_delay);
		assert_eq!(
			pallet_device_registry::Classes::<Runtime>::get(SENSOR).unwrap().reward_weight,
			10
		);
		run_blocks(decided + 1, enact_at);
		assert_eq!(
			pallet_dao::Proposals::<Runtime>::get(0).unwrap().status,
			pallet_dao::ProposalStatus::Enacted { ok: true }
		);
		assert_eq!(
			pallet_device_registry::Classes::<Runtime>::get(SENSOR).unwrap().reward_weight,
			30
		);

		// The sensor works in the current epoch; its close uses the new weight.
		let epoch = <PhysicalWork as depin_primitives::EpochClock<BlockNumber>>::current_epoch();
		let report = pallet_physical_work::WorkReport {
			device: key.public(),
			epoch,
			nonce: 1,
			payload: pallet_physical_work::ReportPayload::Telemetry {
				units: 40,
				measured_at: enact_at,
				data_hash: Default::default(),
			},
		};
		let signature =
			key.sign(&pallet_physical_work::report_payload(&PhysicalWork::genesis_hash(), &report));
		PhysicalWork::submit_report_signed(RuntimeOrigin::signed(alice.clone()), report, signature)
			.expect("the report is accepted");
		let next =
			<PhysicalWork as depin_primitives::EpochClock<BlockNumber>>::epoch_start(epoch + 1)
				.unwrap();
		run_blocks(enact_at + 1, next);
		let rewards = pallet_reward_emission::Epochs::<Runtime>::get(epoch).expect("closed");
		// Operators get 70%; the sensors weigh 30 of 120 now (10 of 100 before).
		let expected = rewards.scheduled * 7 / 10 * 30 / 120;
		let pending = RewardEmission::pending_rewards(&key.public()).amount;
		assert!(pending.abs_diff(expected) <= 1, "pending {pending}, expected {expected}");
	});
}

/// The upgrade track enacts as root: what `System.set_code` needs. Here a root-only call
/// (`System.set_storage`) shows the origin; the parameters track cannot make the same call.
#[test]
fn the_upgrade_track_enacts_as_root_and_no_other_track_does() {
	build("development").execute_with(|| {
		System::set_block_number(1);
		let alice = Sr25519Keyring::Alice.to_account_id();
		Dao::lock(
			RuntimeOrigin::signed(alice.clone()),
			500_000 * token::UNIT,
			pallet_dao::Conviction::Locked1x,
		)
		.expect("locks");
		let call = |key: &[u8]| {
			let call = RuntimeCall::System(frame_system::Call::set_storage {
				items: vec![(key.to_vec(), b"set".to_vec())],
			});
			Box::new(<Preimage as frame_support::traits::StorePreimage>::bound(call).unwrap())
		};
		for (index, (track, key)) in
			[(pallet_dao::Track::Upgrade, b"upgrade"), (pallet_dao::Track::Parameters, b"params_")]
				.into_iter()
				.enumerate()
		{
			Dao::propose(RuntimeOrigin::signed(alice.clone()), track, call(key)).expect("proposes");
			Dao::vote(RuntimeOrigin::signed(alice.clone()), index as u32, true).expect("votes");
		}
		let info = pallet_dao::Tracks::<Runtime>::get(pallet_dao::Track::Upgrade).unwrap();
		run_blocks(2, 1 + info.voting_period + info.enactment_delay + 1);
		assert_eq!(sp_io::storage::get(b"upgrade").map(|v| v.to_vec()), Some(b"set".to_vec()));
		assert_eq!(sp_io::storage::get(b"params_"), None);
		let failed = System::events().into_iter().any(|r| {
			matches!(
				r.event,
				RuntimeEvent::Dao(pallet_dao::Event::Enacted {
					index: 1,
					result: Err(sp_runtime::DispatchError::BadOrigin)
				})
			)
		});
		assert!(failed, "the parameters track's origin is not root");
	});
}

#[test]
fn a_batched_report_weighs_at_most_1_3_signature_checks_and_writes() {
	use frame_support::dispatch::DispatchClass;
	use pallet_physical_work::WeightInfo as _;
	type W = pallet_physical_work::weights::SubstrateWeight<Runtime>;
	let max = <Runtime as pallet_physical_work::Config>::MaxReportsPerBatch::get();
	// The measured slope: what one more report adds to a batch.
	let per_report =
		(W::submit_reports(max).ref_time() - W::submit_reports(1).ref_time()) / u64::from(max - 1);
	let yardstick = W::verify_signature().ref_time()
		+ <Runtime as frame_system::Config>::DbWeight::get().writes(1).ref_time();
	assert!(
		per_report * 10 <= yardstick * 13,
		"a batched report weighs {per_report} ps, over 1.3 × {yardstick} ps (one sr25519 \
		 verification and one storage write)"
	);
	// A full batch, with its authorisation in the block and every report handing its device's
	// previous epoch on to reward emission (the steady state: every device reports every
	// epoch), fits one transaction's weight limit (batches are operational, as single reports
	// are).
	let hand_on = <RewardEmission as depin_primitives::OnWorkClosed>::weight();
	let full = W::submit_reports(max)
		.saturating_add(W::authorize_batch(max))
		.saturating_add(hand_on.saturating_mul(max.into()));
	let limit = configs::RuntimeBlockWeights::get()
		.get(DispatchClass::Operational)
		.max_extrinsic
		.expect("operational transactions have a limit");
	assert!(full.all_lte(limit), "a full batch ({full:?}) exceeds the limit {limit:?}");
}
