//! Weights for `pallet_dao`; replaced by `scripts/benchmark.sh` with measured figures.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::weights::{constants::ParityDbWeight, Weight};

/// Weight functions needed by `pallet_dao`.
pub trait WeightInfo {
	fn lock() -> Weight;
	fn unlock() -> Weight;
	fn delegate() -> Weight;
	fn undelegate() -> Weight;
	fn propose(l: u32) -> Weight;
	fn vote() -> Weight;
	fn remove_vote() -> Weight;
	fn cancel() -> Weight;
	fn kill() -> Weight;
	fn enact(l: u32) -> Weight;
	fn set_track() -> Weight;
	fn set_params() -> Weight;
	fn on_initialize(p: u32) -> Weight;
}

/// Weights for `pallet_dao`, measured with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn lock() -> Weight {
		<() as WeightInfo>::lock()
	}
	fn unlock() -> Weight {
		<() as WeightInfo>::unlock()
	}
	fn delegate() -> Weight {
		<() as WeightInfo>::delegate()
	}
	fn undelegate() -> Weight {
		<() as WeightInfo>::undelegate()
	}
	fn propose(l: u32) -> Weight {
		<() as WeightInfo>::propose(l)
	}
	fn vote() -> Weight {
		<() as WeightInfo>::vote()
	}
	fn remove_vote() -> Weight {
		<() as WeightInfo>::remove_vote()
	}
	fn cancel() -> Weight {
		<() as WeightInfo>::cancel()
	}
	fn kill() -> Weight {
		<() as WeightInfo>::kill()
	}
	fn enact(l: u32) -> Weight {
		<() as WeightInfo>::enact(l)
	}
	fn set_track() -> Weight {
		<() as WeightInfo>::set_track()
	}
	fn set_params() -> Weight {
		<() as WeightInfo>::set_params()
	}
	fn on_initialize(p: u32) -> Weight {
		<() as WeightInfo>::on_initialize(p)
	}
}

impl WeightInfo for () {
	fn lock() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads_writes(3, 3))
	}
	fn unlock() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads_writes(3, 3))
	}
	fn delegate() -> Weight {
		Weight::from_parts(50_000_000, 8_000)
			.saturating_add(ParityDbWeight::get().reads_writes(3, 2))
	}
	fn undelegate() -> Weight {
		Weight::from_parts(50_000_000, 8_000)
			.saturating_add(ParityDbWeight::get().reads_writes(3, 2))
	}
	fn propose(l: u32) -> Weight {
		Weight::from_parts(80_000_000, 8_000)
			.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(l.into()))
			.saturating_add(ParityDbWeight::get().reads_writes(8, 6))
	}
	fn vote() -> Weight {
		Weight::from_parts(60_000_000, 8_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 3))
	}
	fn remove_vote() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(ParityDbWeight::get().reads_writes(2, 2))
	}
	fn cancel() -> Weight {
		Weight::from_parts(60_000_000, 8_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 5))
	}
	fn kill() -> Weight {
		Weight::from_parts(70_000_000, 8_000)
			.saturating_add(ParityDbWeight::get().reads_writes(6, 6))
	}
	fn enact(l: u32) -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(l.into()))
			.saturating_add(ParityDbWeight::get().reads_writes(3, 3))
	}
	fn set_track() -> Weight {
		Weight::from_parts(20_000_000, 0).saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_params() -> Weight {
		Weight::from_parts(20_000_000, 0).saturating_add(ParityDbWeight::get().writes(1))
	}
	fn on_initialize(p: u32) -> Weight {
		Weight::from_parts(10_000_000, 2_000)
			.saturating_add(Weight::from_parts(100_000_000, 10_000).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads_writes(1, 1))
			.saturating_add(ParityDbWeight::get().reads_writes(8, 8).saturating_mul(p.into()))
	}
}
