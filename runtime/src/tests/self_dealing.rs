//! The cheat: an owner buys service from its own device through a second account — jobs of
//! its GPU worker whose receipts it signs itself, or storage of data it made up on its storage
//! node — and hopes the emission the device earns for that demand is worth more than the take
//! it paid. It never is: such a device is credited the value of the take behind its receipts
//! or ordered chunks, and its class's pool is at most `DemandRewardCap` (half) of that take.
//! The test tries every take rate the DAO may set and prices from a millionth of a token to ten
//! tokens a unit, with the device the only one of its class at work (so that, uncapped, it
//! would take the class's whole pool: 700 tokens for GPUs, 1 050 for storage), and shows the
//! owner's two accounts together end poorer every time — before any transaction fee, which
//! only adds to the loss.

use super::*;
use pallet_service_market::{MarketParams, Terms};
use sp_core::Pair;

/// Alice's GPU worker (class 2), offered at `price` a unit in the native token, up to 1 000
/// units an epoch: offer 0.
fn offered_gpu(price: Balance) -> sp_core::sr25519::Pair {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let key = registered_device(7, 2, None);
	let terms = Terms {
		asset: None,
		price_per_unit: price,
		units_per_epoch: 1_000,
		min_epochs: 1,
		max_epochs: 10,
		notice_epochs: 0,
	};
	ServiceMarket::offer(RuntimeOrigin::signed(alice), key.public(), terms).expect("offered");
	key
}

/// `customer`'s report-ready receipt for `units` of order `order` of `device` in `epoch`.
fn receipt(
	customer: Sr25519Keyring,
	device: &sp_core::sr25519::Pair,
	epoch: depin_primitives::EpochIndex,
	order: depin_primitives::OrderId,
	units: u64,
) -> pallet_physical_work::Receipt<AccountId, Balance, Signature> {
	let job_id = sp_core::H256::repeat_byte(1);
	let payload = pallet_physical_work::receipt_payload(
		&PhysicalWork::genesis_hash(),
		&device.public(),
		epoch,
		order,
		&job_id,
		units,
		&0u128,
	);
	pallet_physical_work::Receipt {
		customer: customer.to_account_id(),
		order,
		job_id,
		units,
		price: 0,
		signature: customer.sign(&payload).into(),
	}
}

/// The device's report of `receipts` in `epoch`, and its signature.
fn receipts_report(
	device: &sp_core::sr25519::Pair,
	epoch: depin_primitives::EpochIndex,
	receipts: Vec<pallet_physical_work::Receipt<AccountId, Balance, Signature>>,
) -> (
	pallet_physical_work::WorkReport<AccountId, Balance, Signature, BlockNumber>,
	sp_core::sr25519::Signature,
) {
	let report = pallet_physical_work::WorkReport {
		device: device.public(),
		epoch,
		nonce: 1,
		payload: pallet_physical_work::ReportPayload::Receipts {
			receipts: receipts.try_into().expect("within the bound"),
		},
	};
	let signature =
		device.sign(&pallet_physical_work::report_payload(&PhysicalWork::genesis_hash(), &report));
	(report, signature)
}

/// What the owner's two accounts hold together, held funds included.
fn wealth(accounts: &[&AccountId]) -> Balance {
	use frame_support::traits::fungible::Inspect;
	accounts.iter().map(|a| Balances::total_balance(a)).sum()
}

/// The device the owner buys from.
#[derive(Clone, Copy, Debug)]
enum Kind {
	/// A GPU worker (class 2), paid by receipts.
	Gpu,
	/// A storage node (class 1), paid for proven chunks of ordered data.
	Storage,
}

/// Chunks of the storage node's made-up data.
const CHUNKS: u32 = 64;

fn made_up_data() -> Vec<Vec<u8>> {
	(0..CHUNKS).map(|i| vec![i as u8; 32]).collect()
}

/// Alice's storage node (class 1), committed to made-up data and offered at `price` a chunk:
/// offer 0. Returns its key and the data's root.
fn offered_storage(price: Balance) -> (sp_core::sr25519::Pair, sp_core::H256) {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let key = registered_device(8, 1, None);
	let root = pallet_physical_work::merkle::root(&key.public(), &made_up_data());
	PhysicalWork::commit_storage(RuntimeOrigin::signed(alice.clone()), key.public(), root, CHUNKS)
		.expect("commits");
	let terms = Terms {
		asset: None,
		price_per_unit: price,
		units_per_epoch: CHUNKS.into(),
		min_epochs: 1,
		max_epochs: 10,
		notice_epochs: 0,
	};
	ServiceMarket::offer(RuntimeOrigin::signed(alice), key.public(), terms).expect("offered");
	(key, root)
}

