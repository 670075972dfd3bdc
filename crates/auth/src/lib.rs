//! Authentication primitives: password hashing, access tokens, refresh tokens and login
//! throttling. No HTTP and no SQL: the service decides when each is used.

pub mod password;
pub mod refresh;
pub mod throttle;
pub mod tokens;
