//! Achievements from a change set: which project started, was renamed or completed, which
//! metric moved, which items were added to which section.
//!
//! `diff` says which records changed (matched by id, with moves found); this module reads the
//! two versions of each changed record and names what happened in the records' own terms:
//! titles, labels, units, periods. Edits of the document's own configuration (review.json,
//! section titles and summaries, list titles, renamed files) are `Settings`: people see them
//! only when they ask.

use crate::diff::{ChangeKind, Changes, Place, item_key, normalize};
use crate::records::Records;
use crate::records::date::Period;
use crate::records::model::{Evidence, Item, Metric, Project, UnitPosition, Value};

/// How a line reads at a glance: something new, something that moved on, something gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Started, added, opened.
    Added,
    /// Renamed, completed, moved, edited.
    Changed,
    /// Removed, dropped.
    Removed,
}

/// The order in which a quarter's events are told: highlights (lifecycle, metrics) first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// A project started, renamed, completed, reopened, removed; a status change.
    Lifecycle,
    /// A metric moved.
    Metric,
    /// Items added, grouped per section or list.
    Items,
    /// Items removed, reworded or moved; other edits.
    Edit,
    /// Claims that gained evidence: the same claims, better backed; hidden unless asked for.
    Evidence,
    /// The document's own configuration; hidden unless asked for.
    Settings,
}

/// A metric that moved, appeared or went away.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricMove {
    /// The project or item it belongs to; `None` for a computed KPI.
    pub record: Option<String>,
    /// What is measured.
    pub label: String,
    /// Its unit.
    pub unit: Option<String>,
    /// Where its unit goes, when the metric says.
    pub unit_position: Option<UnitPosition>,
    /// The value before (`None`: new metric).
    pub old: Option<Value>,
    /// The value after (`None`: removed).
    pub new: Option<Value>,
    /// The value before the work, when recorded.
    pub before: Option<Value>,
    /// The value aimed for.
    pub target: Option<Value>,
}

/// One thing that happened, in records terms.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The year opened with these projects (the first period, from nothing).
    Opening {
        /// Project titles, by start.
        projects: Vec<String>,
    },
    /// A project started.
    Started {
        /// Its title.
        title: String,
    },
    /// A project or item got a new title.
    Renamed {
        /// The earlier title.
        from: String,
        /// The new title.
        to: String,
    },
    /// A project got its end date.
    Completed {
        /// Its title.
        title: String,
        /// Its whole period.
        period: Period,
    },
    /// A project stopped without finishing: its status says dropped, cancelled or paused.
    Dropped {
        /// Its title.
        title: String,
        /// The status as written.
        status: String,
        /// Its period.
        period: Period,
    },
    /// A project lost its end date.
    Reopened {
        /// Its title.
        title: String,
    },
    /// A status changed (paused, dropped, done...).
    Status {
        /// The project or item.
        title: String,
        /// The status before.
        from: Option<String>,
        /// The status after.
        to: Option<String>,
    },
    /// A project was removed.
    Removed {
        /// Its title.
        title: String,
    },
    /// A metric moved.
    Metric(MetricMove),
    /// A goal moved: its progress, milestones that happened, achieved.
    Goal {
        /// The goal.
        title: String,
        /// Its progress before (0 to 1), when measured.
        from: Option<f64>,
        /// Its progress after.
        to: Option<f64>,
        /// Milestones done since, by text.
        done: Vec<String>,
    },
    /// Items added to a section, a list or an item.
    Added {
        /// Where: a section title, `project · list`, or an item.
        place: String,
        /// Their titles.
        titles: Vec<String>,
        /// Part of the year's opening: counted, not "added".
        opening: bool,
    },
    /// Items removed from a place.
    Deleted {
        /// Where.
        place: String,
        /// Their titles.
        titles: Vec<String>,
    },
    /// An item's text changed.
    Reworded {
        /// Where.
        place: String,
        /// The text before.
        from: String,
        /// The text after.
        to: String,
    },
    /// An item moved to another section.
    Moved {
        /// The item.
        title: String,
        /// The section it left.
        from: String,
        /// The section it joined.
        to: String,
    },
    /// Other fields of a record changed (summary, team, tags...).
    Edited {
        /// The project or item.
        record: String,
        /// The fields, by their JSON key (worded in `words`).
        fields: Vec<String>,
    },
    /// Claims (projects, items, metrics) that were there before gained references.
    Evidenced {
        /// How many.
        claims: usize,
    },
    /// A project or section gained translations, its text the same in the primary language:
    /// not an achievement, told with `--all` only.
    Translated {
        /// Its title.
        what: String,
        /// How many translations it gained.
        added: usize,
    },
    /// A project or section lost translations, or had one rewritten, its text the same in
    /// the primary language: told with `--all` only, so that no edit goes unsaid.
    Retranslated {
        /// Its title.
        what: String,
        /// How many translations it lost (0: as many as before, one or more rewritten).
        removed: usize,
    },
    /// The document's configuration changed.
    Settings {
        /// The file or section.
        what: String,
        /// Top-level keys that changed (empty: the whole file came or went).
        fields: Vec<String>,
    },
}

