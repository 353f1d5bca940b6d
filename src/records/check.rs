//! Rules that span fields and files: duplicate ids, reversed periods, references that point at
//! nothing. Runs on a loaded model; positions are found again in the source with `locate`.

use std::collections::{BTreeMap, BTreeSet};

use super::diagnostic::Diagnostic;
use super::inbox::Inbox;
use super::load::closest;
use super::locate::{Step, locate};
use super::model::{Evidence, Item, Link, Metric, Records, Review};
use crate::period::PeriodName;
use crate::records::kpi::{self, PROJECTS};
use crate::snapshot::{Entry, Snapshot};

/// Checks the loaded records and returns every problem found.
///
/// With `complete` false (some file failed to parse), rules that look across files are skipped:
/// they would only report knock-on errors of the file that is missing.
pub fn check(
    records: &Records,
    inbox: Option<&Inbox>,
    snapshot: &Snapshot,
    complete: bool,
) -> Vec<Diagnostic> {
    let mut checker = Checker {
        snapshot,
        records,
        inbox,
        complete,
        found: Vec::new(),
    };
    checker.run();
    checker.found.extend(bidi_controls(snapshot));
    checker.found
}

/// Warns, located, of every record file holding a bidirectional control (U+202E and its kin):
/// such text can read differently from what it stores ("Trojan Source"), and a terminal never
/// shows it (`term` prints U+FFFD in its place).
fn bidi_controls(snapshot: &Snapshot) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (relative, entry) in &snapshot.entries {
        let Entry::File(bytes) = entry else { continue };
        if let Some((offset, code)) = super::load::find_char(bytes, crate::term::is_bidi_control) {
            found.push(
                Diagnostic::warning(
                    snapshot.display_path(relative),
                    Some(super::locate::line_column(bytes, offset)),
                    format!("text holds the bidirectional control U+{code:04X}"),
                )
                .with_hint("it can make text read differently from what it says; remove it unless the script needs it"),
            );
        }
    }
    found
}

struct Checker<'a> {
    snapshot: &'a Snapshot,
    records: &'a Records,
    inbox: Option<&'a Inbox>,
    complete: bool,
    found: Vec<Diagnostic>,
}

fn key(k: &str) -> Step {
    Step::Key(k.to_owned())
}

