//! A small runtime for the pallet's tests: System, Balances, the real pallet-preimage and
//! pallet-scheduler, the DAO, and a double of the contributor signal.

use crate::{self as pallet_dao, *};
use core::cell::RefCell;
use depin_primitives::VotingPowerBoost;
use frame_support::{
	derive_impl, parameter_types,
	traits::{
		fungible::{Balanced, Credit, HoldConsideration},
		ConstU128, ConstU32, EitherOfDiverse, EqualPrivilegeOnly, Everything, LinearStoragePrice,
		OnUnbalanced, StorePreimage,
	},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, Perbill, Permill};
use std::collections::BTreeMap;

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;
type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeHoldReason,
		RuntimeFreezeReason,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(3)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(4)]
	pub type Dao = pallet_dao;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

pub const ED: Balance = 1;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<ED>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = ConstU32<4>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
}

parameter_types! {
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	pub MaximumSchedulerWeight: Weight = Weight::from_parts(2_000_000_000_000, u64::MAX);
}

impl pallet_preimage::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<ConstU128<1>, ConstU128<0>, Balance>,
	>;
}

impl pallet_scheduler::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type MaxScheduledPerBlock = ConstU32<10>;
	type WeightInfo = ();
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

thread_local! {
	static ACTIVITY: RefCell<BTreeMap<AccountId, Permill>> = const { RefCell::new(BTreeMap::new()) };
}

/// The contributor signal: what the runtime reads from reward emission.
pub struct TestActivity;
impl VotingPowerBoost<AccountId> for TestActivity {
	fn boost(who: &AccountId) -> Permill {
		ACTIVITY.with(|a| a.borrow().get(who).copied().unwrap_or_default())
	}
}

/// Marks `who` as a contributor with activity `level` (100%: worked in the last epoch).
pub fn set_activity(who: AccountId, level: Permill) {
	ACTIVITY.with(|a| a.borrow_mut().insert(who, level));
}

/// Where slashed deposits go.
pub const TREASURY: AccountId = 99;

pub struct ToTreasury;
impl OnUnbalanced<Credit<AccountId, Balances>> for ToTreasury {
	fn on_nonzero_unbalanced(credit: Credit<AccountId, Balances>) {
		let _ = <Balances as Balanced<AccountId>>::resolve(&TREASURY, credit);
	}
}

pub struct ParametersTrack;
impl frame_support::traits::Contains<Track> for ParametersTrack {
	fn contains(t: &Track) -> bool {
		*t == Track::Parameters
	}
}
pub struct EmergencyTrack;
impl frame_support::traits::Contains<Track> for EmergencyTrack {
	fn contains(t: &Track) -> bool {
		*t == Track::Emergency
	}
}

parameter_types! {
	pub const MaxCallWeight: Weight = Weight::from_parts(1_000_000_000_000, u64::MAX);
	pub const MaxBoost: Permill = Permill::from_percent(50);
}

impl pallet_dao::Config for Test {
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type Currency = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Preimages = Preimage;
	type Scheduler = Scheduler;
	type Boost = TestActivity;
	type OnSlash = ToTreasury;
	type AdminOrigin = EitherOfDiverse<EnsureRoot<AccountId>, EnsureTrack<ParametersTrack>>;
	type CancelOrigin = EitherOfDiverse<EnsureRoot<AccountId>, EnsureTrack<EmergencyTrack>>;
	type EnactOrigin = EnsureTrack<Everything>;
	type MaxLive = ConstU32<4>;
	type MaxCallLen = ConstU32<1024>;
	type MaxCallWeight = MaxCallWeight;
	type MinVotingPeriod = ConstU64<2>;
	type MaxVotingPeriod = ConstU64<100>;
	type MaxEnactmentDelay = ConstU64<50>;
	type MaxLockPeriod = ConstU64<100>;
	type MaxBoost = MaxBoost;
	type WeightInfo = ();
}

use frame_support::traits::ConstU64;

/// Voting period of the parameters track in the tests.
pub const PERIOD: BlockNumber = 10;
/// Enactment delay of the parameters track in the tests.
pub const DELAY: BlockNumber = 2;
/// The lock period in the tests.
pub const LOCK_PERIOD: BlockNumber = 5;
/// The parameters track's deposit in the tests.
pub const DEPOSIT: Balance = 10;

pub fn track(quadratic: bool) -> TrackInfo<Balance, BlockNumber> {
	TrackInfo {
		deposit: DEPOSIT,
		voting_period: PERIOD,
		quorum: Perbill::from_percent(10),
		approval: Perbill::from_percent(50),
		enactment_delay: DELAY,
		quadratic,
	}
}

/// Balances at genesis: total issuance 2 010.
pub const GENESIS: [(AccountId, Balance); 6] =
	[(1, 100), (2, 200), (3, 300), (4, 400), (5, 1_000), (6, 10)];

#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build(self) -> sp_io::TestExternalities {
		ACTIVITY.with(|a| a.borrow_mut().clear());
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> { balances: GENESIS.to_vec(), ..Default::default() }
			.assimilate_storage(&mut t)
			.unwrap();
		pallet_dao::GenesisConfig::<Test> {
			params: Some(DaoParams {
				lock_period: LOCK_PERIOD,
				max_boost: Permill::from_percent(50),
			}),
			tracks: vec![
				(Track::Parameters, track(false)),
				(Track::Grants, track(true)),
				(Track::Devices, track(false)),
				(Track::Upgrade, TrackInfo { approval: Perbill::from_percent(66), ..track(false) }),
				(
					Track::Emergency,
					TrackInfo {
						voting_period: 4,
						quorum: Perbill::from_percent(20),
						approval: Perbill::from_percent(66),
						enactment_delay: 0,
						..track(false)
					},
				),
			],
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Dao::do_try_state().expect("invariants hold after the test");
		})
	}
}

/// Runs blocks up to and including `n`, with every pallet's hooks.
pub fn run_to(n: BlockNumber) {
	System::run_to_block::<AllPalletsWithSystem>(n);
}

/// A call small enough to go inline: the DAO's own parameters.
pub fn set_params_call(lock_period: BlockNumber, boost: u32) -> RuntimeCall {
	RuntimeCall::Dao(crate::Call::set_params {
		params: DaoParams { lock_period, max_boost: Permill::from_percent(boost) },
	})
}

/// `call`, bounded (inline when small, noted as a preimage otherwise).
pub fn bounded(call: RuntimeCall) -> Box<BoundedCallOf<Test>> {
	Box::new(<Preimage as StorePreimage>::bound(call).unwrap())
}

/// The events of the DAO so far.
pub fn dao_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Dao(e) = r.event { Some(e) } else { None })
		.collect()
}

/// The scheduled `enact` block of an approved proposal.
pub fn enact_at(index: ProposalIndex) -> BlockNumber {
	match Proposals::<Test>::get(index).unwrap().status {
		ProposalStatus::Approved { enact_at } => enact_at,
		other => panic!("proposal {index} is {other:?}, not approved"),
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	ExtBuilder.build()
}
