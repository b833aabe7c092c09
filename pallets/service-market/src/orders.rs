//! Orders: a customer buys units of an offer for a run of epochs and escrows the whole price
//! at once; a cancellation shortens the run to the offer's notice.

use crate::{money, pallet::*, types::*};
use depin_primitives::{
	DemandSink, DeviceId, DeviceRegistry, EpochClock, EpochIndex, ProofKind, StorageDemand,
	StorageOrdered, WorkUnits, H256,
};
use frame_support::{ensure, traits::Get, weights::Weight};
use sp_runtime::{
	traits::{One, Zero},
	ArithmeticError, DispatchError, SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// `customer` orders `units_per_epoch` units of offer `offer_id` in each of `epochs`
	/// epochs from the next one, in `asset` at no more than `max_price` a unit. A storage
	/// device's order names the data it pays for (`data_root`); no other order does.
	pub(crate) fn do_order(
		customer: &T::AccountId,
		offer_id: OfferId,
		units_per_epoch: WorkUnits,
		epochs: EpochIndex,
		asset: AssetKeyOf<T>,
		max_price: BalanceOf<T>,
		data_root: Option<H256>,
	) -> Result<(OrderId, OrderOf<T>), DispatchError> {
		let offer = Offers::<T>::get(offer_id).ok_or(Error::<T>::OfferNotFound)?;
		let device = offer.device;
		ensure!(T::Registry::owner(&device) == Some(offer.owner.clone()), Error::<T>::OfferLapsed);
		ensure!(T::Registry::is_active(&device), Error::<T>::DeviceNotActive);
		// A storage device earns only for data customers ordered it to keep, so its orders say
		// which data; on any other device a data root would pay for nothing.
		let kind = T::Registry::proof_kind(offer.class).ok_or(Error::<T>::ClassNotFound)?;
		match (kind == ProofKind::ChallengeResponse, data_root.is_some()) {
			(true, false) => return Err(Error::<T>::DataRootRequired.into()),
			(false, true) => return Err(Error::<T>::NotStorageOffer.into()),
			_ => {},
		}
		let terms = offer.terms;
		ensure!(terms.asset == asset, Error::<T>::WrongAsset);
		ensure!(T::Demand::accepts(asset), Error::<T>::AssetNotAccepted);
		ensure!(terms.price_per_unit <= max_price, Error::<T>::PriceAboveLimit);
		ensure!(units_per_epoch > 0, Error::<T>::ZeroUnits);
		ensure!(
			terms.min_epochs <= epochs && epochs <= terms.max_epochs,
			Error::<T>::OrderLengthNotOffered
		);

		let start = T::Clock::current_epoch().checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let end = start.checked_add(epochs).ok_or(ArithmeticError::Overflow)?;
		let mut slots = DeviceOrders::<T>::get(device);
		// What the offer's other orders take of its capacity in any epoch of the new one
		// (counted as if they all overlapped in one epoch: never more than the offer sells).
		let taken = slots
			.iter()
			.filter(|s| s.offer == offer_id && s.overlaps(start, end))
			.try_fold(0u64, |acc, s| acc.checked_add(s.units_per_epoch))
			.ok_or(ArithmeticError::Overflow)?;
		ensure!(
			taken.checked_add(units_per_epoch).is_some_and(|t| t <= terms.units_per_epoch),
			Error::<T>::OverCapacity
		);

		let price: u128 = terms.price_per_unit.saturated_into();
		let escrowed = money::order_price(price, units_per_epoch, epochs)
			.and_then(|p| BalanceOf::<T>::try_from(p).ok())
			.ok_or(ArithmeticError::Overflow)?;
		let treasury = T::Demand::account().ok_or(Error::<T>::TreasuryNotOpen)?;
		ensure!(Self::can_always_receive(asset, &treasury), Error::<T>::TreasuryNotOpen);

		let id = NextOrderId::<T>::get();
		let next = id.checked_add(OrderId::one()).ok_or(ArithmeticError::Overflow)?;
		slots
			.try_push(Slot {
				order: id,
				offer: offer_id,
				units_per_epoch,
				start,
				end,
				delivered: 0,
				data_root,
				paid_on_proof: matches!(
					kind,
					ProofKind::CustomerReceipt | ProofKind::ChallengeResponse
				),
			})
			.map_err(|_| Error::<T>::TooManyOrdersForDevice)?;
		let mut mine = CustomerOrders::<T>::get(customer);
		mine.try_push(id).map_err(|_| Error::<T>::TooManyOrdersForCustomer)?;
		Self::escrow_in(customer, asset, escrowed)?;

		let order = Order {
			offer: offer_id,
			device,
			customer: customer.clone(),
			asset,
			price_per_unit: terms.price_per_unit,
			units_per_epoch,
			start,
			end,
			notice_epochs: terms.notice_epochs,
			take_rate: Params::<T>::get().take_rate,
			escrowed,
			paid: Zero::zero(),
			taken: Zero::zero(),
			settled_units: 0,
			delivered_after_removal: None,
			payee_after_removal: None,
			data_root,
		};
		NextOrderId::<T>::put(next);
		DeviceOrders::<T>::insert(device, slots);
		CustomerOrders::<T>::insert(customer, mine);
		Orders::<T>::insert(id, order.clone());
		Ok((id, order))
	}

	/// `customer` cancels order `id`: it ends once the notice has passed (counted from the
	/// next epoch), or at its start if that is sooner. Returns the new end.
	pub(crate) fn do_cancel(
		customer: &T::AccountId,
		id: OrderId,
	) -> Result<EpochIndex, DispatchError> {
		let mut order = Orders::<T>::get(id).ok_or(Error::<T>::OrderNotFound)?;
		ensure!(&order.customer == customer, Error::<T>::NotCustomer);
		let next = T::Clock::current_epoch().saturating_add(1);
		let end = next.saturating_add(order.notice_epochs).max(order.start);
		ensure!(end < order.end, Error::<T>::AlreadyEnding);
		order.end = end;
		Self::set_slot_end(&order.device, id, end);
		Orders::<T>::insert(id, order);
		Ok(end)
	}

	/// Moves the end of order `id` in its device's slots (if the device still has them).
	pub(crate) fn set_slot_end(device: &depin_primitives::DeviceId, id: OrderId, end: EpochIndex) {
		DeviceOrders::<T>::mutate(device, |slots| {
			if let Some(slot) = slots.iter_mut().find(|s| s.order == id) {
				slot.end = end;
			}
		});
	}

	/// Units the device delivered to order `id`: kept in the order once the device has left,
	/// in the device's slot while it is registered (`None` if the slot is missing).
	pub(crate) fn delivered(id: OrderId, order: &OrderOf<T>) -> Option<WorkUnits> {
		order.delivered_after_removal.or_else(|| {
			DeviceOrders::<T>::get(order.device).iter().find(|s| s.order == id).map(|s| s.delivered)
		})
	}

	/// Forgets order `id`: it has ended, fully paid and refunded.
	pub(crate) fn remove_order(id: OrderId, order: &OrderOf<T>) {
		Orders::<T>::remove(id);
		DeviceOrders::<T>::mutate_exists(order.device, |slots| {
			if let Some(list) = slots {
				list.retain(|s| s.order != id);
				if list.is_empty() {
					*slots = None;
				}
			}
		});
		CustomerOrders::<T>::mutate_exists(&order.customer, |orders| {
			if let Some(list) = orders {
				list.retain(|o| *o != id);
				if list.is_empty() {
					*orders = None;
				}
			}
		});
	}
}

