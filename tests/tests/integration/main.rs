//! The one integration-test binary: every module speaks to a real in-process server.

mod accounts;
mod discussion;
mod hardening;
mod n_plus_one;
mod schema;
mod subscriptions;
mod visibility;
