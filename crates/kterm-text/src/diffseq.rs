//! The line alignment GNU diff computes, so that `diff` prints the same
//! hunks where several minimal edit scripts exist: lines matching nothing in
//! the other file are set aside first (GNU's `discard_confusing_lines`),
//! Myers's middle-snake search splits the rest (`compareseq`/`diag`), and
//! runs of changes are slid to merge and to end as late as possible
//! (`shift_boundaries`). Written from the published algorithm.

use std::collections::HashMap;

/// Which lines of each side changed.
pub struct Changes {
    pub old: Vec<bool>,
    pub new: Vec<bool>,
}

/// One change: `del` lines of the old side at `a`, `ins` lines of the new side at `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hunk {
    pub a: usize,
    pub del: usize,
    pub b: usize,
    pub ins: usize,
}

struct Ctx<'a> {
    xv: &'a [usize],
    yv: &'a [usize],
    fd: Vec<isize>,
    bd: Vec<isize>,
    off: isize,
    xreal: &'a [usize],
    yreal: &'a [usize],
}

impl Ctx<'_> {
    fn f(&mut self, d: isize) -> &mut isize {
        let i = (d + self.off) as usize;
        &mut self.fd[i]
    }

    fn b(&mut self, d: isize) -> &mut isize {
        let i = (d + self.off) as usize;
        &mut self.bd[i]
    }

    /// The midpoint of a shortest edit script between x[xoff..xlim] and y[yoff..ylim].
    fn diag(&mut self, xoff: isize, xlim: isize, yoff: isize, ylim: isize) -> (isize, isize) {
        let dmin = xoff - ylim;
        let dmax = xlim - yoff;
        let fmid = xoff - yoff;
        let bmid = xlim - ylim;
        let (mut fmin, mut fmax, mut bmin, mut bmax) = (fmid, fmid, bmid, bmid);
        let odd = (fmid - bmid) & 1 != 0;
        *self.f(fmid) = xoff;
        *self.b(bmid) = xlim;
        loop {
            if fmin > dmin {
                fmin -= 1;
                *self.f(fmin - 1) = -1;
            } else {
                fmin += 1;
            }
            if fmax < dmax {
                fmax += 1;
                *self.f(fmax + 1) = -1;
            } else {
                fmax -= 1;
            }
            let mut d = fmax;
            while d >= fmin {
                let tlo = *self.f(d - 1);
                let thi = *self.f(d + 1);
                let mut x = if tlo < thi { thi } else { tlo + 1 };
                let mut y = x - d;
                while x < xlim && y < ylim && self.xv[x as usize] == self.yv[y as usize] {
                    x += 1;
                    y += 1;
                }
                *self.f(d) = x;
                if odd && bmin <= d && d <= bmax && *self.b(d) <= x {
                    return (x, y);
                }
                d -= 2;
            }
            if bmin > dmin {
                bmin -= 1;
                *self.b(bmin - 1) = isize::MAX;
            } else {
                bmin += 1;
            }
            if bmax < dmax {
                bmax += 1;
                *self.b(bmax + 1) = isize::MAX;
            } else {
                bmax -= 1;
            }
            let mut d = bmax;
            while d >= bmin {
                let tlo = *self.b(d - 1);
                let thi = *self.b(d + 1);
                let mut x = if tlo < thi { tlo } else { thi - 1 };
                let mut y = x - d;
                while xoff < x && yoff < y && self.xv[x as usize - 1] == self.yv[y as usize - 1] {
                    x -= 1;
                    y -= 1;
                }
                *self.b(d) = x;
                if !odd && fmin <= d && d <= fmax && x <= *self.f(d) {
                    return (x, y);
                }
                d -= 2;
            }
        }
    }

    fn compareseq(
        &mut self,
        mut xoff: isize,
        mut xlim: isize,
        mut yoff: isize,
        mut ylim: isize,
        ch: &mut Changes,
    ) {
        while xoff < xlim && yoff < ylim && self.xv[xoff as usize] == self.yv[yoff as usize] {
            xoff += 1;
            yoff += 1;
        }
        while xlim > xoff && ylim > yoff && self.xv[xlim as usize - 1] == self.yv[ylim as usize - 1]
        {
            xlim -= 1;
            ylim -= 1;
        }
        if xoff == xlim {
            for y in yoff..ylim {
                ch.new[self.yreal[y as usize]] = true;
            }
        } else if yoff == ylim {
            for x in xoff..xlim {
                ch.old[self.xreal[x as usize]] = true;
            }
        } else {
            let (xmid, ymid) = self.diag(xoff, xlim, yoff, ylim);
            self.compareseq(xoff, xmid, yoff, ymid, ch);
            self.compareseq(xmid, xlim, ymid, ylim, ch);
        }
    }
}

