//! The report as a sequence of plain blocks (headings, paragraphs, facts, tables, lists), the
//! one layout the Markdown, HTML and text writers share.
//!
//! Everything a reader sees is decided here once, from the same `Report` the PDF is built
//! from, so the formats cannot disagree: same chapters in the same order, same KPI values, same
//! overview and evolution. The writers only choose the markup, and escape every string they are
//! given: nothing in a block is markup yet.

use crate::report::{
    Block as ReportBlock, ItemView, KpiBlock, MetricView, ProjectView, Report, SectionView,
    TrajectoryView,
};

use super::blocks::{Block, Document, Entry, Inline, Line, Tone, heading, text};
use crate::report::labels::{self, Labels};

/// Lays out a report.
pub fn layout(report: &Report) -> Document {
    let l = labels::of(report.locale);
    let mut blocks = Vec::new();
    title_block(report, &l, &mut blocks);
    let has_summary = !report.summary.is_empty() || !report.overview.periods.is_empty();
    if has_summary {
        heading(&mut blocks, 2, l.summary);
        for group in &report.summary {
            kpi_block(group, 3, &l, &mut blocks);
        }
        overview(report, 3, &l, &mut blocks);
    }
    // The year's story is a chapter of its own, after the summary, as in the PDF.
    evolution(report, 2, &l, &mut blocks);
    if !report.projects.items.is_empty() {
        let title = report.projects.title.as_deref().unwrap_or(l.projects);
        heading(&mut blocks, 2, title);
        for project in &report.projects.items {
            project_block(project, &l, &mut blocks);
        }
    }
    for chapter in &report.chapters {
        // A chapter without a title lifts its blocks one level, as in the PDF.
        let level = if chapter.title.is_empty() {
            2
        } else {
            heading(&mut blocks, 2, &chapter.title);
            3
        };
        for block in &chapter.blocks {
            match block {
                ReportBlock::Section(section) => section_block(section, level, &mut blocks),
                ReportBlock::Kpis(group) => kpi_block(group, level, &l, &mut blocks),
            }
        }
    }
    references(report, &l, &mut blocks);
    Document {
        title: report.title.clone(),
        lang: match report.locale {
            crate::records::model::Locale::Ko => "ko",
            crate::records::model::Locale::En => "en",
        },
        author: report.person.name.clone(),
        blocks,
    }
}

fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

pub(crate) fn title_block(report: &Report, l: &Labels, blocks: &mut Vec<Block>) {
    heading(blocks, 1, &report.title);
    let person = &report.person;
    let provenance = &report.provenance;
    let mut facts: Vec<(String, Line)> = vec![(l.name.to_owned(), vec![text(&person.name)])];
    for (key, value) in [
        (l.role, &person.role),
        (l.team, &person.team),
        (l.organization, &person.organization),
    ] {
        if let Some(value) = present(value) {
            facts.push((key.to_owned(), vec![text(value)]));
        }
    }
    facts.push((l.year.to_owned(), vec![text(&report.year.to_string())]));
    let mut revision = vec![text(&revision_text(report))];
    if provenance.dirty {
        revision.push(Inline::Muted(format!(" {}", l.dirty)));
    }
    facts.push((l.revision.to_owned(), revision));
    if let Some(at) = present(&provenance.at) {
        facts.push((l.at.to_owned(), vec![text(at)]));
    }
    if !provenance.date.is_empty() {
        facts.push((l.date.to_owned(), vec![text(&provenance.date)]));
    }
    blocks.push(Block::Paragraph(vec![vec![Inline::Muted(
        l.kicker.to_owned(),
    )]]));
    blocks.push(Block::Facts(facts));
}

/// `worktree 8decc4b`, or the short commit alone when revision and commit agree.
fn revision_text(report: &Report) -> String {
    let rev = &report.provenance.revision;
    match report.provenance.commit.as_deref() {
        Some(commit) => {
            let short = &commit[..commit.len().min(7)];
            if short.starts_with(rev.as_str()) || rev.starts_with(short) {
                rev.clone()
            } else {
                format!("{rev} {short}")
            }
        }
        None => rev.clone(),
    }
}

