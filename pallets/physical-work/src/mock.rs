//! A small runtime for the pallet's tests: System, Balances, the pallet, and a device registry
//! double whose devices the tests place directly.

use crate::{self as pallet_physical_work, *};
use codec::{Decode, Encode};
use depin_primitives::{
	ClassInfo, DeviceClassId, DeviceId, DeviceRegistry, DeviceStatus, EpochIndex, EpochWork,
	Location, OnEpochClosed, OnWorkClosed, OrderId, ProofKind, ReceiptOrders, ReceiptRefusal,
	WorkUnits,
};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{
		fungible::Mutate, tokens::imbalance::ResolveTo, ConstU128, ConstU32, ConstU64, Hooks,
		Randomness,
	},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_core::{sr25519, Pair, H256};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{testing::TestSignature, BuildStorage, DispatchError, DispatchResult, Perbill};

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
	pub type Work = pallet_physical_work;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
	// The runtime's database costs, so that weights with reads and writes are not zero.
	type DbWeight = frame_support::weights::constants::ParityDbWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

pub const ED: Balance = 1;
/// Where rejected fraud bonds go.
pub const SLASH_POT: AccountId = 999;
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
/// An account that cannot afford a fraud bond.
pub const POOR: AccountId = 5;
pub const ENDOWMENT: Balance = 10_000;
/// The device bond the registry double records for each device.
pub const DEVICE_BOND: Balance = 1_000;

/// Class 0: telemetry sensors.
pub const SENSOR: DeviceClassId = 0;
/// Class 1: storage nodes (challenge–response).
pub const STORAGE: DeviceClassId = 1;
/// Class 2: hotspots (witnessed coverage).
pub const HOTSPOT: DeviceClassId = 2;
/// Class 3: GPU workers (customer receipts).
pub const GPU: DeviceClassId = 3;
/// Most units a device of any test class may earn per epoch.
pub const MAX_UNITS: WorkUnits = 1_000;
/// Blocks per epoch in the default parameters.
pub const EPOCH: BlockNumber = 10;
/// Epochs the ledger keeps after they close.
pub const RETAINED: EpochIndex = 2;

parameter_types! {
	pub const SlashPot: AccountId = SLASH_POT;
}

/// The device registry double: devices in unhashed storage, four fixed classes.
pub struct MockRegistry;

#[derive(Encode, Decode, Clone, Debug, PartialEq)]
pub struct MockDevice {
	pub owner: AccountId,
	pub class: DeviceClassId,
	pub status: DeviceStatus,
	pub location: Option<Location>,
	pub bond: Balance,
}

fn device_key(device: &DeviceId) -> alloc::vec::Vec<u8> {
	(b"mock-registry", device).encode()
}

impl MockRegistry {
	pub fn get(device: &DeviceId) -> Option<MockDevice> {
		unhashed::get(&device_key(device))
	}
	pub fn put(device: &DeviceId, record: MockDevice) {
		unhashed::put(&device_key(device), &record)
	}
	pub fn add(
		device: DeviceId,
		owner: AccountId,
		class: DeviceClassId,
		location: Option<Location>,
	) {
		Self::put(
			&device,
			MockDevice { owner, class, status: DeviceStatus::Active, location, bond: DEVICE_BOND },
		)
	}
	pub fn set_status(device: &DeviceId, status: DeviceStatus) {
		let mut d = Self::get(device).expect("known device");
		d.status = status;
		Self::put(device, d);
	}
	pub fn remove(device: &DeviceId) {
		unhashed::kill(&device_key(device))
	}
	/// Marks the device as attested by a maker.
	pub fn set_attested(device: &DeviceId) {
		unhashed::put(&(b"mock-attested", device).encode(), &true)
	}
}

