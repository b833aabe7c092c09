mod claims;
mod close;
mod model;
mod params;
