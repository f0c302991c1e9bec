//! Stable sorting with one compiled copy of the standard library's sort.
//!
//! Every `slice::sort_by` call with another element type or closure compiles
//! its own copy of the standard sort, 2 to 4 KB of wasm each: 34 copies made
//! 110 KB of the browser bundle. These functions sort a list of indices with
//! a `dyn` comparator instead, so the sort is compiled once, then move the
//! items into that order. The result is the order `slice::sort_by` gives
//! (stable: equal items keep their order).

use std::cmp::Ordering;

/// The stable order of `0..len` under `cmp`: position k of the result holds
/// the index of the item that belongs at k.
fn order(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..len).collect();
    // The one compiled sort the others go through.
    #[allow(clippy::disallowed_methods)]
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// The swaps that move every item to its place in `order`: following each
/// cycle of the permutation, swapping position k with the position its item
/// comes from puts that item in place and carries the displaced one along.
fn swaps(order: &[usize]) -> Vec<(usize, usize)> {
    let mut done = vec![false; order.len()];
    let mut out = Vec::new();
    for start in 0..order.len() {
        if done[start] {
            continue;
        }
        done[start] = true;
        let mut k = start;
        while order[k] != start {
            out.push((k, order[k]));
            k = order[k];
            done[k] = true;
        }
    }
    out
}

/// `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let idx = {
        let items = &*v;
        order(items.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    for (a, b) in swaps(&idx) {
        v.swap(a, b);
    }
}

/// `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // compared with std's sorts
mod tests {
    use super::*;

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        // Pairs sorted by their first field: the second shows stability.
        let cases: &[&[(u8, u8)]] = &[
            &[],
            &[(1, 0)],
            &[(2, 0), (1, 1)],
            &[(3, 0), (1, 1), (2, 2), (1, 3), (3, 4), (0, 5)],
            &[(5, 0), (4, 1), (3, 2), (2, 3), (1, 4), (0, 5)],
            &[(1, 0), (1, 1), (1, 2), (0, 3), (0, 4)],
            &[
                (2, 0),
                (0, 1),
                (1, 2),
                (2, 3),
                (0, 4),
                (1, 5),
                (2, 6),
                (0, 7),
            ],
        ];
        for case in cases {
            let mut want = case.to_vec();
            want.sort_by_key(|p| p.0);
            let mut got = case.to_vec();
            sort_by_key(&mut got, |p| p.0);
            assert_eq!(got, want, "{case:?}");
            let mut got = case.to_vec();
            sort_by(&mut got, |a, b| b.0.cmp(&a.0));
            let mut want = case.to_vec();
            want.sort_by_key(|p| std::cmp::Reverse(p.0));
            assert_eq!(got, want, "reversed {case:?}");
        }
    }

    #[test]
    fn every_permutation_of_five_distinct_items() {
        // Heap's algorithm over 0..5: each of the 120 orders sorts back.
        fn permute(k: usize, v: &mut Vec<String>) {
            if k <= 1 {
                let mut got = v.clone();
                sort(&mut got);
                let mut want = v.clone();
                want.sort();
                assert_eq!(got, want, "{v:?}");
                return;
            }
            for i in 0..k {
                permute(k - 1, v);
                let j = if k.is_multiple_of(2) { i } else { 0 };
                v.swap(j, k - 1);
            }
        }
        let mut v: Vec<String> = ["e", "c", "a", "d", "b"].map(String::from).to_vec();
        permute(5, &mut v);
    }
}
