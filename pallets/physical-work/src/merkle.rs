//! The Merkle tree a storage device commits to: pure functions.
//!
//! The data is cut into chunks of at most [`crate::MAX_CHUNK_LEN`] bytes. Leaf `i` of device
//! `d` is `blake2_256(0x00 ‖ d ‖ i as u32 little-endian ‖ chunk)`, an inner node
//! `blake2_256(0x01 ‖ left ‖ right)`; the prefixes keep a leaf from passing for a node.
//!
//! A leaf names its device and its position. Without them, a tree over 2^20 identical chunks
//! is a tower of identical subtrees: one path answers every challenge, and a device stores one
//! chunk and 20 hashes while claiming a million chunks. Bound to its position, every leaf
//! differs, so a device that keeps neither the data nor the tree must rebuild the whole tree to
//! answer one challenge; bound to the device, one copy of data cannot serve as the committed
//! data of several devices (each device's tree over the same bytes differs). What binding
//! cannot show is that anyone wanted the data kept: that is what storage orders are for (see
//! `StorageDemand`). The leaves are padded with zero hashes up to the next
//! power of two, so every proof of a tree with `n` chunks has exactly `depth(n)` siblings,
//! listed from the leaf upwards. The bit `i` of the chunk index says whether the node at height
//! `i` is a right child (1) or a left child (0).

use alloc::vec::Vec;
use depin_primitives::DeviceId;
use sp_core::H256;
use sp_io::hashing::blake2_256;

/// The hash of chunk `index` of `device`'s data, as a leaf.
pub fn leaf_hash(device: &DeviceId, index: u32, chunk: &[u8]) -> H256 {
	let mut data = Vec::with_capacity(1 + 32 + 4 + chunk.len());
	data.push(0u8);
	data.extend_from_slice(device.as_ref());
	data.extend_from_slice(&index.to_le_bytes());
	data.extend_from_slice(chunk);
	H256(blake2_256(&data))
}

/// The hash of an inner node.
pub fn node_hash(left: &H256, right: &H256) -> H256 {
	let mut data = [0u8; 65];
	data[0] = 1;
	data[1..33].copy_from_slice(left.as_bytes());
	data[33..].copy_from_slice(right.as_bytes());
	H256(blake2_256(&data))
}

/// How many siblings a proof in a tree of `chunks` leaves has: `ceil(log2(chunks))`.
pub fn depth(chunks: u32) -> u32 {
	if chunks <= 1 {
		0
	} else {
		u32::BITS - (chunks - 1).leading_zeros()
	}
}

/// Whether `proof` shows that `chunk` is leaf `index` of `device`'s tree with `root` and
/// `chunks` leaves.
pub fn verify(
	root: &H256,
	device: &DeviceId,
	chunks: u32,
	index: u32,
	chunk: &[u8],
	proof: &[H256],
) -> bool {
	if index >= chunks || proof.len() != depth(chunks) as usize {
		return false;
	}
	let mut node = leaf_hash(device, index, chunk);
	for (height, sibling) in proof.iter().enumerate() {
		node = if (index >> height) & 1 == 0 {
			node_hash(&node, sibling)
		} else {
			node_hash(sibling, &node)
		};
	}
	node == *root
}

/// The levels of the tree over `leaves`, padded: `levels[0]` are the leaves, the last level is
/// the root.
fn levels(leaves: &[H256]) -> Vec<Vec<H256>> {
	let width = 1usize << depth(leaves.len().max(1) as u32);
	let mut level: Vec<H256> = leaves.to_vec();
	level.resize(width, H256::zero());
	let mut levels = alloc::vec![level];
	while levels.last().map(|l| l.len()).unwrap_or(1) > 1 {
		let below = levels.last().cloned().unwrap_or_default();
		levels.push(below.chunks(2).map(|pair| node_hash(&pair[0], &pair[1])).collect());
	}
	levels
}

fn leaves<C: AsRef<[u8]>>(device: &DeviceId, chunks: &[C]) -> Vec<H256> {
	chunks.iter().enumerate().map(|(i, c)| leaf_hash(device, i as u32, c.as_ref())).collect()
}

/// The root over `device`'s chunks (what the device commits, and what a customer names in a
/// storage order for that device).
pub fn root<C: AsRef<[u8]>>(device: &DeviceId, chunks: &[C]) -> H256 {
	levels(&leaves(device, chunks)).last().and_then(|l| l.first().copied()).unwrap_or_default()
}