pub(crate) fn kpi_block(group: &KpiBlock, level: u8, l: &Labels, blocks: &mut Vec<Block>) {
    heading(blocks, level, &group.title);
    let rows = group
        .items
        .iter()
        .map(|k| {
            let value = k.quantity.clone();
            let mut first = vec![if k.number.is_some() {
                Inline::Strong(value)
            } else {
                Inline::Text(value)
            }];
            if let Some(note) = present(&k.note) {
                first.push(Inline::Muted(format!(" ({note})")));
            }
            let mut lines = vec![first];
            if !k.items.is_empty() {
                lines.push(vec![Inline::Muted(k.items.join(", "))]);
            }
            vec![vec![vec![text(&k.label)]], lines]
        })
        .collect();
    blocks.push(Block::Table {
        header: vec![l.indicator.to_owned(), l.value.to_owned()],
        rows,
    });
}

fn overview(report: &Report, level: u8, l: &Labels, blocks: &mut Vec<Block>) {
    let periods = &report.overview.periods;
    if periods.is_empty() {
        return;
    }
    let title = report.overview.title.as_deref().unwrap_or(l.overview);
    heading(blocks, level, title);
    let rows = periods
        .iter()
        .map(|p| {
            let mut count = vec![text(&l.n_projects(p.count))];
            let delta = l.delta(p.delta.unwrap_or(0));
            if !delta.is_empty() {
                count.push(Inline::Muted(format!(" {delta}")));
            }
            let projects = p
                .projects
                .iter()
                .map(|q| {
                    let mut line = vec![text(&q.title)];
                    if q.new {
                        line.push(Inline::Strong(format!(" {}", l.new)));
                    }
                    line
                })
                .collect();
            vec![
                vec![vec![Inline::Strong(p.label.clone())]],
                vec![count],
                projects,
            ]
        })
        .collect();
    blocks.push(Block::Table {
        header: vec![
            l.period.to_owned(),
            l.count.to_owned(),
            l.projects.to_owned(),
        ],
        rows,
    });
}

/// The year's story, as in the PDF: per quarter, its projects and commit, then what it achieved
/// (lines marked by tone: `+`, `~` or `−`); then the metrics that moved, quarter by quarter.
fn evolution(report: &Report, level: u8, l: &Labels, blocks: &mut Vec<Block>) {
    if report.evolution.is_empty() {
        return;
    }
    heading(blocks, level, l.evolution);
    for q in &report.evolution {
        heading(blocks, level + 1, &q.label);
        let mut facts = Vec::new();
        if let Some(projects) = q
            .counts
            .iter()
            .find(|c| c.section == crate::records::kpi::PROJECTS)
        {
            facts.push(l.n_projects(projects.count));
        }
        facts.extend(q.commit.clone());
        if !facts.is_empty() {
            blocks.push(Block::Paragraph(vec![vec![Inline::Muted(
                facts.join(" · "),
            )]]));
        }
        let mut entries: Vec<Entry> = q
            .lines
            .iter()
            .map(|line| {
                let tone = match line.tone {
                    "added" => Tone::Added,
                    "removed" => Tone::Removed,
                    _ => Tone::Changed,
                };
                let body = if line.highlight {
                    Inline::Text(line.text.clone())
                } else {
                    Inline::Muted(line.text.clone())
                };
                Entry {
                    tone: Some(tone),
                    lines: vec![vec![body]],
                    children: Vec::new(),
                }
            })
            .collect();
        if let Some(more) = present(&q.more) {
            entries.push(Entry {
                tone: None,
                lines: vec![vec![Inline::Muted(more.to_owned())]],
                children: Vec::new(),
            });
        }
        if !entries.is_empty() {
            blocks.push(Block::List(entries));
        }
    }
    trajectories(&report.trajectories, level + 1, l, blocks);
}

/// Metrics whose value moved: one row each, one column per quarter, then the target.
fn trajectories(trajectories: &[TrajectoryView], level: u8, l: &Labels, blocks: &mut Vec<Block>) {
    let Some(first) = trajectories.first() else {
        return;
    };
    heading(blocks, level, l.trajectories);
    let has_target = trajectories.iter().any(|t| t.target.is_some());
    let mut header = vec![l.metric.to_owned()];
    header.extend(first.points.iter().map(|p| p.label.clone()));
    if has_target {
        header.push(l.target.to_owned());
    }
    let rows = trajectories
        .iter()
        .map(|t| {
            let name = match present(&t.record) {
                Some(record) => format!("{record} · {}", t.label),
                None => t.label.clone(),
            };
            let mut row = vec![vec![vec![text(&name)]]];
            row.extend(t.points.iter().map(|p| {
                vec![vec![match &p.quantity {
                    Some(v) => text(v),
                    None => Inline::Muted("–".to_owned()),
                }]]
            }));
            if has_target {
                let target = t.target_quantity.clone().unwrap_or_else(|| "–".to_owned());
                row.push(vec![vec![Inline::Muted(target)]]);
            }
            row
        })
        .collect();
    blocks.push(Block::Table { header, rows });
}

