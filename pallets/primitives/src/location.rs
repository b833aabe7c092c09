//! Device locations as fixed-point latitude and longitude.
//!
//! We store micro-degrees (1e-6°, about 11 cm at the equator) in two `i32`s rather than an H3
//! cell index: the chain needs only validation and a distance bound (witnessed coverage), both
//! of which are a few integer operations here, while H3 would need the H3 library in the
//! runtime. Clients that think in H3 convert to a cell centre before registering.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Micro-degrees in one degree.
const MICRO: i64 = 1_000_000;
/// Metres per degree of arc on a sphere of the Earth's mean radius (6 371 008.8 m).
const METRES_PER_DEGREE: u128 = 111_195;

/// A point on the Earth, in micro-degrees.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Location {
	/// Latitude in micro-degrees, in [-90 000 000, 90 000 000]; north is positive.
	pub lat: i32,
	/// Longitude in micro-degrees, in [-180 000 000, 180 000 000]; east is positive.
	pub lon: i32,
}

/// Why a [`Location`] is not a point on the Earth.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LocationError {
	/// Latitude outside ±90°.
	LatitudeOutOfRange,
	/// Longitude outside ±180°.
	LongitudeOutOfRange,
}

impl Location {
	/// A checked location.
	pub fn new(lat: i32, lon: i32) -> Result<Self, LocationError> {
		let l = Location { lat, lon };
		l.validate().map(|_| l)
	}

	/// Checks that both coordinates are in range.
	pub fn validate(&self) -> Result<(), LocationError> {
		if i64::from(self.lat).abs() > 90 * MICRO {
			return Err(LocationError::LatitudeOutOfRange);
		}
		if i64::from(self.lon).abs() > 180 * MICRO {
			return Err(LocationError::LongitudeOutOfRange);
		}
		Ok(())
	}

	/// Distance to `other` in metres, by the equirectangular approximation with an integer
	/// cosine (Bhaskara I). Within 0.5% of the great-circle distance for the ranges that
	/// coverage proofs care about (metres to hundreds of kilometres), away from the poles.
	/// Deterministic integer arithmetic only: no floats in the runtime.
	pub fn distance_m(&self, other: &Location) -> u64 {
		let dlat = i128::from(other.lat) - i128::from(self.lat);
		let mut dlon = i128::from(other.lon) - i128::from(self.lon);
		// Take the short way around the antimeridian.
		let full = 360 * i128::from(MICRO);
		if dlon > full / 2 {
			dlon -= full;
		} else if dlon < -full / 2 {
			dlon += full;
		}
		// cos(mean latitude) = sin(90° + mean latitude), with x in [0°, 180°] as micro-degrees.
		let mean_lat = (i128::from(self.lat) + i128::from(other.lat)) / 2;
		let x = 90 * i128::from(MICRO) + mean_lat;
		let p = x * (180 * i128::from(MICRO) - x);
		let num = 4 * p;
		let den = 40_500 * i128::from(MICRO) * i128::from(MICRO) - p;
		let dx = if den == 0 { 0 } else { dlon * num / den };
		let sq = (dx * dx + dlat * dlat) as u128;
		let micro_degrees = sq.isqrt();
		let metres = micro_degrees * METRES_PER_DEGREE / MICRO as u128;
		u64::try_from(metres).unwrap_or(u64::MAX)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn at(lat: f64, lon: f64) -> Location {
		Location::new((lat * 1e6) as i32, (lon * 1e6) as i32).expect("valid test location")
	}

	fn within(actual: u64, expected: u64, per_mille: u64) {
		let diff = actual.abs_diff(expected);
		assert!(
			diff * 1000 <= expected * per_mille,
			"{actual} m is not within {per_mille}‰ of {expected} m"
		);
	}

	#[test]
	fn rejects_points_off_the_earth() {
		assert_eq!(Location::new(90_000_001, 0), Err(LocationError::LatitudeOutOfRange));
		assert_eq!(Location::new(-90_000_001, 0), Err(LocationError::LatitudeOutOfRange));
		assert_eq!(Location::new(0, 180_000_001), Err(LocationError::LongitudeOutOfRange));
		assert_eq!(Location::new(0, i32::MIN), Err(LocationError::LongitudeOutOfRange));
		assert!(Location::new(90_000_000, -180_000_000).is_ok());
	}

	#[test]
	fn distance_to_self_is_zero() {
		let p = at(48.8566, 2.3522);
		assert_eq!(p.distance_m(&p), 0);
	}

	#[test]
	fn one_degree_of_latitude() {
		within(at(10.0, 5.0).distance_m(&at(11.0, 5.0)), 111_195, 1);
	}

	#[test]
	fn longitude_shrinks_with_latitude() {
		// One degree of longitude at 60°N is half of one at the equator.
		within(at(60.0, 0.0).distance_m(&at(60.0, 1.0)), 55_597, 5);
		within(at(0.0, 0.0).distance_m(&at(0.0, 1.0)), 111_195, 1);
	}

	#[test]
	fn known_city_pair() {
		// Paris to Brussels: 264 km great-circle.
		within(at(48.8566, 2.3522).distance_m(&at(50.8503, 4.3517)), 264_000, 5);
	}

	#[test]
	fn short_way_round_the_antimeridian() {
		within(at(0.0, 179.9).distance_m(&at(0.0, -179.9)), 22_239, 2);
	}

	#[test]
	fn symmetric() {
		let (a, b) = (at(-33.86, 151.21), at(-33.90, 151.10));
		assert_eq!(a.distance_m(&b), b.distance_m(&a));
	}
}
