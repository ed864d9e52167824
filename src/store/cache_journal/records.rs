//! Journal lines read back: each kind of record (see the module above)
//! and how a tail of them is parsed.

use crate::model::Status;

/// One journal line.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::store) struct Record<'t> {
    pub(in crate::store) at_ns: i128,
    /// The folder's mtime and ctime right after the change.
    pub(in crate::store) dir: (i128, i128),
    /// The folder's mtime and ctime right before the change: 0 where they
    /// were not read (a move not made through `Store::stamped`, a `V` or
    /// `C` line).
    pub(in crate::store) before: (i128, i128),
    pub(in crate::store) op: Op<'t>,
}

#[derive(Debug, Clone, PartialEq)]
pub(in crate::store) enum Op<'t> {
    /// A task file arrived: its entry line.
    Add { name: &'t str, line: &'t str },
    /// A task file left.
    Remove {
        name: &'t str,
        id: &'t str,
        status: Status,
    },
    /// A take's hidden name left the folder (`store::txn`): a change of
    /// the folder's times that changes no entry of the listing.
    Hidden { name: &'t str },
    /// A listing of the folder matched the cache at `at_ns` (`V`), or
    /// (`checked`, `C`) one that stat'ed every file found none changed in
    /// place (see `Trust::Recent`).
    Validated { checked: bool },
}

/// When a listing last matched the cache (or, `checked`, last found no
/// file changed in place): `from` (the base's time) or a later journal
/// record.
pub(in crate::store) fn last_matched(records: &[Record], from: i128, checked: bool) -> i128 {
    records
        .iter()
        .filter(|r| r.op == Op::Validated { checked })
        .map(|r| r.at_ns)
        .fold(from, i128::max)
}

/// Parses a journal tail; `None` when any line is not a journal line (a
/// journal that is not ours, or torn other than at its end, is not used).
pub(in crate::store) fn parse_records(text: &str) -> Option<Vec<Record<'_>>> {
    // Every claim parses the pending journal's tail: up to a few thousand
    // lines, split with SIMD searches and their numbers read digit by digit.
    super::super::cache_line::lines(text)
        .map(parse_record)
        .collect()
}

/// One journal line (see the module).
fn parse_record(line: &str) -> Option<Record<'_>> {
    let ns = super::super::cache_line::parse_ns;
    let (op, rest) = cut(line);
    let (at, rest) = cut(rest?);
    let (mtime, rest) = cut(rest?);
    let (ctime, mut rest) = cut(rest?);
    let mut before = (0, 0);
    if matches!(op, "+" | "-" | "~") {
        let (before_mtime, more) = cut(rest?);
        let (before_ctime, more) = cut(more?);
        before = (ns(before_mtime)?, ns(before_ctime)?);
        rest = more;
    }
    let op = match (op, rest) {
        ("+", Some(entry)) => {
            // The shape only: summaries are parsed when used.
            super::super::cache_line::split_fields::<{ super::super::cache_line::FIELDS }>(entry)?;
            Op::Add {
                name: cut(entry).0,
                line: entry,
            }
        }
        ("-", Some(rest)) => {
            let (name, rest) = cut(rest);
            let (id, rest) = cut(rest?);
            let (status, rest) = cut(rest?);
            if rest.is_some() {
                return None;
            }
            Op::Remove {
                name,
                id,
                status: Status::parse(status)?,
            }
        }
        ("~", Some(name)) if !name.contains('\t') => Op::Hidden { name },
        ("V", None) => Op::Validated { checked: false },
        ("C", None) => Op::Validated { checked: true },
        _ => return None,
    };
    Some(Record {
        at_ns: ns(at)?,
        dir: (ns(mtime)?, ns(ctime)?),
        before,
        op,
    })
}

/// `text` up to its first tab, and what follows that tab (`None` without
/// one).
fn cut(text: &str) -> (&str, Option<&str>) {
    match crate::bytes::find(b'\t', text.as_bytes()) {
        Some(tab) => (&text[..tab], Some(&text[tab + 1..])),
        None => (text, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_journal_line_parses_and_a_line_cut_short_does_not() {
        let entry = vec!["f"; crate::store::cache_line::FIELDS].join("\t");
        let text = format!(
            "+\t10\t11\t12\t8\t9\t{entry}\n-\t20\t21\t22\t18\t19\tt-1.json\tt-1\tdone\n\
             ~\t30\t31\t32\t28\t29\t.t-2@o.json\nV\t40\t41\t42\nC\t50\t51\t52\n"
        );
        let records = parse_records(&text).expect("every line parses");
        let ops: Vec<&Op> = records.iter().map(|r| &r.op).collect();
        assert_eq!(
            ops,
            [
                &Op::Add {
                    name: "f",
                    line: &entry
                },
                &Op::Remove {
                    name: "t-1.json",
                    id: "t-1",
                    status: Status::Done
                },
                &Op::Hidden {
                    name: ".t-2@o.json"
                },
                &Op::Validated { checked: false },
                &Op::Validated { checked: true },
            ]
        );
        let stamps: Vec<_> = records.iter().map(|r| (r.at_ns, r.dir, r.before)).collect();
        assert_eq!(stamps[0], (10, (11, 12), (8, 9)));
        assert_eq!(stamps[1], (20, (21, 22), (18, 19)));
        assert_eq!(stamps[3], (40, (41, 42), (0, 0)));
        // Cut short, with a field too many, or a number that is not one.
        for bad in [
            "V\t40\t41",
            "V\t40\t41\t42\tx",
            "-\t20\t21\t22\t18\t19\tt-1.json\tt-1",
            "-\t20\t21\t22\t18\t19\tt-1.json\tt-1\tdone\tx",
            "~\t30\t31\t32\t28\t29\ta\tb",
            "+\t10\t11\t12\t8\t9\tf\tf",
            "V\t4x\t41\t42",
            "\n",
        ] {
            assert!(parse_records(bad).is_none(), "{bad:?}");
        }
    }
}