/// What customers ordered a storage device to keep: the slots that name the data root and
/// serve the epoch, each delivered what it buys an epoch (first made first) out of the proven
/// chunks, and the native value of the take their orders pay for them. One read of the
/// device's slots and one of each matching order (with its asset's reference price), bounded by
/// `MaxOrdersPerDevice`.
impl<T: Config> StorageDemand for Pallet<T> {
	fn ordered(
		device: &DeviceId,
		data_root: &H256,
		epoch: EpochIndex,
		chunks: WorkUnits,
	) -> StorageOrdered {
		let mut left = chunks;
		let mut ordered = StorageOrdered::default();
		for slot in DeviceOrders::<T>::get(device)
			.iter()
			.filter(|s| s.data_root.as_ref() == Some(data_root) && s.serves(epoch))
		{
			let give = slot.units_per_epoch.min(left);
			let Some(order) = Orders::<T>::get(slot.order) else { continue };
			if give == 0 {
				break;
			}
			left -= give;
			ordered.deliveries.push((slot.order, give));
			ordered.take_value = ordered.take_value.saturating_add(Self::take_value(&order, give));
		}
		ordered
	}

	fn weight() -> Weight {
		// The slots, then per matching order: the order, the asset's record and its report.
		T::DbWeight::get().reads(1 + 3 * u64::from(T::MaxOrdersPerDevice::get()))
	}
}
