#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod escrow;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
#[cfg(test)]
mod mock;
pub mod money;
mod offers;
mod orders;
mod receipts;
mod removal;
pub mod runtime_api;
mod settlement;
#[cfg(test)]
mod tests;
pub mod types;
mod views;
pub mod weights;

pub use types::*;
pub use views::OrderStateOf;
pub use weights::WeightInfo;

/// What the benchmarks need from the runtime: a device that serves, funds to order with.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, AssetId, Balance> {
	/// Registers an active device of a class whose devices may do `units` a epoch, owned by
	/// `owner` (funded as needed).
	fn register_device(owner: &AccountId, device: depin_primitives::DeviceId);
	/// The asset the benchmarks order in, accepted by the treasury, with the market's and
	/// the treasury's accounts open in it.
	fn asset() -> Option<AssetId>;
	/// Gives `who` `amount` of `asset` to escrow.
	fn fund(who: &AccountId, asset: Option<AssetId>, amount: Balance);
	/// Records `units` of verified work of `device` in `epoch` as its latest work, not yet
	/// handed on.
	fn credit_work(
		epoch: depin_primitives::EpochIndex,
		device: &depin_primitives::DeviceId,
		units: depin_primitives::WorkUnits,
	);
	/// Moves the epoch clock to `epoch`.
	fn set_epoch(epoch: depin_primitives::EpochIndex);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use depin_primitives::{
		DemandSink, DeviceId, DeviceRegistry, EpochClock, EpochIndex, WorkLedger, WorkUnits, H256,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::fungibles::{self, Inspect},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{traits::Convert, Perbill};

	/// The balance type of the assets (and the native token) orders are paid in.
	pub type BalanceOf<T> =
		<<T as Config>::Funds as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// An asset of the market: `None` is the native token.
	pub type AssetKeyOf<T> = Option<<T as Config>::AssetId>;
	/// Offer terms as stored.
	pub type TermsOf<T> = Terms<<T as Config>::AssetId, BalanceOf<T>>;
	/// An offer as stored.
	pub type OfferOf<T> =
		Offer<<T as frame_system::Config>::AccountId, <T as Config>::AssetId, BalanceOf<T>>;
	/// An order as stored.
	pub type OrderOf<T> =
		Order<<T as frame_system::Config>::AccountId, <T as Config>::AssetId, BalanceOf<T>>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Identifies an asset other than the native token.
		type AssetId: Parameter + Member + Copy + MaxEncodedLen + Ord + MaybeSerializeDeserialize;

		/// How [`Config::Funds`] names an asset or the native token.
		type AssetKind: Clone;

		/// Names an asset (`None`: the native token) the way [`Config::Funds`] does.
		type AssetKindOf: Convert<AssetKeyOf<Self>, Self::AssetKind>;

		/// The native token and the assets, as one `fungibles` (the runtime's union of
		/// Balances and Assets): what customers escrow and owners are paid.
		type Funds: fungibles::Mutate<Self::AccountId, AssetId = Self::AssetKind>;

		/// The device registry: owners, classes, statuses.
		type Registry: DeviceRegistry<Self::AccountId, BalanceOf<Self>>;

		/// The verified work of each device: hands each closed epoch to the market once
		/// (through [`depin_primitives::OnWorkClosed`]), and settles a device on demand.
		type Ledger: WorkLedger;

		/// The epoch clock.
		type Clock: EpochClock<BlockNumberFor<Self>>;

		/// The treasury: which assets may be used, and where the take goes (demand revenue,
		/// bought back and burned).
		type Demand: DemandSink<Self::AccountId, Self::AssetId, BalanceOf<Self>>;

		/// Sets the market's parameters: the DAO's parameters track in the runtime.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Derives the escrow account.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Most offers one device makes at once.
		#[pallet::constant]
		type MaxOffersPerDevice: Get<u32>;

		/// Most offers one account has made and not withdrawn.
		#[pallet::constant]
		type MaxOffersPerOwner: Get<u32>;

		/// Most orders one device serves at once (what a closed epoch's hand-on visits).
		#[pallet::constant]
		type MaxOrdersPerDevice: Get<u32>;

		/// Most open orders of one customer.
		#[pallet::constant]
		type MaxOrdersPerCustomer: Get<u32>;

		/// Longest order an offer may allow, in epochs.
		#[pallet::constant]
		type MaxOrderEpochs: Get<EpochIndex>;

		/// Longest cancellation notice an offer may ask, in epochs.
		#[pallet::constant]
		type MaxNoticeEpochs: Get<EpochIndex>;

		/// Least take rate the DAO may set.
		#[pallet::constant]
		type MinTakeRate: Get<Perbill>;

		/// Most take rate the DAO may set.
		#[pallet::constant]
		type MaxTakeRate: Get<Perbill>;

		/// Devices, funds and work for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::AssetId, BalanceOf<Self>>;

		/// Weights of the calls and the hooks.
		type WeightInfo: WeightInfo;
	}

	/// The DAO's parameters.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, MarketParams, ValueQuery, DefaultParams<T>>;

	/// The least take rate the runtime allows, until the DAO sets one.
	#[pallet::type_value]
	pub fn DefaultParams<T: Config>() -> MarketParams {
		MarketParams { take_rate: T::MinTakeRate::get() }
	}

	/// Offers by id.
	#[pallet::storage]
	pub type Offers<T: Config> = StorageMap<_, Twox64Concat, OfferId, OfferOf<T>, OptionQuery>;

	/// The id the next offer gets.
	#[pallet::storage]
	pub type NextOfferId<T: Config> = StorageValue<_, OfferId, ValueQuery>;

	/// Each device's offers.
	#[pallet::storage]
	pub type DeviceOffers<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		DeviceId,
		BoundedVec<OfferId, T::MaxOffersPerDevice>,
		ValueQuery,
	>;

	/// How many offers each account has made and not withdrawn.
	#[pallet::storage]
	pub type OwnerOffers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Open orders by id: until fully paid and refunded.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, OrderId, OrderOf<T>, OptionQuery>;

	/// The id the next order gets.
	#[pallet::storage]
	pub type NextOrderId<T: Config> = StorageValue<_, OrderId, ValueQuery>;

	/// Each device's open orders and what it delivered to each: one record, so that a
	/// closed epoch reaches every order of the device in one read and one write.
	#[pallet::storage]
	pub type DeviceOrders<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		DeviceId,
		BoundedVec<Slot, T::MaxOrdersPerDevice>,
		ValueQuery,
	>;

	/// Each customer's open orders.
	#[pallet::storage]
	pub type CustomerOrders<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<OrderId, T::MaxOrdersPerCustomer>,
		ValueQuery,
	>;

	/// What the escrow account holds for open orders, per asset (`None`: the native token).
	/// The account holds this plus the asset's minimum balance, which keeps it open.
	#[pallet::storage]
	pub type Escrow<T: Config> =
		StorageMap<_, Blake2_128Concat, AssetKeyOf<T>, BalanceOf<T>, ValueQuery>;

	/// The market at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters (default: the least take rate).
		pub params: Option<MarketParams>,
		/// Assets whose escrow account is opened at genesis (minted its minimum balance);
		/// the native token's always is.
		pub assets: alloc::vec::Vec<T::AssetId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let params = self.params.unwrap_or_else(DefaultParams::<T>::get);
			Pallet::<T>::check_params(&params).expect("genesis service-market parameters invalid");
			Params::<T>::put(params);
			Pallet::<T>::open_escrow(None);
			for asset in &self.assets {
				Pallet::<T>::open_escrow(Some(*asset));
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A device's owner offered its service.
		OfferMade {
			/// The offer.
			offer: OfferId,
			/// The device.
			device: DeviceId,
			/// Its owner.
			owner: T::AccountId,
			/// What it sells.
			terms: TermsOf<T>,
		},
		/// An offer's terms changed (for new orders).
		OfferUpdated {
			/// The offer.
			offer: OfferId,
			/// Its new terms.
			terms: TermsOf<T>,
		},
		/// An offer was withdrawn (its orders run on), or went with its device.
		OfferWithdrawn {
			/// The offer.
			offer: OfferId,
		},
		/// A customer ordered service and escrowed its whole price.
		Ordered {
			/// The order.
			order: OrderId,
			/// The offer.
			offer: OfferId,
			/// The device that serves it.
			device: DeviceId,
			/// Who pays.
			customer: T::AccountId,
			/// Units bought in each epoch.
			units_per_epoch: WorkUnits,
			/// First epoch served.
			start: EpochIndex,
			/// First epoch no longer served.
			end: EpochIndex,
			/// In what (`None`: the native token).
			asset: AssetKeyOf<T>,
			/// What was escrowed.
			escrowed: BalanceOf<T>,
			/// For a storage order, the root of the data the device is paid to keep.
			data_root: Option<H256>,
		},
		/// An order paid for the units its device delivered.
		OrderSettled {
			/// The order.
			order: OrderId,
			/// Units newly paid for.
			units: WorkUnits,
			/// Paid to the device's owner.
			paid: BalanceOf<T>,
			/// Paid to the treasury (the take).
			taken: BalanceOf<T>,
		},
		/// An order ended: everything it escrowed is paid out or returned.
		OrderEnded {
			/// The order.
			order: OrderId,
			/// Paid to the device's owner over its life.
			paid: BalanceOf<T>,
			/// Paid to the treasury over its life.
			taken: BalanceOf<T>,
			/// Returned to the customer.
			refunded: BalanceOf<T>,
		},
		/// The customer cancelled an order: it runs until the notice has passed.
		OrderCancelled {
			/// The order.
			order: OrderId,
			/// Its new end (first epoch no longer served).
			end: EpochIndex,
		},
		/// A device stopped serving (suspended, retiring or gone): its orders end early.
		OrdersCut {
			/// The device.
			device: DeviceId,
			/// The first epoch its orders no longer serve.
			end: EpochIndex,
		},
		/// The admin origin changed the parameters.
		ParamsChanged {
			/// The new parameters.
			params: MarketParams,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No device with that key is registered.
		DeviceNotFound,
		/// Only the device's owner may do this.
		NotDeviceOwner,
		/// The device is not active (suspended, deregistering or retired): it serves no new
		/// orders.
		DeviceNotActive,
		/// The device's class does not exist.
		ClassNotFound,
		/// The treasury does not accept that asset: the take could not be bought back.
		AssetNotAccepted,
		/// The escrow account holds nothing of that asset yet: transfer the asset's minimum
		/// balance to the market's account to open it.
		EscrowNotOpen,
		/// The treasury's account holds nothing of that asset yet, so it cannot be paid its
		/// take in it: transfer the asset's minimum balance to the treasury to open it.
		TreasuryNotOpen,
		/// A unit's price must be more than zero.
		ZeroPrice,
		/// An offer must sell at least one unit per epoch.
		ZeroCapacity,
		/// An offer sells more units per epoch than a device of its class may do.
		CapacityAboveClassMax,
		/// The order lengths are out of bounds: at least 1 epoch, the minimum at most the
		/// maximum, the maximum at most the runtime's `MaxOrderEpochs`.
		OrderLengthOutOfBounds,
		/// The notice is longer than the runtime's `MaxNoticeEpochs`.
		NoticeOutOfBounds,
		/// The device has as many offers as it may.
		TooManyOffersForDevice,
		/// The account has as many offers as it may.
		TooManyOffersForOwner,
		/// No offer with that id.
		OfferNotFound,
		/// Only the offer's owner (or the device's current owner) may do this.
		NotOfferOwner,
		/// The device changed hands since the offer was made: it takes no new orders.
		OfferLapsed,
		/// The offer is paid in another asset.
		WrongAsset,
		/// The offer's price is above the most the customer said it would pay.
		PriceAboveLimit,
		/// An order must buy at least one unit per epoch.
		ZeroUnits,
		/// The order is shorter or longer than the offer allows.
		OrderLengthNotOffered,
		/// The order would take more units per epoch than the offer has left.
		OverCapacity,
		/// The device serves as many orders as it may.
		TooManyOrdersForDevice,
		/// The customer has as many open orders as it may.
		TooManyOrdersForCustomer,
		/// The customer cannot escrow the order's price (keeping its minimum balance).
		CannotAfford,
		/// No open order with that id.
		OrderNotFound,
		/// Only the order's customer may do this.
		NotCustomer,
		/// The order already ends before its notice would have passed.
		AlreadyEnding,
		/// The order has nothing to settle now: no delivered unit unpaid, and it has not
		/// ended.
		NothingToSettle,
		/// The device's owner cannot receive the payment in the order's asset (an account it
		/// does not hold and the payment is below its minimum balance).
		OwnerCannotReceive,
		/// The take rate is outside the runtime's bounds.
		TakeRateOutOfBounds,
		/// The device proves storage: order with `order_storage`, naming the data to keep.
		DataRootRequired,
		/// The device does not prove storage: order with `order`, naming no data.
		NotStorageOffer,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxOffersPerDevice::get() > 0, "a device must be able to offer");
			assert!(T::MaxOrdersPerDevice::get() > 0, "a device must be able to serve");
			assert!(T::MaxOrderEpochs::get() > 0, "an order must be able to last an epoch");
			assert!(
				T::MinTakeRate::get() <= T::MaxTakeRate::get(),
				"the least take rate is above the most"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Offers `device`'s service on `terms`. Signed by the device's owner.
		///
		/// Errors: `DeviceNotFound`, `NotDeviceOwner`, `DeviceNotActive`, `ClassNotFound`,
		/// `AssetNotAccepted`, `ZeroPrice`, `ZeroCapacity`, `CapacityAboveClassMax`,
		/// `OrderLengthOutOfBounds`, `NoticeOutOfBounds`, `TooManyOffersForDevice`,
		/// `TooManyOffersForOwner`.
		#[pallet::call_index(0)]
		pub fn offer(origin: OriginFor<T>, device: DeviceId, terms: TermsOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let offer = Self::do_offer(&who, device, terms)?;
			Self::deposit_event(Event::OfferMade { offer, device, owner: who, terms });
			Ok(())
		}

		/// Changes an offer's terms, for orders made from now on. Signed by its owner.
		///
		/// Errors: `OfferNotFound`, `NotOfferOwner`, `OfferLapsed`, and those of `offer`
		/// about the terms.
		#[pallet::call_index(1)]
		pub fn update_offer(
			origin: OriginFor<T>,
			offer: OfferId,
			terms: TermsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_offer(&who, offer, terms)?;
			Self::deposit_event(Event::OfferUpdated { offer, terms });
			Ok(())
		}

		/// Withdraws an offer: it takes no new order; its orders run on. Signed by its owner
		/// or by the device's current owner.
		///
		/// Errors: `OfferNotFound`, `NotOfferOwner`.
		#[pallet::call_index(2)]
		pub fn withdraw_offer(origin: OriginFor<T>, offer: OfferId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_offer(&who, offer)?;
			Self::deposit_event(Event::OfferWithdrawn { offer });
			Ok(())
		}

		/// Orders `units_per_epoch` units a epoch for `epochs` epochs from the next one, and
		/// escrows the whole price. `asset` and `max_price_per_unit` are what the customer
		/// agreed to: an offer changed meanwhile is refused, not silently taken. For any device
		/// but a storage device (see `order_storage`).
		///
		/// Errors: `OfferNotFound`, `OfferLapsed`, `DeviceNotActive`, `ClassNotFound`,
		/// `DataRootRequired`, `WrongAsset`, `AssetNotAccepted`, `PriceAboveLimit`, `ZeroUnits`,
		/// `OrderLengthNotOffered`, `OverCapacity`, `TooManyOrdersForDevice`,
		/// `TooManyOrdersForCustomer`, `EscrowNotOpen`, `TreasuryNotOpen`, `CannotAfford`,
		/// `ArithmeticError::Overflow`.
		#[pallet::call_index(3)]
		pub fn order(
			origin: OriginFor<T>,
			offer: OfferId,
			units_per_epoch: WorkUnits,
			epochs: EpochIndex,
			asset: AssetKeyOf<T>,
			max_price_per_unit: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::place(who, offer, units_per_epoch, epochs, asset, max_price_per_unit, None)
		}

		/// Orders a storage device to keep the customer's data: `chunks` chunks of the data
		/// whose Merkle root for this device is `data_root` (leaves bound to the device and
		/// their position: `pallet_physical_work::merkle`), in each of `epochs` epochs from the
		/// next one; the whole price is escrowed, as for `order`. The device earns work, and
		/// this order pays, only for epochs in which it commits to this root and proves a
		/// challenged chunk of it: data a device made up earns nothing.
		///
		/// Errors: as `order`, with `NotStorageOffer` for a device that does not prove storage.
		/// It weighs as `order`: the same path, which only keeps the root besides.
		#[pallet::call_index(7)]
		#[pallet::weight(<T as Config>::WeightInfo::order())]
		pub fn order_storage(
			origin: OriginFor<T>,
			offer: OfferId,
			chunks: WorkUnits,
			epochs: EpochIndex,
			asset: AssetKeyOf<T>,
			max_price_per_unit: BalanceOf<T>,
			data_root: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::place(who, offer, chunks, epochs, asset, max_price_per_unit, Some(data_root))
		}

		/// Pays an order for what its device delivered in closed epochs: the device's owner
		/// its price less the take, the treasury the take. Once the order's last epoch has
		/// closed, returns what was not delivered to the customer and ends the order. Anyone
		/// may call; it is O(1) however many epochs it covers.
		///
		/// Errors: `OrderNotFound`, `NothingToSettle`, `OwnerCannotReceive`.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::settle().saturating_add(T::Ledger::settle_weight()))]
		pub fn settle(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_settle(order).map(|_| ())
		}

		/// Cancels an order: it keeps serving (and paying for what is delivered) until the
		/// offer's notice has passed, then ends and returns the rest. Signed by the customer.
		///
		/// Errors: `OrderNotFound`, `NotCustomer`, `AlreadyEnding`.
		#[pallet::call_index(5)]
		pub fn cancel(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let end = Self::do_cancel(&who, order)?;
			Self::deposit_event(Event::OrderCancelled { order, end });
			Ok(())
		}

		/// Sets the parameters. The admin origin (the DAO).
		///
		/// Errors: `TakeRateOutOfBounds`.
		#[pallet::call_index(6)]
		pub fn set_params(origin: OriginFor<T>, params: MarketParams) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::check_params(&params)?;
			Params::<T>::put(params);
			Self::deposit_event(Event::ParamsChanged { params });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		fn place(
			who: T::AccountId,
			offer: OfferId,
			units_per_epoch: WorkUnits,
			epochs: EpochIndex,
			asset: AssetKeyOf<T>,
			max_price_per_unit: BalanceOf<T>,
			data_root: Option<H256>,
		) -> DispatchResult {
			let (id, order) = Self::do_order(
				&who,
				offer,
				units_per_epoch,
				epochs,
				asset,
				max_price_per_unit,
				data_root,
			)?;
			Self::deposit_event(Event::Ordered {
				order: id,
				offer,
				device: order.device,
				customer: who,
				units_per_epoch,
				start: order.start,
				end: order.end,
				asset,
				escrowed: order.escrowed,
				data_root,
			});
			Ok(())
		}

		/// Checks parameters against the runtime's bounds.
		pub fn check_params(params: &MarketParams) -> DispatchResult {
			ensure!(
				T::MinTakeRate::get() <= params.take_rate
					&& params.take_rate <= T::MaxTakeRate::get(),
				Error::<T>::TakeRateOutOfBounds
			);
			Ok(())
		}
	}
}
