//! The load tool through a real node: a small run whose every report and transfer must be
//! included, with the figures printed as JSON.

#[path = "../../../node/tests/common/mod.rs"]
mod common;

use common::Node;
use std::process::Command;

#[tokio::test(flavor = "multi_thread")]
async fn a_small_load_is_included_whole() {
	let node = Node::start(&["--sealing", "500"]).await;
	let out = Command::new(env!("CARGO_BIN_EXE_depin-load"))
		.args(["--url", &node.ws_url, "--devices", "24", "--batch", "10", "--transfers", "30"])
		.args(["--junk", "2", "--json"])
		.output()
		.expect("depin-load runs");
	let stdout = String::from_utf8_lossy(&out.stdout);
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(out.status.success(), "depin-load failed:\n{stdout}\n{stderr}\n{}", node.log_text());
	let rows: serde_json::Value = serde_json::from_str(stdout.trim()).expect("JSON figures");
	let rows = rows.as_array().expect("one row per kind");
	let kinds: Vec<&str> = rows.iter().filter_map(|r| r["kind"].as_str()).collect();
	assert_eq!(kinds, ["single reports", "junk batches", "batched reports", "transfers"]);
	// Junk next to the honest batches: a valid report copied beside forged padding, and
	// batches forged throughout. The pool refuses every one, naming the forgery; none takes
	// block weight.
	let junk = &rows[1];
	assert_eq!(junk["sent"], 40, "{junk}");
	assert_eq!(junk["included"], 0, "{junk}");
	let refused = junk["refused"].as_object().expect("refusals by reason");
	assert_eq!(refused.len(), 1, "{junk}");
	let (reason, count) = refused.iter().next().expect("one reason");
	assert!(reason.starts_with("PhysicalWork.InvalidSignature"), "{junk}");
	assert_eq!(count, 40, "{junk}");
	assert_eq!(junk["batch_weight_ms"], 0.0, "{junk}");
	let honest = [&rows[0], &rows[2], &rows[3]];
	for (row, sent) in honest.into_iter().zip([24, 24, 30]) {
		assert_eq!(row["sent"], sent, "{row}");
		assert_eq!(row["included"], sent, "every one included: {row}");
		assert_eq!(row["refused"], serde_json::json!({}), "{row}");
		assert!(row["most_per_block"].as_u64().unwrap_or(0) >= 1, "{row}");
		assert!(row["included_per_second"].as_f64().unwrap_or(0.0) > 0.0, "{row}");
	}
	// Three batches (10, 10, 4) carried the 24 batched reports, none skipped, and were
	// charged for them.
	assert_eq!(rows[2]["skipped"], serde_json::json!({}), "no batched report skipped");
	assert!(rows[2]["batch_weight_ms"].as_f64().unwrap_or(0.0) > 0.0, "{}", rows[2]);

	// A batch over the chain's bound is refused before anything is sent.
	let over = Command::new(env!("CARGO_BIN_EXE_depin-load"))
		.args(["--url", &node.ws_url, "--devices", "4", "--batch", "5000"])
		.output()
		.expect("depin-load runs");
	assert_eq!(over.status.code(), Some(1));
	let stderr = String::from_utf8_lossy(&over.stderr);
	assert!(stderr.contains("MaxReportsPerBatch"), "{stderr}");
	assert!(!stderr.contains("panicked"), "{stderr}");
	node.stop();
}
