//! Laying out the board's columns in a terminal: side by side when every
//! column gets at least [`MIN_LANE`] characters, else one after another.
//! Titles wrap or are shortened with `…`; ids are never split.

use super::width::{fit, wrap};
use unicode_width::UnicodeWidthStr;

/// The narrowest column drawn side by side.
pub const MIN_LANE: usize = 20;
const GAP: usize = 2;
/// Lines of title a card shows side by side.
const TITLE_LINES: usize = 3;

/// One card, its text already made safe for a terminal.
pub struct Card {
    pub head: String,
    pub title: String,
    pub details: Vec<String>,
}

pub struct Lane {
    pub name: String,
    pub cards: Vec<Card>,
}

/// The lanes as text `width` columns wide.
pub fn render(lanes: &[Lane], width: usize) -> String {
    let n = lanes.len().max(1);
    let lane = width.saturating_sub(GAP * (n - 1)) / n;
    let ids_fit = lanes
        .iter()
        .flat_map(|l| &l.cards)
        .all(|c| c.head.width() <= lane);
    if lane >= MIN_LANE && ids_fit {
        side_by_side(lanes, lane)
    } else {
        stacked(lanes, width)
    }
}

fn heading(lane: &Lane) -> String {
    format!("{} ({})", lane.name, lane.cards.len())
}

fn side_by_side(lanes: &[Lane], lane: usize) -> String {
    let columns: Vec<Vec<String>> = lanes
        .iter()
        .map(|l| {
            let mut lines = vec![fit(&heading(l), lane), "─".repeat(lane)];
            for (i, card) in l.cards.iter().enumerate() {
                if i > 0 {
                    lines.push(String::new());
                }
                lines.push(card.head.clone());
                let mut title = wrap(&card.title, lane);
                if title.len() > TITLE_LINES {
                    let rest = title[TITLE_LINES - 1..].join(" ");
                    title.truncate(TITLE_LINES - 1);
                    title.push(fit(&rest, lane));
                }
                lines.extend(title);
                lines.extend(card.details.iter().map(|d| fit(d, lane)));
            }
            lines
        })
        .collect();
    let height = columns.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::with_capacity(height);
    for row in 0..height {
        let mut line = String::new();
        for (i, column) in columns.iter().enumerate() {
            let cell = column.get(row).map_or("", String::as_str);
            if i + 1 < columns.len() {
                line.push_str(cell);
                line.push_str(&" ".repeat(lane.saturating_sub(cell.width()) + GAP));
            } else {
                line.push_str(cell);
            }
        }
        out.push(line.trim_end().to_string());
    }
    out.join("\n")
}

fn stacked(lanes: &[Lane], width: usize) -> String {
    let id_width = lanes
        .iter()
        .flat_map(|l| &l.cards)
        .map(|c| c.head.split(' ').next().unwrap_or("").width())
        .max()
        .unwrap_or(6);
    let mut out: Vec<String> = Vec::new();
    for (i, lane) in lanes.iter().enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        out.push(heading(lane));
        if lane.cards.is_empty() {
            out.push("  -".to_string());
        }
        for card in &lane.cards {
            let (id, tag) = card.head.split_once(' ').unwrap_or((&card.head, ""));
            let pad = " ".repeat(id_width.saturating_sub(id.width()));
            let tag = if tag.is_empty() {
                String::new()
            } else {
                format!("{tag} ")
            };
            let lead = format!("  {id}{pad}  ");
            let room = width.saturating_sub(lead.width()).max(10);
            out.push(format!(
                "{lead}{}",
                fit(&format!("{tag}{}", card.title), room)
            ));
            let indent = " ".repeat(lead.width());
            for detail in &card.details {
                out.push(format!("{indent}{}", fit(detail, room)));
            }
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_terminals_stack_the_lanes() {
        let lanes = vec![
            Lane {
                name: "READY".into(),
                cards: vec![Card {
                    head: "abc123".into(),
                    title: "A title".into(),
                    details: vec!["for kimi".into()],
                }],
            },
            Lane {
                name: "DONE".into(),
                cards: vec![],
            },
        ];
        let wide = render(&lanes, 42);
        let rule = "─".repeat(20);
        let expected = format!(
            "READY (1){}DONE (0)\n{rule}  {rule}\nabc123\nA title\nfor kimi",
            " ".repeat(13)
        );
        assert_eq!(wide, expected);
        let narrow = render(&lanes, 30);
        assert_eq!(
            narrow,
            "READY (1)\n  abc123  A title\n          for kimi\n\nDONE (0)\n  -"
        );
    }
}
