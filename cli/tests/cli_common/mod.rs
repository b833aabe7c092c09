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
	let out = Command::new(depin()).args(args).output().expect("the depin binary runs");
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

/// Registers the device of key file `key` as a located sensor (class 3) owned by Alice;
/// returns the registration as JSON.
pub fn register_sensor(key: &str, url: &str) -> serde_json::Value {
	json(&ok(&[
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
	]))
}