/// GNU's choice of lines to leave out of the search: those matching no line
/// of the other side, and (inside runs of those) lines matching very many.
fn discards(equivs: &[usize], other_counts: &HashMap<usize, usize>) -> Vec<u8> {
    let end = equivs.len();
    let mut many = 5usize;
    let mut tem = end / 64;
    loop {
        tem >>= 2;
        if tem == 0 {
            break;
        }
        many *= 2;
    }
    let mut dis: Vec<u8> = equivs
        .iter()
        .map(|e| match other_counts.get(e).copied().unwrap_or(0) {
            0 => 1,
            n if n > many => 2,
            _ => 0,
        })
        .collect();
    let mut i = 0;
    while i < end {
        if dis[i] == 2 {
            dis[i] = 0;
        } else if dis[i] != 0 {
            let mut j = i;
            let mut provisional = 0;
            while j < end && dis[j] != 0 {
                if dis[j] == 2 {
                    provisional += 1;
                }
                j += 1;
            }
            while j > i && dis[j - 1] == 2 {
                j -= 1;
                dis[j] = 0;
                provisional -= 1;
            }
            let length = j - i;
            if provisional * 4 > length {
                while j > i {
                    j -= 1;
                    if dis[j] == 2 {
                        dis[j] = 0;
                    }
                }
            } else {
                let mut minimum = 1usize;
                let mut tem = length >> 2;
                loop {
                    tem >>= 2;
                    if tem == 0 {
                        break;
                    }
                    minimum <<= 1;
                }
                minimum += 1;
                let mut consec = 0usize;
                let mut k = 0usize;
                while k < length {
                    if dis[i + k] != 2 {
                        consec = 0;
                    } else {
                        consec += 1;
                        if minimum == consec {
                            k -= consec;
                        } else if minimum < consec {
                            dis[i + k] = 0;
                        }
                    }
                    k += 1;
                }
                let mut consec = 0;
                for k in 0..length {
                    if k >= 8 && dis[i + k] == 1 {
                        break;
                    }
                    match dis[i + k] {
                        2 => {
                            consec = 0;
                            dis[i + k] = 0;
                        }
                        0 => consec = 0,
                        _ => consec += 1,
                    }
                    if consec == 3 {
                        break;
                    }
                }
                i += length - 1;
                let mut consec = 0;
                for k in 0..length {
                    if k >= 8 && dis[i - k] == 1 {
                        break;
                    }
                    match dis[i - k] {
                        2 => {
                            consec = 0;
                            dis[i - k] = 0;
                        }
                        0 => consec = 0,
                        _ => consec += 1,
                    }
                    if consec == 3 {
                        break;
                    }
                }
            }
        }
        i += 1;
    }
    dis
}

/// Slides each run of changed lines back to merge with earlier runs, then
/// forward as far as it goes, then back to where it meets a change on the
/// other side (GNU's shift_boundaries). `changed` and `other` carry a false
/// sentinel at both ends.
fn shift(changed: &mut [bool], other: &[bool], equivs: &[usize]) {
    // Index 0 and len+1 are sentinels; line n is at n + 1.
    let i_end = equivs.len() + 1;
    let eq = |k: usize| equivs[k - 1];
    let (mut i, mut j) = (1usize, 1usize);
    loop {
        while i < i_end && !changed[i] {
            while other[j] {
                j += 1;
            }
            j += 1;
            i += 1;
        }
        if i == i_end {
            break;
        }
        let mut start = i;
        i += 1;
        while changed[i] {
            i += 1;
        }
        while other[j] {
            j += 1;
        }
        let mut corresponding;
        loop {
            let runlength = i - start;
            while start > 1 && eq(start - 1) == eq(i - 1) {
                start -= 1;
                changed[start] = true;
                i -= 1;
                changed[i] = false;
                while changed[start - 1] {
                    start -= 1;
                }
                j -= 1;
                while other[j] {
                    j -= 1;
                }
            }
            corresponding = if other[j - 1] { i } else { i_end };
            while i != i_end && eq(start) == eq(i) {
                changed[start] = false;
                start += 1;
                changed[i] = true;
                i += 1;
                while changed[i] {
                    i += 1;
                }
                j += 1;
                while other[j] {
                    j += 1;
                    corresponding = i;
                }
            }
            if runlength == i - start {
                break;
            }
        }
        while corresponding < i {
            start -= 1;
            changed[start] = true;
            i -= 1;
            changed[i] = false;
            j -= 1;
            while other[j] {
                j -= 1;
            }
        }
    }
}

