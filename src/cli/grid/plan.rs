//! Which columns of a table are shown, abbreviated, and how wide, for a
//! width: a pure function of what each column needs.

use super::{Fit, GAP};

/// What the layout needs to know of a column.
#[derive(Debug, Clone, Copy)]
pub(super) struct Size {
    pub(super) fit: Fit,
    pub(super) whole: usize,
    pub(super) short: Option<usize>,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) struct Plan {
    pub(super) shown: Vec<bool>,
    pub(super) short: Vec<bool>,
    pub(super) widths: Vec<usize>,
}

/// Lays out columns of the given sizes in `room` columns: when the table
/// is too wide, flexible columns shrink to their minimum, then columns are
/// abbreviated (left to right), then left out (lowest rank first, the
/// rightmost of equal rank first); the room left goes to the flexible
/// columns, shared evenly. Columns kept whole are never touched: a table
/// too wide even then is left wider than `room`.
pub(super) fn plan(sizes: &[Size], room: Option<usize>) -> Plan {
    let n = sizes.len();
    let mut p = Plan {
        // An empty column (no header, no text) takes no room.
        shown: sizes.iter().map(|s| s.whole > 0).collect(),
        short: vec![false; n],
        widths: sizes.iter().map(|s| s.whole).collect(),
    };
    let Some(room) = room else { return p };
    let natural = |p: &Plan, i: usize| match (p.short[i], sizes[i].short) {
        (true, Some(w)) => w,
        _ => sizes[i].whole,
    };
    // The width of the table, with every flexible column whole or at its
    // least.
    let total = |p: &Plan, least: bool| {
        let shown: Vec<usize> = (0..n).filter(|&i| p.shown[i]).collect();
        let gaps = GAP * shown.len().saturating_sub(1);
        let width = |i: usize| match (least, sizes[i].fit.min()) {
            (true, Some(min)) => min.min(natural(p, i)),
            _ => natural(p, i),
        };
        gaps + shown.iter().map(|&i| width(i)).sum::<usize>()
    };
    let least = |p: &Plan| total(p, true);
    let whole = |p: &Plan| total(p, false);
    if whole(&p) > room {
        for i in (0..n).filter(|&i| sizes[i].short.is_some()) {
            if least(&p) > room {
                p.short[i] = true;
            }
        }
        let mut droppable: Vec<(u8, usize)> = (0..n)
            .filter_map(|i| match sizes[i].fit {
                Fit::Drop(rank) => Some((rank, n - i)),
                _ => None,
            })
            .collect();
        droppable.sort();
        for (_, j) in droppable {
            if least(&p) > room {
                p.shown[n - j] = false;
            }
        }
    }
    for i in 0..n {
        p.widths[i] = natural(&p, i);
    }
    let flexible: Vec<usize> = (0..n)
        .filter(|&i| p.shown[i] && sizes[i].fit.min().is_some())
        .collect();
    if whole(&p) > room {
        let mut spare = room.saturating_sub(least(&p));
        for &i in &flexible {
            let min = sizes[i].fit.min().unwrap_or(0);
            p.widths[i] = min.min(natural(&p, i));
        }
        // Water-filling: the narrowest flexible column that wants more
        // gets the next column of room.
        while spare > 0 {
            let Some(&i) = flexible
                .iter()
                .filter(|&&i| p.widths[i] < natural(&p, i))
                .min_by_key(|&&i| p.widths[i])
            else {
                break;
            };
            p.widths[i] += 1;
            spare -= 1;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(fit: Fit, whole: usize, short: Option<usize>) -> Size {
        Size { fit, whole, short }
    }

    #[test]
    fn a_table_that_fits_is_left_alone() {
        let sizes = [size(Fit::Keep, 6, None), size(Fit::Cut(10), 30, None)];
        let p = plan(&sizes, Some(80));
        assert_eq!(p.widths, [6, 30]);
        assert_eq!(plan(&sizes, None).widths, [6, 30]);
    }

    #[test]
    fn flexible_columns_shrink_first_then_columns_are_abbreviated_then_dropped() {
        let sizes = [
            size(Fit::Keep, 6, None),
            size(Fit::Keep, 8, Some(4)),
            size(Fit::Drop(0), 5, None),
            size(Fit::Cut(10), 40, None),
        ];
        // 6 + 8 + 5 + 40 + 3 gaps = 65.
        let p = plan(&sizes, Some(50));
        assert_eq!((p.short[1], p.shown[2]), (false, true));
        assert_eq!(p.widths[3], 50 - 6 - 8 - 5 - 6);
        // 6 + 8 + 5 + 10 + 6 = 35: abbreviating saves 4.
        let p = plan(&sizes, Some(31));
        assert_eq!((p.short[1], p.shown[2]), (true, true));
        assert_eq!(p.widths[3], 10);
        // Then the droppable column goes, and its room goes to the title.
        let p = plan(&sizes, Some(28));
        assert_eq!((p.short[1], p.shown[2]), (true, false));
        assert_eq!(p.widths[3], 28 - 6 - 4 - 4);
        // Kept columns are never cut: too narrow leaves it too wide.
        let p = plan(&sizes, Some(10));
        assert_eq!(p.widths[0], 6);
        assert_eq!(p.widths[3], 10);
    }

    #[test]
    fn flexible_columns_share_the_room_evenly() {
        let sizes = [size(Fit::Cut(4), 8, None), size(Fit::Cut(4), 40, None)];
        let p = plan(&sizes, Some(30));
        assert_eq!(p.widths, [8, 20]);
        let p = plan(&sizes, Some(12));
        assert_eq!(p.widths, [5, 5]);
    }
}
