//! Redaction: the records with everything marked `"private": true` taken out.
//!
//! Applied to the model right after loading (the working tree, and every snapshot history
//! reads), so nothing downstream (KPIs, the overview, the evolution, the report, every output
//! format) ever sees a private record: a count or a sum is computed over what is left and
//! cannot reveal what was hidden. A private project or section goes whole; a private item goes
//! with its children; a private metric goes from its project or item.
//!
//! References to what was removed are pruned from `review.json` too (the project order, the
//! outline, KPIs that point into a private record), so no id of a private record is printed.

use std::collections::BTreeSet;

use super::model::{Evidence, Item, Metric, Records, Review};
use crate::records::kpi;

/// Removes every private record from `records`, and every reference to one from its review.
pub fn redact(records: &mut Records) {
    let mut gone = Gone::default();
    records.projects.retain(|id, project| {
        if project.private {
            gone.projects.insert(id.clone());
        }
        !project.private
    });
    records.sections.retain(|id, section| {
        if section.private {
            gone.sections.insert(id.clone());
        }
        !section.private
    });
    for (id, project) in &mut records.projects {
        metrics(&mut project.metrics, &format!("projects/{id}"), &mut gone);
        for list in &mut project.lists {
            items(&mut list.items, &mut gone);
        }
    }
    for section in records.sections.values_mut() {
        items(&mut section.items, &mut gone);
    }
    private_evidence(records);
    records.paths.retain(|key, _| {
        let project = key.strip_prefix("projects/");
        !project.is_some_and(|id| gone.projects.contains(id)) && !gone.sections.contains(key)
    });
    let Some(mut review) = records.review.take() else {
        return;
    };
    prune_review(&mut review, records, &gone);
    records.review = Some(review);
}

/// What redaction took out, to prune the references to it.
#[derive(Default)]
struct Gone {
    projects: BTreeSet<String>,
    sections: BTreeSet<String>,
    /// `projects/<id>/<metric>` of private project metrics; item metrics are found by id.
    metrics: BTreeSet<String>,
    /// Some item or metric below a project or section was removed.
    anything_inside: bool,
}

fn metrics(metrics: &mut Vec<Metric>, owner: &str, gone: &mut Gone) {
    metrics.retain(|m| {
        if m.private {
            gone.metrics.insert(format!("{owner}/{}", m.id));
            gone.anything_inside = true;
        }
        !m.private
    });
}

fn items(list: &mut Vec<Item>, gone: &mut Gone) {
    list.retain(|item| {
        if item.private {
            gone.anything_inside = true;
        }
        !item.private
    });
    for item in list.iter_mut() {
        let before = item.metrics.len();
        item.metrics.retain(|m| !m.private);
        gone.anything_inside |= item.metrics.len() != before;
        items(&mut item.items, gone);
    }
}

/// Removes every reference into a private repository (and every address under its URL), then
/// the repository's declaration: its name and address are printed nowhere. A claim that only
/// such references backed keeps its text, without a mark.
fn private_evidence(records: &mut Records) {
    let Some(review) = &mut records.review else {
        return;
    };
    let private: Vec<(String, Option<String>)> = review
        .repositories
        .iter()
        .filter(|(_, r)| r.private)
        .map(|(name, r)| (name.clone(), r.url.clone()))
        .collect();
    if private.is_empty() {
        return;
    }
    review.repositories.retain(|_, r| !r.private);
    let hidden = |e: &Evidence| {
        private.iter().any(|(name, url)| {
            e.repo.as_deref() == Some(name.as_str())
                || url
                    .as_deref()
                    .zip(e.url.as_deref())
                    .is_some_and(|(base, url)| {
                        let base = base.trim_end_matches('/').to_ascii_lowercase();
                        let url = url.to_ascii_lowercase();
                        url == base || url.starts_with(&format!("{base}/"))
                    })
        })
    };
    fn walk(items: &mut [Item], hidden: &dyn Fn(&Evidence) -> bool) {
        for item in items {
            item.evidence.retain(|e| !hidden(e));
            for metric in &mut item.metrics {
                metric.evidence.retain(|e| !hidden(e));
            }
            walk(&mut item.items, hidden);
        }
    }
    for project in records.projects.values_mut() {
        project.evidence.retain(|e| !hidden(e));
        for metric in &mut project.metrics {
            metric.evidence.retain(|e| !hidden(e));
        }
        for list in &mut project.lists {
            walk(&mut list.items, &hidden);
        }
    }
    for section in records.sections.values_mut() {
        walk(&mut section.items, &hidden);
    }
}

