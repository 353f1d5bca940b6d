//! Computed KPIs: each indicator declared in `review.json` is worked out from the records, so the
//! summary can never disagree with the body.
//!
//! Counting rules: without a tag, a count is of a section's top-level items (or of projects);
//! with a tag, of every item at any depth that carries it. `per` counts projects once for each
//! listed period they were active in; of a past state (a quarter's end), only the periods that
//! had begun by then, so an ongoing project is not counted in a half still to come.

use serde::Serialize;

use crate::period::PeriodName;
use crate::records::model::{Item, Kpi, Metric, Records, Review, Value};

/// The value of one KPI, ready to print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Computed {
    /// The number, when the KPI is numeric.
    pub value: Option<f64>,
    /// The value as printed: `7`, `3.5`, or the text of a qualitative KPI.
    pub display: String,
    /// The titles of the counted items, when the declaration asks for them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

/// Section id that names the projects rather than a section file.
pub const PROJECTS: &str = "projects";

/// Works out one KPI; the error says which reference does not resolve.
pub fn compute(kpi: &Kpi, records: &Records, review: &Review) -> Result<Computed, String> {
    compute_as_of(kpi, records, review, None)
}

/// Works out one KPI of the records as they stood at the end of `as_of` (for trajectories):
/// `per` counts only the periods that had begun by then.
pub fn compute_as_of(
    kpi: &Kpi,
    records: &Records,
    review: &Review,
    as_of: Option<PeriodName>,
) -> Result<Computed, String> {
    let declared = [
        kpi.count.is_some(),
        kpi.metric.is_some(),
        kpi.sum.is_some(),
        kpi.text.is_some(),
    ];
    if declared.iter().filter(|d| **d).count() != 1 {
        return Err("declare exactly one of `count`, `metric`, `sum` or `text`".to_owned());
    }
    if let Some(text) = &kpi.text {
        return Ok(Computed {
            value: None,
            display: text.clone(),
            items: Vec::new(),
        });
    }
    if let Some(spec) = &kpi.count {
        let titles = if spec.per.is_empty() {
            counted_titles(records, &spec.section, spec.tag.as_deref())?
        } else {
            per_period_titles(records, review, &spec.section, &spec.per, as_of)?
        };
        let value = titles.len() as f64;
        let items = if spec.list { titles } else { Vec::new() };
        return Ok(Computed {
            value: Some(value),
            display: format_number(value),
            items,
        });
    }
    if let Some(reference) = &kpi.metric {
        let metric = find_metric(records, reference)?;
        return Ok(match &metric.value {
            Value::Number(n) => Computed {
                value: Some(*n),
                display: format_number(*n),
                items: Vec::new(),
            },
            Value::Text(t) => Computed {
                value: None,
                display: t.clone(),
                items: Vec::new(),
            },
        });
    }
    let spec = kpi.sum.as_ref().ok_or("no value declared")?;
    let mut total = 0.0;
    let mut found = false;
    let mut add = |metrics: &[Metric]| {
        for metric in metrics.iter().filter(|m| m.id == spec.metric) {
            found = true;
            if let Value::Number(n) = metric.value {
                total += n;
            }
        }
    };
    if spec.section == PROJECTS {
        records.projects.values().for_each(|p| add(&p.metrics));
    } else {
        let section = section(records, &spec.section)?;
        walk(&section.items, &mut |item| add(&item.metrics));
    }
    if !found {
        return Err(format!(
            "no item of `{}` has a metric `{}`",
            spec.section, spec.metric
        ));
    }
    Ok(Computed {
        value: Some(total),
        display: format_number(total),
        items: Vec::new(),
    })
}

fn section<'a>(
    records: &'a Records,
    id: &str,
) -> Result<&'a crate::records::model::Section, String> {
    records
        .sections
        .get(id)
        .ok_or_else(|| format!("no section `{id}`"))
}

fn counted_titles(
    records: &Records,
    section_id: &str,
    tag: Option<&str>,
) -> Result<Vec<String>, String> {
    let has_tag = |tags: &[String]| tag.is_none_or(|t| tags.iter().any(|x| x == t));
    if section_id == PROJECTS {
        return Ok(records
            .projects
            .values()
            .filter(|p| has_tag(&p.tags))
            .map(|p| p.title.clone())
            .collect());
    }
    let section = section(records, section_id)?;
    let mut titles = Vec::new();
    match tag {
        None => titles.extend(section.items.iter().map(|item| item.text.clone())),
        Some(_) => walk(&section.items, &mut |item| {
            if has_tag(&item.tags) {
                titles.push(item.text.clone());
            }
        }),
    }
    Ok(titles)
}

fn per_period_titles(
    records: &Records,
    review: &Review,
    section_id: &str,
    per: &[String],
    as_of: Option<PeriodName>,
) -> Result<Vec<String>, String> {
    if section_id != PROJECTS {
        return Err("`per` counts projects only".to_owned());
    }
    let mut titles = Vec::new();
    for name in per {
        let period = match PeriodName::parse(name, review.year) {
            Some(Ok(period)) => period,
            _ => {
                return Err(format!(
                    "`{name}` is not a period of the review year (expected Q1..Q4, H1, H2 or a year)"
                ));
            }
        };
        let (from, until) = period.bounds(review.fiscal_year_start);
        if let Some(as_of) = as_of
            && from >= as_of.bounds(review.fiscal_year_start).1
        {
            continue;
        }
        titles.extend(
            records
                .projects
                .values()
                .filter(|p| p.period.overlaps(from, until))
                .map(|p| p.title.clone()),
        );
    }
    Ok(titles)
}

fn find_metric<'a>(records: &'a Records, reference: &str) -> Result<&'a Metric, String> {
    let parts: Vec<&str> = reference.split('/').collect();
    let [section_id, item_id, metric_id] = parts[..] else {
        return Err(format!(
            "`{reference}` is not a metric reference (expected <section>/<item id>/<metric id>)"
        ));
    };
    let metrics: &[Metric] = if section_id == PROJECTS {
        &records
            .projects
            .get(item_id)
            .ok_or_else(|| format!("no project `{item_id}`"))?
            .metrics
    } else {
        let mut found = None;
        walk(&section(records, section_id)?.items, &mut |item| {
            if found.is_none() && item.id.as_deref() == Some(item_id) {
                found = Some(&item.metrics[..]);
            }
        });
        found.ok_or_else(|| format!("no item `{item_id}` in section `{section_id}`"))?
    };
    metrics
        .iter()
        .find(|m| m.id == metric_id)
        .ok_or_else(|| format!("`{section_id}/{item_id}` has no metric `{metric_id}`"))
}

/// Visits every item, depth first.
pub fn walk<'a>(items: &'a [Item], visit: &mut impl FnMut(&'a Item)) {
    for item in items {
        visit(item);
        walk(&item.items, visit);
    }
}

/// Prints a number the way a person writes it: `3`, `3.5`, `0.25`, never `3.0`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let text = format!("{n:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn numbers_print_without_spurious_decimals() {
        assert_eq!(format_number(4.0), "4");
        assert_eq!(format_number(3.5), "3.5");
        assert_eq!(format_number(0.126), "0.13");
        assert_eq!(format_number(-0.0), "0");
    }
}
