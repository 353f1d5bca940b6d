//! The check-in in the shared layout: the same blocks (headings, facts, tables, lists) the
//! review's Markdown, HTML and text writers take, so the check-in is escaped and wrapped as the
//! review is.

use super::TextFormat;
use super::blocks::{Block, Document, Entry, Inline, Line, Tone, heading, text as plain};
use crate::report::checkin::{Checkin, PlanView};

/// Writes a check-in in a text format; `width` is used by plain text only.
pub fn write(checkin: &Checkin, format: TextFormat, width: usize) -> String {
    super::write_document(&layout(checkin), format, width)
}

fn leaf(tone: Option<Tone>, line: Line) -> Entry {
    Entry {
        tone,
        lines: vec![line],
        children: Vec::new(),
    }
}

/// Lays out a check-in.
pub fn layout(c: &Checkin) -> Document {
    let l = &c.labels;
    let mut blocks = Vec::new();
    heading(&mut blocks, 1, &c.title);
    let mut facts = vec![(l.name.to_owned(), vec![plain(&c.person.name)])];
    if let Some(role) = c.person.role.as_deref().filter(|r| !r.is_empty()) {
        facts.push((l.role.to_owned(), vec![plain(role)]));
    }
    facts.push((
        l.quarter.to_owned(),
        vec![
            plain(&c.quarter.label),
            Inline::Muted(format!(" ({} ~ {})", c.quarter.start, c.quarter.end)),
        ],
    ));
    let mut read = vec![plain(&c.provenance.revision)];
    if !c.provenance.date.is_empty() {
        read.push(Inline::Muted(format!(" ({})", c.provenance.date)));
    }
    facts.push((l.commit.to_owned(), read));
    blocks.push(Block::Facts(facts));
    let nothing = |blocks: &mut Vec<Block>| {
        blocks.push(Block::Paragraph(vec![vec![Inline::Muted(
            l.nothing.to_owned(),
        )]]));
    };

    heading(&mut blocks, 2, l.moved);
    if c.moved.is_empty() {
        nothing(&mut blocks);
    } else {
        let entries = c
            .moved
            .iter()
            .map(|m| {
                let tone = match m.tone {
                    "added" => Tone::Added,
                    "removed" => Tone::Removed,
                    _ => Tone::Changed,
                };
                leaf(Some(tone), vec![plain(&m.text)])
            })
            .collect();
        blocks.push(Block::List(entries));
    }

    goals_table(c, &mut blocks);
    metrics_table(c, &mut blocks);
    heading(&mut blocks, 2, &format!("{} ({})", l.next, c.quarter.next));
    let lists = [
        (l.plans_done, &c.plans_done, true),
        (l.plans, &c.plans_next, false),
        (l.support, &c.support, false),
    ];
    if lists.iter().all(|(_, items, _)| items.is_empty()) {
        nothing(&mut blocks);
    }
    for (title, items, marked) in lists {
        if items.is_empty() {
            continue;
        }
        heading(&mut blocks, 3, title);
        blocks.push(Block::List(
            items.iter().map(|p| plan_entry(p, marked, c)).collect(),
        ));
    }

    evidence_list(c, &mut blocks);
    Document {
        title: c.title.clone(),
        lang: match c.locale {
            crate::records::model::Locale::Ko => "ko",
            crate::records::model::Locale::En => "en",
        },
        author: c.person.name.clone(),
        blocks,
    }
}

fn plan_entry(p: &PlanView, marked: bool, c: &Checkin) -> Entry {
    let mut line = Vec::new();
    if marked {
        line.push(plain(if p.done { "✓ " } else { "○ " }));
    }
    line.push(plain(&p.text));
    if marked {
        let state = if p.done {
            c.labels.done
        } else {
            c.labels.not_done
        };
        line.push(Inline::Muted(format!(" ({state})")));
    }
    let mut entry = leaf(None, line);
    if let Some(detail) = p.detail.as_deref().filter(|d| !d.is_empty()) {
        entry.lines.push(vec![Inline::Muted(detail.to_owned())]);
    }
    entry
}

fn goals_table(c: &Checkin, blocks: &mut Vec<Block>) {
    let l = &c.labels;
    heading(blocks, 2, l.goals);
    if c.goals.is_empty() {
        nothing(blocks, c);
    } else {
        let rows = c
            .goals
            .iter()
            .map(|g| {
                let progress = match (g.progress, &g.percent) {
                    (Some(p), Some(percent)) => format!("{} {percent}", super::goals::bar(p)),
                    _ => "–".to_owned(),
                };
                let change = g.change.clone().unwrap_or_else(|| "–".to_owned());
                vec![
                    vec![vec![Inline::Strong(g.text.clone())]],
                    vec![vec![plain(&progress)]],
                    vec![vec![plain(&change)]],
                    vec![vec![plain(g.status_text.as_deref().unwrap_or("–"))]],
                    vec![vec![Inline::Muted(g.due.clone())]],
                ]
            })
            .collect();
        blocks.push(Block::Table {
            header: [l.goal, l.progress, l.change, l.status, l.due]
                .map(str::to_owned)
                .to_vec(),
            rows,
        });
    }
}

fn metrics_table(c: &Checkin, blocks: &mut Vec<Block>) {
    let l = &c.labels;
    heading(blocks, 2, l.metrics);
    if c.metrics.is_empty() {
        nothing(blocks, c);
    } else {
        let rows = c
            .metrics
            .iter()
            .map(|m| {
                let name = match &m.record {
                    Some(record) => format!("{record} · {}", m.label),
                    None => m.label.clone(),
                };
                let mut value = format!(
                    "{} → {}",
                    m.from.as_deref().unwrap_or("–"),
                    m.to.as_deref().unwrap_or("–")
                );
                if let Some(delta) = &m.delta {
                    value.push_str(&format!(" ({delta})"));
                }
                let mut target = m.target.clone().unwrap_or_else(|| "–".to_owned());
                if m.reached {
                    target.push_str(" ✓");
                }
                vec![
                    vec![vec![plain(&name)]],
                    vec![vec![plain(&value)]],
                    vec![vec![plain(&target)]],
                ]
            })
            .collect();
        blocks.push(Block::Table {
            header: [l.metric, l.value, l.target].map(str::to_owned).to_vec(),
            rows,
        });
    }
}

fn evidence_list(c: &Checkin, blocks: &mut Vec<Block>) {
    let l = &c.labels;
    heading(blocks, 2, l.evidence);
    if c.evidence.is_empty() {
        nothing(blocks, c);
    } else {
        let entries = c
            .evidence
            .iter()
            .map(|e| {
                let mut first = vec![plain(&e.text)];
                let mut note = e.place.clone();
                if let Some(date) = &e.date {
                    note.push_str(&format!(", {date}"));
                }
                first.push(Inline::Muted(format!(" ({note})")));
                let mut links: Line = Vec::new();
                for (at, link) in e.links.iter().enumerate() {
                    if at > 0 {
                        links.push(plain(" · "));
                    }
                    links.push(Inline::Link {
                        text: link.title.clone().unwrap_or_else(|| link.url.clone()),
                        url: link.url.clone(),
                    });
                }
                Entry {
                    tone: None,
                    lines: vec![first, links],
                    children: Vec::new(),
                }
            })
            .collect();
        blocks.push(Block::List(entries));
    }
}

fn nothing(blocks: &mut Vec<Block>, c: &Checkin) {
    blocks.push(Block::Paragraph(vec![vec![Inline::Muted(
        c.labels.nothing.to_owned(),
    )]]));
}
