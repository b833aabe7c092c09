//! Weights for `pallet_service_market`. Estimated from the storage each call touches (reads at
//! 8 µs and writes at 50 µs under ParityDB, plus a measured-alike compute part) until
//! `scripts/benchmark.sh pallet_service_market` generates them.
//!
//! The trait lists one function per call; the runtime uses [`SubstrateWeight`] with its own
//! database weights, and mock runtimes use `()`, which assumes ParityDB.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed by `pallet_service_market`.
pub trait WeightInfo {
	fn offer() -> Weight;
	fn update_offer() -> Weight;
	fn withdraw_offer() -> Weight;
	fn order() -> Weight;
	fn settle() -> Weight;
	fn cancel() -> Weight;
	fn set_params() -> Weight;
	fn work_closed() -> Weight;
	fn device_removed(o: u32, f: u32, ) -> Weight;
}

/// Weights for `pallet_service_market`, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn offer() -> Weight {
		Weight::from_parts(40_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn update_offer() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn withdraw_offer() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn order() -> Weight {
		Weight::from_parts(90_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	fn settle() -> Weight {
		Weight::from_parts(120_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(14_u64))
			.saturating_add(T::DbWeight::get().writes(12_u64))
	}
	fn cancel() -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn set_params() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn work_closed() -> Weight {
		Weight::from_parts(15_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn device_removed(o: u32, f: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(o.into()))
			.saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(f.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(o.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(o.into())))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(f.into())))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(f.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

// For mock runtimes: the same estimates with ParityDB's weights.
impl WeightInfo for () {
	fn offer() -> Weight {
		Weight::from_parts(40_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn update_offer() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn withdraw_offer() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn order() -> Weight {
		Weight::from_parts(90_000_000, 12_000)
			.saturating_add(ParityDbWeight::get().reads(12_u64))
			.saturating_add(ParityDbWeight::get().writes(8_u64))
	}
	fn settle() -> Weight {
		Weight::from_parts(120_000_000, 12_000)
			.saturating_add(ParityDbWeight::get().reads(14_u64))
			.saturating_add(ParityDbWeight::get().writes(12_u64))
	}
	fn cancel() -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn set_params() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn work_closed() -> Weight {
		Weight::from_parts(15_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn device_removed(o: u32, f: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(o.into()))
			.saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(f.into()))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(o.into())))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(o.into())))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(f.into())))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(f.into())))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
}
