mod admin;
mod buyback;
mod model;
mod payments;