impl Event {
    /// Returns where the event goes in the telling.
    pub fn tier(&self) -> Tier {
        match self {
            Self::Opening { .. }
            | Self::Started { .. }
            | Self::Renamed { .. }
            | Self::Completed { .. }
            | Self::Dropped { .. }
            | Self::Reopened { .. }
            | Self::Status { .. }
            | Self::Removed { .. } => Tier::Lifecycle,
            Self::Metric(_) | Self::Goal { .. } => Tier::Metric,
            Self::Added { .. } => Tier::Items,
            Self::Deleted { .. } | Self::Reworded { .. } | Self::Moved { .. } => Tier::Edit,
            Self::Edited { .. } => Tier::Edit,
            Self::Evidenced { .. } => Tier::Evidence,
            Self::Settings { .. } | Self::Translated { .. } | Self::Retranslated { .. } => {
                Tier::Settings
            }
        }
    }

    /// Orders the lifecycle: what opened or started, then renames, then what ended.
    fn rank(&self) -> u8 {
        match self {
            Self::Opening { .. } => 0,
            Self::Started { .. } => 1,
            Self::Renamed { .. } => 2,
            Self::Status { .. } | Self::Reopened { .. } => 3,
            Self::Completed { .. } | Self::Dropped { .. } => 4,
            Self::Removed { .. } => 5,
            _ => 0,
        }
    }

    /// Returns how the event reads at a glance.
    pub fn tone(&self) -> Tone {
        match self {
            Self::Opening { .. } | Self::Started { .. } | Self::Added { .. } => Tone::Added,
            Self::Removed { .. } | Self::Deleted { .. } | Self::Dropped { .. } => Tone::Removed,
            Self::Metric(m) if m.new.is_none() => Tone::Removed,
            Self::Metric(m) if m.old.is_none() => Tone::Added,
            _ => Tone::Changed,
        }
    }
}

/// Items added or removed, gathered per place so each place is one line.
#[derive(Default)]
struct Groups(Vec<(String, Vec<String>)>);

impl Groups {
    fn push(&mut self, place: &str, title: &str) {
        // Items come place by place: the last group is the one, but for the first of a place.
        let found = match self.0.last_mut() {
            Some(last) if last.0 == place => Some(last),
            _ => self.0.iter_mut().find(|(p, _)| p == place),
        };
        match found {
            Some((_, titles)) => titles.push(title.to_owned()),
            None => self.0.push((place.to_owned(), vec![title.to_owned()])),
        }
    }
}

/// Everything an event walk collects.
#[derive(Default)]
struct Telling {
    events: Vec<Event>,
    added: Groups,
    deleted: Groups,
    /// Claims that gained a reference they did not have.
    evidenced: usize,
}

impl Telling {
    /// Counts a claim whose evidence gained a reference.
    fn evidence(&mut self, old: &[Evidence], new: &[Evidence]) {
        if new.iter().any(|reference| !old.contains(reference)) {
            self.evidenced += 1;
        }
    }
}

