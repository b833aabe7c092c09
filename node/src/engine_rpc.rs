//! Dev sealing's `engine_createBlock` and `engine_finalizeBlock`, served as unsafe methods.
//!
//! The SDK's manual-seal RPC registers them as ordinary methods, so a dev node whose RPC was
//! opened with `--rpc-external` let anyone make and finalize its blocks. Here they go through
//! the same `DenyUnsafe` check as `author_insertKey`: refused under `--rpc-methods safe`, which
//! is what `auto` (the default) means for an RPC server that listens beyond loopback.

use futures::channel::mpsc;
use jsonrpsee::{core::async_trait, proc_macros::rpc, types::ErrorObjectOwned, Extensions};
use sc_consensus_manual_seal::{
	rpc::{CreatedBlock, ManualSeal, ManualSealApiServer},
	EngineCommand,
};
use sp_runtime::EncodedJustification;

/// The `engine_*` methods, each checked against the RPC server's policy first.
#[rpc(server)]
pub trait EngineApi<Hash> {
	/// Seals a new block (dev sealing only).
	#[method(name = "engine_createBlock", with_extensions)]
	async fn create_block(
		&self,
		create_empty: bool,
		finalize: bool,
		parent_hash: Option<Hash>,
	) -> Result<CreatedBlock<Hash>, ErrorObjectOwned>;

	/// Finalizes a block (dev sealing only).
	#[method(name = "engine_finalizeBlock", with_extensions)]
	async fn finalize_block(
		&self,
		hash: Hash,
		justification: Option<EncodedJustification>,
	) -> Result<bool, ErrorObjectOwned>;
}

/// The engine methods in front of the SDK's manual seal.
pub struct Engine<Hash> {
	inner: ManualSeal<Hash>,
}

impl<Hash> Engine<Hash> {
	/// Methods that send their commands to `commands`.
	pub fn new(commands: mpsc::Sender<EngineCommand<Hash>>) -> Self {
		Self { inner: ManualSeal::new(commands) }
	}
}

#[async_trait]
impl<Hash: Send + Sync + 'static> EngineApiServer<Hash> for Engine<Hash> {
	async fn create_block(
		&self,
		ext: &Extensions,
		create_empty: bool,
		finalize: bool,
		parent_hash: Option<Hash>,
	) -> Result<CreatedBlock<Hash>, ErrorObjectOwned> {
		sc_rpc_api::check_if_safe(ext)?;
		Ok(self.inner.create_block(create_empty, finalize, parent_hash).await?)
	}

	async fn finalize_block(
		&self,
		ext: &Extensions,
		hash: Hash,
		justification: Option<EncodedJustification>,
	) -> Result<bool, ErrorObjectOwned> {
		sc_rpc_api::check_if_safe(ext)?;
		Ok(self.inner.finalize_block(hash, justification).await?)
	}
}
