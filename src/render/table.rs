//! One description per table: the page's table and its CSV file are both made from it.
//!
//! Every table of the site is written twice: on the pages, with its figures as the paper prints
//! them (`1,182,747`, `12.5%`), and as a CSV file of raw values for a spreadsheet. Written by
//! hand, the two drift apart (a column added to one and not the other, a header out of step
//! with its cells). So a table is declared once, as a list of columns that each know their
//! label, their CSV name, their alignment and how to write a value both ways, and the page's
//! table and the CSV are both made from that list and the rows. A column may stand on one
//! side only (an id the page leaves out, a list the page joins into one cell), and the page
//! may show fewer rows than the CSV holds (the top of a ranked list), but neither side has a
//! column the description does not declare.

use serde::Serialize;

/// How many rows a table shows before the rest is folded into a `<details>` element.
pub const ROWS_SHOWN: usize = 25;

/// A table as the templates draw it: headings and cells already written as the page shows
/// them, so that templates only lay out.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The table's anchor on the page (`table5`), which a narrative's `at` may name.
    pub id: String,
    /// Its number on the page, `Table 3`: the paper's number for the paper's tables
    /// ([`paper`](Self::paper)), the next free one after them for the others, given by
    /// [`super::view`] once the sections are in order.
    pub label: String,
    /// The paper's number of this table, kept whatever the order of the sections.
    #[serde(skip)]
    pub paper: Option<u32>,
    /// The `<caption>` over the table after its label, also its entry in the page's contents.
    pub caption: String,
    /// The source line under the table (`Source: path (N rows).`); empty without such an input.
    pub source: String,
    /// Headings of the columns on the page, in order.
    pub columns: Vec<Heading>,
    /// The rows on the page, a cell per column; may be only the top of the CSV's rows. At most
    /// [`ROWS_SHOWN`] once the view has folded the table ([`Table::fold`]).
    pub rows: Vec<Vec<TableCell>>,
    /// The rows after the first [`ROWS_SHOWN`], shown in a `<details>` element; empty for a
    /// short table.
    pub rest: Vec<Vec<TableCell>>,
    /// The summary of the `<details>` element of `rest` (`Rows 26 to 30 of Table 3`).
    pub rest_caption: String,
    /// The CSV file of this table, relative to the site's root.
    pub csv: String,
    /// Notes printed under the table, before its source line (e.g. a target not in the corpus).
    pub notes: Vec<String>,
    /// Other files of this table to link beside its CSV (its LaTeX table), in order; empty
    /// when the config's `exports` turns them off.
    pub downloads: Vec<Download>,
}

/// A file of the site that a table or figure links to, besides its CSV or SVG.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Download {
    /// The link's text (`PNG, 300 dpi`, `PDF`, `LaTeX`).
    pub label: String,
    /// Path of the file relative to the site's root (`charts/dendrogram.png`).
    pub path: String,
}

impl Table {
    /// The table as LaTeX, for a paper: a `table` float with its caption and a label
    /// (`tab:` and the table's id), and a `tabular` ruled with booktabs (`\toprule`,
    /// `\midrule`, `\bottomrule`), its columns `r` for figures and `l` otherwise, holding
    /// the headings and cells as the page writes them (the page's rows), then its notes and
    /// source line in small type. Every text is escaped ([`crate::escape::latex`]); the file
    /// is UTF-8, for XeLaTeX, LuaLaTeX or pdfLaTeX with `inputenc` (and `T2A` for Cyrillic).
    pub fn latex(&self) -> String {
        use crate::escape::latex;
        let align: String = self
            .columns
            .iter()
            .map(|c| if c.numeric { 'r' } else { 'l' })
            .collect();
        let row = |cells: Vec<String>| format!("{} \\\\\n", cells.join(" & "));
        let mut out = String::new();
        out.push_str("% Written by mobilize; needs \\usepackage{booktabs}.\n");
        out.push_str("\\begin{table}[htbp]\n\\centering\n");
        out.push_str(&format!("\\caption{{{}}}\n", latex(&self.caption)));
        out.push_str(&format!("\\label{{tab:{}}}\n", label(&self.id)));
        out.push_str(&format!("\\begin{{tabular}}{{{align}}}\n\\toprule\n"));
        out.push_str(&row(self.columns.iter().map(|c| latex(&c.label)).collect()));
        out.push_str("\\midrule\n");
        // Every row, those the page folds away included: a journal table is not folded.
        for cells in self.rows.iter().chain(&self.rest) {
            out.push_str(&row(cells.iter().map(|c| latex(&c.text)).collect()));
        }
        out.push_str("\\bottomrule\n\\end{tabular}\n");
        let below: Vec<&String> = self.notes.iter().chain(Some(&self.source)).collect();
        let below: Vec<&String> = below.into_iter().filter(|t| !t.is_empty()).collect();
        if !below.is_empty() {
            out.push_str("\\par\\smallskip\n{\\footnotesize\n");
            for text in below {
                out.push_str(&format!("{}\\par\n", latex(text)));
            }
            out.push_str("}\n");
        }
        out.push_str("\\end{table}\n");
        out
    }
}