/// Names what happened between two states, lifecycle first, then metrics, items added, other
/// edits and settings. With `opening` (the older state held nothing), the year opens: the
/// projects it starts with in one line, and each section's items counted.
pub fn events(old: &Records, new: &Records, changes: &Changes, opening: bool) -> Vec<Event> {
    let mut t = Telling::default();
    if opening && !new.projects.is_empty() {
        let mut projects: Vec<(&String, &Project)> = new.projects.iter().collect();
        projects.sort_by_key(|(id, p)| (p.period.start.first_day(), *id));
        t.events.push(Event::Opening {
            projects: projects.iter().map(|(_, p)| p.title.clone()).collect(),
        });
    }
    for record in &changes.records {
        let fields = || -> Vec<String> {
            let mut keys: Vec<String> = Vec::new();
            for field in &record.fields {
                let key = field.path.split(['.', '[']).next().unwrap_or("").to_owned();
                if key != "$schema" && !keys.contains(&key) {
                    keys.push(key);
                }
            }
            keys
        };
        match (&record.section, record.kind) {
            (Place::Review, _) => t.events.push(Event::Settings {
                what: "review.json".to_owned(),
                fields: fields(),
            }),
            (Place::Sections, kind) => t.events.push(Event::Settings {
                what: record.title.clone(),
                fields: match kind {
                    ChangeKind::Added => vec!["new section".to_owned()],
                    ChangeKind::Removed => vec!["section removed".to_owned()],
                    _ => fields(),
                },
            }),
            (Place::Projects, ChangeKind::Added) if opening => {}
            (Place::Projects, ChangeKind::Added) => t.events.push(Event::Started {
                title: record.title.clone(),
            }),
            (Place::Projects, ChangeKind::Removed) => t.events.push(Event::Removed {
                title: record.title.clone(),
            }),
            (Place::Projects, ChangeKind::Moved) => t.events.push(Event::Settings {
                what: record.title.clone(),
                fields: vec!["id".to_owned()],
            }),
            (Place::Projects, ChangeKind::Changed) => {
                if let (Some(a), Some(b)) =
                    (old.projects.get(&record.id), new.projects.get(&record.id))
                {
                    project(a, b, &mut t);
                }
            }
            (Place::Section(id), kind) => {
                let title_in = |records: &Records, id: &str| {
                    records
                        .sections
                        .get(id)
                        .map_or_else(|| id.to_owned(), |s| s.title.clone())
                };
                let place = title_in(new, id);
                let find = |records: &Records, section: &str| {
                    records
                        .sections
                        .get(section)
                        .and_then(|s| s.items.iter().find(|i| item_key(i) == record.id))
                        .cloned()
                };
                match kind {
                    ChangeKind::Added => t.added.push(&place, &record.title),
                    ChangeKind::Removed => t.deleted.push(&title_in(old, id), &record.title),
                    ChangeKind::Moved => t.events.push(Event::Moved {
                        title: record.title.clone(),
                        from: title_in(old, record.from.as_deref().unwrap_or("")),
                        to: place,
                    }),
                    ChangeKind::Changed => {
                        if let (Some(a), Some(b)) = (find(old, id), find(new, id)) {
                            item(&place, &a, &b, &mut t);
                        }
                    }
                }
            }
        }
    }
    goal_moves(old, new, &mut t);
    translations(old, new, &mut t);
    let Telling {
        mut events,
        added,
        deleted,
        evidenced,
    } = t;
    if evidenced > 0 {
        events.push(Event::Evidenced { claims: evidenced });
    }
    events.extend(added.0.into_iter().map(|(place, titles)| Event::Added {
        place,
        titles,
        opening,
    }));
    events.extend(
        deleted
            .0
            .into_iter()
            .map(|(place, titles)| Event::Deleted { place, titles }),
    );
    // A stable sort: within a tier, the diff's order (projects, then sections by id) stays.
    events.sort_by_key(|e| (e.tier(), e.rank()));
    events
}

/// Tells each goal whose progress moved or whose milestones happened, before its other edits.
/// Progress does not depend on the moment, so no calendar instant is needed here.
fn goal_moves(old: &Records, new: &Records, t: &mut Telling) {
    let Some(review) = &new.review else { return };
    let calendar = review.calendar();
    for id in crate::goals::goal_sections(new) {
        let before = old.sections.get(id).map_or(&[][..], |s| &s.items[..]);
        for after in &new.sections[id].items {
            let key = item_key(after);
            // A goal new in this state starts from nothing done: a milestone it already holds
            // done, or progress it already has, is news too.
            let earlier = before.iter().find(|i| item_key(i) == key);
            let was = earlier.map(|e| crate::goals::evaluate(id, e, &calendar, 0));
            let is = crate::goals::evaluate(id, after, &calendar, 0);
            if was.is_none() && is.progress.is_none_or(|p| p <= 0.0) {
                continue;
            }
            let was_done = |m: &crate::goals::Milestone| {
                was.as_ref().is_some_and(|w| {
                    w.milestones
                        .iter()
                        .any(|x| x.done && item_key(&x.item) == item_key(&m.item))
                })
            };
            let from = was.as_ref().and_then(|w| w.progress);
            let done: Vec<String> = is
                .milestones
                .iter()
                .filter(|m| m.done && !was_done(m))
                .map(|m| m.item.text.clone())
                .collect();
            let percent = |p: Option<f64>| p.map(|p| (p * 100.0).round() as i64);
            if done.is_empty() && percent(from) == percent(is.progress) {
                continue;
            }
            t.events.push(Event::Goal {
                title: after.text.clone(),
                from,
                to: is.progress,
                done,
            });
        }
    }
}

