#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

mod adapters;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
pub mod price;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use adapters::{AssetConversionPools, FeeRevenue, NativeOrAsset, SlashRevenue};
pub use types::*;
pub use weights::WeightInfo;

/// Creates and seeds a DEX pool between the native token and an asset: used by the genesis
/// (a development chain starts with a pool) and by the benchmarks.
pub trait DexSetup<AccountId, AssetId, Balance> {
	/// Creates the pool of `asset` paid by `provider` and adds `native` and `amount` of
	/// liquidity from it.
	fn create_pool(
		provider: &AccountId,
		asset: AssetId,
		native: Balance,
		amount: Balance,
	) -> sp_runtime::DispatchResult;
}

impl<AccountId, AssetId, Balance> DexSetup<AccountId, AssetId, Balance> for () {
	fn create_pool(
		_: &AccountId,
		_: AssetId,
		_: Balance,
		_: Balance,
	) -> sp_runtime::DispatchResult {
		Err(sp_runtime::DispatchError::Other("no DEX to create pools on"))
	}
}

/// What the benchmarks need from the runtime: assets to pay with.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, AssetId> {
	/// Creates the `i`-th asset (owned by `owner`, who may mint it) and returns its id.
	fn create_asset(i: u32, owner: &AccountId) -> AssetId;
	/// A device class and a device that exist, for a payment to name.
	fn served() -> Served;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use depin_primitives::{DeviceRegistry, EpochClock, EpochIndex, OnBurned, RevenueSource};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{self, Inspect},
			fungibles,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use pallet_asset_conversion::{QuotePrice, Swap};
	use sp_runtime::{traits::Convert, Perbill};

	/// The balance type of the native currency (and of the assets).
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// An asset of the books: `None` is the native token.
	pub type AssetKeyOf<T> = Option<<T as Config>::AssetId>;
	/// An epoch report as stored.
	pub type ReportOf<T> =
		EpochReport<<T as Config>::AssetId, BalanceOf<T>, <T as Config>::MaxAssets>;
	/// The parameters as stored.
	pub type ParamsOf<T> = TreasuryParams<BalanceOf<T>>;
	/// An asset's configuration as stored.
	pub type AssetConfigOf<T> = AssetConfig<BalanceOf<T>>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: received, burned and granted.
		type Currency: fungible::Mutate<Self::AccountId> + fungible::Balanced<Self::AccountId>;

		/// Identifies an asset of [`Config::Assets`].
		type AssetId: Parameter + Member + Copy + MaxEncodedLen + Ord + MaybeSerializeDeserialize;

		/// The assets customers may pay with (stablecoins).
		type Assets: fungibles::Mutate<
			Self::AccountId,
			AssetId = Self::AssetId,
			Balance = BalanceOf<Self>,
		>;

		/// How the DEX names an asset or the native token.
		type AssetKind: Clone;

		/// Names an asset (`None`: the native token) the DEX's way.
		type AssetKindOf: Convert<Option<Self::AssetId>, Self::AssetKind>;

		/// The DEX, through its swap and price-quote traits.
		type Dex: Swap<Self::AccountId, Balance = BalanceOf<Self>, AssetKind = Self::AssetKind>
			+ QuotePrice<Balance = BalanceOf<Self>, AssetKind = Self::AssetKind>;

		/// Creates pools at genesis.
		type DexSetup: DexSetup<Self::AccountId, Self::AssetId, BalanceOf<Self>>;

		/// The device registry: a payment names a class or a device that exists.
		type Registry: DeviceRegistry<Self::AccountId, BalanceOf<Self>>;

		/// The epoch clock: reports, caps and price averages are per epoch.
		type Clock: EpochClock<BlockNumberFor<Self>>;

		/// Told of every burn: reward emission may re-mint it (net emissions).
		type OnBurned: OnBurned<BalanceOf<Self>>;

		/// Sets the parameters and the accepted assets: the DAO's parameters track in the
		/// runtime.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Approves grants: the DAO's grants track in the runtime.
		type GrantOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Derives the treasury pot.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Most assets the treasury accepts (and each epoch close visits).
		#[pallet::constant]
		type MaxAssets: Get<u32>;

		/// Longest memo of a payment, in bytes.
		#[pallet::constant]
		type MaxMemoLen: Get<u32>;

		/// Largest slippage the admin origin may allow.
		#[pallet::constant]
		type MaxSlippage: Get<Perbill>;

		/// Epochs an epoch report is kept for.
		#[pallet::constant]
		type ReportRetention: Get<EpochIndex>;

		/// Creates assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::AssetId>;

		/// Weights of the calls, the price sampling and the epoch close, from the benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The parameters the admin origin tunes.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, DefaultParams<T>>;

	/// Parameters before genesis sets them: burn all customer revenue, take no fees, 1%
	/// slippage, no grants.
	#[pallet::type_value]
	pub fn DefaultParams<T: Config>() -> ParamsOf<T> {
		TreasuryParams {
			burn_share: Perbill::one(),
			fee_share: Perbill::zero(),
			max_slippage: Perbill::from_percent(1),
			native_grant_cap: Zero::zero(),
		}
	}

	/// The assets customers may pay with, and how the treasury buys back and grants them.
	#[pallet::storage]
	pub type AllowedAssets<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AssetId, AssetConfigOf<T>, OptionQuery>;

	/// What the pot holds of each asset (`None`: the native token), as the books say.
	#[pallet::storage]
	pub type Books<T: Config> =
		StorageMap<_, Blake2_128Concat, AssetKeyOf<T>, Funds<BalanceOf<T>>, ValueQuery>;

	/// Everything that moved through the pot in each asset since genesis.
	#[pallet::storage]
	pub type AssetFlows<T: Config> =
		StorageMap<_, Blake2_128Concat, AssetKeyOf<T>, Flows<BalanceOf<T>>, ValueQuery>;

	/// The fee share received in the open epoch; settled into the books at its close (one
	/// write per transaction).
	#[pallet::storage]
	pub type PendingFees<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The report of each recent epoch; the open epoch's fills in as it goes.
	#[pallet::storage]
	pub type Reports<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, ReportOf<T>, OptionQuery>;

	/// Price samples of each accepted asset in the open epoch.
	#[pallet::storage]
	pub type Prices<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AssetId, PriceSamples<BalanceOf<T>>, ValueQuery>;

	/// What was granted of each asset in the latest epoch with a grant, against its cap.
	#[pallet::storage]
	pub type GrantedThisEpoch<T: Config> =
		StorageMap<_, Blake2_128Concat, AssetKeyOf<T>, Granted<BalanceOf<T>>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The starting parameters; the pallet's defaults if absent.
		pub params: Option<ParamsOf<T>>,
		/// DEX pools to create: provider, asset, native and asset liquidity.
		pub pools: Vec<(T::AccountId, T::AssetId, BalanceOf<T>, BalanceOf<T>)>,
		/// Assets accepted from genesis (their pools must exist).
		pub assets: Vec<(T::AssetId, AssetConfigOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let params = self.params.unwrap_or_else(DefaultParams::<T>::get);
			Pallet::<T>::check_params(&params).expect("genesis treasury parameters invalid");
			Params::<T>::put(params);
			Pallet::<T>::seed_pot();
			for (provider, asset, native, amount) in &self.pools {
				T::DexSetup::create_pool(provider, *asset, *native, *amount)
					.expect("genesis DEX pool cannot be created");
			}
			for (asset, config) in &self.assets {
				Pallet::<T>::do_set_asset(*asset, Some(*config))
					.expect("genesis treasury asset invalid (is its pool seeded?)");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A customer paid for service.
		ServicePaid {
			/// Who paid.
			customer: T::AccountId,
			/// In what (`None`: the native token).
			asset: AssetKeyOf<T>,
			/// How much.
			amount: BalanceOf<T>,
			/// The class or device served.
			served: Served,
			/// The customer's memo (an order or invoice reference).
			memo: Vec<u8>,
		},
		/// Native revenue other than a payment or the fee share reached the treasury.
		RevenueReceived {
			/// Where it came from.
			source: RevenueSource,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// An epoch's close swapped an asset for the native token (burned in the same block).
		BoughtBack {
			/// The closed epoch.
			epoch: EpochIndex,
			/// The asset spent.
			asset: T::AssetId,
			/// How much of it.
			spent: BalanceOf<T>,
			/// The native tokens bought.
			bought: BalanceOf<T>,
			/// The reference price the swap had to meet (less the slippage).
			reference_price: BalanceOf<T>,
		},
		/// A buy-back waited: no amount down to an eighth would fill within the slippage
		/// bound, or the pool gave no price. The asset stays queued for the next close.
		BuyBackDeferred {
			/// The closed epoch.
			epoch: EpochIndex,
			/// The asset.
			asset: T::AssetId,
			/// What the close would have spent.
			amount: BalanceOf<T>,
			/// The pool's quote for the last amount tried, if any.
			quoted: Option<BalanceOf<T>>,
			/// The least the bound accepted for it.
			min_out: BalanceOf<T>,
		},
		/// The treasury burned native tokens at an epoch's close.
		Burned {
			/// The closed epoch.
			epoch: EpochIndex,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// An epoch's report is final.
		EpochReported {
			/// The closed epoch.
			epoch: EpochIndex,
			/// Native tokens bought back in its close.
			bought: BalanceOf<T>,
			/// Native tokens burned in its close.
			burned: BalanceOf<T>,
		},
		/// The admin origin granted funds from the treasury.
		GrantPaid {
			/// In what (`None`: the native token).
			asset: AssetKeyOf<T>,
			/// To whom.
			to: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// The admin origin changed the parameters.
		ParamsChanged {
			/// The new parameters.
			params: ParamsOf<T>,
		},
		/// The admin origin accepted an asset or changed its configuration.
		AssetAllowed {
			/// The asset.
			asset: T::AssetId,
			/// Its configuration.
			config: AssetConfigOf<T>,
		},
		/// The admin origin stopped accepting an asset.
		AssetRemoved {
			/// The asset.
			asset: T::AssetId,
		},
		/// Another pallet paid a customer's money for service into the pot (the service
		/// market's take on a settled order).
		DemandReceived {
			/// In what (`None`: the native token).
			asset: AssetKeyOf<T>,
			/// How much.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The treasury does not accept this asset: pay in the native token or an asset in
		/// `AllowedAssets`.
		AssetNotAllowed,
		/// The amount must be positive.
		ZeroAmount,
		/// The payer's spendable balance (keeping the native existential deposit) is below
		/// the amount.
		CannotAfford,
		/// The payment names a device class that does not exist.
		UnknownClass,
		/// The payment names a device that is not registered.
		UnknownDevice,
		/// The memo is longer than `MaxMemoLen` bytes.
		MemoTooLong,
		/// The treasury's grantable funds of this asset are below the amount.
		InsufficientGrantFunds,
		/// The grant would take the epoch's grants of this asset above its cap.
		GrantOverCap,
		/// The slippage may not exceed `MaxSlippage`.
		SlippageOutOfBounds,
		/// The DEX has no pool (or no liquidity) between this asset and the native token.
		NoPool,
		/// An asset's unit must be positive.
		ZeroUnit,
		/// The treasury accepts at most `MaxAssets` assets (counting those paid in the open
		/// epoch): remove one, or wait for the epoch to close.
		TooManyAssets,
		/// The treasury still holds this asset: let the buy-back spend it (stop payments by
		/// setting `accepts_payments` to false) or grant it before removing it.
		AssetStillHeld,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			let sampled = Self::sample_prices();
			T::WeightInfo::sample_prices(sampled)
		}

		fn integrity_test() {
			assert!(T::MaxAssets::get() >= 1, "the treasury must accept an asset");
			assert!(T::ReportRetention::get() >= 1, "a closed epoch's report must be kept");
			assert!(
				T::MaxSlippage::get() < Perbill::one(),
				"a slippage of 100% would accept any price"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Pays the treasury `amount` of `asset` (`None`: the native token) for service of a
		/// device class or a device, with a memo of at most `MaxMemoLen` bytes. The burn
		/// share of it is bought back and burned (assets) or burned (native) when the epoch
		/// closes; the rest may be granted.
		///
		/// Errors: `ZeroAmount`, `AssetNotAllowed`, `UnknownClass`, `UnknownDevice`,
		/// `MemoTooLong`, `CannotAfford`, `TooManyAssets`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::pay_for_service_asset()
			.max(T::WeightInfo::pay_for_service_native()))]
		pub fn pay_for_service(
			origin: OriginFor<T>,
			asset: AssetKeyOf<T>,
			amount: BalanceOf<T>,
			served: Served,
			memo: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let customer = ensure_signed(origin)?;
			Self::do_pay(&customer, asset, amount, served, &memo)?;
			Self::deposit_event(Event::ServicePaid { customer, asset, amount, served, memo });
			let actual = match asset {
				None => T::WeightInfo::pay_for_service_native(),
				Some(_) => T::WeightInfo::pay_for_service_asset(),
			};
			Ok(Some(actual).into())
		}

		/// Grants `amount` of `asset` (`None`: the native token) from the treasury's
		/// grantable funds to `to` (grant origin), within the asset's cap per epoch.
		///
		/// Errors: `ZeroAmount`, `AssetNotAllowed`, `InsufficientGrantFunds`, `GrantOverCap`.
		#[pallet::call_index(1)]
		pub fn grant(
			origin: OriginFor<T>,
			asset: AssetKeyOf<T>,
			to: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			T::GrantOrigin::ensure_origin(origin)?;
			Self::do_grant(asset, &to, amount)?;
			Self::deposit_event(Event::GrantPaid { asset, to, amount });
			Ok(())
		}

		/// Sets the parameters (admin origin). They apply at once: the next payment splits
		/// by the new burn share, the next epoch close uses the new slippage.
		///
		/// Errors: `SlippageOutOfBounds`.
		#[pallet::call_index(2)]
		pub fn set_params(origin: OriginFor<T>, params: ParamsOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::check_params(&params)?;
			Params::<T>::put(params);
			Self::deposit_event(Event::ParamsChanged { params });
			Ok(())
		}

		/// Accepts `asset` with `config`, or changes its configuration, or (`None`) stops
		/// accepting it once the treasury holds none of it (admin origin). An accepted asset
		/// needs a DEX pool with the native token.
		///
		/// Errors: `NoPool`, `ZeroUnit`, `TooManyAssets`, `AssetNotAllowed`,
		/// `AssetStillHeld`.
		#[pallet::call_index(3)]
		pub fn set_asset(
			origin: OriginFor<T>,
			asset: T::AssetId,
			config: Option<AssetConfigOf<T>>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_asset(asset, config)
		}
	}
}