/// A LaTeX label from a table's id: letters, digits, `-`, `.` and `:` kept, anything else
/// written as `-`.
fn label(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// A column's heading on the page; figures are right-aligned.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    /// The heading's text, never empty: a header cell with no text is no header to a screen
    /// reader.
    pub label: String,
    /// Whether the column holds figures: right-aligned in Markdown.
    pub numeric: bool,
    /// The CSS classes of the column's heading and cells: `num` for figures, `nowrap` for
    /// dates and ids, which must not break across lines; empty for neither.
    pub class: String,
}

/// One cell as the page shows it; the first of a row is written as the row's header.
#[derive(Debug, Clone, Serialize)]
pub struct TableCell {
    /// The value as the page writes it (`1,182,747`, `12.5%`), escaped by the templates.
    pub text: String,
    /// A CSS class for the cell (`match`, `differs`, `not-comparable`), or empty.
    pub class: String,
    /// An anchor on the cell (a claim's row in the reproduction panel), or empty.
    pub id: String,
    /// The cell's full value when the page shows it shortened (a digest's first 12 digits),
    /// as the cell's `title`; empty otherwise.
    pub title: String,
}

impl Table {
    /// The table as the paper numbers it (`Table 3`), whatever the order of the sections.
    pub fn paper(mut self, number: u32) -> Table {
        self.paper = Some(number);
        self
    }

    /// Keeps the first [`ROWS_SHOWN`] rows in view and moves the others to `rest`, with the
    /// summary that names them; a table of [`ROWS_SHOWN`] rows or fewer is left as it is.
    pub fn fold(&mut self) {
        if self.rows.len() > ROWS_SHOWN {
            self.rest = self.rows.split_off(ROWS_SHOWN);
            self.rest_caption = format!(
                "Rows {} to {} of {}",
                ROWS_SHOWN + 1,
                crate::format::thousands((ROWS_SHOWN + self.rest.len()) as u64),
                self.label
            );
        }
    }
}

/// A CSV file: header and raw (unformatted) values.
#[derive(Debug, Clone)]
pub struct CsvTable {
    /// Path of the CSV relative to the site's root (`tables/table5-clusters.csv`).
    pub file: String,
    /// Column names of the CSV's first line.
    pub header: Vec<String>,
    /// Records, cells in header order, values unformatted (`1182747`); a cell a spreadsheet would
    /// run as a formula gets a leading `'` when written.
    pub rows: Vec<Vec<String>>,
}

/// How a column writes a value of a row.
type Format<'a, R> = Box<dyn Fn(&R) -> String + 'a>;

struct Column<'a, R> {
    label: String,
    csv: String,
    numeric: bool,
    nowrap: bool,
    on_page: bool,
    in_csv: bool,
    show: Format<'a, R>,
    /// How the CSV writes the value, when not as the page shows it.
    raw: Option<Format<'a, R>>,
    class: Option<Format<'a, R>>,
    anchor: Option<Format<'a, R>>,
    title: Option<Format<'a, R>>,
}

