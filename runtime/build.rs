//! Builds the runtime's wasm blob, unless `SKIP_WASM_BUILD` is set (unit tests need only the
//! native runtime). The metadata hash carries the token's symbol and decimals, read from the
//! same file as the runtime reads them.
#[allow(dead_code)]
#[path = "src/identity.rs"]
mod identity;

fn main() {
	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash(identity::TOKEN_SYMBOL, identity::TOKEN_DECIMALS)
		.build();

	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
