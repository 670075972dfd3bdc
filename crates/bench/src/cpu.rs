//! The CPU time the hypervisor took from this virtual machine while engines were measured.
//!
//! On a shared host the hypervisor runs other machines on this one's cores now and then, and a
//! search caught by that waits, in the server and the client alike, for milliseconds. The kernel
//! counts that time as "steal" in /proc/stat. Reported beside each engine's latencies, it shows
//! how much of that noise fell on each engine. Not all the machine's noise: steal is counted in
//! 10 ms ticks, and a core slowed by work sharing it is not counted at all.

/// The machine's CPU time so far, all cores together, in the kernel's clock ticks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CpuTime {
    /// Time the hypervisor gave to others while this machine had work to run.
    pub stolen: u64,
    /// All of it: busy, idle and stolen.
    pub total: u64,
}

impl CpuTime {
    /// Now, or nothing counted where /proc/stat cannot be read (not Linux).
    pub fn now() -> CpuTime {
        std::fs::read_to_string("/proc/stat").ok().and_then(|stat| parse(&stat)).unwrap_or_default()
    }

    pub fn since(self, earlier: CpuTime) -> CpuTime {
        CpuTime {
            stolen: self.stolen.saturating_sub(earlier.stolen),
            total: self.total.saturating_sub(earlier.total),
        }
    }

    pub fn add(self, other: CpuTime) -> CpuTime {
        CpuTime { stolen: self.stolen + other.stolen, total: self.total + other.total }
    }

    /// The hypervisor's share of this time in percent; None when none was counted.
    pub fn stolen_percent(self) -> Option<f64> {
        (self.total > 0).then(|| self.stolen as f64 * 100.0 / self.total as f64)
    }
}

/// Reads the first line of /proc/stat: "cpu user nice system idle iowait irq softirq steal guest
/// guest_nice". Guest time is already counted in user and nice, so it is left out of the total.
fn parse(stat: &str) -> Option<CpuTime> {
    let line = stat.lines().next()?;
    let mut fields = line.split_whitespace();
    if fields.next()? != "cpu" {
        return None;
    }
    let ticks: Vec<u64> = fields.take(8).map(str::parse).collect::<Result<_, _>>().ok()?;
    let stolen = *ticks.get(7)?;
    Some(CpuTime { stolen, total: ticks.iter().sum() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_steal_and_the_total_without_guest_time() {
        let stat = "cpu  140981 0 15383 50756 611 0 600 860 37 0\ncpu0 69859 0 7431 26573 181 0\n";
        let time = parse(stat).expect("parsed");
        assert_eq!(time, CpuTime { stolen: 860, total: 140981 + 15383 + 50756 + 611 + 600 + 860 });
    }

    #[test]
    fn an_old_kernel_without_a_steal_field_is_not_read() {
        assert_eq!(parse("cpu  1 2 3 4\n"), None);
        assert_eq!(parse("intr 1 2 3 4 5 6 7 8 9\n"), None);
    }

    #[test]
    fn the_share_is_of_the_time_between_two_readings() {
        let earlier = CpuTime { stolen: 100, total: 1000 };
        let later = CpuTime { stolen: 130, total: 1600 };
        assert_eq!(later.since(earlier).stolen_percent(), Some(5.0));
        assert_eq!(CpuTime::default().stolen_percent(), None);
    }
}