impl DeviceRegistry<AccountId, Balance> for MockRegistry {
	fn owner(device: &DeviceId) -> Option<AccountId> {
		Self::get(device).map(|d| d.owner)
	}
	fn class(device: &DeviceId) -> Option<DeviceClassId> {
		Self::get(device).map(|d| d.class)
	}
	fn status(device: &DeviceId) -> Option<DeviceStatus> {
		Self::get(device).map(|d| d.status)
	}
	fn location(device: &DeviceId) -> Option<Location> {
		Self::get(device).and_then(|d| d.location)
	}
	fn is_attested(device: &DeviceId) -> bool {
		Self::get(device).is_some()
			&& unhashed::get::<bool>(&(b"mock-attested", device).encode()).unwrap_or(false)
	}
	fn class_info(class: DeviceClassId) -> Option<ClassInfo> {
		let proof_kind = match class {
			SENSOR => ProofKind::AttestedTelemetry,
			STORAGE => ProofKind::ChallengeResponse,
			HOTSPOT => ProofKind::WitnessedCoverage,
			GPU => ProofKind::CustomerReceipt,
			_ => return None,
		};
		Some(ClassInfo { proof_kind, reward_weight: 1, max_units_per_epoch: MAX_UNITS })
	}
	fn class_ids() -> alloc::vec::Vec<DeviceClassId> {
		alloc::vec![SENSOR, STORAGE, HOTSPOT, GPU]
	}
	fn slash(device: &DeviceId, amount: Balance) -> Result<Balance, DispatchError> {
		Self::slash_rewarding(device, amount, &SLASH_POT, Perbill::zero()).map(|(t, _)| t)
	}
	fn slash_rewarding(
		device: &DeviceId,
		amount: Balance,
		rewardee: &AccountId,
		reward: Perbill,
	) -> Result<(Balance, Balance), DispatchError> {
		let mut d = Self::get(device).ok_or(DispatchError::Other("unknown device"))?;
		let taken = amount.min(d.bond);
		d.bond -= taken;
		Self::put(device, d);
		let paid = reward.mul_floor(taken);
		if paid > 0 {
			Balances::mint_into(rewardee, paid)?;
		}
		Ok((taken, paid))
	}
	fn suspend(device: &DeviceId) -> DispatchResult {
		let mut d = Self::get(device).ok_or(DispatchError::Other("unknown device"))?;
		if d.status == DeviceStatus::Active {
			d.status = DeviceStatus::Suspended;
		}
		Self::put(device, d);
		Ok(())
	}
}

/// Randomness from the parent hash and the subject: deterministic in tests.
pub struct MockRandomness;
impl Randomness<H256, BlockNumber> for MockRandomness {
	fn random(subject: &[u8]) -> (H256, BlockNumber) {
		let seed = (subject, System::parent_hash(), unhashed::get_or_default::<u64>(b"mock-seed"))
			.encode();
		(H256(sp_io::hashing::blake2_256(&seed)), System::block_number())
	}
}

/// Counts the epochs closed, so tests see the clock call out.
pub struct RecordClosed;
impl OnEpochClosed for RecordClosed {
	fn on_epoch_closed(epoch: EpochIndex) -> Weight {
		let mut closed: alloc::vec::Vec<EpochIndex> = unhashed::get_or_default(b"mock-closed");
		closed.push(epoch);
		unhashed::put(b"mock-closed", &closed);
		Weight::from_parts(1_000, 0)
	}
}

/// The epochs the clock reported closed, in order.
pub fn closed_epochs() -> alloc::vec::Vec<EpochIndex> {
	unhashed::get_or_default(b"mock-closed")
}

/// Keeps what the ledger hands on, so tests see each closed epoch handed on exactly once.
pub struct RecordWorkClosed;
impl OnWorkClosed for RecordWorkClosed {
	fn on_work_closed(device: &DeviceId, work: EpochWork) {
		let mut all: alloc::vec::Vec<(DeviceId, EpochWork)> =
			unhashed::get_or_default(b"mock-work-closed");
		all.push((*device, work));
		unhashed::put(b"mock-work-closed", &all);
	}
	fn weight() -> Weight {
		Weight::from_parts(2_000, 0)
	}
}

/// Every (device, work) the ledger handed on, in order.
pub fn handed_on() -> alloc::vec::Vec<(DeviceId, EpochWork)> {
	unhashed::get_or_default(b"mock-work-closed")
}

/// Storage demand double: the units of data (by root) that customers ordered each device to
/// keep, whatever the epoch.
pub struct MockDemand;

impl MockDemand {
	/// Customers order `device` to keep `units` chunks of the data with root `root`.
	pub fn order(device: DeviceId, root: H256, units: WorkUnits) {
		unhashed::put(&(b"mock-demand", device, root).encode(), &units);
	}
}

/// The order id `MockDemand` delivers a storage device's ordered chunks to.
pub const STORAGE_ORDER: OrderId = 77;

impl depin_primitives::StorageDemand for MockDemand {
	/// One order (`STORAGE_ORDER`) of all the ordered chunks, whose take is worth one native
	/// unit a chunk.
	fn ordered(
		device: &DeviceId,
		root: &H256,
		_: EpochIndex,
		chunks: WorkUnits,
	) -> depin_primitives::StorageOrdered {
		let ordered: WorkUnits =
			unhashed::get(&(b"mock-demand", device, root).encode()).unwrap_or(0);
		let units = ordered.min(chunks);
		depin_primitives::StorageOrdered {
			deliveries: if units > 0 { alloc::vec![(STORAGE_ORDER, units)] } else { alloc::vec![] },
			take_value: units.into(),
		}
	}
	fn weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
}