/// Tells each project and section whose translations changed (the diff never sees them: in
/// one language, a translation added, removed or rewritten changes nothing).
fn translations(old: &Records, new: &Records, t: &mut Telling) {
    let projects = new.projects.iter().filter_map(|(id, p)| {
        let before = old.projects.get(id)?.translations;
        Some((&p.title, before, p.translations))
    });
    let sections = new.sections.iter().filter_map(|(id, s)| {
        let before = old.sections.get(id)?.translations;
        Some((&s.title, before, s.translations))
    });
    for (title, before, after) in projects.chain(sections) {
        let what = title.clone();
        if after.count > before.count {
            let added = after.count - before.count;
            t.events.push(Event::Translated { what, added });
        } else if after != before {
            let removed = before.count - after.count;
            t.events.push(Event::Retranslated { what, removed });
        }
    }
}

fn same_text(a: &str, b: &str) -> bool {
    a == b || normalize(a) == normalize(b)
}

fn project(old: &Project, new: &Project, t: &mut Telling) {
    t.evidence(&old.evidence, &new.evidence);
    let title = &new.title;
    if !same_text(&old.title, title) {
        t.events.push(Event::Renamed {
            from: old.title.clone(),
            to: title.clone(),
        });
    }
    let mut edited: Vec<&str> = Vec::new();
    // A project that stops is dropped, not completed, even when it gets an end date.
    let dropped =
        super::is_stopped(new.status.as_deref()) && !super::is_stopped(old.status.as_deref());
    if dropped {
        t.events.push(Event::Dropped {
            title: title.clone(),
            status: new.status.clone().unwrap_or_default(),
            period: new.period,
        });
    }
    // Whether a lifecycle line already tells this quarter's status change: "done" on
    // completion, "in progress" on reopening, "dropped" on dropping say nothing more.
    let mut told = dropped;
    match (old.period.end, new.period.end) {
        (None, Some(_)) if dropped => {}
        (None, Some(_)) => {
            told = true;
            t.events.push(Event::Completed {
                title: title.clone(),
                period: new.period,
            });
        }
        (Some(_), None) => {
            told = true;
            t.events.push(Event::Reopened {
                title: title.clone(),
            });
        }
        (a, b) if a != b || old.period.start != new.period.start => edited.push("period"),
        _ => {}
    }
    if old.status != new.status && !told {
        t.events.push(Event::Status {
            title: title.clone(),
            from: old.status.clone(),
            to: new.status.clone(),
        });
    }
    edited.extend(metrics(Some(title), &old.metrics, &new.metrics, t));
    for list in &new.lists {
        let place = format!("{title} · {}", list.title);
        match old.lists.iter().find(|l| l.id == list.id) {
            Some(before) => {
                if !same_text(&before.title, &list.title) {
                    t.events.push(Event::Settings {
                        what: title.clone(),
                        fields: vec!["lists".to_owned()],
                    });
                }
                items(&place, &before.items, &list.items, t);
            }
            None => items(&place, &[], &list.items, t),
        }
    }
    for list in old
        .lists
        .iter()
        .filter(|l| new.lists.iter().all(|n| n.id != l.id))
    {
        items(&format!("{title} · {}", list.title), &list.items, &[], t);
    }
    if old.private != new.private {
        t.events.push(Event::Settings {
            what: title.clone(),
            fields: vec!["private".to_owned()],
        });
    }
    edited_fields(
        title,
        edited,
        &[
            ("summary", old.summary != new.summary),
            ("team", old.team != new.team),
            ("tags", old.tags != new.tags),
            ("links", old.links != new.links),
        ],
        t,
    );
}

