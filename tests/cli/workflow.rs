//! Fitting into people's git workflow (issue 13): the manual pages, the pre-commit hook
//! declaration and the CI recipes the README shows.

use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

use crate::support::{repo_root, review};

fn load_yaml(relative: &str) -> Yaml {
    let text = std::fs::read_to_string(repo_root().join(relative)).unwrap();
    let mut documents = YamlLoader::load_from_str(&text)
        .unwrap_or_else(|err| panic!("{relative} is not YAML ({err})"));
    assert_eq!(documents.len(), 1, "{relative} holds one document");
    documents.remove(0)
}

/// The `review …` commands of a list of shell lines.
fn review_commands<'a>(lines: impl Iterator<Item = &'a Yaml>) -> Vec<String> {
    lines
        .filter_map(Yaml::as_str)
        .flat_map(str::lines)
        .map(str::trim)
        .filter(|line| line.starts_with("review "))
        .map(str::to_owned)
        .collect()
}

/// The shell block of the README's "In your git workflow" section.
fn readme_ci_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let section = readme
        .split("## In your git workflow")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the README has an 'In your git workflow' section");
    let block = section
        .split("```sh")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the section shows the CI commands in a sh block");
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_ci_recipes_parse_and_run_the_commands_the_readme_names() {
    let expected = readme_ci_commands();
    assert_eq!(expected, ["review check", "review compile -o review.pdf"]);

    let github = load_yaml("docs/ci/github-actions.yml");
    let steps = github["jobs"]["review"]["steps"]
        .as_vec()
        .expect("a job with steps");
    assert_eq!(review_commands(steps.iter().map(|s| &s["run"])), expected);
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.iter().any(|u| u.starts_with("actions/cache@")),
        "{uses:?}"
    );
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-artifact@"))
        })
        .expect("the PDF is uploaded");
    assert_eq!(upload["with"]["path"].as_str(), Some("review.pdf"));
    assert_eq!(github["on"][0].as_str(), Some("push"));

    let gitlab = load_yaml("docs/ci/gitlab-ci.yml");
    let job = &gitlab["review"];
    let script = job["script"].as_vec().expect("a job with a script");
    assert_eq!(review_commands(script.iter()), expected);
    assert!(
        job["cache"]["paths"]
            .as_vec()
            .is_some_and(|p| !p.is_empty())
    );
    assert_eq!(job["artifacts"]["paths"][0].as_str(), Some("review.pdf"));
}

#[test]
fn the_pre_commit_hook_checks_records_only() {
    let hooks = load_yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_vec().expect("a list of hooks");
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(hook["id"].as_str(), Some("review-check"));
    assert_eq!(hook["language"].as_str(), Some("rust"));
    // The staged records, not the working tree: pre-commit stashes unstaged changes but not
    // untracked files, so `review check` would let an untracked broken file block a good commit
    // (issue 18, item 19).
    assert_eq!(hook["entry"].as_str(), Some("review check --staged"));
    let readme = std::fs::read_to_string(crate::support::repo_root().join("README.md")).unwrap();
    assert!(
        readme.contains("It runs `review check --staged` whenever a file under `records/`"),
        "the README says what the hook runs"
    );
    assert_eq!(hook["files"].as_str(), Some("^records/"));
    // `review check` takes no file names: it checks the whole records directory.
    assert_eq!(hook["pass_filenames"].as_bool(), Some(false));

    // What pre-commit would run, with a good record staged and a broken one untracked.
    let (_temp, dir) = crate::support::init_example();
    let writing = std::fs::read_to_string(dir.join("records/writing.json")).unwrap();
    let more = writing.replacen("\"items\": [", "\"items\": [\"A new post\", ", 1);
    crate::support::write(&dir, "records/writing.json", &more);
    crate::support::git(&dir, &["add", "records/writing.json"]);
    crate::support::write(&dir, "records/projects/draft.json", "{ not json");
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split(' ').collect();
    assert_eq!(entry[0], "review");
    let run = review(&dir, &entry[1..]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
}

#[test]
fn man_prints_a_page_and_writes_one_per_command() {
    let temp = tempfile::tempdir().unwrap();
    let run = review(temp.path(), &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH review 1"), "{}", run.stdout);
    assert!(
        run.stdout.contains("review\\-check(1)"),
        "the page lists the commands"
    );

    let run = review(temp.path(), &["man", "--dir", "pages"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = temp.path().join("pages");
    let check = std::fs::read_to_string(pages.join("review-check.1")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    // Title, section, date, source, manual: each in its slot (an empty date was dropped by
    // roff, which moved the version into the date's place).
    assert!(
        check.contains(&format!(
            ".TH review-check 1 2026-12-01 \"review {version}\" \"review manual\""
        )),
        "{check}"
    );
    // groff warns on raw non-ASCII input: `→` is written as its escape.
    let commit = std::fs::read_to_string(pages.join("review-commit.1")).unwrap();
    assert!(commit.contains("1 \\[u2192] 3"), "{commit}");
    for page in std::fs::read_dir(&pages).unwrap() {
        let text = std::fs::read_to_string(page.unwrap().path()).unwrap();
        assert!(text.is_ascii(), "{text}");
    }
    assert!(check.contains("\\fBreview check\\fR"), "{check}");
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.contains(&"review.1".to_owned()));
    assert!(names.contains(&"review-man.1".to_owned()));
    assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
    assert_eq!(
        run.stdout,
        format!("wrote {} pages into pages\n", names.len())
    );
    assert!(Path::new(&pages).join("review-compile.1").is_file());
}
