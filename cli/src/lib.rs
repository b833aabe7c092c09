//! The client side of `depin`: device keys, the connection to a node, transactions with
//! progress and errors explained from the chain's metadata, and the registry reads. The binary
//! (`src/main.rs`) is a thin command-line layer over this library, so that other tools (the
//! load tool, scripts) reuse the same code.

pub mod address;
pub mod args;
pub mod chain;
pub mod dao;
pub mod device;
pub mod journal;
pub mod keys;
pub mod market;
pub mod oracle;
pub mod receipts;
pub mod rewards;
pub mod storage;
pub mod treasury;
pub mod work;

use std::fmt;

/// An error the user can act on: what went wrong and, where known, what to do.
#[derive(Debug)]
pub struct CliError {
	/// What went wrong.
	pub message: String,
	/// What to do about it.
	pub hint: Option<String>,
}

impl CliError {
	/// An error without a hint.
	pub fn new(message: impl Into<String>) -> Self {
		Self { message: message.into(), hint: None }
	}

	/// Adds what the user should do.
	pub fn hint(mut self, hint: impl Into<String>) -> Self {
		self.hint = Some(hint.into());
		self
	}
}

impl fmt::Display for CliError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{}", self.message)?;
		if let Some(hint) = &self.hint {
			write!(f, "\n  hint: {hint}")?;
		}
		Ok(())
	}
}

impl std::error::Error for CliError {}

/// Writes a progress line to stderr; a closed stderr (`depin … 2>&1 | head`) is not an error.
pub fn progress(line: &str) {
	use std::io::Write;
	let _ = writeln!(std::io::stderr(), "{line}");
}

/// The result of every fallible step of the CLI.
pub type Result<T> = std::result::Result<T, CliError>;

/// Parses `0x`-prefixed (or bare) hex of exactly `N` bytes; `what` names the value in errors.
pub fn parse_hex<const N: usize>(text: &str, what: &str) -> Result<[u8; N]> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	let bytes =
		hex::decode(digits).map_err(|e| CliError::new(format!("{what} is not hex: {e}")))?;
	bytes.try_into().map_err(|b: Vec<u8>| {
		CliError::new(format!("{what} must be {N} bytes ({} hex digits), not {}", 2 * N, b.len()))
	})
}

/// `0x`-prefixed hex.
pub fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Parses a decimal number of degrees ("52.520008", "-0.5") into micro-degrees, exactly (no
/// floating point): at most six decimals.
pub fn parse_micro_degrees(text: &str, what: &str) -> Result<i32> {
	let bad =
		|| CliError::new(format!("{what} '{text}' is not a number of degrees like 52.520008"));
	let (negative, digits) = match text.strip_prefix('-') {
		Some(rest) => (true, rest),
		None => (false, text),
	};
	let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
	if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
		return Err(bad());
	}
	if fraction.len() > 6 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
		return Err(bad().hint("give at most six decimals (about 11 cm)"));
	}
	let whole: i64 = whole.parse().map_err(|_| bad())?;
	let fraction: i64 = format!("{fraction:0<6}").parse().map_err(|_| bad())?;
	let micro =
		whole.checked_mul(1_000_000).and_then(|w| w.checked_add(fraction)).ok_or_else(bad)?;
	let micro = if negative { -micro } else { micro };
	i32::try_from(micro).map_err(|_| bad())
}

/// An amount in plancks shown in whole tokens with the chain's decimals and symbol.
pub fn format_amount(plancks: u128, decimals: u8, symbol: &str) -> String {
	let unit = 10u128.pow(u32::from(decimals));
	let whole = plancks / unit;
	let fraction = plancks % unit;
	if fraction == 0 {
		return format!("{whole} {symbol}");
	}
	let fraction = format!("{fraction:0width$}", width = usize::from(decimals));
	format!("{whole}.{} {symbol}", fraction.trim_end_matches('0'))
}

/// Parses an amount in whole units ("100", "12.5") into the smallest units of a token with
/// `decimals`, exactly (no floating point); `what` names the value in errors.
pub fn parse_amount(text: &str, decimals: u8, what: &str) -> Result<u128> {
	let bad = || CliError::new(format!("{what} '{text}' is not an amount like 12.5"));
	let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
	if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
		return Err(bad());
	}
	if !fraction.bytes().all(|b| b.is_ascii_digit()) {
		return Err(bad());
	}
	if fraction.len() > usize::from(decimals) {
		return Err(bad().hint(format!("the token has {decimals} decimals")));
	}
	let unit = 10u128.pow(u32::from(decimals));
	let whole: u128 = whole.parse().map_err(|_| bad())?;
	let fraction: u128 = if fraction.is_empty() {
		0
	} else {
		format!("{fraction:0<width$}", width = usize::from(decimals)).parse().map_err(|_| bad())?
	};
	whole
		.checked_mul(unit)
		.and_then(|w| w.checked_add(fraction))
		.ok_or_else(|| bad().hint("the amount is too large"))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn degrees_parse_exactly() {
		assert_eq!(parse_micro_degrees("52.520008", "lat").unwrap(), 52_520_008);
		assert_eq!(parse_micro_degrees("-0.5", "lat").unwrap(), -500_000);
		assert_eq!(parse_micro_degrees("13", "lon").unwrap(), 13_000_000);
		assert_eq!(parse_micro_degrees("-180.000000", "lon").unwrap(), -180_000_000);
		for bad in ["", "1.2345678", "abc", "1.x", "--1", ".5", "99999999999"] {
			assert!(parse_micro_degrees(bad, "lat").is_err(), "{bad}");
		}
	}

	#[test]
	fn hex_has_the_right_length() {
		assert_eq!(parse_hex::<2>("0xabcd", "x").unwrap(), [0xab, 0xcd]);
		assert_eq!(parse_hex::<2>("abcd", "x").unwrap(), [0xab, 0xcd]);
		let e = parse_hex::<2>("0xabcdef", "key").unwrap_err();
		assert!(e.message.contains("key must be 2 bytes"), "{e}");
		assert!(parse_hex::<2>("0xzz", "key").is_err());
		assert_eq!(to_hex(&[1, 2]), "0x0102");
	}

	#[test]
	fn amounts_parse_exactly() {
		assert_eq!(parse_amount("100", 6, "a").unwrap(), 100_000_000);
		assert_eq!(parse_amount("12.5", 12, "a").unwrap(), 12_500_000_000_000);
		assert_eq!(parse_amount("0.000001", 6, "a").unwrap(), 1);
		assert_eq!(parse_amount("7", 0, "a").unwrap(), 7);
		for bad in ["", "1.2345678", "abc", "-1", ".5", "1.x", "1e3"] {
			assert!(parse_amount(bad, 6, "a").is_err(), "{bad}");
		}
		let e = parse_amount("1.0000001", 6, "--amount").unwrap_err();
		assert!(e.hint.unwrap().contains("6 decimals"));
		assert!(parse_amount("999999999999999999999999999999999999999", 12, "a").is_err());
	}

	#[test]
	fn amounts_show_in_tokens() {
		assert_eq!(format_amount(200_000_000_000_000, 12, "DPN"), "200 DPN");
		assert_eq!(format_amount(1_500_000_000_000, 12, "DPN"), "1.5 DPN");
		assert_eq!(format_amount(1, 12, "DPN"), "0.000000000001 DPN");
		assert_eq!(format_amount(7, 0, "X"), "7 X");
	}
}
