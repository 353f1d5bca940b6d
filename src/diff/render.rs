//! Writing a diff as coloured text, Markdown or JSON.

use std::fmt::Write;

use serde::Serialize;

use super::value::{FieldChange, FieldKind, SegmentKind};
use super::{Changes, CountChange, Kind, RecordChange};
use crate::term::{ADDED, BOLD, DIM, REMOVED};

/// One side of a diff, described for the header.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// `2022Q1`, `HEAD`, `worktree`.
    pub name: String,
    /// Full commit id, if any.
    pub commit: Option<String>,
    /// The line that says how it was resolved.
    pub description: String,
}

/// The JSON shape of `review diff --format json` (documented in the README).
#[derive(Debug, Serialize)]
pub struct JsonDiff<'a> {
    /// The older side.
    pub from: &'a Side,
    /// The newer side.
    pub to: &'a Side,
    /// Section sizes and record changes.
    #[serde(flatten)]
    pub changes: &'a Changes,
}

fn sign(n: i64) -> String {
    if n >= 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// Writes a section's size change: `projects 3 → 4 (+1)`; shared by `diff` and `log`.
pub fn count_text(count: &CountChange) -> String {
    let delta = count.new as i64 - count.old as i64;
    format!(
        "{BOLD}{}{BOLD:#} {} → {} ({})",
        count.section,
        count.old,
        count.new,
        sign(delta)
    )
}

fn marker(kind: Kind) -> &'static str {
    match kind {
        Kind::Added => "+",
        Kind::Removed => "-",
        Kind::Changed => "~",
        Kind::Moved => ">",
    }
}

fn record_name(record: &RecordChange) -> String {
    match record.section.as_str() {
        "projects" => format!("project {}", record.id),
        "review" => "review.json".to_owned(),
        "sections" => format!("section {}", record.id),
        section => format!("{section}/{}", record.id),
    }
}

/// Writes the diff as text; ANSI styles are stripped later when colour is off.
pub fn text(from: &Side, to: &Side, changes: &Changes) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{DIM}from {}{DIM:#}", from.description);
    let _ = writeln!(out, "{DIM}to   {}{DIM:#}", to.description);
    for count in &changes.counts {
        let _ = writeln!(out, "{}", count_text(count));
    }
    if changes.is_empty() {
        let _ = writeln!(out, "no changes");
        return out;
    }
    out.push('\n');
    for record in &changes.records {
        out.push_str(&record_text(record, ""));
    }
    out
}

/// Writes one changed record and its fields, each line starting with `indent`; shared by
/// `diff` and `log` so both name records the same way.
pub fn record_text(record: &RecordChange, indent: &str) -> String {
    let style = match record.kind {
        Kind::Added => ADDED,
        Kind::Removed => REMOVED,
        _ => BOLD,
    };
    let from_part = record
        .from
        .as_ref()
        .map(|f| format!(" (from {f})"))
        .unwrap_or_default();
    let mut out = format!(
        "{indent}{style}{} {}{style:#} {}{from_part}\n",
        marker(record.kind),
        record_name(record),
        record.title
    );
    for field in &record.fields {
        let _ = writeln!(out, "{indent}    {}", field_text(field));
    }
    out
}

fn field_text(field: &FieldChange) -> String {
    if field.kind != FieldKind::Changed || field.inline.is_empty() {
        let line = field.short();
        return match field.kind {
            FieldKind::Added => format!("{ADDED}{line}{ADDED:#}"),
            FieldKind::Removed => format!("{REMOVED}{line}{REMOVED:#}"),
            _ => line,
        };
    }
    let mut line = format!("{}: ", field.path);
    for segment in &field.inline {
        let _ = match segment.kind {
            SegmentKind::Equal => write!(line, "{}", segment.text),
            SegmentKind::Insert => write!(line, "{ADDED}{{+{}+}}{ADDED:#}", segment.text),
            SegmentKind::Delete => write!(line, "{REMOVED}[-{}-]{REMOVED:#}", segment.text),
        };
    }
    line
}

/// Writes the diff as Markdown, for a pull request or a review note.
pub fn markdown(from: &Side, to: &Side, changes: &Changes) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Records: {} → {}\n", from.name, to.name);
    let _ = writeln!(
        out,
        "- from: {}\n- to: {}\n",
        from.description, to.description
    );
    let _ = writeln!(
        out,
        "| section | before | after | change |\n|---|---:|---:|---:|"
    );
    for count in &changes.counts {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            count.section,
            count.old,
            count.new,
            sign(count.new as i64 - count.old as i64)
        );
    }
    out.push('\n');
    if changes.is_empty() {
        out.push_str("No changes.\n");
    }
    for record in &changes.records {
        let verb = match record.kind {
            Kind::Added => "Added",
            Kind::Removed => "Removed",
            Kind::Changed => "Changed",
            Kind::Moved => "Moved",
        };
        let from_part = record
            .from
            .as_ref()
            .map(|f| format!(" (from `{f}`)"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- **{verb}** `{}`: {}{from_part}",
            record_name(record),
            record.title
        );
        for field in &record.fields {
            let mut line = field.short();
            if field.kind == FieldKind::Changed && !field.inline.is_empty() {
                line = format!("{}: ", field.path);
                for segment in &field.inline {
                    match segment.kind {
                        SegmentKind::Equal => line.push_str(&segment.text),
                        SegmentKind::Insert => {
                            line.push_str(&format!("<ins>{}</ins>", segment.text))
                        }
                        SegmentKind::Delete => {
                            line.push_str(&format!("<del>{}</del>", segment.text))
                        }
                    }
                }
            }
            let _ = writeln!(out, "  - {line}");
        }
    }
    out
}
