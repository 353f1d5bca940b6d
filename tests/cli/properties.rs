//! Property tests: the fuzz targets of everything that reads user input.
//!
//! Each property runs 256 cases in the normal suite (a second or two). For a long fuzzing run,
//! raise the count: `PROPTEST_CASES=1000000 cargo test --test cli properties::`. Failures are
//! shrunk and written to `tests/proptest-regressions/properties.txt`, which is kept in the repo
//! so every crash found stays a regression test.

use proptest::prelude::*;
use review::diff::diff;
use review::period::PeriodName;
use review::records::load::parse_file;
use review::records::locate::{Step, locate};
use review::records::{self, Records};
use review::snapshot::{Entry, Snapshot};

/// Arbitrary JSON, biased towards the shapes records have.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let key = prop_oneof![
        Just("title".to_owned()),
        Just("text".to_owned()),
        Just("id".to_owned()),
        Just("items".to_owned()),
        Just("period".to_owned()),
        Just("start".to_owned()),
        Just("end".to_owned()),
        Just("metrics".to_owned()),
        Just("value".to_owned()),
        Just("label".to_owned()),
        Just("date".to_owned()),
        Just("lists".to_owned()),
        Just("tags".to_owned()),
        "[a-z]{1,6}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i32>().prop_map(serde_json::Value::from),
        (-1e9f64..1e9).prop_map(serde_json::Value::from),
        prop_oneof![
            Just("2022-Q3".to_owned()),
            Just("2022-02-30".to_owned()),
            Just("2022-09".to_owned()),
            "\\PC{0,12}",
            "[a-z]{1,4}"
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(5, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| serde_json::Value::Object(pairs.into_iter().collect())),
        ]
    })
}

fn record_path() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("review.json".to_owned()),
        Just("projects/p.json".to_owned()),
        Just("notes.json".to_owned())
    ]
}

proptest! {
    #[test]
    fn the_loader_never_panics_on_bytes(path in record_path(), bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse_file("f", &path, &bytes, &Default::default());
    }

    #[test]
    fn the_loader_and_checker_never_panic_on_json(files in prop::collection::vec((record_path(), json()), 1..4)) {
        let mut snapshot = Snapshot::empty("records");
        for (path, value) in files {
            snapshot.entries.insert(path, Entry::File(serde_json::to_vec(&value).unwrap()));
        }
        // Arbitrary JSON never forms a valid review.json (measured: 0 of 256 cases do):
        // this property is about the loader and the checker; the report has its own below.
        let _ = records::load_checked(&snapshot, &Default::default());
    }

    #[test]
    fn locate_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..128), index in 0usize..4, key in "[a-z]{1,3}") {
        let (line, column) = locate(&bytes, &[Step::Key(key), Step::Index(index)]);
        prop_assert!(line >= 1 && column >= 1);
    }

    #[test]
    fn periods_parse_to_ordered_bounds(text in "\\PC{0,10}|[0-9]{4}-?[QqHh][0-9]|[QqHh][0-9]", start in 1u8..=12) {
        if let Some(Ok(period)) = PeriodName::parse(&text, 2022) {
            let (from, until) = period.bounds(start);
            prop_assert!(from < until);
            prop_assert_eq!(PeriodName::parse(&period.to_string(), 2022), Some(Ok(period)));
        }
    }

    #[test]
    fn diff_of_a_state_with_itself_is_empty_and_never_panics(a in prop::collection::vec(json(), 0..4), b in prop::collection::vec(json(), 0..4)) {
        let records = |values: Vec<serde_json::Value>| {
            let mut snapshot = Snapshot::empty("r");
            for (n, value) in values.into_iter().enumerate() {
                let path = if n % 2 == 0 { format!("projects/p{n}.json") } else { format!("s{n}.json") };
                snapshot.entries.insert(path, Entry::File(serde_json::to_vec(&value).unwrap()));
            }
            records::load(&snapshot, &Default::default()).records
        };
        let (a, b): (Records, Records) = (records(a), records(b));
        prop_assert!(diff(&a, &a).is_empty());
        let forward = diff(&a, &b);
        prop_assert_eq!(forward.is_empty(), a == b);
    }
}

/// Record files that are valid by construction (a review.json, projects with periods, sections
/// with items, KPIs that point at them) around text and numbers drawn at random: what reaches
/// `report::build`, unlike arbitrary JSON.
fn valid_records() -> impl Strategy<Value = Snapshot> {
    let text = "[^\\p{Cc}]{0,24}";
    let project = (text, 1u8..=12, proptest::option::of(1u8..=12), -1e6f64..1e6);
    let section = (text, prop::collection::vec(text, 0..5));
    (
        text,
        prop_oneof![Just("ko"), Just("en")],
        prop_oneof![Just("Asia/Seoul"), Just("America/New_York"), Just("UTC")],
        1u8..=12,
        prop::collection::vec(project, 0..4),
        prop::collection::vec(section, 0..3),
    )
        .prop_map(|(title, locale, zone, start, projects, sections)| {
            let mut snapshot = Snapshot::empty("records");
            let mut file = |path: String, value: serde_json::Value| {
                snapshot
                    .entries
                    .insert(path, Entry::File(serde_json::to_vec(&value).unwrap()));
            };
            let mut kpis = vec![serde_json::json!({"id": "projects", "label": "Projects", "count": {"section": "projects"}})];
            for (n, (title, from, until, value)) in projects.iter().enumerate() {
                let end = until.filter(|u| u >= from).map(|u| format!("2022-{u:02}"));
                file(
                    format!("projects/p{n}.json"),
                    serde_json::json!({
                        "title": title,
                        "period": {"start": format!("2022-{from:02}"), "end": end},
                        "metrics": [{"id": "m", "label": title, "value": value, "unit": "ms"}]
                    }),
                );
                kpis.push(serde_json::json!({"id": format!("m{n}"), "label": title, "metric": format!("projects/p{n}/m")}));
            }
            for (n, (title, items)) in sections.iter().enumerate() {
                file(format!("s{n}.json"), serde_json::json!({"title": title, "items": items}));
            }
            file(
                "review.json".to_owned(),
                serde_json::json!({
                    "title": title, "year": 2022, "locale": locale, "timezone": zone,
                    "fiscal_year_start": start, "person": {"name": title},
                    "kpis": [{"id": "summary", "title": "Summary", "items": kpis}]
                }),
            );
            snapshot
        })
}

/// Every valid set of records builds a report, and the property's cases really get there:
/// it counts them (measured: 256 of 256 reach `report::build`; the run fails below 90 %).
#[test]
fn valid_records_always_build_a_report() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(256));
    let reached = std::cell::Cell::new(0usize);
    let cases = std::cell::Cell::new(0usize);
    runner
        .run(&valid_records(), |snapshot| {
            cases.set(cases.get() + 1);
            let loaded = records::load_checked(&snapshot, &Default::default());
            let errors: Vec<String> = loaded
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(ToString::to_string)
                .collect();
            if let (true, Some(review)) = (errors.is_empty(), loaded.records.review.as_ref()) {
                let report = review::report::build(&loaded.records, review, Default::default());
                prop_assert!(serde_json::to_vec(&report).is_ok());
                reached.set(reached.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    let (reached, cases) = (reached.get(), cases.get());
    assert!(
        reached * 10 >= cases * 9,
        "only {reached} of {cases} cases reached report::build"
    );
}