impl Checker<'_> {
    /// Records a problem at `path` inside the file of record `record` (a key of `Records::paths`).
    fn report(&mut self, record: &str, path: &[Step], message: String) -> &mut Diagnostic {
        let relative = self
            .records
            .paths
            .get(record)
            .cloned()
            .unwrap_or_else(|| format!("{record}.json"));
        let position = match self.snapshot.entries.get(&relative) {
            Some(Entry::File(bytes)) => Some(locate(bytes, path)),
            _ => None,
        };
        self.found.push(Diagnostic::error(
            self.snapshot.display_path(&relative),
            position,
            message,
        ));
        self.found.last_mut().expect("just pushed")
    }

    fn run(&mut self) {
        let Some(review) = &self.records.review else {
            if !self.complete {
                return;
            }
            let origin = if self.snapshot.origin.is_empty() {
                "."
            } else {
                &self.snapshot.origin
            };
            self.found.push(
                Diagnostic::error(origin, None, "no review.json in the records directory")
                    .with_hint("run `review init` to create one"),
            );
            return;
        };
        if self.complete {
            self.review(review);
        }
        for (id, project) in &self.records.projects {
            let record = format!("projects/{id}");
            if project.period.is_reversed() {
                let message = format!(
                    "period ends ({}) before it starts ({})",
                    project.period.end.expect("reversed has an end"),
                    project.period.start
                );
                self.report(&record, &[key("period"), key("end")], message);
            }
            self.metrics(&record, &[], &project.metrics);
            self.links(&record, &[], &project.links);
            self.evidence(&record, &[], &project.evidence);
            let list_ids: Vec<Option<&str>> =
                project.lists.iter().map(|l| Some(l.id.as_str())).collect();
            self.unique(&record, &[key("lists")], &list_ids, "list");
            for (index, list) in project.lists.iter().enumerate() {
                self.items(
                    &record,
                    vec![key("lists"), Step::Index(index), key("items")],
                    &list.items,
                );
            }
        }
        for (id, section) in &self.records.sections {
            self.items(id, vec![key("items")], &section.items);
            if section.kind == Some(super::model::SectionKind::Goals) {
                self.goals(id, &review.calendar(), &section.items);
            }
        }
        self.inbox();
    }

    /// A goal's key results need a number to start from, a target and a positive weight; its
    /// due date comes after its start; its milestones fall inside its span (a warning).
    fn goals(&mut self, record: &str, calendar: &crate::period::Calendar, items: &[Item]) {
        use super::model::Value;
        for (g, goal) in items.iter().enumerate() {
            let at = |rest: &[Step]| {
                let mut path = vec![key("items"), Step::Index(g)];
                path.extend_from_slice(rest);
                path
            };
            let (start, due) = goal.goal_span(calendar);
            if due <= start {
                let message = format!(
                    "goal `{}` is due ({}) before it starts ({})",
                    goal.text,
                    goal.due.as_ref().map_or("the year's end", |d| d.as_str()),
                    goal.start
                        .as_ref()
                        .map_or("the year's start", |d| d.as_str()),
                );
                let field = if goal.due.is_some() { "due" } else { "start" };
                self.report(record, &at(&[key(field)]), message)
                    .hints
                    .push("a goal runs from `start` to the end of `due`".to_owned());
            }
            for (m, metric) in goal.metrics.iter().enumerate() {
                let path = |field: &str| at(&[key("metrics"), Step::Index(m), key(field)]);
                let kr = format!("key result `{}` of goal `{}`", metric.id, goal.text);
                match &metric.target {
                    None => {
                        self.report(record, &at(&[key("metrics"), Step::Index(m)]), format!("{kr} has no target"))
                            .hints
                            .push("a goal's metrics are its key results: give each a `target` (and a `before` to start from, default 0)".to_owned());
                    }
                    Some(Value::Text(_)) => {
                        self.report(
                            record,
                            &path("target"),
                            format!("{kr}: expected a number as target"),
                        );
                    }
                    Some(Value::Number(_)) => {}
                }
                if matches!(metric.value, Value::Text(_)) {
                    self.report(
                        record,
                        &path("value"),
                        format!("{kr}: expected a number as value"),
                    );
                }
                if matches!(metric.before, Some(Value::Text(_))) {
                    self.report(
                        record,
                        &path("before"),
                        format!("{kr}: expected a number as before"),
                    );
                }
                if let Some(weight) = metric.weight.filter(|w| *w <= 0.0) {
                    let message = format!("{kr}: weight must be above 0, found {weight}");
                    self.report(record, &path("weight"), message);
                }
            }
            for (c, milestone) in goal.items.iter().enumerate() {
                let Some(date) = milestone.date else { continue };
                if date.end_exclusive() <= start || date.first_day() >= due {
                    let path = at(&[key("items"), Step::Index(c), key("date")]);
                    let message = format!(
                        "milestone `{}` ({date}) is outside its goal's span ({} to {})",
                        milestone.text,
                        start,
                        due.yesterday().unwrap_or(due)
                    );
                    let diagnostic = self.report(record, &path, message);
                    diagnostic.severity = super::diagnostic::Severity::Warning;
                    diagnostic.hints.push(
                        "move the milestone's date, or the goal's `start` or `due`".to_owned(),
                    );
                }
            }
        }
    }

    /// Warns while drafts wait: they are not in the review until accepted.
    fn inbox(&mut self) {
        let Some(inbox) = self.inbox else {
            return;
        };
        let ids: Vec<Option<&str>> = inbox.items.iter().map(|d| Some(d.id.as_str())).collect();
        self.unique(crate::records::inbox::STEM, &[key("items")], &ids, "draft");
        let waiting = inbox.items.len();
        if waiting > 0 {
            let relative = crate::records::inbox::FILE;
            self.found.push(
                Diagnostic::warning(
                    self.snapshot.display_path(relative),
                    None,
                    format!(
                        "{waiting} draft{} wait{} in the inbox (not in the review until accepted)",
                        if waiting == 1 { "" } else { "s" },
                        if waiting == 1 { "s" } else { "" }
                    ),
                )
                .with_hint("`review inbox` lists them; `review inbox accept ID… --to SECTION` or `review inbox reject ID…` decides"),
            );
        }
    }

    fn review(&mut self, review: &Review) {
        if !(1..=i32::from(crate::period::MAX_YEAR)).contains(&review.year) {
            self.report(
                "review",
                &[key("year")],
                format!(
                    "year must be between 1 and {}, found {}",
                    crate::period::MAX_YEAR,
                    review.year
                ),
            );
        }
        if !(1..=12).contains(&review.fiscal_year_start) {
            self.report(
                "review",
                &[key("fiscal_year_start")],
                format!(
                    "fiscal_year_start must be a month from 1 to 12, found {}",
                    review.fiscal_year_start
                ),
            );
        }
        if jiff::tz::db().get(&review.timezone).is_err() {
            self.report(
                "review",
                &[key("timezone")],
                format!("unknown time zone `{}`", review.timezone),
            )
            .hints
            .push("use an IANA name such as `Asia/Seoul`, `Europe/Berlin` or `UTC`".to_owned());
        }
        for (index, column) in review.overview.periods.iter().enumerate() {
            if !matches!(PeriodName::parse(&column.period, review.year), Some(Ok(_))) {
                let message = format!(
                    "`{}` is not a period of the review year (expected Q1..Q4, H1, H2 or a year)",
                    column.period
                );
                self.report(
                    "review",
                    &[
                        key("overview"),
                        key("periods"),
                        Step::Index(index),
                        key("period"),
                    ],
                    message,
                );
            }
        }
        for (index, id) in review.projects.order.iter().enumerate() {
            if !self.records.projects.contains_key(id) {
                let known: Vec<&str> = self.records.projects.keys().map(String::as_str).collect();
                let hint = closest(id, &known).map(|c| format!("did you mean `{c}`?"));
                let diagnostic = self.report(
                    "review",
                    &[key("projects"), key("order"), Step::Index(index)],
                    format!("no project `{id}` (no file projects/{id}.json)"),
                );
                diagnostic.hints.extend(hint);
            }
        }
        self.kpis(review);
        self.outline(review);
        for (name, repository) in &review.repositories {
            let Some(url) = &repository.url else { continue };
            if !is_web_url(url) {
                let shown: String = url.chars().take(60).filter(|c| !c.is_control()).collect();
                self.report(
                    "review",
                    &[key("repositories"), key(name), key("url")],
                    format!("repository `{name}`: `{shown}` is not an http or https address"),
                )
                .hints
                .push(
                    "give the repository's web page, e.g. `https://github.com/owner/name`"
                        .to_owned(),
                );
            }
        }
        if let Some(design) = &review.design {
            for (path, message, hint) in design.problems() {
                self.report("review", &path, message).hints.push(hint);
            }
        }
    }

    fn kpis(&mut self, review: &Review) {
        let group_ids: Vec<Option<&str>> =
            review.kpis.iter().map(|g| Some(g.id.as_str())).collect();
        self.unique("review", &[key("kpis")], &group_ids, "KPI group");
        for (g, group) in review.kpis.iter().enumerate() {
            if self.records.sections.contains_key(&group.id) {
                let message = format!(
                    "KPI group `{}` has the id of a section (ids must be told apart in the outline)",
                    group.id
                );
                self.report("review", &[key("kpis"), Step::Index(g), key("id")], message);
            }
            let ids: Vec<Option<&str>> = group.items.iter().map(|k| Some(k.id.as_str())).collect();
            self.unique(
                "review",
                &[key("kpis"), Step::Index(g), key("items")],
                &ids,
                "KPI",
            );
            for (k, kpi) in group.items.iter().enumerate() {
                if let Err(message) = kpi::compute(kpi, self.records, review) {
                    let field = ["count", "metric", "sum", "text"]
                        .into_iter()
                        .zip([
                            kpi.count.is_some(),
                            kpi.metric.is_some(),
                            kpi.sum.is_some(),
                            kpi.text.is_some(),
                        ])
                        .find_map(|(name, set)| set.then_some(name));
                    let mut path = vec![key("kpis"), Step::Index(g), key("items"), Step::Index(k)];
                    path.extend(field.map(key));
                    let known = self.section_ids();
                    let wanted = kpi
                        .count
                        .as_ref()
                        .map(|c| &c.section)
                        .or(kpi.sum.as_ref().map(|s| &s.section));
                    let hint = wanted
                        .filter(|w| !self.has_section(w))
                        .and_then(|w| closest(w, &known))
                        .map(|c| format!("did you mean `{c}`?"));
                    let diagnostic =
                        self.report("review", &path, format!("KPI `{}`: {message}", kpi.id));
                    diagnostic.hints.extend(hint);
                }
            }
        }
    }

    fn section_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.records.sections.keys().map(String::as_str).collect();
        ids.push(PROJECTS);
        ids
    }

    fn has_section(&self, id: &str) -> bool {
        id == PROJECTS || self.records.sections.contains_key(id)
    }

    fn outline(&mut self, review: &Review) {
        let mut placed = BTreeMap::new();
        let kpi_groups: BTreeSet<&str> = review.kpis.iter().map(|g| g.id.as_str()).collect();
        for (c, chapter) in review.outline.iter().enumerate() {
            for (s, id) in chapter.sections.iter().enumerate() {
                let path = [
                    key("outline"),
                    Step::Index(c),
                    key("sections"),
                    Step::Index(s),
                ];
                if !self.records.sections.contains_key(id) && !kpi_groups.contains(id.as_str()) {
                    let mut known = self.section_ids();
                    known.extend(kpi_groups.iter().copied());
                    let hint = closest(id, &known).map(|c| format!("did you mean `{c}`?"));
                    let diagnostic = self.report(
                        "review",
                        &path,
                        format!("no section or KPI group `{id}` (no file {id}.json)"),
                    );
                    diagnostic.hints.extend(hint);
                } else if placed.insert(id.clone(), c).is_some() {
                    self.report(
                        "review",
                        &path,
                        format!("`{id}` appears twice in the outline"),
                    );
                }
            }
        }
        if review.outline.is_empty() {
            return;
        }
        for id in self.records.sections.keys() {
            if !placed.contains_key(id) {
                let relative = self.records.paths.get(id).cloned().unwrap_or_default();
                self.found.push(
                    Diagnostic::warning(self.snapshot.display_path(&relative), None, format!("section `{id}` is not in the outline of review.json"))
                        .with_hint("it is printed after the last chapter; add it to a chapter's `sections` to place it"),
                );
            }
        }
    }

    fn items(&mut self, record: &str, path: Vec<Step>, items: &[Item]) {
        let ids: Vec<Option<&str>> = items.iter().map(|item| item.id.as_deref()).collect();
        self.unique(record, &path, &ids, "item");
        for (index, item) in items.iter().enumerate() {
            let mut here = path.clone();
            here.push(Step::Index(index));
            self.metrics(record, &here, &item.metrics);
            self.links(record, &here, &item.links);
            self.evidence(record, &here, &item.evidence);
            if !item.items.is_empty() {
                here.push(key("items"));
                self.items(record, here, &item.items);
            }
        }
    }

    fn metrics(&mut self, record: &str, path: &[Step], metrics: &[Metric]) {
        let mut here = path.to_vec();
        here.push(key("metrics"));
        let ids: Vec<Option<&str>> = metrics.iter().map(|m| Some(m.id.as_str())).collect();
        self.unique(record, &here, &ids, "metric");
        for (index, metric) in metrics.iter().enumerate() {
            let mut at = here.clone();
            at.push(Step::Index(index));
            self.evidence(record, &at, &metric.evidence);
        }
    }

    /// Reports every reference that cites nothing or two things, a commit id that is not a
    /// full one, a repository review.json does not declare, and an address that is not http
    /// or https.
    fn evidence(&mut self, record: &str, path: &[Step], evidence: &[Evidence]) {
        for (index, reference) in evidence.iter().enumerate() {
            let mut here = path.to_vec();
            here.extend([key("evidence"), Step::Index(index)]);
            let at = |field: &str| {
                let mut at = here.clone();
                at.push(key(field));
                at
            };
            let kinds = reference.kinds();
            if kinds.len() > 1 {
                let message = format!(
                    "a reference cites one thing, this one `{}` and `{}`",
                    kinds[0], kinds[1]
                );
                self.report(record, &at(kinds[1]), message)
                    .hints
                    .push("split it into two references, one for each".to_owned());
            } else if kinds.is_empty() && reference.url.is_none() {
                self.report(record, &here, "a reference cites nothing".to_owned())
                    .hints
                    .push(
                        "give it a `commit`, `pull` or `tag` with its `repo`, or a `url`"
                            .to_owned(),
                    );
            }
            if let Some(commit) = &reference.commit
                && !is_commit_id(commit)
            {
                let shown: String = commit
                    .chars()
                    .take(50)
                    .filter(|c| !c.is_control())
                    .collect();
                self.report(
                    record,
                    &at("commit"),
                    format!("`{shown}` is not a full commit id (expected 40 hexadecimal digits)"),
                )
                .hints
                .push(format!(
                    "`git rev-parse {shown}` in the clone prints the full id"
                ));
            }
            self.evidence_repo(record, &here, reference, kinds.first().copied());
            if let Some(url) = &reference.url
                && !is_web_url(url)
            {
                let shown: String = url.chars().take(60).filter(|c| !c.is_control()).collect();
                self.report(
                    record,
                    &at("url"),
                    format!("evidence address `{shown}` is not an http or https address"),
                )
                .hints
                .push("evidence links must start with `https://` or `http://`".to_owned());
            }
        }
    }

    /// Reports a reference into a repository that review.json does not declare, or a commit,
    /// pull request or tag without one.
    fn evidence_repo(
        &mut self,
        record: &str,
        here: &[Step],
        reference: &Evidence,
        kind: Option<&str>,
    ) {
        let Some(review) = &self.records.review else {
            return;
        };
        let mut at = here.to_vec();
        match &reference.repo {
            None => {
                if let Some(kind) = kind {
                    at.push(key(kind));
                    let message = format!("a `{kind}` reference needs the `repo` it is in");
                    self.report(record, &at, message)
                        .hints
                        .push("name a repository of review.json's `repositories`".to_owned());
                }
            }
            Some(repo) if !review.repositories.contains_key(repo) => {
                at.push(key("repo"));
                let known: Vec<&str> = review.repositories.keys().map(String::as_str).collect();
                let hint = closest(repo, &known).map(|c| format!("did you mean `{c}`?"));
                let diagnostic = self.report(
                    record,
                    &at,
                    format!("no repository `{repo}` in review.json's `repositories`"),
                );
                diagnostic.hints.extend(hint);
                diagnostic.hints.push(format!(
                    "declare it: \"repositories\": {{\"{repo}\": {{\"url\": \"https://…\"}}}} (`review import git` does)"
                ));
            }
            Some(_) => {}
        }
    }

    /// Reports every link that is not http, https or mailto: `javascript:`, `file:` or
    /// `data:` would become a clickable link in every output.
    fn links(&mut self, record: &str, path: &[Step], links: &[Link]) {
        for (index, link) in links.iter().enumerate() {
            if is_safe_url(&link.url) {
                continue;
            }
            let mut here = path.to_vec();
            here.extend([key("links"), Step::Index(index), key("url")]);
            let shown: String = link
                .url
                .chars()
                .take(60)
                .filter(|c| !c.is_control())
                .collect();
            self.report(
                record,
                &here,
                format!("link `{shown}` is not an http, https or mailto address"),
            )
            .hints
            .push("links must start with `https://`, `http://` or `mailto:`".to_owned());
        }
    }

    /// Reports every id that appears a second time in one list.
    fn unique(&mut self, record: &str, path: &[Step], ids: &[Option<&str>], what: &str) {
        let mut seen = BTreeMap::new();
        for (index, id) in ids.iter().enumerate() {
            let Some(id) = id else { continue };
            if let Some(first) = seen.insert(*id, index) {
                let mut here = path.to_vec();
                here.extend([Step::Index(index), key("id")]);
                let message = format!("duplicate {what} id `{id}` (first used at index {first})");
                self.report(record, &here, message);
                seen.insert(*id, first);
            }
        }
    }
}

/// Tells whether a link may be printed as a link: an absolute http, https or mailto address,
/// with no space or control character that a reader could hide a second scheme behind.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://", "mailto:"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    rest.is_some_and(|rest| !rest.is_empty())
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Tells whether an address is an absolute http or https one (evidence takes no `mailto:`).
pub fn is_web_url(url: &str) -> bool {
    is_safe_url(url) && !url.to_ascii_lowercase().starts_with("mailto:")
}

/// Tells whether a commit id is a full one: forty hexadecimal digits.
pub fn is_commit_id(id: &str) -> bool {
    id.len() == 40 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::is_safe_url;

    #[test]
    fn only_http_https_and_mailto_links_are_safe() {
        for safe in [
            "https://example.com/a?b=c",
            "HTTP://x.test",
            "mailto:a@b.test",
        ] {
            assert!(is_safe_url(safe), "{safe}");
        }
        for unsafe_url in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<script>alert(1)</script>",
            " javascript:alert(1)",
            "https://x.test/\njavascript:",
            "https://a b",
            "docs/readme.md",
            "https://",
            "vbscript:x",
        ] {
            assert!(!is_safe_url(unsafe_url), "{unsafe_url}");
        }
    }
}
