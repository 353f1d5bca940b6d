//! Property tests: the fuzz targets of everything that reads user input.
//!
//! Each property runs 256 cases in the normal suite (a second or two). For a long fuzzing run,
//! raise the count: `PROPTEST_CASES=1000000 cargo test --test cli properties::`. Failures are
//! shrunk and written to `tests/cli/properties.proptest-regressions`, which is kept in the repo
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
        let _ = parse_file("f", &path, &bytes);
    }

    #[test]
    fn the_loader_and_checker_never_panic_on_json(files in prop::collection::vec((record_path(), json()), 1..4)) {
        let mut snapshot = Snapshot::empty("records");
        for (path, value) in files {
            snapshot.entries.insert(path, Entry::File(serde_json::to_vec(&value).unwrap()));
        }
        let loaded = records::load_checked(&snapshot);
        // Everything that loads without error must also build a report without panicking.
        if let (true, Some(review)) = (loaded.diagnostics.iter().all(|d| !d.is_error()), loaded.records.review.as_ref()) {
            let _ = review::report::build(&loaded.records, review, Default::default());
        }
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
            records::load(&snapshot).records
        };
        let (a, b): (Records, Records) = (records(a), records(b));
        prop_assert!(diff(&a, &a).is_empty());
        let forward = diff(&a, &b);
        prop_assert_eq!(forward.is_empty(), a == b);
    }
}
