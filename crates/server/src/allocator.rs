//! The memory allocator, and how it gives memory back.
//!
//! glibc's allocator keeps what indexing large batches of documents freed (one arena per thread,
//! fragmented), so a server that imported a library stayed hundreds of MB larger than it needs;
//! mimalloc returns freed memory to the system.
//!
//! But mimalloc returns a thread's freed pages on that thread's later calls, and a thread that
//! has ended makes none. Its memory that something else still holds is kept in place
//! ("abandoned"), and by default the free pages around it stay resident too. tantivy ends its
//! indexing thread at every commit and starts another, and tokio ends idle blocking threads, so
//! each batch the indexer applied left such pages behind: after importing the UN corpus the
//! server's heap was 82 MB where it is 59 MB with them returned, and under search load 77 MB
//! where it is 50 MB (the same import, in turns, on one machine).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_abandoned_page_purge` (mimalloc.h), which the Rust bindings do not
/// name. mimalloc keeps its options' numbers stable: retired options keep their places.
const ABANDONED_PAGE_PURGE: libmimalloc_sys::mi_option_t = 12;

/// Has mimalloc return the free pages of a thread's memory when the thread ends. Call it before
/// starting any thread.
pub fn return_memory_of_ended_threads() {
    // SAFETY: `mi_option_set` checks the option number and takes any value. mimalloc's options
    // are plain values, not atomics; this one is read only when a thread ends, and no other
    // thread has started yet.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set(ABANDONED_PAGE_PURGE, 1);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;
    use std::process::Command;

    use super::ABANDONED_PAGE_PURGE;

    /// Set in the copy of this test that reports what mimalloc read from its environment.
    const REPORT: &str = "PRAXIS_TEST_REPORT_MIMALLOC_OPTION";
    const TEST: &str = "allocator::tests::the_option_number_is_the_one_mimalloc_reads_by_name";

    #[allow(unsafe_code)]
    fn option_value() -> std::os::raw::c_long {
        // SAFETY: `mi_option_get` checks the option number; nothing in this process sets it.
        unsafe { libmimalloc_sys::mi_option_get(ABANDONED_PAGE_PURGE) }
    }

    /// mimalloc reads each option from the environment by its name at start-up: a process
    /// started with MIMALLOC_ABANDONED_PAGE_PURGE set must read that value at our number.
    #[test]
    fn the_option_number_is_the_one_mimalloc_reads_by_name() {
        if std::env::var_os(REPORT).is_some() {
            let _ = writeln!(std::io::stdout(), "option {}", option_value());
            return;
        }
        let reported = |value: Option<&str>| {
            let mut child = Command::new(std::env::current_exe().unwrap_or_default());
            child.args([TEST, "--exact", "--nocapture"]).env(REPORT, "1");
            match value {
                Some(value) => child.env("MIMALLOC_ABANDONED_PAGE_PURGE", value),
                None => child.env_remove("MIMALLOC_ABANDONED_PAGE_PURGE"),
            };
            let output = child.output().map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
            output.unwrap_or_default()
        };
        assert!(reported(Some("1")).contains("option 1"), "{}", reported(Some("1")));
        assert!(reported(None).contains("option 0"), "{}", reported(None));
    }
}