pub(crate) fn project_block(p: &ProjectView, l: &Labels, blocks: &mut Vec<Block>) {
    heading(blocks, 3, &p.title);
    let mut period = p.period.clone();
    if let Some(months) = p.months {
        period = format!("{period} {}", l.months(months));
    }
    let mut facts = vec![(l.period.to_owned(), vec![text(&period)])];
    if let Some(team) = &p.team {
        let team = l.team(team.size, &team.roles, team.note.as_deref());
        facts.push((l.project_team.to_owned(), vec![text(&team)]));
    }
    // The period already says "ongoing"; a status that only repeats it is left out.
    if let Some(status) = present(&p.status)
        && !(p.ongoing && status == l.ongoing)
    {
        facts.push((l.status.to_owned(), vec![text(status)]));
    }
    if !p.tags.is_empty() {
        facts.push((l.tags.to_owned(), vec![text(&p.tags.join(", "))]));
    }
    if !p.refs.is_empty() {
        facts.push((l.evidence.to_owned(), marks(&p.refs)));
    }
    blocks.push(Block::Facts(facts));
    if let Some(summary) = present(&p.summary) {
        blocks.push(Block::Paragraph(vec![vec![text(summary)]]));
    }
    if !p.metrics.is_empty() {
        blocks.push(metrics_table(&p.metrics, l));
    }
    if !p.links.is_empty() {
        let mut line = vec![Inline::Strong(format!("{}: ", l.links))];
        line.extend(links(&p.links));
        blocks.push(Block::Paragraph(vec![line]));
    }
    for list in &p.lists {
        heading(blocks, 4, &list.title);
        if !list.items.is_empty() {
            blocks.push(Block::List(list.items.iter().map(entry).collect()));
        }
    }
}

/// A claim's reference marks, one per number.
fn marks(refs: &[usize]) -> Line {
    refs.iter().map(|&n| Inline::Ref(n)).collect()
}

/// The Evidence chapter: the references grouped by the project or section where each first
/// appears, each with its repository, date, title and link.
pub(crate) fn references(report: &Report, l: &Labels, blocks: &mut Vec<Block>) {
    if report.references.groups.is_empty() {
        return;
    }
    heading(blocks, 2, l.evidence);
    for group in &report.references.groups {
        let items = group
            .items
            .iter()
            .map(|r| (r.number, reference_line(r)))
            .collect();
        blocks.push(Block::References {
            title: group.title.clone(),
            items,
        });
    }
}

/// `api · 4 March 2022 · Make the fast path fast · #12`, the name a link to its page.
fn reference_line(r: &crate::report::references::ReferenceView) -> Line {
    let mut line = Vec::new();
    let part = |line: &mut Line, inline: Inline| {
        if !line.is_empty() {
            line.push(Inline::Muted(" · ".to_owned()));
        }
        line.push(inline);
    };
    if let Some(repository) = &r.repository {
        part(&mut line, Inline::Strong(repository.clone()));
    }
    if let Some(date) = &r.date {
        part(&mut line, Inline::Muted(date.clone()));
    }
    if let Some(title) = present(&r.title) {
        part(&mut line, text(title));
    }
    let name = match &r.url {
        Some(url) => Inline::Link {
            text: r.name.clone(),
            url: url.clone(),
        },
        None => text(&r.name),
    };
    part(&mut line, name);
    line
}

fn links(links: &[crate::records::model::Link]) -> Line {
    let mut line = Vec::new();
    for (i, link) in links.iter().enumerate() {
        if i > 0 {
            line.push(Inline::Muted(" · ".to_owned()));
        }
        let text = link.title.clone().unwrap_or_else(|| link.url.clone());
        // `check` refuses such links before compiling; should one get here, it is not a link.
        line.push(if crate::records::check::is_safe_url(&link.url) {
            Inline::Link {
                text,
                url: link.url.clone(),
            }
        } else {
            Inline::Text(text)
        });
    }
    line
}

