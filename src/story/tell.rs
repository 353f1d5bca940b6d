//! A change set told to a person, as coloured text or Markdown: records by title, fields by
//! label, achievements first (the story's events), configuration edits only with `all`.
//! `paths` keeps the exact record and field paths, the same ones the JSON form of the diff
//! (`diff::json`) carries for tools.

use std::fmt::Write;

use super::{Event, Tone, words};
use crate::diff::json::Side;
use crate::diff::{
    ChangeKind, Changes, CountChange, FieldChange, FieldKind, RecordChange, SegmentKind,
};
use crate::records::Records;
use crate::records::kpi::PROJECTS;
use crate::records::model::Locale;
use crate::term::{ADDED, BOLD, DIM, REMOVED};

/// How a change set is told to a person (the `--all` and `--paths` flags of `diff` and `log`).
#[derive(Debug, Clone, Copy, Default)]
pub struct View {
    /// Also tell edits of the document's settings (outline, KPI definitions, titles).
    pub all: bool,
    /// Name records and fields by their exact JSON paths.
    pub paths: bool,
}

/// The two states a diff compares, with the change set found between them.
#[derive(Debug, Clone, Copy)]
pub struct Compared<'a> {
    /// The older records.
    pub old: &'a Records,
    /// The newer records.
    pub new: &'a Records,
    /// What differs.
    pub changes: &'a Changes,
    /// The older side held nothing: the story opens with what the newer one starts with.
    pub opening: bool,
    /// The language of the fixed words.
    pub locale: Locale,
}

impl Compared<'_> {
    fn locale(&self) -> Locale {
        self.locale
    }

    /// The events people read, settings only with `view.all`.
    pub fn events(&self, view: View) -> Vec<Event> {
        let mut events = super::events::events(self.old, self.new, self.changes, self.opening);
        events.retain(|e| super::is_shown(e, view.all));
        events
    }

    /// Names a section for people: its title, or the locale's word for the projects.
    fn section_title(&self, count: &CountChange) -> String {
        if count.section == PROJECTS {
            return words::pick(self.locale(), "projects", "프로젝트").to_owned();
        }
        self.new
            .sections
            .get(&count.section)
            .or(self.old.sections.get(&count.section))
            .map_or_else(|| count.section.clone(), |s| s.title.clone())
    }

    /// One line per section size: `기술 문서 5 → 7 (+2)` (section ids with `paths`).
    pub fn count_lines(&self, view: View) -> Vec<String> {
        self.changes
            .counts
            .iter()
            .map(|count| {
                let name = if view.paths {
                    count.section.clone()
                } else {
                    self.section_title(count)
                };
                format!(
                    "{BOLD}{name}{BOLD:#} {} → {} ({})",
                    count.old,
                    count.new,
                    sign(count.new as i64 - count.old as i64)
                )
            })
            .collect()
    }

    /// The story in lines with a marker each, `indent` before every line; with `paths`, every
    /// changed record and field by path.
    pub fn story_lines(&self, view: View, indent: &str) -> String {
        if view.paths {
            return self
                .changes
                .records
                .iter()
                .map(|r| record_text(r, indent))
                .collect();
        }
        let locale = self.locale();
        let mut out = String::new();
        for event in self.events(view) {
            let _ = writeln!(out, "{indent}{}", event_text(&event, locale));
        }
        out
    }
}

/// One event as a terminal line: a coloured marker, then the sentence.
pub fn event_text(event: &Event, locale: Locale) -> String {
    let (style, marker) = match (event.tier(), event.tone()) {
        (super::Tier::Evidence | super::Tier::Settings, _) => (DIM, "·"),
        (_, Tone::Added) => (ADDED, "+"),
        (_, Tone::Removed) => (REMOVED, "-"),
        (_, Tone::Changed) => (BOLD, "~"),
    };
    format!("{style}{marker}{style:#} {}", event.text(locale))
}

fn sign(n: i64) -> String {
    if n >= 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn marker(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Changed => "~",
        ChangeKind::Moved => ">",
    }
}

/// Writes the diff as text; ANSI styles are stripped later when colour is off.
pub fn text(from: &Side, to: &Side, compared: Compared<'_>, view: View) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{DIM}from {}{DIM:#}", from.description);
    let _ = writeln!(out, "{DIM}to   {}{DIM:#}", to.description);
    for line in compared.count_lines(view) {
        let _ = writeln!(out, "{line}");
    }
    let story = compared.story_lines(view, "");
    if story.is_empty() {
        let _ = writeln!(out, "{}", no_changes(compared, view));
        return out;
    }
    out.push('\n');
    out.push_str(&story);
    out
}

/// `no changes`, or how many other changes (settings, evidence) `--all` would show.
pub fn no_changes(compared: Compared<'_>, view: View) -> String {
    let hidden = compared.events(View { all: true, ..view }).len();
    match hidden {
        _ if hidden == 0 || compared.changes.is_empty() => "no changes".to_owned(),
        1 => "no changes to the achievements (1 other change: see --all)".to_owned(),
        _ => format!("no changes to the achievements ({hidden} other changes: see --all)"),
    }
}

/// Writes one changed record and its fields, each line starting with `indent`; shared by
/// `diff` and `log` so both name records the same way.
pub fn record_text(record: &RecordChange, indent: &str) -> String {
    let style = match record.kind {
        ChangeKind::Added => ADDED,
        ChangeKind::Removed => REMOVED,
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
        record.name(),
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
pub fn markdown(from: &Side, to: &Side, compared: Compared<'_>, view: View) -> String {
    // Every line this writes starts with its own marker: record text never starts a block.
    let e = |text: &str| crate::escape::markdown(text, false);
    let mut out = String::new();
    let _ = writeln!(out, "## Records: {} → {}\n", e(&from.name), e(&to.name));
    let _ = writeln!(
        out,
        "- from: {}\n- to: {}\n",
        e(&from.description),
        e(&to.description)
    );
    let _ = writeln!(
        out,
        "| section | before | after | change |\n|---|---:|---:|---:|"
    );
    for count in &compared.changes.counts {
        let name = if view.paths {
            count.section.clone()
        } else {
            compared.section_title(count)
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            e(&name),
            count.old,
            count.new,
            sign(count.new as i64 - count.old as i64)
        );
    }
    out.push('\n');
    let events = compared.events(view);
    if view.paths {
        for record in &compared.changes.records {
            let _ = writeln!(
                out,
                "- `{}` {}",
                marker(record.kind),
                e(&format!("{}: {}", record.name(), record.title))
            );
            for field in &record.fields {
                let _ = writeln!(out, "  - {}", e(&field.short()));
            }
        }
    } else if events.is_empty() {
        let _ = writeln!(out, "{}.", no_changes(compared, view));
    } else {
        let locale = compared.locale();
        for event in &events {
            let _ = writeln!(out, "- {}", e(&event.text(locale)));
        }
    }
    out
}