/// The description of a table of rows `R`: its CSV file and its columns, in order. The page
/// takes the columns on the page in that order, the CSV the columns in the CSV.
pub struct TableSpec<'a, R> {
    file: String,
    columns: Vec<Column<'a, R>>,
}

impl<'a, R> TableSpec<'a, R> {
    /// A table written to `file` (relative to the site's root), with no column yet.
    pub fn new(file: impl Into<String>) -> Self {
        TableSpec {
            file: file.into(),
            columns: Vec::new(),
        }
    }

    fn column(mut self, label: &str, csv: &str, numeric: bool, show: Format<'a, R>) -> Self {
        self.columns.push(Column {
            label: label.to_string(),
            csv: csv.to_string(),
            numeric,
            nowrap: false,
            on_page: true,
            in_csv: true,
            show,
            raw: None,
            class: None,
            anchor: None,
            title: None,
        });
        self
    }

    /// A column of text, headed `label` on the page and `csv` in the CSV, written the same in
    /// both unless [`raw`](Self::raw) follows.
    pub fn text(self, label: &str, csv: &str, value: impl Fn(&R) -> String + 'a) -> Self {
        self.column(label, csv, false, Box::new(value))
    }

    /// A column of figures, right-aligned on the page; otherwise as [`text`](Self::text).
    pub fn number(self, label: &str, csv: &str, value: impl Fn(&R) -> String + 'a) -> Self {
        self.column(label, csv, true, Box::new(value))
    }

    /// A column of counts: `1,182,747` on the page, `1182747` in the CSV.
    pub fn count(self, label: &str, csv: &str, value: impl Fn(&R) -> u64 + Copy + 'a) -> Self {
        self.number(label, csv, move |row| crate::format::thousands(value(row)))
            .raw(move |row| value(row).to_string())
    }

    /// A column of the CSV alone.
    pub fn csv_only(self, csv: &str, value: impl Fn(&R) -> String + 'a) -> Self {
        self.text("", csv, value).on_page(false)
    }

    /// The last column, written in the CSV by `raw` rather than as the page shows it.
    pub fn raw(mut self, raw: impl Fn(&R) -> String + 'a) -> Self {
        self.last().raw = Some(Box::new(raw));
        self
    }

    /// The last column, on the page alone.
    pub fn page_only(mut self) -> Self {
        self.last().in_csv = false;
        self
    }

    /// The last column, on the page only when `shown` (it stays in the CSV).
    pub fn on_page(mut self, shown: bool) -> Self {
        self.last().on_page &= shown;
        self
    }

    /// The last column, kept only when `kept`: on neither side otherwise.
    pub fn only_if(mut self, kept: bool) -> Self {
        if !kept {
            self.columns.pop();
        }
        self
    }

    /// The last column's cells with the CSS class `class` gives.
    pub fn class(mut self, class: impl Fn(&R) -> String + 'a) -> Self {
        self.last().class = Some(Box::new(class));
        self
    }

    /// The last column's cells with the anchor `anchor` gives (none when empty).
    pub fn anchor(mut self, anchor: impl Fn(&R) -> String + 'a) -> Self {
        self.last().anchor = Some(Box::new(anchor));
        self
    }

    /// The last column's cells with the `title` (the full value of a shortened cell) that
    /// `title` gives (none when empty).
    pub fn title(mut self, title: impl Fn(&R) -> String + 'a) -> Self {
        self.last().title = Some(Box::new(title));
        self
    }

    /// The last column, kept on one line (dates, ids): CSS `white-space: nowrap`.
    pub fn nowrap(mut self) -> Self {
        self.last().nowrap = true;
        self
    }