/// Tells the edits of a record that are not achievements of their own (a summary, tags...), in
/// one line: `edited` holds those found so far, `fields` the other fields and whether they changed.
fn edited_fields<'a>(
    title: &str,
    mut edited: Vec<&'a str>,
    fields: &[(&'a str, bool)],
    t: &mut Telling,
) {
    edited.extend(
        fields
            .iter()
            .filter(|(_, changed)| *changed)
            .map(|(key, _)| *key),
    );
    if !edited.is_empty() {
        t.events.push(Event::Edited {
            record: title.to_owned(),
            fields: edited.into_iter().map(str::to_owned).collect(),
        });
    }
}

/// Compares two lists of items matched by key: new ones gathered under `place`, gone ones too,
/// changed ones item by item.
fn items(place: &str, old: &[Item], new: &[Item], t: &mut Telling) {
    // Each key once per side (the first item with it), so long lists match in linear time;
    // each item's key is built once (a key without an id is its text, normalised).
    let old_keys: Vec<String> = old.iter().map(item_key).collect();
    let new_keys: Vec<String> = new.iter().map(item_key).collect();
    let mut by_key: foldhash::HashMap<&str, &Item> =
        foldhash::HashMap::with_capacity_and_hasher(old.len(), Default::default());
    for (key, before) in old_keys.iter().zip(old) {
        by_key.entry(key).or_insert(before);
    }
    let in_new: foldhash::HashSet<&str> = new_keys.iter().map(String::as_str).collect();
    for (key, after) in new_keys.iter().zip(new) {
        match by_key.get(key.as_str()) {
            None => t.added.push(place, &after.text),
            Some(before) if *before != after => item(place, before, after, t),
            Some(_) => {}
        }
    }
    for (key, before) in old_keys.iter().zip(old) {
        if !in_new.contains(key.as_str()) {
            t.deleted.push(place, &before.text);
        }
    }
}

fn item(place: &str, old: &Item, new: &Item, t: &mut Telling) {
    t.evidence(&old.evidence, &new.evidence);
    if !same_text(&old.text, &new.text) {
        t.events.push(Event::Reworded {
            place: place.to_owned(),
            from: old.text.clone(),
            to: new.text.clone(),
        });
    }
    let title = &new.text;
    if old.status != new.status {
        t.events.push(Event::Status {
            title: title.clone(),
            from: old.status.clone(),
            to: new.status.clone(),
        });
    }
    let mut edited: Vec<&str> = Vec::new();
    edited.extend(metrics(Some(title), &old.metrics, &new.metrics, t));
    items(title, &old.items, &new.items, t);
    edited_fields(
        title,
        edited,
        &[
            ("label", old.label != new.label),
            ("date", old.date != new.date),
            ("detail", old.detail != new.detail),
            ("tags", old.tags != new.tags),
            ("links", old.links != new.links),
        ],
        t,
    );
}

/// Records metric moves by id; returns the other edits to metrics, worded as edits: their
/// settings (label, unit, before, target), or a note that changed while the value stayed.
fn metrics(
    record: Option<&String>,
    old: &[Metric],
    new: &[Metric],
    t: &mut Telling,
) -> Vec<&'static str> {
    let mut other = Vec::new();
    // `shown` is the newer side when there is one: its label, unit and target are current.
    let moved = |before: Option<&Metric>, after: Option<&Metric>, shown: &Metric| {
        Event::Metric(MetricMove {
            record: record.cloned(),
            label: shown.label.clone(),
            unit: shown.unit.clone(),
            unit_position: shown.unit_position,
            old: before.map(|m| m.value.clone()),
            new: after.map(|m| m.value.clone()),
            before: shown.before.clone(),
            target: shown.target.clone(),
        })
    };
    for after in new {
        match old.iter().find(|m| m.id == after.id) {
            None => t.events.push(moved(None, Some(after), after)),
            Some(before) => {
                t.evidence(&before.evidence, &after.evidence);
                let value_moved = before.value != after.value;
                if value_moved {
                    t.events.push(moved(Some(before), Some(after), after));
                }
                if (
                    &before.label,
                    &before.unit,
                    before.unit_position,
                    &before.before,
                    &before.target,
                ) != (
                    &after.label,
                    &after.unit,
                    after.unit_position,
                    &after.before,
                    &after.target,
                ) && !other.contains(&"metrics")
                {
                    other.push("metrics");
                }
                // A note that follows its value ("Q1" → "Q2") is part of the move.
                if before.note != after.note && !value_moved && !other.contains(&"notes") {
                    other.push("notes");
                }
            }
        }
    }
    for before in old.iter().filter(|m| new.iter().all(|n| n.id != m.id)) {
        t.events.push(moved(Some(before), None, before));
    }
    other
}
