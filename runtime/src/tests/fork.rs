//! `scripts/fork.sh`, the one command that renames a fork: it finds every place it edits in
//! this tree (a test fails the moment one moves), edits a copy as it says, changes nothing on a
//! second run, and refuses bad names before editing anything.

use crate::{identity, VERSION};
use std::{
	path::{Path, PathBuf},
	process::Command,
};

fn repo() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the runtime is in the workspace").into()
}

/// Runs `scripts/fork.sh` with `args`; returns whether it succeeded and what it printed.
fn fork(args: &[&str]) -> (bool, String) {
	let out = Command::new("bash")
		.arg(repo().join("scripts/fork.sh"))
		.args(args)
		.output()
		.expect("bash runs scripts/fork.sh");
	let text =
		format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	(out.status.success(), text)
}

const GRIDNET: [&str; 10] =
	["--name", "GridNet", "--id", "gridnet", "--symbol", "GRID", "--decimals", "10", "--ss58", "7"];

/// A copy of the files fork.sh edits, in a temporary tree.
fn copy_of_tree() -> tempfile::TempDir {
	let dir = tempfile::tempdir().expect("a temporary folder");
	std::fs::create_dir_all(dir.path().join("runtime/src")).expect("runtime/src");
	for file in ["runtime/src/identity.rs", "runtime/src/lib.rs"] {
		std::fs::copy(repo().join(file), dir.path().join(file)).expect("copy a source file");
	}
	dir
}

fn read(dir: &Path, file: &str) -> String {
	std::fs::read_to_string(dir.join(file)).expect("a file fork.sh edits")
}

#[test]
fn the_runtime_version_carries_the_chain_id() {
	assert_eq!(VERSION.spec_name, identity::CHAIN_ID);
	assert_eq!(VERSION.impl_name, identity::CHAIN_ID);
}

#[test]
fn a_dry_run_finds_every_place_it_edits_in_this_tree() {
	let before = read(&repo(), "runtime/src/identity.rs");
	// A symbol this tree does not have yet (the tree may itself be a fork called GRID).
	let other = if identity::TOKEN_SYMBOL == "ZZZ" { "YYY" } else { "ZZZ" };
	let (ok, text) = fork(&[&["--dry-run", "--symbol", other][..], &GRIDNET[..4]].concat());
	assert!(ok, "{text}");
	for what in [
		"chain name",
		"chain id",
		"token symbol",
		"token decimals",
		"SS58 prefix",
		"runtime spec_name",
		"runtime impl_name",
	] {
		assert!(text.contains(&format!("{what} '")), "{what} is not found:\n{text}");
	}
	assert!(
		text.contains(&format!("token symbol '{}' -> '{other}'", identity::TOKEN_SYMBOL)),
		"{text}"
	);
	assert!(text.contains("nothing changed"), "{text}");
	assert_eq!(read(&repo(), "runtime/src/identity.rs"), before, "a dry run edits nothing");
}

#[test]
fn a_fork_renames_a_copy_once_and_a_second_run_changes_nothing() {
	let dir = copy_of_tree();
	let root = dir.path().to_str().expect("a UTF-8 path");
	let (ok, text) = fork(&[&["--root", root, "--no-specs"][..], &GRIDNET].concat());
	assert!(ok, "{text}");
	let ids = read(dir.path(), "runtime/src/identity.rs");
	for line in [
		"pub const CHAIN_NAME: &str = \"GridNet\";",
		"pub const CHAIN_ID: &str = \"gridnet\";",
		"pub const TOKEN_SYMBOL: &str = \"GRID\";",
		"pub const TOKEN_DECIMALS: u8 = 10;",
		"pub const SS58_PREFIX: u16 = 7;",
	] {
		assert!(ids.lines().any(|l| l == line), "missing `{line}`:\n{ids}");
	}
	let lib = read(dir.path(), "runtime/src/lib.rs");
	assert!(lib.contains("spec_name: alloc::borrow::Cow::Borrowed(\"gridnet\"),"));
	assert!(lib.contains("impl_name: alloc::borrow::Cow::Borrowed(\"gridnet\"),"));
	assert!(text.contains("chain-specs/: stale; run scripts/chain-specs.sh"), "{text}");
	assert!(text.contains("validators and sudo"), "it says what is left to decide:\n{text}");

	let (ok, again) = fork(&[&["--root", root, "--no-specs"][..], &GRIDNET].concat());
	assert!(ok, "{again}");
	assert!(!again.contains("->"), "a second run edits nothing:\n{again}");
	assert_eq!(read(dir.path(), "runtime/src/identity.rs"), ids);
	assert_eq!(read(dir.path(), "runtime/src/lib.rs"), lib);
}

#[test]
fn bad_names_are_refused_before_anything_is_edited() {
	let dir = copy_of_tree();
	let root = dir.path().to_str().expect("a UTF-8 path");
	let before = read(dir.path(), "runtime/src/identity.rs");
	for (args, says) in [
		(&["--id", "Grid-Net"][..], "is not a chain id"),
		(&["--name", "Grid\"Net"], "is not a chain name"),
		(&["--symbol", "G"], "is not a token symbol"),
		(&["--decimals", "24"], "out of range"),
		(&["--ss58", "16384"], "is not an SS58 prefix"),
		(&["--ss58", "46"], "reserved"),
		(&["--colour", "red"], "unknown argument"),
	] {
		// A good value first: a bad one later must stop the run before the good one is written.
		let (ok, text) =
			fork(&[&["--root", root, "--no-specs", "--symbol", "GRID"][..], args].concat());
		assert!(!ok, "{args:?} was accepted:\n{text}");
		assert!(text.contains(says), "{args:?}: {text}");
	}
	let (ok, text) = fork(&["--root", root]);
	assert!(!ok && text.contains("nothing to rename"), "{text}");
	assert_eq!(read(dir.path(), "runtime/src/identity.rs"), before);

	// A tree whose identity file has moved on is refused with the place that moved.
	std::fs::write(dir.path().join("runtime/src/identity.rs"), "pub const NAME: &str = \"x\";\n")
		.expect("rewrite");
	let (ok, text) = fork(&["--root", root, "--no-specs", "--symbol", "GRID"]);
	assert!(!ok && text.contains("update scripts/fork.sh"), "{text}");
}