fn metrics_table(metrics: &[MetricView], l: &Labels) -> Block {
    let has_range = metrics
        .iter()
        .any(|m| m.before.is_some() || m.target.is_some());
    let has_note = metrics.iter().any(|m| present(&m.note).is_some());
    let mut header = vec![l.metric.to_owned(), l.value.to_owned()];
    if has_range {
        header.push(l.before_target.to_owned());
    }
    if has_note {
        header.push(l.note.to_owned());
    }
    let rows = metrics
        .iter()
        .map(|m| {
            let mut value = vec![Inline::Strong(m.quantity.clone())];
            value.extend(marks(&m.refs));
            let mut row = vec![vec![vec![text(&m.label)]], vec![value]];
            if has_range {
                row.push(vec![vec![text(&range(m))]]);
            }
            if has_note {
                row.push(vec![vec![Inline::Muted(
                    m.note.clone().unwrap_or_default(),
                )]]);
            }
            row
        })
        .collect();
    Block::Table { header, rows }
}

/// `1 → 3회`, `– → 10 ms`, or `–` when neither is known.
fn range(m: &MetricView) -> String {
    let side = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".to_owned());
    if m.before.is_none() && m.target.is_none() {
        "–".to_owned()
    } else {
        format!(
            "{} → {}",
            side(&m.before_quantity),
            side(&m.target_quantity)
        )
    }
}

/// A metric in running text: `준비 시간 63시간 (카페 21회 방문 × 3시간)`.
fn metric_inline(m: &MetricView, line: &mut Line) {
    line.push(text(&format!("{} ", m.label)));
    line.push(Inline::Strong(m.quantity.clone()));
    line.extend(marks(&m.refs));
    if m.before.is_some() || m.target.is_some() {
        line.push(Inline::Muted(format!(" ({})", range(m))));
    }
    if let Some(note) = present(&m.note) {
        line.push(Inline::Muted(format!(" ({note})")));
    }
}

/// An item as a list entry: label and text, date and status; detail, metrics and links below.
fn entry(item: &ItemView) -> Entry {
    let mut first = Vec::new();
    if let Some(label) = present(&item.label) {
        first.push(Inline::Strong(label.to_owned()));
        if !item.text.is_empty() {
            first.push(text(": "));
        }
    }
    first.push(text(&item.text));
    first.extend(marks(&item.refs));
    if let Some(date) = present(&item.date) {
        first.push(Inline::Muted(format!(" · {date}")));
    }
    if let Some(status) = present(&item.status) {
        first.push(Inline::Muted(format!(" [{status}]")));
    }
    let mut lines = vec![first];
    if let Some(detail) = present(&item.detail) {
        lines.push(vec![text(detail)]);
    }
    if !item.metrics.is_empty() {
        let mut line = Vec::new();
        for (i, m) in item.metrics.iter().enumerate() {
            if i > 0 {
                line.push(Inline::Muted(" · ".to_owned()));
            }
            metric_inline(m, &mut line);
        }
        lines.push(line);
    }
    if !item.links.is_empty() {
        lines.push(links(&item.links));
    }
    Entry {
        tone: None,
        lines,
        children: item.items.iter().map(entry).collect(),
    }
}

pub(crate) fn section_block(s: &SectionView, level: u8, blocks: &mut Vec<Block>) {
    heading(blocks, level, &s.title);
    if let Some(summary) = present(&s.summary) {
        blocks.push(Block::Paragraph(vec![vec![Inline::Emphasis(
            summary.to_owned(),
        )]]));
    }
    if let Some(goals) = &s.goals {
        let entries = goals
            .items
            .iter()
            .map(|g| super::goals::entry(g, &goals.labels))
            .collect();
        blocks.push(Block::List(entries));
        return;
    }
    for group in &s.groups {
        let title = match (present(&group.label), present(&group.heading)) {
            (Some(label), Some(head)) => Some(format!("{label}: {head}")),
            (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
            (None, None) => None,
        };
        if let Some(title) = title {
            heading(blocks, level + 1, &title);
        }
        if !group.items.is_empty() {
            blocks.push(Block::List(group.items.iter().map(entry).collect()));
        }
    }
}
