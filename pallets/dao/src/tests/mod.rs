//! The DAO's tests: every call's success and each of its errors, the lifecycle of a proposal
//! through the real scheduler and preimage pallets, and random call sequences.

mod delegation;
mod lifecycle;
mod model;
mod voting;
