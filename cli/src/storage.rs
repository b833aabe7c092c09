//! The Merkle tree of a storage device's data, built as the chain checks it (see
//! `pallet_physical_work::merkle`): a customer names the root in a storage order
//! (`depin market data-root`), and the device proves challenged chunks against it.
//!
//! The data is cut into chunks of at most 1 024 bytes. Leaf `i` of device `d` is
//! `blake2_256(0x00 ‖ d ‖ i as u32 little-endian ‖ chunk)`, an inner node
//! `blake2_256(0x01 ‖ left ‖ right)`, and the leaves are padded with zero hashes up to the
//! next power of two. A test checks this copy against the pallet's.

use crate::{device::Report, to_hex, CliError};
use blake2::{digest::consts::U32, Blake2b, Digest};
use serde_json::json;

/// The most bytes in one chunk (the pallet's `MAX_CHUNK_LEN`).
pub const CHUNK_LEN: usize = 1024;

fn blake2_256(parts: &[&[u8]]) -> [u8; 32] {
	let mut hasher = Blake2b::<U32>::new();
	for part in parts {
		hasher.update(part);
	}
	hasher.finalize().into()
}

/// The hash of chunk `index` of `device`'s data, as a leaf.
pub fn leaf_hash(device: &[u8; 32], index: u32, chunk: &[u8]) -> [u8; 32] {
	blake2_256(&[&[0u8], device, &index.to_le_bytes(), chunk])
}

/// The hash of an inner node.
pub fn node_hash(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
	blake2_256(&[&[1u8], left, right])
}

/// The root over `device`'s chunks.
pub fn root(device: &[u8; 32], chunks: &[&[u8]]) -> [u8; 32] {
	let width = chunks.len().max(1).next_power_of_two();
	let mut level: Vec<[u8; 32]> =
		chunks.iter().enumerate().map(|(i, c)| leaf_hash(device, i as u32, c)).collect();
	level.resize(width, [0; 32]);
	while level.len() > 1 {
		level = level.chunks(2).map(|pair| node_hash(&pair[0], &pair[1])).collect();
	}
	level[0]
}

/// `data` cut into chunks of at most [`CHUNK_LEN`] bytes.
pub fn chunks(data: &[u8]) -> Vec<&[u8]> {
	data.chunks(CHUNK_LEN).collect()
}

/// `depin market data-root`: the root of `file`'s data for `device`, and its chunk count.
pub fn data_root(device: [u8; 32], file: &std::path::Path) -> crate::Result<Report> {
	let data = std::fs::read(file)
		.map_err(|e| CliError::new(format!("cannot read {}: {e}", file.display())))?;
	if data.is_empty() {
		return Err(CliError::new(format!(
			"{} is empty: there is nothing to store",
			file.display()
		)));
	}
	let chunks = chunks(&data);
	let count = u32::try_from(chunks.len())
		.map_err(|_| CliError::new("the data has more than 2^32 chunks: split it"))?;
	let root = to_hex(&root(&device, &chunks));
	Ok(Report {
		text: format!(
			"data root {root}: {count} chunks of {} bytes for device {}; order with \
			 `depin market order --offer N --units {count} --data-root {root} ...`",
			data.len(),
			to_hex(&device)
		),
		json: json!({ "root": root, "chunks": count, "bytes": data.len(), "device": to_hex(&device) }),
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_physical_work::merkle;

	#[test]
	fn the_root_is_the_pallets_for_every_small_tree_and_a_large_one() {
		let device = [7u8; 32];
		let pallet_device = sp_core::sr25519::Public::from_raw(device);
		for n in (1..=17).chain([1024 + 3]) {
			let data: Vec<Vec<u8>> = (0..n).map(|i| vec![(i % 251) as u8; 1 + i % 40]).collect();
			let ours: Vec<&[u8]> = data.iter().map(Vec::as_slice).collect();
			assert_eq!(root(&device, &ours), merkle::root(&pallet_device, &data).0, "{n} chunks");
		}
	}

	#[test]
	fn data_is_cut_into_chunks_of_at_most_1024_bytes() {
		let data = vec![1u8; 2 * CHUNK_LEN + 5];
		let cut = chunks(&data);
		assert_eq!(cut.iter().map(|c| c.len()).collect::<Vec<_>>(), vec![1024, 1024, 5]);
		assert_eq!(CHUNK_LEN as u32, pallet_physical_work::MAX_CHUNK_LEN);
	}

	#[test]
	fn an_empty_or_missing_file_is_refused() {
		let dir = tempfile::tempdir().expect("temp dir");
		let empty = dir.path().join("empty");
		std::fs::write(&empty, b"").expect("write");
		let refusal = |path: &std::path::Path| match data_root([1; 32], path) {
			Err(e) => e.message,
			Ok(report) => panic!("refused, not {}", report.text),
		};
		assert!(refusal(&empty).contains("is empty"));
		assert!(refusal(&dir.path().join("missing")).contains("cannot read"));
	}
}