/// Receipt-order double: orders that receipts may name, each with its device, customer,
/// epochs served, units per epoch and the native value of its take per unit; and what the
/// ledger delivered to each.
pub struct MockOrders;

/// A mock order: device, customer, first and end epoch, units per epoch, take value per unit.
type MockOrder = (DeviceId, AccountId, EpochIndex, EpochIndex, WorkUnits, u128);

impl MockOrders {
	/// Opens order `id` of `customer` for device `seed`, serving every epoch.
	pub fn open(id: OrderId, seed: u8, customer: AccountId, units_per_epoch: WorkUnits) {
		Self::open_with(id, (device(seed), customer, 0, EpochIndex::MAX, units_per_epoch, 1));
	}
	/// Opens order `id` as given.
	pub fn open_with(id: OrderId, order: MockOrder) {
		unhashed::put(&(b"mock-order", id).encode(), &order);
	}
	/// Units delivered to order `id` so far.
	pub fn delivered(id: OrderId) -> WorkUnits {
		unhashed::get(&(b"mock-delivered", id).encode()).unwrap_or(0)
	}
}

impl ReceiptOrders<AccountId> for MockOrders {
	fn check(
		id: OrderId,
		device: &DeviceId,
		customer: &AccountId,
		epoch: EpochIndex,
		units: WorkUnits,
	) -> Result<u128, ReceiptRefusal> {
		let (of, who, start, end, per_epoch, value): MockOrder =
			unhashed::get(&(b"mock-order", id).encode()).ok_or(ReceiptRefusal::OrderNotFound)?;
		if &of != device {
			return Err(ReceiptRefusal::OtherDevice);
		}
		if &who != customer {
			return Err(ReceiptRefusal::NotOrderCustomer);
		}
		if epoch < start || epoch >= end {
			return Err(ReceiptRefusal::NotServing);
		}
		if units > per_epoch {
			return Err(ReceiptRefusal::OverOrder);
		}
		Ok(value * units as u128)
	}
	fn deliver(_: &DeviceId, orders: &[(OrderId, WorkUnits)]) {
		for (id, units) in orders {
			let key = (b"mock-delivered", id).encode();
			unhashed::put(&key, &(unhashed::get::<WorkUnits>(&key).unwrap_or(0) + units));
		}
	}
	fn pricing_weight(orders: u32) -> Weight {
		Weight::from_parts(1_000, 0).saturating_mul(orders.into())
	}
	fn deliver_weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = MockRegistry;
	type AdminOrigin = EnsureRoot<AccountId>;
	type Randomness = MockRandomness;
	type CustomerSignature = TestSignature;
	type OnEpochClosed = RecordClosed;
	type OnWorkClosed = RecordWorkClosed;
	type OnSlash = ResolveTo<SlashPot, Balances>;
	type StorageDemand = MockDemand;
	type ReceiptOrders = MockOrders;
	type DemandUnit = ConstU128<1>;
	type MinEpochLength = ConstU64<5>;
	type MaxEpochLength = ConstU64<1_000>;
	type RetainedEpochs = ConstU32<RETAINED>;
	type MaxChallengesPerEpoch = ConstU32<4>;
	type PruneBatch = ConstU32<3>;
	type ReportPriority = ConstU64<0>;
	type MaxOpenFraudReports = ConstU32<2>;
	type MaxReportsPerBatch = ConstU32<4>;
	type MaxOraclesPerClass = ConstU32<2>;
	type MaxScoresPerPost = ConstU32<4>;
	type MaxOpenScoreDisputes = ConstU32<2>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
	type WeightInfo = ();
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId, TestSignature> for MockBenchmarkHelper {
	fn register_device(
		owner: &AccountId,
		device: DeviceId,
		kind: ProofKind,
		location: Option<Location>,
	) {
		let class = match kind {
			ProofKind::AttestedTelemetry => SENSOR,
			ProofKind::ChallengeResponse => STORAGE,
			ProofKind::WitnessedCoverage => HOTSPOT,
			ProofKind::CustomerReceipt => GPU,
		};
		MockRegistry::add(device, *owner, class, location);
	}
	fn customer(index: u32) -> AccountId {
		10_000 + index as AccountId
	}
	fn sign_as_customer(index: u32, payload: &[u8]) -> TestSignature {
		TestSignature(Self::customer(index), payload.to_vec())
	}
	fn order_for_receipts(_: &AccountId, device: DeviceId, index: u32) -> OrderId {
		let id = index as OrderId;
		MockOrders::open_with(id, (device, Self::customer(index), 0, EpochIndex::MAX, 1, 1));
		id
	}
}

pub fn default_params() -> ParamsOf<Test> {
	WorkParams {
		epoch_length: EPOCH,
		max_reading_age: 5,
		challenges_per_epoch: 2,
		response_window: 5,
		miss_penalty: sp_runtime::Permill::from_percent(50),
		score_recovery: sp_runtime::Permill::from_percent(20),
		beacon_units: 10,
		witness_units: 4,
		max_witnesses: 3,
		min_witness_distance_m: 100,
		max_witness_distance_m: 50_000,
		equivocation_slash: 400,
		prover_reward: Perbill::from_percent(25),
		fraud_report_bond: 50,
		// Cells of about 1.1 km; worth more than any test beacon unless a test says otherwise.
		coverage: CoverageRule {
			cell_udeg: 10_000,
			cell_units: 10_000,
			witness_needs_maker: false,
		},
		quality: QualityRule {
			oracle_bond: 500,
			dispute_bond: 100,
			dispute_window: 3,
			min_score: sp_runtime::Permill::from_percent(10),
			oracle_slash: Perbill::from_percent(40),
		},
	}
}

/// A device key pair from a small seed.
pub fn device_pair(seed: u8) -> sr25519::Pair {
	sr25519::Pair::from_seed(&[seed; 32])
}

/// The device id of [`device_pair`].
pub fn device(seed: u8) -> DeviceId {
	device_pair(seed).public()
}

/// A location `north_m` metres north of a fixed point in Berlin.
pub fn near_berlin(north_m: i32) -> Location {
	// One micro-degree of latitude is about 0.111 m.
	Location { lat: 52_520_000 + north_m * 9, lon: 13_405_000 }
}

/// Registers device `seed` in `class` for `owner` in the registry double.
pub fn add_device(seed: u8, owner: AccountId, class: DeviceClassId) -> DeviceId {
	let location = (class == HOTSPOT).then(|| near_berlin(seed as i32 * 1_000));
	MockRegistry::add(device(seed), owner, class, location);
	device(seed)
}

/// The current epoch.
pub fn epoch() -> EpochIndex {
	CurrentEpoch::<Test>::get().index
}

/// A report by device `seed` in the current epoch.
pub fn report(seed: u8, payload: PayloadOf<Test>) -> ReportOf<Test> {
	WorkReport { device: device(seed), epoch: epoch(), nonce: 1, payload }
}

/// A telemetry payload measured now.
pub fn telemetry(units: WorkUnits) -> PayloadOf<Test> {
	ReportPayload::Telemetry {
		units,
		measured_at: System::block_number(),
		data_hash: H256::repeat_byte(7),
	}
}

/// The device's signature over a report.
pub fn sign(seed: u8, report: &ReportOf<Test>) -> sr25519::Signature {
	device_pair(seed).sign(&report_payload(&Work::genesis_hash(), report))
}

/// A witness signature of device `witness` over `beaconer`'s beacon in `report`.
pub fn witness(witness: u8, beaconer: u8, nonce: u64) -> Witness {
	let payload = witness_payload(&Work::genesis_hash(), &device(beaconer), epoch(), nonce);
	Witness { device: device(witness), signature: device_pair(witness).sign(&payload) }
}

/// A coverage payload with the given witnesses of `beaconer`'s beacon (nonce 1).
pub fn coverage(beaconer: u8, witnesses: &[u8]) -> PayloadOf<Test> {
	ReportPayload::Coverage {
		witnesses: witnesses
			.iter()
			.map(|w| witness(*w, beaconer, 1))
			.collect::<alloc::vec::Vec<_>>()
			.try_into()
			.expect("within the bound"),
	}
}

/// A receipt of `customer` for device `seed` in the current epoch.
pub fn receipt(
	seed: u8,
	customer: AccountId,
	job: u8,
	units: WorkUnits,
) -> Receipt<AccountId, Balance, TestSignature> {
	receipt_for(order_id(seed, customer), seed, customer, job, units)
}

/// The order id the tests give `customer`'s order of device `seed`.
pub fn order_id(seed: u8, customer: AccountId) -> OrderId {
	seed as OrderId * 1_000 + customer as OrderId
}

/// A receipt of `customer` for device `seed`'s job `job`, counted against order `order`.
pub fn receipt_for(
	order: OrderId,
	seed: u8,
	customer: AccountId,
	job: u8,
	units: WorkUnits,
) -> Receipt<AccountId, Balance, TestSignature> {
	let job_id = H256::repeat_byte(job);
	let price: Balance = 5;
	let payload = receipt_payload(
		&Work::genesis_hash(),
		&device(seed),
		epoch(),
		order,
		&job_id,
		units,
		&price,
	);
	Receipt { customer, order, job_id, units, price, signature: TestSignature(customer, payload) }
}

/// A receipts payload.
pub fn receipts(
	list: alloc::vec::Vec<Receipt<AccountId, Balance, TestSignature>>,
) -> PayloadOf<Test> {
	ReportPayload::Receipts { receipts: list.try_into().expect("within the bound") }
}

/// Submits a report the way the pool and block builder do for a feeless transaction: the
/// authorisation, then the dispatch with the authorised origin.
pub fn submit_feeless(report: ReportOf<Test>, signature: sr25519::Signature) -> DispatchResult {
	use frame_support::traits::Authorize;
	use sp_runtime::transaction_validity::TransactionSource;
	let call = Call::<Test>::submit_report { report: report.clone(), signature };
	// As the pool validates it, then as its block applies it.
	for source in [TransactionSource::External, TransactionSource::InBlock] {
		match call.authorize(source) {
			Some(Ok(_)) => {},
			Some(Err(e)) => return Err(DispatchError::Other(refusal_name(e))),
			None => panic!("submit_report must have an authorisation"),
		}
	}
	Work::submit_report(frame_system::Origin::<Test>::Authorized.into(), report, signature)
		.map(|_| ())
		.map_err(|e| e.error)
}

/// Submits a report in a signed transaction by `who`.
pub fn submit_signed(
	who: AccountId,
	report: ReportOf<Test>,
	signature: sr25519::Signature,
) -> DispatchResult {
	Work::submit_report_signed(RuntimeOrigin::signed(who), report, signature)
		.map(|_| ())
		.map_err(|e| e.error)
}

/// The name of the pallet error behind a pool refusal.
pub fn refusal_name(e: sp_runtime::transaction_validity::TransactionValidityError) -> &'static str {
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};
	match e {
		TransactionValidityError::Invalid(InvalidTransaction::Custom(code)) => {
			let error = Error::<Test>::decode(&mut &[code][..]).expect("a pallet error index");
			error.into()
		},
		_ => "not a pallet refusal",
	}
}

