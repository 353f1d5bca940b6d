//! References: the evidence of every claim, numbered once, in the order the document shows the
//! claims, so the PDF, Markdown, HTML and text print the same numbers.
//!
//! A claim (a project, a metric, an item) carries `refs`, the numbers of its references; the
//! report's `references` holds each reference once (the same commit cited twice keeps its first
//! number), grouped by the project or section where it first appears, with the repository, the
//! date in the locale's words, a title and the page it links to. Links follow the forge rules
//! `import` has (`evidence::forge`), from the repository's declared address, and only http and
//! https addresses are ever links. `design.references: "off"` leaves both out.

use std::collections::HashMap;

use serde::Serialize;

use super::{ItemView, MetricView, ProjectView, Report, date_long};
use crate::evidence::forge::Forge;
use crate::records::check::is_web_url;
use crate::records::design::ReferenceStyle;
use crate::records::model::{Evidence, Locale, Review};

/// Every reference of the document, numbered, and how they are printed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct References {
    /// `endnotes`, `footnotes` or `off` (as `design.references`).
    pub style: ReferenceStyle,
    /// How many references there are.
    pub count: usize,
    /// The references grouped by the project or section where each first appears, in order.
    pub groups: Vec<ReferenceGroup>,
}

/// The references first cited in one project or section.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceGroup {
    /// The project's or section's title.
    pub title: String,
    /// The chapter it is in (the projects chapter's title for a project), if titled.
    pub chapter: Option<String>,
    /// Its references, by number.
    pub items: Vec<ReferenceView>,
}

/// One reference, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    /// Its number, from 1, in the order of first appearance.
    pub number: usize,
    /// `commit`, `pull`, `tag` or `url`.
    pub kind: &'static str,
    /// The repository's name, for a commit, pull request or tag.
    pub repository: Option<String>,
    /// What it is called: `#12` (`!12` on GitLab), `v1.2`, a commit's first 7 digits, or the
    /// address of a document.
    pub name: String,
    /// Its title, when the record gives one.
    pub title: Option<String>,
    /// Its date in the locale's words.
    pub date: Option<String>,
    /// The page it links to (http or https), when there is one.
    pub url: Option<String>,
}

/// Numbers the references of `report` in document order and fills in every claim's `refs`.
pub fn number(report: &mut Report, review: &Review) {
    let style = report.design.references;
    let mut numbering = Numbering {
        review,
        locale: report.locale,
        seen: HashMap::new(),
        groups: Vec::new(),
        count: 0,
    };
    if style != ReferenceStyle::Off {
        let chapter = report.projects.title.clone();
        for project in &mut report.projects.items {
            numbering.open(&project.title, chapter.clone());
            numbering.project(project);
        }
        for chapter in &mut report.chapters {
            let title = (!chapter.title.is_empty()).then(|| chapter.title.clone());
            for block in &mut chapter.blocks {
                let super::Block::Section(section) = block else {
                    continue;
                };
                numbering.open(&section.title, title.clone());
                for group in &mut section.groups {
                    for item in &mut group.items {
                        numbering.item(item);
                    }
                }
            }
        }
    }
    report.references = References {
        style,
        count: numbering.count,
        groups: numbering
            .groups
            .into_iter()
            .filter(|g| !g.items.is_empty())
            .collect(),
    };
}

struct Numbering<'a> {
    review: &'a Review,
    locale: Locale,
    seen: HashMap<String, usize>,
    groups: Vec<ReferenceGroup>,
    count: usize,
}

impl Numbering<'_> {
    fn open(&mut self, title: &str, chapter: Option<String>) {
        self.groups.push(ReferenceGroup {
            title: title.to_owned(),
            chapter,
            items: Vec::new(),
        });
    }

    fn project(&mut self, project: &mut ProjectView) {
        project.refs = self.cite(&project.cited);
        for metric in &mut project.metrics {
            self.metric(metric);
        }
        for list in &mut project.lists {
            for item in &mut list.items {
                self.item(item);
            }
        }
    }

    fn metric(&mut self, metric: &mut MetricView) {
        metric.refs = self.cite(&metric.cited);
    }

    fn item(&mut self, item: &mut ItemView) {
        item.refs = self.cite(&item.cited);
        for metric in &mut item.metrics {
            self.metric(metric);
        }
        for child in &mut item.items {
            self.item(child);
        }
    }

    /// Returns the numbers of `evidence`, numbering the references not seen before.
    fn cite(&mut self, evidence: &[Evidence]) -> Vec<usize> {
        let mut numbers = Vec::new();
        for reference in evidence {
            // The same thing cited twice is one reference, whatever title or date it carries.
            let key = format!(
                "{:?}|{:?}|{:?}|{:?}|{:?}",
                reference.commit, reference.pull, reference.tag, reference.repo, reference.url
            );
            let number = match self.seen.get(&key) {
                Some(&number) => {
                    // A later citation may say what an earlier one did not.
                    let view = self
                        .groups
                        .iter_mut()
                        .flat_map(|g| &mut g.items)
                        .find(|v| v.number == number);
                    if let Some(view) = view {
                        if view.title.is_none() {
                            view.title.clone_from(&reference.title);
                        }
                        if view.date.is_none() {
                            view.date = reference.date.map(|d| date_long(d, self.locale));
                        }
                    }
                    number
                }
                None => {
                    self.count += 1;
                    let view = view(reference, self.count, self.review, self.locale);
                    if let Some(group) = self.groups.last_mut() {
                        group.items.push(view);
                    }
                    self.seen.insert(key, self.count);
                    self.count
                }
            };
            if !numbers.contains(&number) {
                numbers.push(number);
            }
        }
        numbers
    }
}

/// A reference as printed: its name, and its page by the forge rules of its repository.
fn view(reference: &Evidence, number: usize, review: &Review, locale: Locale) -> ReferenceView {
    let forge = reference
        .repo
        .as_ref()
        .and_then(|name| review.repositories.get(name))
        .and_then(|r| r.url.as_deref())
        .and_then(Forge::parse);
    let (kind, name, derived) = if let Some(id) = &reference.commit {
        let short: String = id.chars().take(7).collect();
        ("commit", short, forge.as_ref().map(|f| f.commit(id)))
    } else if let Some(n) = reference.pull {
        let name = match forge.as_ref().map(|f| f.kind) {
            Some(crate::evidence::forge::Kind::GitLab) => format!("!{n}"),
            _ => format!("#{n}"),
        };
        ("pull", name, forge.as_ref().map(|f| f.pull_request(n)))
    } else if let Some(tag) = &reference.tag {
        ("tag", tag.clone(), forge.as_ref().map(|f| f.tag(tag)))
    } else {
        ("url", reference.url.clone().unwrap_or_default(), None)
    };
    let url = reference
        .url
        .clone()
        .or(derived)
        .filter(|url| is_web_url(url));
    ReferenceView {
        number,
        kind,
        repository: reference.repo.clone(),
        name,
        title: reference.title.clone(),
        date: reference.date.map(|d| date_long(d, locale)),
        url,
    }
}
