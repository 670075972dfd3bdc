//! Failed-login throttling, per account and per client address, in memory: enough to stop
//! password guessing against one node without storing anyone's address on disk.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct ThrottleLimits {
    pub failures_per_account: usize,
    pub failures_per_client: usize,
    pub window: Duration,
}

impl Default for ThrottleLimits {
    fn default() -> Self {
        Self {
            failures_per_account: 5,
            failures_per_client: 20,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// How long until the caller may try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

#[derive(Default)]
struct Failures {
    by_key: HashMap<String, VecDeque<Instant>>,
}

impl Failures {
    fn prune(&mut self, now: Instant, window: Duration) {
        self.by_key.retain(|_, times| {
            while times.front().is_some_and(|t| now.duration_since(*t) >= window) {
                times.pop_front();
            }
            !times.is_empty()
        });
    }
}

pub struct LoginThrottle {
    limits: ThrottleLimits,
    failures: Mutex<Failures>,
}

impl LoginThrottle {
    pub fn new(limits: ThrottleLimits) -> Self {
        Self { limits, failures: Mutex::new(Failures::default()) }
    }

    fn keys(account: &str, client: Option<&str>) -> (String, Option<String>) {
        (format!("account:{account}"), client.map(|c| format!("client:{c}")))
    }

    /// Refuses when either the account or the client has failed too often within the window.
    pub fn check(
        &self,
        account: &str,
        client: Option<&str>,
        now: Instant,
    ) -> Result<(), RetryAfter> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.prune(now, self.limits.window);
        let (account_key, client_key) = Self::keys(account, client);
        let limited = |key: &str, limit: usize| {
            failures.by_key.get(key).filter(|t| t.len() >= limit).and_then(|t| t.front().copied())
        };
        let oldest = limited(&account_key, self.limits.failures_per_account).or_else(|| {
            client_key.as_deref().and_then(|k| limited(k, self.limits.failures_per_client))
        });
        match oldest {
            Some(first) => {
                Err(RetryAfter(self.limits.window.saturating_sub(now.duration_since(first))))
            }
            None => Ok(()),
        }
    }

    pub fn record_failure(&self, account: &str, client: Option<&str>, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let (account_key, client_key) = Self::keys(account, client);
        for key in std::iter::once(account_key).chain(client_key) {
            failures.by_key.entry(key).or_default().push_back(now);
        }
    }

    /// A successful sign-in clears the account's failures (not the client's).
    pub fn record_success(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.by_key.remove(&Self::keys(account, None).0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(ThrottleLimits {
            failures_per_account: 3,
            failures_per_client: 5,
            window: Duration::from_secs(60),
        })
    }

    #[test]
    fn locks_an_account_after_repeated_failures_until_the_window_passes() {
        let t = throttle();
        let start = Instant::now();
        for _ in 0..3 {
            assert!(t.check("a@x.org", Some("1.2.3.4"), start).is_ok());
            t.record_failure("a@x.org", Some("1.2.3.4"), start);
        }
        assert!(t.check("a@x.org", Some("5.6.7.8"), start).is_err());
        assert!(t.check("b@x.org", Some("5.6.7.8"), start).is_ok());
        assert!(t.check("a@x.org", None, start + Duration::from_secs(61)).is_ok());
    }

    #[test]
    fn limits_one_client_guessing_many_accounts() {
        let t = throttle();
        let now = Instant::now();
        for i in 0..5 {
            t.record_failure(&format!("user{i}@x.org"), Some("9.9.9.9"), now);
        }
        assert!(t.check("fresh@x.org", Some("9.9.9.9"), now).is_err());
        assert!(t.check("fresh@x.org", Some("1.1.1.1"), now).is_ok());
    }

    #[test]
    fn success_clears_the_account() {
        let t = throttle();
        let now = Instant::now();
        for _ in 0..3 {
            t.record_failure("a@x.org", None, now);
        }
        t.record_success("a@x.org");
        assert!(t.check("a@x.org", None, now).is_ok());
    }
}
