mod batch;
mod clock;
mod coverage;
mod fraud;
mod invariants;
mod receipts;
mod storage;
mod telemetry;
