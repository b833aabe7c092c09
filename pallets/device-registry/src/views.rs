//! Reads for the runtime API: devices, an owner's devices, classes and makers.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use depin_primitives::{DeviceClassId, DeviceId};

impl<T: Config> Pallet<T> {
	/// A device as the runtime API shows it: the stored record with its effective status.
	pub fn device_view(device: &DeviceId) -> Option<DeviceOf<T>> {
		Devices::<T>::get(device).map(|mut d| {
			d.status = Self::effective_status(&d);
			d
		})
	}

	/// One page of an owner's devices, in registration order; at most [`MAX_PAGE_SIZE`].
	pub fn devices_of(owner: &T::AccountId, page: u32, page_size: u32) -> Vec<DeviceId> {
		let size = page_size.min(MAX_PAGE_SIZE) as usize;
		let start = (page as usize).saturating_mul(size);
		OwnerDevices::<T>::get(owner).into_iter().skip(start).take(size).collect()
	}

	/// Every class, in increasing id order (storage iterates in hash order). Bounded by
	/// `MaxClasses`.
	pub fn classes() -> Vec<(DeviceClassId, DeviceClassOf<T>)> {
		let mut all: Vec<_> = Classes::<T>::iter().collect();
		all.sort_unstable_by_key(|(id, _)| *id);
		all
	}

	/// Every maker on record, in increasing id order. Bounded by `MaxMakers`.
	pub fn makers() -> Vec<(MakerId, MakerOf<T>)> {
		let mut all: Vec<_> = Makers::<T>::iter().collect();
		all.sort_unstable_by_key(|(id, _)| *id);
		all
	}
}
