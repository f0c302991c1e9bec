//! Go's `sort.Sort` (pattern-defeating quicksort, Go ≥ 1.19), so that
//! objects kubectl's `--sort-by` finds equal come out in the order kubectl
//! prints them: the algorithm is not stable, and kubectl's `Less` is not
//! even a strict order (a missing value is "less" than another missing
//! one), so only the same sequence of comparisons and swaps gives the
//! same result.

/// Sorts `idx` in place with `less` comparing the elements at two
/// positions of `idx`.
pub fn sort(idx: &mut [usize], less: &mut dyn FnMut(usize, usize) -> bool) {
    let n = idx.len();
    if n <= 1 {
        return;
    }
    let limit = usize::BITS - n.leading_zeros();
    let mut d = Data { idx, less };
    pdqsort(&mut d, 0, n, limit as usize);
}

struct Data<'a> {
    idx: &'a mut [usize],
    less: &'a mut dyn FnMut(usize, usize) -> bool,
}

impl Data<'_> {
    fn less(&mut self, i: usize, j: usize) -> bool {
        (self.less)(self.idx[i], self.idx[j])
    }
    fn swap(&mut self, i: usize, j: usize) {
        self.idx.swap(i, j);
    }
}

#[derive(PartialEq, Clone, Copy)]
enum Hint {
    Unknown,
    Increasing,
    Decreasing,
}

fn insertion_sort(d: &mut Data, a: usize, b: usize) {
    for i in a + 1..b {
        let mut j = i;
        while j > a && d.less(j, j - 1) {
            d.swap(j, j - 1);
            j -= 1;
        }
    }
}

fn sift_down(d: &mut Data, lo: usize, hi: usize, first: usize) {
    let mut root = lo;
    loop {
        let mut child = 2 * root + 1;
        if child >= hi {
            return;
        }
        if child + 1 < hi && d.less(first + child, first + child + 1) {
            child += 1;
        }
        if !d.less(first + root, first + child) {
            return;
        }
        d.swap(first + root, first + child);
        root = child;
    }
}

fn heap_sort(d: &mut Data, a: usize, b: usize) {
    let hi = b - a;
    for i in (0..=(hi.saturating_sub(1)) / 2).rev() {
        sift_down(d, i, hi, a);
    }
    for i in (0..hi).rev() {
        d.swap(a, a + i);
        sift_down(d, 0, i, a);
    }
}

fn pdqsort(d: &mut Data, mut a: usize, mut b: usize, mut limit: usize) {
    let (mut was_balanced, mut was_partitioned) = (true, true);
    loop {
        let length = b - a;
        if length <= 12 {
            insertion_sort(d, a, b);
            return;
        }
        if limit == 0 {
            heap_sort(d, a, b);
            return;
        }
        if !was_balanced {
            break_patterns(d, a, b);
            limit -= 1;
        }
        let (mut pivot, mut hint) = choose_pivot(d, a, b);
        if hint == Hint::Decreasing {
            reverse_range(d, a, b);
            pivot = (b - 1) - (pivot - a);
            hint = Hint::Increasing;
        }
        if was_balanced
            && was_partitioned
            && hint == Hint::Increasing
            && partial_insertion_sort(d, a, b)
        {
            return;
        }
        if a > 0 && !d.less(a - 1, pivot) {
            a = partition_equal(d, a, b, pivot);
            continue;
        }
        let (mid, already) = partition(d, a, b, pivot);
        was_partitioned = already;
        let (left, right) = (mid - a, b - mid);
        let threshold = length / 8;
        if left < right {
            was_balanced = left >= threshold;
            pdqsort(d, a, mid, limit);
            a = mid + 1;
        } else {
            was_balanced = right >= threshold;
            pdqsort(d, mid + 1, b, limit);
            b = mid;
        }
    }
}

fn partition(d: &mut Data, a: usize, b: usize, pivot: usize) -> (usize, bool) {
    d.swap(a, pivot);
    let (mut i, mut j) = (a as isize + 1, b as isize - 1);
    let less = |d: &mut Data, x: isize, y: usize| d.less(x as usize, y);
    while i <= j && less(d, i, a) {
        i += 1;
    }
    while i <= j && !less(d, j, a) {
        j -= 1;
    }
    if i > j {
        d.swap(j as usize, a);
        return (j as usize, true);
    }
    d.swap(i as usize, j as usize);
    i += 1;
    j -= 1;
    loop {
        while i <= j && less(d, i, a) {
            i += 1;
        }
        while i <= j && !less(d, j, a) {
            j -= 1;
        }
        if i > j {
            break;
        }
        d.swap(i as usize, j as usize);
        i += 1;
        j -= 1;
    }
    d.swap(j as usize, a);
    (j as usize, false)
}

