//! Tables that fit the terminal. Each column says what it does when the
//! table is too wide: ids and states are kept whole (never wrapped, never
//! cut), titles and details are cut with `…` or wrapped, long headers and
//! times have a shorter form, and columns people can do without are left
//! out, least needed first. Without a width (output to a file or a pipe)
//! nothing is cut. The layout is a pure function of the cells and the
//! width ([`Grid::render`]); `Display` fits the terminal. Columns are
//! written here, left-aligned and padded: a table of ten thousand rows
//! costs a few milliseconds.

mod plan;

use super::width::{self, fit, wrap};
use plan::{Plan, Size, plan};

/// Spaces between two columns.
const GAP: usize = 2;

/// The colours of cells, as terminals show them (the 256-colour SGR codes
/// of the 16 standard colours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    /// The terminal's own colour.
    Reset,
    Red,
    Green,
    Yellow,
    Cyan,
    DarkGrey,
}

impl Color {
    /// The escape sequence that starts text in this colour (none for the
    /// terminal's own).
    fn start(self) -> Option<&'static str> {
        Some(match self {
            Color::Reset => return None,
            Color::Red => "\x1b[38;5;9m",
            Color::Green => "\x1b[38;5;10m",
            Color::Yellow => "\x1b[38;5;11m",
            Color::Cyan => "\x1b[38;5;14m",
            Color::DarkGrey => "\x1b[38;5;8m",
        })
    }
}

const BOLD: &str = "\x1b[1m";
const PLAIN: &str = "\x1b[0m";

/// What a column does when the table is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Always shown whole (ids, states).
    Keep,
    /// Shown whole, or left out: the lowest rank goes first.
    Drop(u8),
    /// Cut with `…` to the room left, down to this many columns.
    Cut(usize),
    /// Wrapped at words to the room left, down to this many columns.
    Wrap(usize),
}

