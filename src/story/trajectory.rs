//! Metric trajectories: each metric's value at the end of every quarter, read from the states
//! history returns, so a value that was later edited or removed still shows where it was.
//!
//! Metrics are matched across quarters by where they live and their id: a project's metric by
//! project id, an item's by its section (or project list) and item key, a KPI by group and id
//! (computed from that quarter's own records). A KPI that shows one metric and that metric are
//! one series, told once. Only numbers make a trajectory, and only those that move during the
//! year are kept.

use std::collections::BTreeMap;

use crate::diff::item_key;
use crate::period::PeriodName;
use crate::records::Records;
use crate::records::kpi;
use crate::records::model::{Item, Metric, UnitPosition, Value};

/// One metric over the quarters.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    /// The project or item it belongs to, as last titled; `None` for a KPI.
    pub record: Option<String>,
    /// What is measured, as last labelled.
    pub label: String,
    /// Its unit.
    pub unit: Option<String>,
    /// Where its unit goes, when the metric says.
    pub unit_position: Option<UnitPosition>,
    /// The target, when the latest state has one.
    pub target: Option<Value>,
    /// The value at each quarter's end, in the order given; `None` when absent then.
    pub values: Vec<Option<f64>>,
}

/// Where a metric lives: KPIs first, then projects, then sections; then the path and id.
type Key = (u8, String, String);

/// Reads every numeric metric at each quarter's end and keeps those whose value moved.
pub fn trajectories(quarters: &[(PeriodName, &Records)]) -> Vec<Trajectory> {
    let mut found: BTreeMap<Key, Trajectory> = BTreeMap::new();
    // Where each metric was last seen, so KPIs keep the order review.json declares them in.
    let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
    // KPIs that show one metric (`"metric": "projects/dna-plus/demos"`), by the reference.
    let mut shows: BTreeMap<Key, String> = BTreeMap::new();
    for (index, (quarter, records)) in quarters.iter().enumerate() {
        let mut position = 0;
        let mut note = |key: Key, record: Option<&str>, metric: &Metric| {
            position += 1;
            seen.insert(key.clone(), position);
            let entry = found.entry(key).or_insert_with(|| Trajectory {
                record: None,
                label: String::new(),
                unit: None,
                unit_position: None,
                target: None,
                values: vec![None; quarters.len()],
            });
            // The latest quarter names the metric.
            entry.record = record.map(str::to_owned);
            entry.label = metric.label.clone();
            entry.unit = metric.unit.clone();
            entry.unit_position = metric.unit_position;
            entry.target = metric.target.clone();
            if let Value::Number(n) = metric.value {
                entry.values[index] = Some(n);
            }
        };
        if let Some(review) = &records.review {
            for group in &review.kpis {
                for declared in &group.items {
                    let Ok(computed) =
                        kpi::compute_as_of(declared, records, review, Some(*quarter))
                    else {
                        continue;
                    };
                    let Some(n) = computed.value else { continue };
                    let metric = Metric {
                        id: declared.id.clone(),
                        label: declared.label.clone(),
                        value: Value::Number(n),
                        unit: declared.unit.clone(),
                        unit_position: declared.unit_position,
                        before: None,
                        target: None,
                        note: None,
                        weight: None,
                        evidence: Vec::new(),
                        private: false,
                    };
                    let key = (0, group.id.clone(), declared.id.clone());
                    if let Some(reference) = &declared.metric {
                        shows.insert(key.clone(), reference.clone());
                    }
                    note(key, None, &metric);
                }
            }
        }
        for (id, project) in &records.projects {
            for metric in &project.metrics {
                let key = (1, id.clone(), metric.id.clone());
                note(key, Some(&project.title), metric);
            }
            for list in &project.lists {
                walk(
                    &format!("{id}/{}", list.id),
                    &list.items,
                    &mut |path, item, m| {
                        note((1, path.to_owned(), m.id.clone()), Some(&item.text), m);
                    },
                );
            }
        }
        for (id, section) in &records.sections {
            walk(id, &section.items, &mut |path, item, m| {
                note((2, path.to_owned(), m.id.clone()), Some(&item.text), m);
            });
        }
    }
    for (kpi, reference) in &shows {
        merge(&mut found, kpi, reference);
    }
    let mut found: Vec<(Key, Trajectory)> = found.into_iter().collect();
    found.sort_by_key(|(key, _)| (key.0, seen.get(key).copied().unwrap_or(0)));
    found
        .into_iter()
        .map(|(_, t)| t)
        .filter(|t| {
            let known: Vec<f64> = t.values.iter().flatten().copied().collect();
            known.len() >= 2 && known.iter().any(|v| *v != known[0])
        })
        .collect()
}

/// Makes a KPI that shows one metric and that metric one series: the same values would
/// otherwise be two rows. The row keeps the KPI's place and label, the words the summary
/// already uses for it ("Checkout p99", not "Checkout latency · p99 latency" beside it), and
/// takes the metric's target and values; the KPI's unit wins when it has one.
fn merge(found: &mut BTreeMap<Key, Trajectory>, kpi: &Key, reference: &str) {
    let parts: Vec<&str> = reference.split('/').collect();
    // Without the KPI's own row (it never computed), the metric keeps its row.
    let (&[section, item, metric], true) = (&parts[..], found.contains_key(kpi)) else {
        return;
    };
    let key = if section == kpi::PROJECTS {
        Some((1, item.to_owned(), metric.to_owned()))
    } else {
        // A section's items are found at any depth, by id: the path ends with it.
        let (prefix, suffix) = (format!("{section}/"), format!("/{item}"));
        found
            .keys()
            .find(|(tier, path, id)| {
                *tier == 2 && id == metric && path.starts_with(&prefix) && path.ends_with(&suffix)
            })
            .cloned()
    };
    let Some(shown) = key.and_then(|key| found.remove(&key)) else {
        return;
    };
    if let Some(row) = found.get_mut(kpi) {
        row.target = shown.target;
        row.values = shown.values;
        if row.unit.is_none() {
            row.unit = shown.unit;
            row.unit_position = shown.unit_position;
        }
    }
}

/// Calls `f` for every metric of every item at any depth, with the item's path.
fn walk(prefix: &str, items: &[Item], f: &mut impl FnMut(&str, &Item, &Metric)) {
    for item in items {
        let path = format!("{prefix}/{}", item_key(item));
        for metric in &item.metrics {
            f(&path, item, metric);
        }
        walk(&path, &item.items, f);
    }
}
