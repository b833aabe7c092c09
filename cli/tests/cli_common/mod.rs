//! Running the `depin` binary that cargo built for the CLI's journeys, and reading its output.
#![allow(dead_code)]

use std::{path::PathBuf, process::Command};

/// The `depin` binary that cargo built for these tests.
pub fn depin() -> PathBuf {
	PathBuf::from(env!("CARGO_BIN_EXE_depin"))
}

/// What one run printed and how it exited.
pub struct Run {
	pub code: i32,
	pub stdout: String,
	pub stderr: String,
}

pub fn run<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[S]) -> Run {
	let out = Command::new(depin())
		.args(args)
		.env(JOURNAL_ENV, journal_dir())
		.output()
		.expect("the depin binary runs");
	Run {
		code: out.status.code().unwrap_or(-1),
		stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
		stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
	}
}

/// Runs `depin args`, which must succeed; returns what it printed.
pub fn ok<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[S]) -> String {
	let r = run(args);
	assert_eq!(r.code, 0, "depin {args:?} failed:\n{}\n{}", r.stdout, r.stderr);
	r.stdout
}

/// Runs `depin args`, which must fail with exit code 1 and `expected` in its message.
pub fn fails<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[S], expected: &str) {
	let r = run(args);
	assert_eq!(r.code, 1, "depin {args:?} should fail:\n{}\n{}", r.stdout, r.stderr);
	assert!(r.stderr.contains(expected), "depin {args:?}: expected '{expected}' in:\n{}", r.stderr);
	assert!(!r.stderr.contains("panicked"), "no panic:\n{}", r.stderr);
}

pub fn json(text: &str) -> serde_json::Value {
	serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// The arguments that register the device of key file `key` as a located sensor (class 3)
/// owned by Alice, with JSON output.
pub fn register_sensor_args<'a>(key: &'a str, url: &'a str) -> [&'a str; 13] {
	[
		"device",
		"register",
		"--device-key",
		key,
		"--class",
		"3",
		"--location",
		"52.520008,13.404954",
		"--suri",
		"//Alice",
		"--url",
		url,
		"--json",
	]
}

/// Registers the device of key file `key` as a located sensor (class 3) owned by Alice;
/// returns the registration as JSON.
pub fn register_sensor(key: &str, url: &str) -> serde_json::Value {
	json(&ok(&register_sensor_args(key, url)))
}

/// The environment variable naming the CLI's report journal.
pub const JOURNAL_ENV: &str = "DEPIN_JOURNAL";

/// The report journal of every run in these tests: one folder under the system's temporary
/// folder, never the user's own (device keys are fresh in every test, so runs never meet).
pub fn journal_dir() -> PathBuf {
	std::env::temp_dir().join("depin-cli-tests-journal")
}