fn prune_review(review: &mut Review, records: &Records, gone: &Gone) {
    if gone.projects.is_empty() && gone.sections.is_empty() && !gone.anything_inside {
        return;
    }
    review
        .projects
        .order
        .retain(|id| !gone.projects.contains(id));
    for chapter in &mut review.outline {
        chapter.sections.retain(|id| !gone.sections.contains(id));
    }
    review.outline.retain(|c| !c.sections.is_empty());
    // A KPI that no longer computes pointed into something private: its value, or even the
    // error saying what is missing, would tell what was hidden.
    let snapshot = review.clone();
    for group in &mut review.kpis {
        group.items.retain(|k| {
            let points_at_private = k.metric.as_ref().is_some_and(|m| {
                gone.metrics.contains(m)
                    || m.strip_prefix("projects/")
                        .and_then(|rest| rest.split('/').next())
                        .is_some_and(|id| gone.projects.contains(id))
                    || m.split('/')
                        .next()
                        .is_some_and(|s| gone.sections.contains(s))
            });
            !points_at_private && kpi::compute(k, records, &snapshot).is_ok()
        });
    }
    review.kpis.retain(|g| !g.items.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::load::parse_file;

    fn insert(records: &mut Records, path: &str, json: &str) {
        records.insert(
            path,
            parse_file(path, path, json.as_bytes(), &Default::default()).unwrap(),
        );
    }

    #[test]
    fn private_records_and_the_references_to_them_are_gone() {
        let mut records = Records::default();
        insert(
            &mut records,
            "review.json",
            r#"{"title": "T", "year": 2022, "person": {"name": "N"},
                "projects": {"order": ["secret", "open"]},
                "outline": [{"title": "C", "sections": ["hidden"]}, {"title": "D", "sections": ["talks"]}],
                "kpis": [{"id": "k", "title": "K", "items": [
                    {"id": "a", "label": "A", "metric": "projects/secret/m"},
                    {"id": "b", "label": "B", "metric": "projects/open/m"},
                    {"id": "c", "label": "C", "metric": "projects/open/p"},
                    {"id": "d", "label": "D", "count": {"section": "talks"}}]}]}"#,
        );
        insert(
            &mut records,
            "projects/secret.json",
            r#"{"title": "S", "period": {"start": "2022"}, "private": true}"#,
        );
        insert(
            &mut records,
            "projects/open.json",
            r#"{"title": "O", "period": {"start": "2022"}, "metrics": [
                {"id": "m", "label": "M", "value": 1},
                {"id": "p", "label": "P", "value": 2, "private": true}]}"#,
        );
        insert(
            &mut records,
            "hidden.json",
            r#"{"title": "H", "items": [], "private": true}"#,
        );
        insert(
            &mut records,
            "talks.json",
            r#"{"title": "Talks", "items": ["one", {"text": "two", "private": true},
                {"text": "three", "items": [{"text": "child", "private": true}],
                 "metrics": [{"id": "x", "label": "X", "value": 1, "private": true}]}]}"#,
        );
        redact(&mut records);
        assert_eq!(records.projects.keys().collect::<Vec<_>>(), ["open"]);
        assert_eq!(records.sections.keys().collect::<Vec<_>>(), ["talks"]);
        let open = &records.projects["open"];
        assert_eq!(
            open.metrics.iter().map(|m| &m.id).collect::<Vec<_>>(),
            ["m"]
        );
        let talks = &records.sections["talks"];
        let texts: Vec<&str> = talks.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["one", "three"]);
        assert!(talks.items[1].items.is_empty() && talks.items[1].metrics.is_empty());
        let review = records.review.as_ref().unwrap();
        assert_eq!(review.projects.order, ["open"]);
        assert_eq!(review.outline.len(), 1);
        assert_eq!(review.outline[0].title, "D");
        let kpis: Vec<&str> = review.kpis[0].items.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(kpis, ["b", "d"]);
        assert!(!records.paths.contains_key("projects/secret"));
        assert!(!records.paths.contains_key("hidden"));
    }

    #[test]
    fn references_into_a_private_repository_and_its_declaration_are_gone() {
        let mut records = Records::default();
        insert(
            &mut records,
            "review.json",
            r#"{"title": "T", "year": 2022, "person": {"name": "N"}, "repositories": {
                "open": {"url": "https://github.com/acme/open"},
                "vault": {"url": "https://github.com/acme/vault", "private": true}}}"#,
        );
        insert(
            &mut records,
            "talks.json",
            r#"{"title": "Talks", "items": [{"text": "one", "evidence": [
                {"pull": 1, "repo": "vault"}, {"pull": 2, "repo": "open"},
                {"url": "https://github.com/acme/vault/wiki"},
                {"url": "https://github.com/acme/vaulted"}]},
                {"text": "two", "evidence": [{"tag": "v1", "repo": "vault"}]}]}"#,
        );
        redact(&mut records);
        let review = records.review.as_ref().unwrap();
        assert_eq!(review.repositories.keys().collect::<Vec<_>>(), ["open"]);
        let items = &records.sections["talks"].items;
        assert_eq!(items.len(), 2, "a claim keeps its text");
        assert_eq!(items[0].evidence.len(), 2);
        assert_eq!(items[0].evidence[0].pull, Some(2));
        assert!(items[1].evidence.is_empty());
    }
}
