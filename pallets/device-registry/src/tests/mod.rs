//! Tests of the device registry, one file per feature. Every test runs through
//! `ExtBuilder::build_and_execute`, which checks the invariants afterwards.

mod classes;
mod invariants;
mod lifecycle;
mod location;
mod makers;
mod register;
mod transfer;
