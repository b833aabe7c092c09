//! Benchmarks of every call at its worst case: full owner indexes, maker and location checks,
//! a burned fee, a slash.

use super::*;
use crate::pallet::{
	Classes, Config, DeviceClassOf, Devices, Event, NextMakerId, OwnerDevices, Pallet, Params,
	TransferOffers,
};
use alloc::{vec, vec::Vec};
use depin_primitives::{DeviceClassId, DeviceId, DeviceStatus, Location, ProofKind};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::{crypto::KeyTypeId, sr25519, H256};
use sp_runtime::traits::{One, Saturating, Zero};

const KEY_TYPE: KeyTypeId = KeyTypeId(*b"dvce");

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

fn new_key() -> sr25519::Public {
	sp_io::crypto::sr25519_generate(KEY_TYPE, None)
}

fn sign(key: &sr25519::Public, payload: &[u8]) -> sr25519::Signature {
	sp_io::crypto::sr25519_sign(KEY_TYPE, key, payload).expect("the key is in the keystore")
}

fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// An account with enough for many bonds and fees.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let bond = T::MaxClassBond::get().max(T::MaxMakerBond::get());
	let amount = bond
		.saturating_add(T::MaxLocationFee::get())
		.saturating_mul(1_000u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&who, amount);
	who
}

/// The most demanding class: maker and location required, the largest bond.
fn worst_class<T: Config>() -> DeviceClassOf<T> {
	DeviceClass {
		name: vec![b'c'; MAX_NAME_LEN as usize].try_into().expect("at the bound"),
		proof_kind: ProofKind::WitnessedCoverage,
		bond: T::MaxClassBond::get(),
		reward_weight: T::MaxRewardWeight::get(),
		max_units_per_epoch: T::MaxUnitsPerEpoch::get(),
		requires_maker: true,
		requires_location: true,
	}
}

fn create_worst_class<T: Config>() -> Result<DeviceClassId, BenchmarkError> {
	Pallet::<T>::do_create_class(worst_class::<T>()).map_err(|_| BenchmarkError::Weightless)
}

/// An approved maker; returns its id and key.
fn approved_maker<T: Config>() -> Result<(MakerId, sr25519::Public), BenchmarkError> {
	let who = funded::<T>("maker", NextMakerId::<T>::get());
	let key = new_key();
	let id = NextMakerId::<T>::get();
	Pallet::<T>::do_apply_as_maker(who, key, name()).map_err(|_| BenchmarkError::Weightless)?;
	Pallet::<T>::do_approve_maker(id).map_err(|_| BenchmarkError::Weightless)?;
	Ok((id, key))
}

fn name() -> Name {
	vec![b'n'; MAX_NAME_LEN as usize].try_into().expect("at the bound")
}

fn full_metadata() -> DeviceMetadata {
	DeviceMetadata {
		firmware_hash: Some(H256::repeat_byte(0xab)),
		content_id: vec![b'q'; MAX_CONTENT_ID_LEN as usize].try_into().expect("at the bound"),
	}
}

fn location() -> Location {
	Location { lat: 52_520_008, lon: 13_404_954 }
}

/// Fills `owner`'s index with `n` placeholder devices (only the index: the calls benchmarked
/// read the index, not those records). `fill` keeps different owners' placeholders apart.
fn fill_index<T: Config>(owner: &T::AccountId, n: u32, fill: u8) {
	let ids: Vec<DeviceId> = (0..n)
		.map(|i| {
			let mut raw = [fill; 32];
			raw[..4].copy_from_slice(&i.to_le_bytes());
			DeviceId::from_raw(raw)
		})
		.collect();
	let bounded: BoundedVec<DeviceId, T::MaxDevicesPerOwner> =
		ids.try_into().expect("n is within the bound");
	OwnerDevices::<T>::insert(owner, bounded);
}

