//! The Merkle tree of a storage device's data, built as the chain checks it (see
//! `pallet_physical_work::merkle`): a customer names the root in a storage order
//! (`depin market data-root`), the owner commits the device to it (`depin market commit`), and
//! the device proves the chunk the chain challenges (`depin market answer`).
//!
//! The data is cut into chunks of at most 1 024 bytes. Leaf `i` of device `d` is
//! `blake2_256(0x00 ‖ d ‖ i as u32 little-endian ‖ chunk)`, an inner node
//! `blake2_256(0x01 ‖ left ‖ right)`, and the leaves are padded with zero hashes up to the
//! next power of two. A test checks this copy against the pallet's.

use crate::{
	chain::{self, Chain},
	device::Report,
	keys::DeviceKey,
	to_hex,
	work::{epoch, feeless, REPORT_TAG},
	CliError,
};
use blake2::{digest::consts::U32, Blake2b, Digest};
use codec::Encode;
use serde_json::json;
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
};
use subxt_signer::sr25519::Keypair;

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

/// The levels of the tree over `device`'s chunks, padded: the leaves first, the root last.
fn levels(device: &[u8; 32], chunks: &[&[u8]]) -> Vec<Vec<[u8; 32]>> {
	let width = chunks.len().max(1).next_power_of_two();
	let mut level: Vec<[u8; 32]> =
		chunks.iter().enumerate().map(|(i, c)| leaf_hash(device, i as u32, c)).collect();
	level.resize(width, [0; 32]);
	let mut levels = vec![level];
	while levels[levels.len() - 1].len() > 1 {
		let below = &levels[levels.len() - 1];
		let above = below.chunks(2).map(|pair| node_hash(&pair[0], &pair[1])).collect();
		levels.push(above);
	}
	levels
}

/// The root over `device`'s chunks.
pub fn root(device: &[u8; 32], chunks: &[&[u8]]) -> [u8; 32] {
	levels(device, chunks).last().map_or([0; 32], |top| top[0])
}

/// The proof of chunk `index`: its siblings from the leaf up.
pub fn proof(device: &[u8; 32], chunks: &[&[u8]], index: u32) -> Vec<[u8; 32]> {
	let levels = levels(device, chunks);
	let mut position = index as usize;
	let mut siblings = Vec::new();
	for level in &levels[..levels.len() - 1] {
		siblings.push(level.get(position ^ 1).copied().unwrap_or([0; 32]));
		position /= 2;
	}
	siblings
}

/// `data` cut into chunks of at most [`CHUNK_LEN`] bytes.
pub fn chunks(data: &[u8]) -> Vec<&[u8]> {
	data.chunks(CHUNK_LEN).collect()
}

/// The data of `file`, which must not be empty, and its chunk count.
fn read_data(file: &std::path::Path) -> crate::Result<(Vec<u8>, u32)> {
	let data = std::fs::read(file)
		.map_err(|e| CliError::new(format!("cannot read {}: {e}", file.display())))?;
	if data.is_empty() {
		return Err(CliError::new(format!(
			"{} is empty: there is nothing to store",
			file.display()
		)));
	}
	let count = u32::try_from(chunks(&data).len())
		.map_err(|_| CliError::new("the data has more than 2^32 chunks: split it"))?;
	Ok((data, count))
}

/// `depin market data-root`: the root of `file`'s data for `device`, and its chunk count.
pub fn data_root(device: [u8; 32], file: &std::path::Path) -> crate::Result<Report> {
	let (data, count) = read_data(file)?;
	let root = to_hex(&root(&device, &chunks(&data)));
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

/// `depin market commit`: the owner commits `device` to the data of `file` (its root and chunk
/// count); the chain challenges it on that data from the next epoch.
pub async fn commit(
	chain: &Chain,
	owner: &Keypair,
	device: [u8; 32],
	file: &std::path::Path,
) -> crate::Result<Report> {
	let (data, count) = read_data(file)?;
	let root = root(&device, &chunks(&data));
	let call = dynamic::transaction(
		"PhysicalWork",
		"commit_storage",
		vec![Value::from_bytes(device), Value::from_bytes(root), Value::u128(count.into())],
	);
	chain.submit(&call, owner).await?;
	Ok(Report {
		text: format!(
			"device {} committed to data root {} ({count} chunks): the chain challenges it on \
			 that data from the next epoch; answer with `depin market answer`",
			to_hex(&device),
			to_hex(&root)
		),
		json: json!({ "device": to_hex(&device), "root": to_hex(&root), "chunks": count }),
	})
}

/// A storage challenge as the runtime API returns it.
#[derive(Clone, Copy, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Challenge {
	epoch: u32,
	chunk: u32,
}