/// The proof of chunk `index` of `device`'s data (what the challenged device sends).
pub fn proof<C: AsRef<[u8]>>(device: &DeviceId, chunks: &[C], index: u32) -> Vec<H256> {
	let leaves = leaves(device, chunks);
	let levels = levels(&leaves);
	let mut position = index as usize;
	let mut siblings = Vec::new();
	for level in &levels[..levels.len() - 1] {
		siblings.push(level.get(position ^ 1).copied().unwrap_or_default());
		position /= 2;
	}
	siblings
}

#[cfg(test)]
mod tests {
	use super::*;

	fn d() -> DeviceId {
		DeviceId::from_raw([7; 32])
	}

	fn data(n: usize) -> Vec<Vec<u8>> {
		(0..n).map(|i| alloc::vec![i as u8; 10 + i]).collect()
	}

	#[test]
	fn depth_is_the_ceiling_of_log2() {
		assert_eq!(depth(0), 0);
		assert_eq!(depth(1), 0);
		assert_eq!(depth(2), 1);
		assert_eq!(depth(3), 2);
		assert_eq!(depth(4), 2);
		assert_eq!(depth(5), 3);
		assert_eq!(depth(u32::MAX), 32);
	}

	#[test]
	fn every_chunk_of_every_small_tree_proves() {
		for n in 1..=9 {
			let chunks = data(n);
			let r = root(&d(), &chunks);
			for i in 0..n as u32 {
				let p = proof(&d(), &chunks, i);
				assert_eq!(p.len(), depth(n as u32) as usize);
				assert!(verify(&r, &d(), n as u32, i, &chunks[i as usize], &p), "n={n} i={i}");
			}
		}
	}

	#[test]
	fn a_wrong_chunk_index_device_root_or_proof_fails() {
		let chunks = data(5);
		let r = root(&d(), &chunks);
		let p = proof(&d(), &chunks, 2);
		assert!(verify(&r, &d(), 5, 2, &chunks[2], &p));
		assert!(!verify(&r, &d(), 5, 2, &chunks[3], &p), "another chunk");
		assert!(!verify(&r, &d(), 5, 3, &chunks[2], &p), "another index");
		assert!(!verify(&r, &d(), 5, 5, &chunks[2], &p), "index beyond the chunks");
		assert!(!verify(&r, &DeviceId::from_raw([8; 32]), 5, 2, &chunks[2], &p), "another device");
		assert!(!verify(&H256::repeat_byte(1), &d(), 5, 2, &chunks[2], &p), "another root");
		assert!(!verify(&r, &d(), 5, 2, &chunks[2], &p[..2]), "a short proof");
		let mut longer = p.clone();
		longer.push(H256::zero());
		assert!(!verify(&r, &d(), 5, 2, &chunks[2], &longer), "a long proof");
		let mut bent = p;
		bent[0] = H256::repeat_byte(9);
		assert!(!verify(&r, &d(), 5, 2, &chunks[2], &bent), "a bent sibling");
	}

	#[test]
	fn identical_chunks_make_distinct_leaves_so_one_path_answers_one_index() {
		// 2^4 identical chunks: unbound, every subtree would be the same and one path would
		// prove every index. Bound to their positions, the path of chunk 0 proves chunk 0 only.
		let chunks = alloc::vec![alloc::vec![0u8; 64]; 16];
		let r = root(&d(), &chunks);
		let p = proof(&d(), &chunks, 0);
		assert!(verify(&r, &d(), 16, 0, &chunks[0], &p));
		for i in 1..16 {
			assert!(!verify(&r, &d(), 16, i, &chunks[0], &p), "index {i}");
		}
		let leaves: alloc::collections::BTreeSet<H256> =
			(0..16).map(|i| leaf_hash(&d(), i, &chunks[0])).collect();
		assert_eq!(leaves.len(), 16);
		// The same bytes kept for another device make another tree.
		assert_ne!(root(&DeviceId::from_raw([8; 32]), &chunks), r);
	}

	#[test]
	fn a_node_cannot_pass_for_a_leaf() {
		let chunks = data(4);
		let r = root(&d(), &chunks);
		// The two level-1 nodes, concatenated, are not a leaf of a one-level-shorter tree.
		let leaf = |i: u32| leaf_hash(&d(), i, &chunks[i as usize]);
		let left = node_hash(&leaf(0), &leaf(1));
		let right = node_hash(&leaf(2), &leaf(3));
		let mut forged = left.as_bytes().to_vec();
		forged.extend_from_slice(right.as_bytes());
		assert!(!verify(&r, &d(), 1, 0, &forged, &[]));
	}
}