/// Registers a fresh device of the worst class for `owner`, after filling the owner's index to
/// one below the bound, so that the device sits at the end of a full index.
fn registered_device<T: Config>(owner: &T::AccountId) -> Result<DeviceId, BenchmarkError> {
	let class = create_worst_class::<T>()?;
	let (maker, maker_key) = approved_maker::<T>()?;
	fill_index::<T>(owner, T::MaxDevicesPerOwner::get().saturating_sub(1), 0xff);
	let device = new_key();
	let (proof, attestation) = proofs::<T>(owner, &device, class, maker, &maker_key);
	Pallet::<T>::do_register(
		owner.clone(),
		device,
		class,
		proof,
		Some(attestation),
		Some(location()),
		full_metadata(),
	)
	.map_err(|_| BenchmarkError::Weightless)?;
	Ok(device)
}

fn proofs<T: Config>(
	owner: &T::AccountId,
	device: &DeviceId,
	class: DeviceClassId,
	maker: MakerId,
	maker_key: &sr25519::Public,
) -> (PossessionProof<BlockNumberFor<T>>, MakerAttestation) {
	let genesis = Pallet::<T>::genesis_hash();
	let valid_until = frame_system::Pallet::<T>::block_number().saturating_add(One::one());
	let proof = PossessionProof {
		valid_until,
		signature: sign(device, &possession_payload(owner, &genesis, &valid_until)),
	};
	let attestation = MakerAttestation {
		maker,
		signature: sign(maker_key, &attestation_payload(device, class, &genesis)),
	};
	(proof, attestation)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_device() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let class = create_worst_class::<T>()?;
		let (maker, maker_key) = approved_maker::<T>()?;
		fill_index::<T>(&owner, T::MaxDevicesPerOwner::get().saturating_sub(1), 0xff);
		let device = new_key();
		let (proof, attestation) = proofs::<T>(&owner, &device, class, maker, &maker_key);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			device,
			class,
			proof,
			Some(attestation),
			Some(location()),
			full_metadata(),
		);

		assert_last_event::<T>(Event::DeviceRegistered {
			device,
			owner,
			class,
			maker: Some(maker),
			bond: T::MaxClassBond::get(),
		});
		Ok(())
	}

	#[benchmark]
	fn deregister_device() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered_device::<T>(&owner)?;
		TransferOffers::<T>::insert(device, funded::<T>("buyer", 0));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device);

		assert_eq!(Devices::<T>::get(device).map(|d| d.status), Some(DeviceStatus::Deregistering));
		Ok(())
	}

	#[benchmark]
	fn withdraw_bond() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered_device::<T>(&owner)?;
		Pallet::<T>::do_deregister(owner.clone(), device)
			.map_err(|_| BenchmarkError::Weightless)?;
		let until = Devices::<T>::get(device)
			.and_then(|d| d.unbonding_until)
			.ok_or(BenchmarkError::Weightless)?;
		frame_system::Pallet::<T>::set_block_number(until);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), device);

		assert_last_event::<T>(Event::BondWithdrawn {
			device,
			owner,
			amount: T::MaxClassBond::get(),
		});
		Ok(())
	}

	#[benchmark]
	fn set_location() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered_device::<T>(&owner)?;
		let mut params = Params::<T>::get();
		params.location_fee = T::MaxLocationFee::get();
		Params::<T>::put(params.clone());
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(params.location_interval));
		let new = Location { lat: -33_868_820, lon: 151_209_296 };

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, new);

		assert_last_event::<T>(Event::LocationChanged {
			device,
			location: new,
			fee: T::MaxLocationFee::get(),
			changes: 1,
		});
		Ok(())
	}

	#[benchmark]
	fn set_metadata() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered_device::<T>(&owner)?;
		let mut metadata = full_metadata();
		metadata.firmware_hash = Some(H256::repeat_byte(0xcd));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, metadata);

		assert_last_event::<T>(Event::MetadataChanged { device });
		Ok(())
	}

	#[benchmark]
	fn offer_transfer() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let to = funded::<T>("buyer", 0);
		let device = registered_device::<T>(&owner)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), device, to.clone());

		assert_last_event::<T>(Event::TransferOffered { device, from: owner, to });
		Ok(())
	}

	#[benchmark]
	fn cancel_transfer() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered_device::<T>(&owner)?;
		TransferOffers::<T>::insert(device, funded::<T>("buyer", 0));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device);

		assert_last_event::<T>(Event::TransferCancelled { device });
		Ok(())
	}

	#[benchmark]
	fn accept_transfer() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let to = funded::<T>("buyer", 0);
		let device = registered_device::<T>(&owner)?;
		// The buyer's index is one below full too; its entries differ from the seller's.
		fill_index::<T>(&to, T::MaxDevicesPerOwner::get().saturating_sub(1), 0xee);
		TransferOffers::<T>::insert(device, to.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(to.clone()), device);

		let bond = T::MaxClassBond::get();
		assert_last_event::<T>(Event::DeviceTransferred {
			device,
			from: owner,
			to,
			bond_released: bond,
			bond_held: bond,
		});
		Ok(())
	}

	#[benchmark]
	fn create_class() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		while Classes::<T>::count() < T::MaxClasses::get().saturating_sub(1) {
			create_worst_class::<T>()?;
		}
		let class = worst_class::<T>();
		let id = crate::pallet::NextClassId::<T>::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, class.clone());

		assert_last_event::<T>(Event::ClassCreated { class: id, info: class });
		Ok(())
	}

	#[benchmark]
	fn update_class() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let id = create_worst_class::<T>()?;
		let mut class = worst_class::<T>();
		class.bond = T::MinClassBond::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, class.clone());

		assert_last_event::<T>(Event::ClassUpdated { class: id, info: class });
		Ok(())
	}

	#[benchmark]
	fn apply_as_maker() -> Result<(), BenchmarkError> {
		let who = funded::<T>("maker", 0);
		let key = new_key();
		let id = NextMakerId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), key, name());

		assert_last_event::<T>(Event::MakerApplied {
			maker: id,
			account: who,
			key,
			bond: Params::<T>::get().maker_bond,
		});
		Ok(())
	}

	#[benchmark]
	fn approve_maker() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let who = funded::<T>("maker", 0);
		let id = NextMakerId::<T>::get();
		Pallet::<T>::do_apply_as_maker(who, new_key(), name())
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert_last_event::<T>(Event::MakerApproved { maker: id });
		Ok(())
	}

	#[benchmark]
	fn revoke_maker() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let (id, _) = approved_maker::<T>()?;
		let bond = Params::<T>::get().maker_bond;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, true);

		assert_last_event::<T>(Event::MakerRevoked {
			maker: id,
			slashed: bond,
			released: Zero::zero(),
		});
		Ok(())
	}

	#[benchmark]
	fn suspend_device() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let owner = funded::<T>("owner", 0);
		let device = registered_device::<T>(&owner)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, device);

		assert_last_event::<T>(Event::DeviceSuspended { device });
		Ok(())
	}

	#[benchmark]
	fn reinstate_device() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let owner = funded::<T>("owner", 0);
		let device = registered_device::<T>(&owner)?;
		// Worst case: suspended through its revoked maker, which is read twice.
		let maker =
			Devices::<T>::get(device).and_then(|d| d.maker).ok_or(BenchmarkError::Weightless)?;
		Pallet::<T>::do_revoke_maker(maker, false).map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, device);

		assert_last_event::<T>(Event::DeviceReinstated { device });
		Ok(())
	}

	#[benchmark]
	fn retire_device() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let owner = funded::<T>("owner", 0);
		let device = registered_device::<T>(&owner)?;
		TransferOffers::<T>::insert(device, funded::<T>("buyer", 0));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, device);

		assert_last_event::<T>(Event::DeviceRetired { device, slashed: T::MaxClassBond::get() });
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let params = RegistryParams {
			location_interval: T::MaxLocationInterval::get(),
			location_fee: T::MaxLocationFee::get(),
			unbonding_period: T::MaxUnbondingPeriod::get(),
			maker_bond: T::MaxMakerBond::get(),
			maker_device_cap: u32::MAX,
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());

		assert_last_event::<T>(Event::ParamsChanged { params });
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