fn partition_equal(d: &mut Data, a: usize, b: usize, pivot: usize) -> usize {
    d.swap(a, pivot);
    let (mut i, mut j) = (a as isize + 1, b as isize - 1);
    loop {
        while i <= j && !d.less(a, i as usize) {
            i += 1;
        }
        while i <= j && d.less(a, j as usize) {
            j -= 1;
        }
        if i > j {
            break;
        }
        d.swap(i as usize, j as usize);
        i += 1;
        j -= 1;
    }
    i as usize
}

fn partial_insertion_sort(d: &mut Data, a: usize, b: usize) -> bool {
    const MAX_STEPS: usize = 5;
    const SHORTEST_SHIFTING: usize = 50;
    let mut i = a + 1;
    for _ in 0..MAX_STEPS {
        while i < b && !d.less(i, i - 1) {
            i += 1;
        }
        if i == b {
            return true;
        }
        if b - a < SHORTEST_SHIFTING {
            return false;
        }
        d.swap(i, i - 1);
        if i - a >= 2 {
            let mut j = i - 1;
            while j >= 1 {
                if !d.less(j, j - 1) {
                    break;
                }
                d.swap(j, j - 1);
                j -= 1;
            }
        }
        if b - i >= 2 {
            for j in i + 1..b {
                if !d.less(j, j - 1) {
                    break;
                }
                d.swap(j, j - 1);
            }
        }
    }
    false
}

fn break_patterns(d: &mut Data, a: usize, b: usize) {
    let length = b - a;
    if length < 8 {
        return;
    }
    let mut random = length as u64;
    let modulus = 1usize << (usize::BITS - length.leading_zeros());
    let start = a + (length / 4) * 2 - 1;
    for idx in start..=start + 2 {
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        let mut other = (random as usize) & (modulus - 1);
        if other >= length {
            other -= length;
        }
        d.swap(idx, a + other);
    }
}

fn choose_pivot(d: &mut Data, a: usize, b: usize) -> (usize, Hint) {
    let l = b - a;
    let mut swaps = 0;
    let (mut i, mut j, mut k) = (a + l / 4, a + l / 4 * 2, a + l / 4 * 3);
    if l >= 8 {
        if l >= 50 {
            i = median(d, i - 1, i, i + 1, &mut swaps);
            j = median(d, j - 1, j, j + 1, &mut swaps);
            k = median(d, k - 1, k, k + 1, &mut swaps);
        }
        j = median(d, i, j, k, &mut swaps);
    }
    match swaps {
        0 => (j, Hint::Increasing),
        12 => (j, Hint::Decreasing),
        _ => (j, Hint::Unknown),
    }
}

fn order2(d: &mut Data, a: usize, b: usize, swaps: &mut usize) -> (usize, usize) {
    if d.less(b, a) {
        *swaps += 1;
        (b, a)
    } else {
        (a, b)
    }
}

fn median(d: &mut Data, a: usize, b: usize, c: usize, swaps: &mut usize) -> usize {
    let (a, b) = order2(d, a, b, swaps);
    let (b, c) = order2(d, b, c, swaps);
    let (_, b) = order2(d, a, b, swaps);
    let _ = c;
    b
}

fn reverse_range(d: &mut Data, a: usize, b: usize) {
    let (mut i, mut j) = (a, b - 1);
    while i < j {
        d.swap(i, j);
        i += 1;
        j -= 1;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorts_like_a_sort() {
        for n in [0usize, 1, 5, 13, 40, 51, 200, 1000] {
            let keys: Vec<u64> = (0..n as u64).map(|i| (i * 7919) % 97).collect();
            let mut idx: Vec<usize> = (0..n).collect();
            super::sort(&mut idx, &mut |x, y| keys[x] < keys[y]);
            let sorted: Vec<u64> = idx.iter().map(|i| keys[*i]).collect();
            let mut want = keys.clone();
            kterm_shell::sort::sort(&mut want);
            assert_eq!(sorted, want, "{n}");
        }
    }
}
