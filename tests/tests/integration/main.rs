//! The one integration-test binary: every module speaks to a real in-process server.
// Tests and their helpers report failure by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod discussion;
mod hardening;
mod import_lines;
mod library;
mod library_files;
mod n_plus_one;
mod profile;
mod schema;
mod search;
mod subscriptions;
mod visibility;
