//! How the other pallets and the runtime reach the treasury: the epoch close, the revenue and
//! demand sinks, the DEX adapters and the fee and slash handlers.

use crate::pallet::*;
use core::marker::PhantomData;
use depin_primitives::{
	DemandSink, EpochClock, EpochIndex, OnEpochClosed, RevenueSink, RevenueSource,
};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Balanced, Credit, NativeOrWithId},
		Imbalance, OnUnbalanced,
	},
};
use sp_runtime::{
	traits::{Convert, One, Saturating, Zero},
	SaturatedConversion,
};

impl<T: Config> OnEpochClosed for Pallet<T> {
	fn on_epoch_closed(epoch: EpochIndex) -> Weight {
		Self::do_close(epoch)
	}
}

impl<T: Config> RevenueSink<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn account() -> Option<T::AccountId> {
		Some(Self::account_id())
	}
	fn note_revenue(source: RevenueSource, amount: BalanceOf<T>) {
		Self::do_note_revenue(source, amount)
	}
}

impl<T: Config> DemandSink<T::AccountId, T::AssetId, BalanceOf<T>> for Pallet<T> {
	fn account() -> Option<T::AccountId> {
		Some(Self::account_id())
	}
	fn accepts(asset: AssetKeyOf<T>) -> bool {
		asset.is_none_or(|id| AllowedAssets::<T>::get(id).is_some_and(|c| c.accepts_payments))
	}
	fn note_demand(asset: AssetKeyOf<T>, amount: BalanceOf<T>) {
		Self::do_note_demand(asset, amount)
	}
	/// At the reference price of the last closed epoch (its time-weighted average), which a
	/// trade in the open epoch cannot move; nothing without one.
	fn native_value(asset: AssetKeyOf<T>, amount: BalanceOf<T>) -> BalanceOf<T> {
		let Some(asset) = asset else { return amount };
		let Some(last) = T::Clock::current_epoch().checked_sub(1) else { return Zero::zero() };
		let Some(config) = AllowedAssets::<T>::get(asset) else { return Zero::zero() };
		let price = Reports::<T>::get(last).and_then(|r| {
			r.assets.iter().find(|a| a.asset == asset).and_then(|a| a.reference_price)
		});
		match price {
			Some(price) if !config.unit.is_zero() => {
				sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
					amount.saturated_into(),
					price.saturated_into(),
					config.unit.saturated_into(),
					sp_runtime::Rounding::Down,
				)
				.map(|v| v.saturated_into())
				.unwrap_or_else(Zero::zero)
			},
			_ => Zero::zero(),
		}
	}
}

/// Names an asset (`None`: the native token) as pallet-asset-conversion's `NativeOrWithId`.
pub struct NativeOrAsset;

impl<AssetId: Ord> Convert<Option<AssetId>, NativeOrWithId<AssetId>> for NativeOrAsset {
	fn convert(asset: Option<AssetId>) -> NativeOrWithId<AssetId> {
		asset.map_or(NativeOrWithId::Native, NativeOrWithId::WithId)
	}
}

/// Creates pools through pallet-asset-conversion's own calls (`create_pool`, then
/// `add_liquidity` from the provider): for runtimes whose DEX is that pallet.
pub struct AssetConversionPools<T>(PhantomData<T>);

impl<T> crate::DexSetup<T::AccountId, T::AssetId, BalanceOf<T>> for AssetConversionPools<T>
where
	T: Config
		+ pallet_asset_conversion::Config<
			AssetKind = <T as Config>::AssetKind,
			Balance = BalanceOf<T>,
		>,
{
	fn create_pool(
		provider: &T::AccountId,
		asset: T::AssetId,
		native: BalanceOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let origin = || frame_system::RawOrigin::Signed(provider.clone()).into();
		let (n, a) = (Pallet::<T>::native(), Pallet::<T>::kind(asset));
		pallet_asset_conversion::Pallet::<T>::create_pool(
			origin(),
			alloc::boxed::Box::new(n.clone()),
			alloc::boxed::Box::new(a.clone()),
		)?;
		pallet_asset_conversion::Pallet::<T>::add_liquidity(
			origin(),
			alloc::boxed::Box::new(n),
			alloc::boxed::Box::new(a),
			native,
			amount,
			One::one(),
			One::one(),
			provider.clone(),
		)
	}
}

/// The runtime's fee handler: `fee_share` of every fee and tip goes to the treasury, the rest
/// is burned. Settled into the books at the epoch's close, so that a transaction costs one
/// small write.
pub struct FeeRevenue<T>(PhantomData<T>);

impl<T: Config> OnUnbalanced<Credit<T::AccountId, T::Currency>> for FeeRevenue<T> {
	fn on_nonzero_unbalanced(credit: Credit<T::AccountId, T::Currency>) {
		let share = Params::<T>::get().fee_share.mul_floor(credit.peek());
		let (to_pot, burned) = credit.split(share);
		drop(burned);
		if to_pot.peek().is_zero() {
			return;
		}
		let amount = to_pot.peek();
		// The pot lives (it holds its existential deposit), so it receives any amount; if
		// it ever could not, the credit is dropped, which burns it.
		if <T::Currency as Balanced<_>>::resolve(&Pallet::<T>::account_id(), to_pot).is_ok() {
			PendingFees::<T>::mutate(|p| *p = p.saturating_add(amount));
		}
	}
}

/// The registry's and the work ledger's slash handler: slashed bonds go to the treasury,
/// where they may be granted.
pub struct SlashRevenue<T>(PhantomData<T>);

impl<T: Config> OnUnbalanced<Credit<T::AccountId, T::Currency>> for SlashRevenue<T> {
	fn on_nonzero_unbalanced(credit: Credit<T::AccountId, T::Currency>) {
		let amount = credit.peek();
		if <T::Currency as Balanced<_>>::resolve(&Pallet::<T>::account_id(), credit).is_ok() {
			Pallet::<T>::do_note_revenue(RevenueSource::Slash, amount);
		}
	}
}
