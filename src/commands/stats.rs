//! `review stats`: how long each part of the review is, against its declared budget.

use clap::{Args, ValueEnum};
use unicode_width::UnicodeWidthStr;

use super::Context;
use crate::error::{Error, Result, Status};
use crate::export::budget::{self, Part, Row};
use crate::records::redact;
use crate::workspace;

/// Show the length of every chapter, section and project, with its budget
///
/// Counts items (list entries at any depth), words and characters (a Hangul syllable is one)
/// of the text under each heading, as the plain-text output writes it. Budgets are declared
/// with `max_chars` and `max_words` on review.json (the whole review), on a chapter of its
/// outline or on `projects`, and on a section file; `review check` warns when one is exceeded.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// Measure the redacted review (every record marked `"private": true` left out)
    #[arg(long)]
    pub redact: bool,
    #[command(flatten)]
    pub lang: crate::cli::LangArgs,
}

/// Stats output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// An aligned table
    Table,
    /// JSON: one object per row
    Json,
}

/// Runs `review stats`.
pub fn run(args: &StatsArgs, ctx: &mut Context) -> Result {
    ctx.use_language(args.lang.lang.as_deref())?;
    let (snapshot, mut loaded) = ctx.load()?;
    workspace::checked_review(&loaded, &snapshot)?;
    if args.redact {
        redact::redact(&mut loaded.records);
    }
    let review = loaded
        .records
        .review
        .as_ref()
        .ok_or_else(|| Error::data(format!("{} has no review.json", snapshot.origin)))?;
    let rows = budget::measure(&loaded.records, review);
    match args.format {
        StatsFormat::Table => ctx.out.print(&table(&rows))?,
        StatsFormat::Json => ctx.out.print_json(&crate::json::pretty(&rows))?,
    }
    Ok(Status::Success)
}

/// The rows as an aligned table: sections and projects indented under their chapter.
fn table(rows: &[Row]) -> String {
    let name = |row: &Row| {
        let indent = match row.part {
            Part::Document | Part::Chapter => "",
            Part::Section | Part::Project => "  ",
        };
        let title = if row.title.is_empty() {
            "(untitled)"
        } else {
            &row.title
        };
        match (&row.id, row.part) {
            (Some(id), Part::Section) => format!("{indent}{title} ({id})"),
            _ => format!("{indent}{title}"),
        }
    };
    let budget = |row: &Row| {
        let mut parts = Vec::new();
        if let Some(max) = row.max_chars {
            parts.push(format!("{max} chars"));
        }
        if let Some(max) = row.max_words {
            parts.push(format!("{max} words"));
        }
        let mut text = parts.join(", ");
        if row.is_over() {
            text.push_str("  OVER");
        }
        text
    };
    // Evidence coverage shows once a claim carries evidence: items with references / items.
    let coverage = rows.iter().any(|r| r.evidenced > 0);
    let items = |row: &Row| {
        if coverage {
            format!("{}/{}", row.evidenced, row.items)
        } else {
            row.items.to_string()
        }
    };
    let header = [
        "part",
        if coverage { "evidenced/items" } else { "items" },
        "words",
        "chars",
        "budget",
    ]
    .map(str::to_owned);
    let cells: Vec<[String; 5]> = std::iter::once(header)
        .chain(rows.iter().map(|row| {
            [
                name(row),
                items(row),
                row.words.to_string(),
                row.chars.to_string(),
                budget(row),
            ]
        }))
        .collect();
    let widths: Vec<usize> = (0..5)
        .map(|c| cells.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (index, row) in cells.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.width());
            // Numbers align right, text left.
            match c {
                0 => line.push_str(&format!("{cell}{pad}")),
                4 => line.push_str(&format!("  {cell}")),
                _ => line.push_str(&format!("  {pad}{cell}")),
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if index == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 8));
            out.push('\n');
        }
    }
    out
}