    fn last(&mut self) -> &mut Column<'a, R> {
        self.columns
            .last_mut()
            .expect("a column declared before it is changed")
    }

    /// The page's table of `rows`, with no notes.
    pub fn table(
        &self,
        id: impl Into<String>,
        caption: impl Into<String>,
        source: &str,
        rows: &[R],
    ) -> Table {
        let shown: Vec<&Column<'a, R>> = self.columns.iter().filter(|c| c.on_page).collect();
        let write =
            |f: &Option<Format<'a, R>>, row: &R| f.as_ref().map_or_else(String::new, |f| f(row));
        let class = |c: &Column<'a, R>| {
            let classes = [(c.numeric, "num"), (c.nowrap, "nowrap")];
            let on: Vec<&str> = classes.iter().filter(|(on, _)| *on).map(|c| c.1).collect();
            on.join(" ")
        };
        Table {
            id: id.into(),
            label: String::new(),
            paper: None,
            caption: caption.into(),
            source: source.to_string(),
            columns: shown
                .iter()
                .map(|c| Heading {
                    label: c.label.clone(),
                    numeric: c.numeric,
                    class: class(c),
                })
                .collect(),
            rows: rows
                .iter()
                .map(|row| {
                    shown
                        .iter()
                        .map(|c| TableCell {
                            text: (c.show)(row),
                            class: write(&c.class, row),
                            id: write(&c.anchor, row),
                            title: write(&c.title, row),
                        })
                        .collect()
                })
                .collect(),
            rest: Vec::new(),
            rest_caption: String::new(),
            csv: self.file.clone(),
            notes: Vec::new(),
            downloads: Vec::new(),
        }
    }

    /// The CSV file of `rows`.
    pub fn csv(&self, rows: &[R]) -> CsvTable {
        let written: Vec<&Column<'a, R>> = self.columns.iter().filter(|c| c.in_csv).collect();
        CsvTable {
            file: self.file.clone(),
            header: written.iter().map(|c| c.csv.clone()).collect(),
            rows: rows
                .iter()
                .map(|row| {
                    written
                        .iter()
                        .map(|c| c.raw.as_ref().unwrap_or(&c.show)(row))
                        .collect()
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_and_csv_take_their_own_columns_in_order() {
        let spec = TableSpec::<(&str, u64)>::new("tables/t.csv")
            .csv_only("id", |r| format!("#{}", r.0))
            .text("Name", "name", |r| r.0.to_string())
            .count("Posts", "posts", |r| r.1)
            .text("Mark", "", |r| if r.1 > 999 { "many" } else { "" }.into())
            .page_only()
            .class(|_| "hot".into());
        let rows = [("a", 1234), ("b", 5)];
        let table = spec.table("t", "T", "", &rows[..1]);
        let labels: Vec<_> = table.columns.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["Name", "Posts", "Mark"]);
        let cells: Vec<_> = table.rows[0].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(cells, ["a", "1,234", "many"]);
        assert_eq!(table.rows[0][2].class, "hot");
        assert_eq!(table.csv, "tables/t.csv");
        let csv = spec.csv(&rows);
        assert_eq!(csv.header, ["id", "name", "posts"]);
        assert_eq!(csv.rows, [["#a", "a", "1234"], ["#b", "b", "5"]]);
    }

    #[test]
    fn dates_stay_on_one_line_and_a_digest_keeps_its_full_value() {
        let spec = TableSpec::<(&str, &str)>::new("tables/t.csv")
            .text("Date", "date", |r| r.0.to_string())
            .nowrap()
            .count("N", "n", |_| 3)
            .text("SHA-256", "sha256", |r| r.1[..4].to_string())
            .raw(|r| r.1.to_string())
            .title(|r| r.1.to_string());
        let table = spec.table("t", "T", "", &[("2019-06-09", "abcdef")]);
        let classes: Vec<_> = table.columns.iter().map(|c| c.class.as_str()).collect();
        assert_eq!(classes, ["nowrap", "num", ""]);
        assert_eq!(table.rows[0][2].text, "abcd");
        assert_eq!(table.rows[0][2].title, "abcdef");
        assert_eq!(spec.csv(&[("d", "abcdef")]).rows[0][2], "abcdef");
    }

    /// A table of more than 25 rows shows 25 and folds the rest; one of 25 is left whole.
    #[test]
    fn long_tables_fold_after_25_rows() {
        let spec = TableSpec::<u64>::new("tables/t.csv").count("N", "n", |n| *n);
        let rows: Vec<u64> = (1..=30).collect();
        let mut long = spec.table("t", "T", "", &rows);
        long.label = "Table 6".into();
        long.fold();
        assert_eq!((long.rows.len(), long.rest.len()), (25, 5));
        assert_eq!(long.rest[0][0].text, "26");
        assert_eq!(long.rest_caption, "Rows 26 to 30 of Table 6");
        assert_eq!(spec.csv(&rows).rows.len(), 30, "every row stays in the CSV");
        let mut short = spec.table("t", "T", "", &rows[..25]);
        short.fold();
        assert_eq!((short.rows.len(), short.rest.len()), (25, 0));
        let tex = long.latex();
        assert_eq!(
            tex.matches(" \\\\\n").count(),
            31,
            "the header and every row: {tex}"
        );
    }

    /// Checked by hand: the columns `l r r`, booktabs rules, the page's cells (thousands
    /// separators kept), the caption and label, and the source line under the table.
    #[test]
    fn a_table_as_latex() {
        let spec = TableSpec::<(&str, u64, &str)>::new("tables/table3-terms.csv")
            .text("Term", "term", |r| r.0.to_string())
            .count("Count", "count", |r| r.1)
            .number("Share", "share", |r| r.2.to_string());
        let rows = [("protest", 1234, "12.5%"), ("митинг", 5, "0.1%")];
        let mut table = spec.table("table3", "Table 3. Terms", "Source: posts.csv.", &rows);
        table.notes.push("Stems shown with their words.".into());
        assert_eq!(
            table.latex(),
            r"% Written by mobilize; needs \usepackage{booktabs}.
\begin{table}[htbp]
\centering
\caption{Table 3. Terms}
\label{tab:table3}
\begin{tabular}{lrr}
\toprule
Term & Count & Share \\
\midrule
protest & 1,234 & 12.5\% \\
митинг & 5 & 0.1\% \\
\bottomrule
\end{tabular}
\par\smallskip
{\footnotesize
Stems shown with their words.\par
Source: posts.csv.\par
}
\end{table}
"
        );
    }

    #[test]
    fn hostile_text_stays_text_in_latex() {
        let spec = TableSpec::<&str>::new("tables/t.csv").text("A_b & {c}", "a", |r| r.to_string());
        let rows = [
            "\\end{tabular}\\input{x}",
            "[3pt] 100% $5 #1 ~^",
            "a\n\nb\u{1b}",
        ];
        let table = spec.table("t 1}", "\\immediate\\write18{rm -rf}", "", &rows);
        let text = table.latex();
        assert!(
            text.contains(r"\caption{\textbackslash{}immediate\textbackslash{}write18\{rm -rf\}}")
        );
        assert!(text.contains(r"\label{tab:t-1-}"));
        assert!(text.contains(r"A\_b \& \{c\} \\"));
        assert!(text.contains(r"\textbackslash{}end\{tabular\}\textbackslash{}input\{x\} \\"));
        assert!(text.contains(r"{[}3pt{]} 100\% \$5 \#1 \textasciitilde{}\textasciicircum{} \\"));
        assert!(text.contains(r"a  b\textbackslash{}u\{1b\} \\"));
        // Every backslash left starts one of the file's own commands or an escape.
        for line in text.lines().filter(|l| !l.starts_with('%')) {
            let mut rest = line;
            while let Some(at) = rest.find('\\') {
                rest = &rest[at + 1..];
                let word: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                let known = [
                    "begin",
                    "end",
                    "centering",
                    "caption",
                    "label",
                    "toprule",
                    "midrule",
                    "bottomrule",
                    "par",
                    "smallskip",
                    "footnotesize",
                    "textbackslash",
                    "textasciicircum",
                    "textasciitilde",
                    "textless",
                    "textgreater",
                    "textbar",
                ];
                let symbol = rest.starts_with(['\\', '{', '}', '$', '&', '#', '_', '%']);
                assert!(known.contains(&word.as_str()) || symbol, "{line}");
                if rest.starts_with('\\') {
                    rest = &rest[1..];
                }
            }
        }
    }
}