/// The hunks GNU diff finds between two files' lines. `old`/`new` are the
/// lines as compared (after -i/-b/-w), `raw_*` as written: like GNU, lines
/// identical in both at the start and end are left out of the search,
/// except the `horizon` (the output's context) nearest the differences.
pub fn diff<T: std::hash::Hash + Eq, R: PartialEq>(
    old: &[T],
    new: &[T],
    raw_old: &[R],
    raw_new: &[R],
    horizon: usize,
) -> Vec<Hunk> {
    let n = old.len().min(new.len());
    let pre = (0..n).take_while(|&i| raw_old[i] == raw_new[i]).count();
    let suf = (0..n - pre)
        .take_while(|&i| raw_old[old.len() - 1 - i] == raw_new[new.len() - 1 - i])
        .count();
    let cut = pre.saturating_sub(horizon);
    let tail = suf.saturating_sub(horizon);
    let mut hunks = align(&old[cut..old.len() - tail], &new[cut..new.len() - tail]);
    for h in &mut hunks {
        h.a += cut;
        h.b += cut;
    }
    hunks
}

/// GNU's alignment of two sequences of line keys.
fn align<T: std::hash::Hash + Eq>(old: &[T], new: &[T]) -> Vec<Hunk> {
    let mut classes: HashMap<&T, usize> = HashMap::new();
    let mut eq0 = Vec::with_capacity(old.len());
    for t in old {
        let n = classes.len() + 1;
        eq0.push(*classes.entry(t).or_insert(n));
    }
    let mut eq1 = Vec::with_capacity(new.len());
    for t in new {
        let n = classes.len() + 1;
        eq1.push(*classes.entry(t).or_insert(n));
    }
    let count = |v: &[usize]| {
        let mut m: HashMap<usize, usize> = HashMap::new();
        for e in v {
            *m.entry(*e).or_default() += 1;
        }
        m
    };
    let (c0, c1) = (count(&eq0), count(&eq1));
    let d0 = discards(&eq0, &c1);
    let d1 = discards(&eq1, &c0);
    let mut ch = Changes {
        old: vec![false; old.len()],
        new: vec![false; new.len()],
    };
    let (mut xv, mut xreal, mut yv, mut yreal) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, e) in eq0.iter().enumerate() {
        if d0[i] == 0 {
            xv.push(*e);
            xreal.push(i);
        } else {
            ch.old[i] = true;
        }
    }
    for (i, e) in eq1.iter().enumerate() {
        if d1[i] == 0 {
            yv.push(*e);
            yreal.push(i);
        } else {
            ch.new[i] = true;
        }
    }
    let size = xv.len() + yv.len() + 3;
    let mut ctx = Ctx {
        xv: &xv,
        yv: &yv,
        fd: vec![0; 2 * size + 2],
        bd: vec![0; 2 * size + 2],
        off: size as isize + 1,
        xreal: &xreal,
        yreal: &yreal,
    };
    ctx.compareseq(0, xv.len() as isize, 0, yv.len() as isize, &mut ch);
    let pad = |v: &[bool]| {
        let mut p = Vec::with_capacity(v.len() + 2);
        p.push(false);
        p.extend_from_slice(v);
        p.push(false);
        p
    };
    let (mut p0, mut p1) = (pad(&ch.old), pad(&ch.new));
    shift(&mut p0, &p1, &eq0);
    shift(&mut p1, &p0, &eq1);
    let (c0, c1) = (&p0[1..=old.len()], &p1[1..=new.len()]);
    let mut hunks = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && !c0[i] && !c1[j] {
            i += 1;
            j += 1;
            continue;
        }
        let (a, b) = (i, j);
        while i < old.len() && c0[i] {
            i += 1;
        }
        while j < new.len() && c1[j] {
            j += 1;
        }
        if i == a && j == b {
            // Unequal lengths without marks cannot happen; step to stay finite.
            i += usize::from(i < old.len());
            j += usize::from(j < new.len());
            continue;
        }
        hunks.push(Hunk {
            a,
            del: i - a,
            b,
            ins: j - b,
        });
    }
    hunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(a: usize, del: usize, b: usize, ins: usize) -> Hunk {
        Hunk { a, del, b, ins }
    }

    #[test]
    fn gnu_alignment_table() {
        let cases: &[(&str, &str, Vec<Hunk>)] = &[
            ("abc", "abc", vec![]),
            ("abc", "aBc", vec![h(1, 1, 1, 1)]),
            (
                "12345678",
                "13246578",
                vec![h(1, 1, 1, 0), h(3, 0, 2, 1), h(4, 1, 4, 0), h(6, 0, 5, 1)],
            ),
            ("ababa", "aba", vec![h(3, 2, 3, 0)]),
            ("xabcabc", "abcxabc", vec![h(0, 1, 0, 0), h(4, 0, 3, 1)]),
            ("", "ab", vec![h(0, 0, 0, 2)]),
            ("xxxyxx", "xxyxxxx", vec![h(2, 1, 2, 0), h(4, 0, 3, 2)]),
            ("ab", "", vec![h(0, 2, 0, 0)]),
        ];
        for (a, b, want) in cases {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            assert_eq!(diff(&a, &b, &a, &b, 0), *want, "{a:?} {b:?}");
        }
    }
}
