//! The domain vocabulary of Praxis: ids, validated values, roles, the taxonomy and the
//! permission policy. Pure functions only: no I/O, no async, so every rule here is cheap to test.

pub mod error;
pub mod fold;
pub mod ids;
pub mod limits;
pub mod policy;
pub mod taxonomy;
pub mod types;
pub mod validate;
pub mod workflow;

pub use error::{Error, ErrorCode, Result};
