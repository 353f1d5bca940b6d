//! The goals block in the shared layout: each goal as a list entry with a text progress bar,
//! its status and due date, then its key results, milestones and quarters. The PDF prints the
//! same view through `templates/goals.typ`; the check-in reuses these lines.

use super::blocks::{Entry, Inline, Line};
use crate::report::goals::{GoalLabels, GoalView, KeyResultView};

/// Cells of the text progress bar.
const BAR: usize = 10;

/// Returns a progress bar of ten cells: `█████░░░░░`.
pub fn bar(progress: f64) -> String {
    let full = ((progress.clamp(0.0, 1.0) * BAR as f64).round()) as usize;
    format!("{}{}", "█".repeat(full), "░".repeat(BAR - full))
}

/// The goal's first line: text, bar and percentage, status, due date.
pub fn headline(goal: &GoalView, l: &GoalLabels) -> Line {
    let mut line = vec![Inline::Strong(goal.text.clone())];
    // A qualitative goal has no bar: its status, if any, says where it is.
    if let (Some(progress), Some(percent)) = (&goal.progress, &goal.percent) {
        line.push(Inline::Text(format!(" {} {percent}", bar(*progress))));
    }
    if let Some(status) = &goal.status_text {
        line.push(Inline::Text(format!(" · {status}")));
    }
    let mut due = format!(" · {} {}", l.due, goal.due);
    if let Some(days) = goal.days_left {
        let phrase = if days == 1 { l.day_left } else { l.days_left };
        due.push_str(&format!(" ({})", phrase.replace("{n}", &days.to_string())));
    }
    line.push(Inline::Muted(due));
    line
}

/// `Papers 0 → 1 / 2 (50%)`: start → value / target, with the key result's own progress.
pub fn key_result_line(k: &KeyResultView, l: &GoalLabels) -> Line {
    let m = &k.metric;
    let start = m.before_quantity.clone().unwrap_or_else(|| "0".to_owned());
    let target = m.target_quantity.clone().unwrap_or_else(|| "–".to_owned());
    let mut line = vec![
        Inline::Text(format!("{} {start} → ", m.label)),
        Inline::Strong(m.quantity.clone()),
        Inline::Text(format!(" / {target}")),
    ];
    if let Some(percent) = &k.percent {
        line.push(Inline::Muted(format!(" ({percent})")));
    }
    if let Some(weight) = k.weight {
        line.push(Inline::Muted(format!(
            " ({} {})",
            l.weight,
            crate::records::kpi::format_number(weight)
        )));
    }
    line
}

/// One goal as a list entry.
pub fn entry(goal: &GoalView, l: &GoalLabels) -> Entry {
    let mut lines = vec![headline(goal, l)];
    if let Some(detail) = goal.detail.as_deref().filter(|d| !d.is_empty()) {
        lines.push(vec![Inline::Muted(detail.to_owned())]);
    }
    let mut children: Vec<Entry> = goal
        .key_results
        .iter()
        .map(|k| leaf(key_result_line(k, l)))
        .collect();
    for m in &goal.milestones {
        let mut line = vec![Inline::Text(format!(
            "{} {}",
            if m.done { "✓" } else { "○" },
            m.text
        ))];
        let state = if m.done { l.done } else { l.open };
        match &m.date {
            Some(date) => line.push(Inline::Muted(format!(" ({date}, {state})"))),
            None => line.push(Inline::Muted(format!(" ({state})"))),
        }
        children.push(leaf(line));
    }
    if goal.quarters.iter().any(|q| q.percent.is_some()) {
        let points: Vec<String> = goal
            .quarters
            .iter()
            .map(|q| format!("{} {}", q.quarter, q.percent.as_deref().unwrap_or("–")))
            .collect();
        lines.push(vec![Inline::Muted(format!(
            "{}: {}",
            l.by_quarter,
            points.join(" · ")
        ))]);
    }
    Entry {
        tone: None,
        lines,
        children,
    }
}

fn leaf(line: Line) -> Entry {
    Entry {
        tone: None,
        lines: vec![line],
        children: Vec::new(),
    }
}