/// Asserts that the feeless and the signed path both refuse `report`, signed by device `seed`,
/// with `error`, and change nothing.
pub fn assert_refused(seed: u8, report: ReportOf<Test>, error: Error<Test>) {
	let name = error_name(&error);
	frame_support::assert_noop!(submit_feeless(report.clone(), sign(seed, &report)), name);
	frame_support::assert_noop!(submit_signed(CHARLIE, report.clone(), sign(seed, &report)), error);
}

/// The name of a pallet error.
pub fn error_name(error: &Error<Test>) -> &'static str {
	Error::<Test>::decode(&mut &error.encode()[..]).expect("round trip").into()
}

/// The pallet's events so far, oldest first.
pub fn work_events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Work(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The last event of the pallet.
pub fn last_event() -> Event<Test> {
	work_events().pop().expect("an event of the pallet")
}

/// Moves to block `n`, running the pallet's hook in each block.
pub fn run_to_block(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_parent_hash(H256::from_low_u64_be(next));
		System::set_block_number(next);
		Work::on_initialize(next);
	}
}

/// Moves to the first block of the next epoch.
pub fn next_epoch() {
	let e = CurrentEpoch::<Test>::get();
	run_to_block(e.start + e.length);
}

pub struct ExtBuilder {
	params: ParamsOf<Test>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { params: default_params() }
	}
}

impl ExtBuilder {
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage =
			frame_system::GenesisConfig::<Test>::default().build_storage().expect("system genesis");
		pallet_balances::GenesisConfig::<Test> {
			balances: vec![
				(ALICE, ENDOWMENT),
				(BOB, ENDOWMENT),
				(CHARLIE, ENDOWMENT),
				(DAVE, ENDOWMENT),
				(POOR, 10),
				(SLASH_POT, ED),
			],
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("balances genesis");
		pallet_physical_work::GenesisConfig::<Test> { params: Some(self.params) }
			.assimilate_storage(&mut storage)
			.expect("work genesis");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
		ext.execute_with(|| run_to_block(1));
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Work::do_try_state().expect("physical-work invariants hold");
		})
	}
}

/// Externalities for the benchmark test suite.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}