/// An open challenge of a device.
#[derive(Clone, Copy, Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct OpenChallenge {
	device: [u8; 32],
	challenge: Challenge,
}

/// The device's open challenge, if the chain has one for it now.
async fn open_challenge(chain: &Chain, device: &[u8; 32]) -> crate::Result<Option<Challenge>> {
	let open: Vec<OpenChallenge> = chain
		.at()
		.await?
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Vec<OpenChallenge>>(
			"PhysicalWorkApi",
			"open_challenges",
			(),
		))
		.await
		.map_err(|e| CliError::new(format!("cannot read the open challenges: {e}")))?;
	Ok(open.into_iter().find(|o| &o.device == device).map(|o| o.challenge))
}

/// `depin market answer`: waits (for up to `epochs` epochs) until the chain challenges the
/// device, then proves the challenged chunk of `file` (feeless) and prints what was credited.
pub async fn answer(
	chain: &Chain,
	key: &DeviceKey,
	file: &std::path::Path,
	epochs: u32,
) -> crate::Result<Report> {
	let device = key.public();
	let (data, count) = read_data(file)?;
	let chunks = chunks(&data);
	let until = epoch(chain).await?.index.saturating_add(epochs);
	chain.say("waiting for the chain to challenge the device");
	let challenge = loop {
		if let Some(c) = open_challenge(chain, &device).await? {
			break c;
		}
		if epoch(chain).await?.index > until {
			return Err(CliError::new(format!("the device was not challenged in {epochs} epochs"))
				.hint("challenges sample the committed devices each epoch: try again later"));
		}
		tokio::time::sleep(std::time::Duration::from_millis(300)).await;
	};
	let Some(chunk) = chunks.get(challenge.chunk as usize) else {
		return Err(CliError::new(format!(
			"the chain challenges chunk {} but {} has {count} chunks",
			challenge.chunk,
			file.display()
		))
		.hint("give the file the device committed to"));
	};
	let siblings = proof(&device, &chunks, challenge.chunk);
	let mut nonce = [0u8; 8];
	getrandom::getrandom(&mut nonce)
		.map_err(|e| CliError::new(format!("no randomness from the system: {e}")))?;
	let nonce = u64::from_le_bytes(nonce);
	// `WorkReport { device, epoch, nonce, payload: ChallengeResponse { chunk, proof } }`, the
	// payload being variant 1 of `ReportPayload`.
	let encoded = (device, challenge.epoch, nonce, 1u8, chunk.to_vec(), siblings.clone()).encode();
	let mut payload = (REPORT_TAG, chain.genesis_hash()).encode();
	payload.extend_from_slice(&encoded);
	let report = Value::named_composite(vec![
		("device", Value::from_bytes(device)),
		("epoch", Value::u128(challenge.epoch.into())),
		("nonce", Value::u128(nonce.into())),
		(
			"payload",
			Value::named_variant(
				"ChallengeResponse",
				vec![
					("chunk", Value::from_bytes(chunk)),
					("proof", Value::unnamed_composite(siblings.iter().map(Value::from_bytes))),
				],
			),
		),
	]);
	let call = dynamic::transaction(
		"PhysicalWork",
		"submit_report",
		vec![report, Value::from_bytes(key.sign(&payload))],
	);
	let at = chain.at().await?;
	let events = chain.submit_transaction(feeless(&at, &call)?).await?;
	let credited = chain::event(&events, "PhysicalWork", "WorkAccepted")
		.map_or(0, |v| chain::event_number(&v, "units")) as u64;
	Ok(Report {
		text: format!(
			"chunk {} proven in epoch {}: the ordered chunks are delivered to their orders; the \
			 device is credited {credited} demand units (the value of the take behind them)",
			challenge.chunk, challenge.epoch
		),
		json: json!({ "epoch": challenge.epoch, "chunk": challenge.chunk, "credited": credited }),
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
	fn every_proof_verifies_with_the_pallet() {
		let device = [9u8; 32];
		let pallet_device = sp_core::sr25519::Public::from_raw(device);
		for n in 1..=9u32 {
			let data: Vec<Vec<u8>> = (0..n).map(|i| vec![i as u8; 5 + i as usize]).collect();
			let ours: Vec<&[u8]> = data.iter().map(Vec::as_slice).collect();
			let r = sp_core::H256(root(&device, &ours));
			for i in 0..n {
				let p: Vec<sp_core::H256> =
					proof(&device, &ours, i).into_iter().map(sp_core::H256).collect();
				assert!(
					merkle::verify(&r, &pallet_device, n, i, &data[i as usize], &p),
					"chunk {i} of {n}"
				);
			}
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
