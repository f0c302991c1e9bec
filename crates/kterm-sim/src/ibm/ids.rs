//! Deterministic ids and secrets from the sandbox seed (splitmix64), so a
//! run with the same seed hands out the same values.

use std::sync::atomic::{AtomicU64, Ordering};

pub struct Ids(AtomicU64);

impl Ids {
    pub fn new(seed: u64) -> Self {
        Self(AtomicU64::new(seed))
    }

    pub fn next(&self) -> u64 {
        let mut z = self
            .0
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::SeqCst)
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// `n` lowercase hex digits.
    pub fn hex(&self, n: usize) -> String {
        let mut s = String::new();
        while s.len() < n {
            s.push_str(&format!("{:016x}", self.next()));
        }
        s.truncate(n);
        s
    }

    /// A UUID-shaped id (`8-4-4-4-12` hex).
    pub fn uuid(&self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }

    /// `n` characters from `alphabet`.
    pub fn chars(&self, n: usize, alphabet: &[u8]) -> String {
        (0..n)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_ids() {
        let (a, b) = (Ids::new(7), Ids::new(7));
        assert_eq!(a.uuid(), b.uuid());
        assert_eq!(a.hex(40).len(), 40);
        assert_ne!(Ids::new(8).hex(8), Ids::new(7).hex(8));
    }
}
