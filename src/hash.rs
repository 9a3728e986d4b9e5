//! A fast hasher for the maps a `Linter` builds and the word sets the name finders probe.
//!
//! std's SipHash guards against collision floods, which costs an eighth of a build here: the
//! builder hashes every phrase and every matcher's atom list (thousands of ids). The keys come
//! from the packs the caller chose to load, not from drafts, so the word-at-a-time multiply of
//! rustc's FxHash is enough.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};

/// Builds [`FxHasher`]s; use as `HashMap<K, V, Fx>`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Fx;

/// FxHash: rotate, xor a word, multiply.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl BuildHasher for Fx {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
        // Zero padding alone would make "ab" and "ab\0" equal.
        self.add(bytes.len() as u64);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // hashbrown reads its control bits from the top of the hash, which the multiply mixes
        // least for short keys: fold the high half down as rustc-hash 2 does.
        self.0.rotate_left(26)
    }
}

/// Ids for keys, numbered in the order first seen ([`intern`]); [`by_id`] gives the keys back in
/// id order, moved rather than copied.
pub(crate) type Ids<K> = HashMap<K, usize, Fx>;

/// The id of `key`: its own if seen before, the next one otherwise.
pub(crate) fn intern<K: Hash + Eq>(ids: &mut Ids<K>, key: K) -> usize {
    let next = ids.len();
    *ids.entry(key).or_insert(next)
}

/// The keys of `ids` in id order.
pub(crate) fn by_id<K>(ids: Ids<K>) -> Vec<K> {
    let mut keys: Vec<Option<K>> = (0..ids.len()).map(|_| None).collect();
    for (key, id) in ids {
        keys[id] = Some(key);
    }
    keys.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn interned_keys_come_back_in_the_order_first_seen() {
        let mut ids = Ids::default();
        let got: Vec<usize> = ["b", "a", "b", "c"].map(|k| intern(&mut ids, k)).to_vec();
        assert_eq!(got, [0, 1, 0, 2]);
        assert_eq!(by_id(ids), ["b", "a", "c"]);
    }

    fn hash(bytes: &[u8]) -> u64 {
        let mut h = Fx.build_hasher();
        h.write(bytes);
        h.finish()
    }

    #[test]
    fn strings_differing_in_their_tail_hash_apart() {
        assert_ne!(hash(b"physical therapy"), hash(b"physical therapx"));
        assert_ne!(hash(b"ab"), hash(b"ab\0"));
    }

    #[test]
    fn ten_thousand_ids_spread_over_buckets() {
        // The low bits pick a bucket and the top 7 are hashbrown's tag: both must vary.
        let (mut low, mut top) = (HashSet::new(), HashSet::new());
        for i in 0..10_000usize {
            let mut h = Fx.build_hasher();
            h.write_usize(i);
            low.insert(h.finish() & 0x3ff);
            top.insert(h.finish() >> 57);
        }
        assert!(low.len() > 900, "{} of 1024 low buckets", low.len());
        assert_eq!(top.len(), 128);
    }
}
