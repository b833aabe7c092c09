//! How the transaction pool's essential tasks are spawned, so that a normal shutdown does not
//! read as a crash.
//!
//! The fork-aware pool runs its mempool bridge as a blocking task that waits in a blocking
//! receive until the pool is dropped, and the pool is dropped only after the node has been told
//! to stop. The SDK's essential-task wrapper sees only that the task ended, so every SIGTERM
//! logged "Essential task `txpool-background` failed. Shutting down service." Here each
//! blocking essential task of the pool runs as a plain task, and a small essential task named
//! after it waits for it to end: one that ends while the node runs still stops the node with
//! that message, one that ends because the node is stopping says nothing (the stop signal is
//! fired before the pool is dropped, and an essential task that sees the stop signal ends
//! quietly).

use futures::{channel::oneshot, future::BoxFuture};
use sc_service::{SpawnEssentialTaskHandle, SpawnTaskHandle, TaskManager};
use sp_core::traits::SpawnEssentialNamed;

/// The spawner handed to the transaction pool.
#[derive(Clone)]
pub struct PoolSpawner {
	essential: SpawnEssentialTaskHandle,
	plain: SpawnTaskHandle,
}

impl PoolSpawner {
	/// Spawns on `task_manager`.
	pub fn new(task_manager: &TaskManager) -> Self {
		Self {
			essential: task_manager.spawn_essential_handle(),
			plain: task_manager.spawn_handle(),
		}
	}
}

impl SpawnEssentialNamed for PoolSpawner {
	fn spawn_essential_blocking(
		&self,
		name: &'static str,
		group: Option<&'static str>,
		future: BoxFuture<'static, ()>,
	) {
		let (ended, watch) = oneshot::channel::<()>();
		self.essential.spawn(name, group, async move {
			// Ends when the task ends (or is dropped, e.g. by a panic).
			let _ = watch.await;
		});
		self.plain.spawn_blocking(name, group, async move {
			future.await;
			let _ = ended.send(());
		});
	}

	fn spawn_essential(
		&self,
		name: &'static str,
		group: Option<&'static str>,
		future: BoxFuture<'static, ()>,
	) {
		self.essential.spawn(name, group, future);
	}
}