impl Fit {
    /// The narrowest a flexible column gets.
    fn min(self) -> Option<usize> {
        match self {
            Fit::Cut(min) | Fit::Wrap(min) => Some(min),
            Fit::Keep | Fit::Drop(_) => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    header: &'static str,
    /// The header when the column is abbreviated.
    short: Option<&'static str>,
    fit: Fit,
}

impl Column {
    pub fn new(header: &'static str, fit: Fit) -> Column {
        Column {
            header,
            short: None,
            fit,
        }
    }

    /// A column kept whole.
    pub fn keep(header: &'static str) -> Column {
        Column::new(header, Fit::Keep)
    }

    /// Abbreviated to `header` (and each cell to its short form) when the
    /// table is too wide.
    pub fn or(mut self, header: &'static str) -> Column {
        self.short = Some(header);
        self
    }
}

/// One cell: its text (already made safe for a terminal), a shorter form
/// for an abbreviated column, and a colour.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    text: String,
    short: Option<String>,
    color: Option<Color>,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    /// The text of the cell in an abbreviated column.
    pub fn or(mut self, short: impl Into<String>) -> Cell {
        self.short = Some(short.into());
        self
    }

    pub fn color(mut self, color: Option<Color>) -> Cell {
        self.color = color;
        self
    }

    fn text(&self, short: bool) -> &str {
        match (&self.short, short) {
            (Some(s), true) => s,
            _ => &self.text,
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::new(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::new(text)
    }
}

/// A table of rows under column headers, laid out for a width.
#[derive(Debug, Clone)]
pub struct Grid {
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
    color: bool,
    header: bool,
    indent: usize,
}

impl Grid {
    pub fn new(columns: Vec<Column>, color: bool) -> Grid {
        Grid {
            columns,
            rows: Vec::new(),
            color,
            header: true,
            indent: 0,
        }
    }

    /// No header line (a list under a heading of its own).
    pub fn headless(mut self) -> Grid {
        self.header = false;
        self
    }

    /// Every line starts with `n` spaces.
    pub fn indent(mut self, n: usize) -> Grid {
        self.indent = n;
        self
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.rows.push(cells);
    }

    /// The table laid out for `width` columns (`None`: as wide as its
    /// content), without trailing spaces.
    pub fn render(&self, width: Option<usize>) -> String {
        let plan = self.plan(width);
        let shown: Vec<usize> = (0..self.columns.len()).filter(|&i| plan.shown[i]).collect();
        let cell = |i: usize, text: &str| -> String {
            match self.columns[i].fit {
                Fit::Cut(_) => fit(text, plan.widths[i]),
                Fit::Wrap(_) => wrap(text, plan.widths[i]).join("\n"),
                Fit::Keep | Fit::Drop(_) => text.to_string(),
            }
        };
        let mut rows: Vec<Vec<(String, Option<&str>)>> = Vec::new();
        if self.header {
            rows.push(
                shown
                    .iter()
                    .map(|&i| {
                        let c = &self.columns[i];
                        let text = match (plan.short[i], c.short) {
                            (true, Some(h)) => h,
                            _ => c.header,
                        };
                        (cell(i, text), Some(BOLD))
                    })
                    .collect(),
            );
        }
        for row in &self.rows {
            rows.push(
                shown
                    .iter()
                    .map(|&i| {
                        let style = row[i].color.and_then(Color::start);
                        (cell(i, row[i].text(plan.short[i])), style)
                    })
                    .collect(),
            );
        }
        self.write(&rows)
    }

    /// Rows of cells (text, style) written under each other: each column as
    /// wide as its widest line, [`GAP`] spaces between columns, a cell of
    /// several lines taking as many lines of the table.
    fn write(&self, rows: &[Vec<(String, Option<&str>)>]) -> String {
        let columns = rows.first().map_or(0, Vec::len);
        let mut widths = vec![0; columns];
        for row in rows {
            for (w, (text, _)) in widths.iter_mut().zip(row) {
                *w = text.split('\n').map(width::of).fold(*w, usize::max);
            }
        }
        let pad = " ".repeat(self.indent);
        let mut out = String::with_capacity(rows.len() * (widths.iter().sum::<usize>() + 16));
        let mut line = String::new();
        let mut first = true;
        for row in rows {
            let height = row.iter().map(|(t, _)| t.split('\n').count()).max();
            for n in 0..height.unwrap_or(1) {
                line.clear();
                line.push_str(&pad);
                for (i, (text, style)) in row.iter().enumerate() {
                    let part = text.split('\n').nth(n).unwrap_or("");
                    match style.filter(|_| self.color && !part.is_empty()) {
                        Some(style) => {
                            line.push_str(style);
                            line.push_str(part);
                            line.push_str(PLAIN);
                        }
                        None => line.push_str(part),
                    }
                    if i + 1 < row.len() {
                        let spaces = widths[i] - width::of(part) + GAP;
                        line.extend(std::iter::repeat_n(' ', spaces));
                    }
                }
                if !first {
                    out.push('\n');
                }
                first = false;
                out.push_str(line.trim_end());
            }
        }
        out
    }

    /// Which columns are shown, abbreviated, and how wide.
    fn plan(&self, width: Option<usize>) -> Plan {
        let sizes: Vec<Size> = (0..self.columns.len()).map(|i| self.size(i)).collect();
        let room = width.map(|w| w.saturating_sub(self.indent));
        plan(&sizes, room)
    }

    /// The widths column `i` needs, whole and abbreviated.
    fn size(&self, i: usize) -> Size {
        let column = &self.columns[i];
        let widest = |short: bool| {
            let header = match (short, column.short) {
                (true, Some(h)) => h,
                _ => column.header,
            };
            let header = if self.header { width::of(header) } else { 0 };
            self.rows
                .iter()
                .map(|r| width::of(r[i].text(short)))
                .fold(header, usize::max)
        };
        Size {
            fit: column.fit,
            whole: widest(false),
            short: column.short.map(|_| widest(true)),
        }
    }
}

impl std::fmt::Display for Grid {
    /// The table fitted to the terminal ([`width::terminal`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(width::terminal()))
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_lines_fit_and_ids_stay_whole() {
        let mut g = Grid::new(
            vec![
                Column::keep("ID"),
                Column::keep("PRIORITY").or("PRI"),
                Column::new("TITLE", Fit::Cut(8)),
            ],
            false,
        );
        g.row(vec![
            "k3x9p2".into(),
            Cell::new("critical").or("crit"),
            "A long title that will not fit".into(),
        ]);
        assert_eq!(
            g.render(Some(30)),
            "ID      PRIORITY  TITLE\nk3x9p2  critical  A long titl…"
        );
        assert_eq!(
            g.render(Some(22)),
            "ID      PRI   TITLE\nk3x9p2  crit  A long…"
        );
        assert_eq!(
            g.render(None).lines().nth(1).unwrap(),
            "k3x9p2  critical  A long title that will not fit"
        );
        let g = g.headless().indent(2);
        assert_eq!(g.render(Some(24)), "  k3x9p2  crit  A long…");
    }

    #[test]
    fn a_wrapped_cell_takes_lines_and_colour_stays_on_the_text() {
        let mut g = Grid::new(
            vec![
                Column::keep("ID"),
                Column::new("NOTE", Fit::Wrap(4)),
                Column::keep("P"),
            ],
            true,
        );
        let red = Cell::new("hi").color(Some(Color::Red));
        g.row(vec!["a1".into(), "one two three".into(), red]);
        let bold = |t: &str| format!("\x1b[1m{t}\x1b[0m");
        let header = format!("{}  {}     {}", bold("ID"), bold("NOTE"), bold("P"));
        let rows = "a1  one two  \x1b[38;5;9mhi\x1b[0m\n    three";
        assert_eq!(g.render(Some(16)), format!("{header}\n{rows}"));
        g.color = false;
        assert_eq!(
            g.render(Some(16)),
            "ID  NOTE     P\na1  one two  hi\n    three"
        );
    }
}