/// The storage node's answer to its challenge of `epoch`, and its signature.
fn storage_answer(
	key: &sp_core::sr25519::Pair,
	epoch: depin_primitives::EpochIndex,
) -> (
	pallet_physical_work::WorkReport<AccountId, Balance, Signature, BlockNumber>,
	sp_core::sr25519::Signature,
) {
	let device = key.public();
	let challenge = pallet_physical_work::Challenges::<Runtime>::get(device)
		.filter(|c| c.epoch == epoch)
		.expect("the only storage node is challenged");
	let data = made_up_data();
	let proof = pallet_physical_work::merkle::proof(&device, &data, challenge.chunk);
	let report = pallet_physical_work::WorkReport {
		device,
		epoch,
		nonce: 1,
		payload: pallet_physical_work::ReportPayload::ChallengeResponse {
			chunk: data[challenge.chunk as usize].clone().try_into().expect("a chunk"),
			proof: proof.try_into().expect("a proof"),
		},
	};
	let signature =
		key.sign(&pallet_physical_work::report_payload(&PhysicalWork::genesis_hash(), &report));
	(report, signature)
}

/// One try of the cheat on a device of `kind` at `take_rate` and `price`: returns (take paid,
/// reward earned, change of the owner's wealth).
fn self_deal(kind: Kind, take_rate: Perbill, price: Balance) -> (Balance, Balance, i128) {
	let mut outcome = (0, 0, 0);
	build("development").execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		// Dave is Alice's second account.
		let dave = Sr25519Keyring::Dave.to_account_id();
		run_blocks(1, 1);
		ServiceMarket::set_params(RuntimeOrigin::root(), MarketParams { take_rate })
			.expect("an allowed take rate");
		let (key, units) = match kind {
			Kind::Gpu => {
				let key = offered_gpu(price);
				(key, 1_000)
			},
			Kind::Storage => {
				let (key, _) = offered_storage(price);
				(key, u64::from(CHUNKS))
			},
		};
		let before = wealth(&[&alice, &dave]);
		let dave_signs = RuntimeOrigin::signed(dave.clone());
		match kind {
			Kind::Gpu => ServiceMarket::order(dave_signs, 0, units, 1, None, price),
			Kind::Storage => {
				let root = pallet_physical_work::Commitments::<Runtime>::get(key.public())
					.expect("committed")
					.root;
				ServiceMarket::order_storage(dave_signs, 0, units, 1, None, price, root)
			},
		}
		.expect("Dave orders one epoch of the device's service");

		let length = pallet_physical_work::Params::<Runtime>::get().epoch_length;
		run_blocks(2, length);
		let (report, signature) = match kind {
			Kind::Gpu => {
				receipts_report(&key, 1, vec![receipt(Sr25519Keyring::Dave, &key, 1, 0, units)])
			},
			Kind::Storage => storage_answer(&key, 1),
		};
		PhysicalWork::submit_report_signed(RuntimeOrigin::signed(alice.clone()), report, signature)
			.expect("the device's proof of Dave's order is accepted");
		// The order pays at once: Alice gets the price less the take.
		ServiceMarket::settle(RuntimeOrigin::signed(alice.clone()), 0).expect("settles");
		let order = pallet_service_market::Orders::<Runtime>::get(0).expect("still open");
		assert_eq!(order.settled_units, units);
		let take = order.taken;

		// Epoch 1 closes: the class's pool is fixed; Alice claims the device's reward.
		run_blocks(length + 1, 2 * length);
		let pending = RewardEmission::pending_rewards(&key.public()).amount;
		if pending > 0 {
			RewardEmission::claim(RuntimeOrigin::signed(alice.clone()), key.public())
				.expect("claims");
		}
		let rewards = pallet_reward_emission::Epochs::<Runtime>::get(1).expect("epoch 1 closed");
		assert_eq!(rewards.operators, pending, "the device was the only one to work");
		outcome = (take, pending, wealth(&[&alice, &dave]) as i128 - before as i128);
	});
	outcome
}

#[test]
fn an_owner_that_buys_from_its_own_device_ends_poorer_at_every_take_rate() {
	let min = <Runtime as pallet_service_market::Config>::MinTakeRate::get();
	let max = <Runtime as pallet_service_market::Config>::MaxTakeRate::get();
	for kind in [Kind::Gpu, Kind::Storage] {
		let mut earned_something = false;
		for take_rate in [min, Perbill::from_percent(10), max] {
			for price in [token::UNIT / 1_000_000, token::UNIT / 100, token::UNIT, 10 * token::UNIT]
			{
				let (take, reward, change) = self_deal(kind, take_rate, price);
				let case = format!("{kind:?}, {take_rate:?}, {price}");
				assert!(take > 0, "a take is always paid ({case})");
				// At most half of the take comes back as emission...
				assert!(reward <= take / 2, "reward {reward} above half the take {take} ({case})");
				// ...so the owner's accounts lose at least the other half.
				assert!(
					change <= -((take - take / 2) as i128),
					"wealth changed by {change}, take {take}, reward {reward} ({case})"
				);
				earned_something |= reward > 0;
			}
		}
		// Not vacuous: the device did earn emission for the demand, only never more than half
		// the take behind it.
		assert!(earned_something, "{kind:?}: the ordered work earned some emission");
	}
}
