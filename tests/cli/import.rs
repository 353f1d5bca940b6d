//! `review import git` and `review inbox` (issue 14): drafts from work repositories built here
//! with two authors, dated commits, merges, squash merges, tags and forge remotes.

use std::path::Path;

use git2::{Oid, Repository, Signature, Time};
use serde_json::{Value, json};

use crate::support::{REVIEW_2022, Run, TestRepo, review_command, write};

/// A work repository, committed to with explicit authors and dates.
struct Work {
    temp: tempfile::TempDir,
    repo: Repository,
}

const ANN: (&str, &str) = ("Ann Lee", "ann@example.com");
const BOB: (&str, &str) = ("Bob Kim", "bob@example.com");

fn signature(who: (&str, &str), date: &str) -> Signature<'static> {
    let time: jiff::Timestamp = date.parse().unwrap();
    Signature::new(who.0, who.1, &Time::new(time.as_second(), 9 * 60)).unwrap()
}

impl Work {
    fn new(remote: Option<&str>) -> Self {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("tool");
        let mut options = git2::RepositoryInitOptions::new();
        options.initial_head("main");
        let repo = Repository::init_opts(&path, &options).unwrap();
        if let Some(url) = remote {
            repo.remote("origin", url).unwrap();
        }
        Self { temp, repo }
    }

    fn path(&self) -> String {
        self.repo.workdir().unwrap().to_str().unwrap().to_owned()
    }

    /// Commits a one-file tree (the message as content) with these parents, without moving HEAD.
    fn commit(&self, who: (&str, &str), date: &str, message: &str, parents: &[Oid]) -> Oid {
        let blob = self.repo.blob(message.as_bytes()).unwrap();
        let mut builder = self.repo.treebuilder(None).unwrap();
        builder.insert("file.txt", blob, 0o100644).unwrap();
        let tree = self.repo.find_tree(builder.write().unwrap()).unwrap();
        let parents: Vec<git2::Commit> = parents
            .iter()
            .map(|p| self.repo.find_commit(*p).unwrap())
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        let signature = signature(who, date);
        self.repo
            .commit(None, &signature, &signature, message, &tree, &parents)
            .unwrap()
    }

    fn set_main(&self, oid: Oid) {
        self.repo
            .reference("refs/heads/main", oid, true, "test")
            .unwrap();
    }
}

/// Ids as drafts show them.
fn short(oid: Oid) -> String {
    oid.to_string()[..12].to_owned()
}

/// The commits the main scenario made.
struct Story {
    work: Work,
    old: Oid,
    parser: Oid,
    fix: Oid,
    docs: Oid,
    start: Oid,
    finish: Oid,
    merge: Oid,
    squash: Oid,
}

/// Ann's and Bob's quarter on a GitHub repository: commits on two days (one before the review
/// year), a pull request merged by Bob, a squash merge, a release tag, Bob's own pull request,
/// and Bob's pull request merged by Ann (his work, not hers).
fn story() -> Story {
    let work = Work::new(Some("git@github.com:acme/tool.git"));
    let old = work.commit(ANN, "2021-12-31T10:00:00+09:00", "Last year", &[]);
    let parser = work.commit(ANN, "2022-03-01T10:00:00+09:00", "Add a parser", &[old]);
    let bob = work.commit(BOB, "2022-03-01T11:00:00+09:00", "Bob's change", &[parser]);
    let fix = work.commit(
        ANN,
        "2022-03-01T15:00:00+09:00",
        "Fix an edge case\n\nLong body.",
        &[bob],
    );
    let docs = work.commit(ANN, "2022-03-02T09:00:00+09:00", "Write the docs", &[fix]);
    let start = work.commit(
        ANN,
        "2022-03-03T10:00:00+09:00",
        "Start the fast path",
        &[docs],
    );
    let finish = work.commit(
        ANN,
        "2022-03-03T11:00:00+09:00",
        "Finish the fast path",
        &[start],
    );
    let merge = work.commit(
        BOB,
        "2022-03-04T10:00:00+09:00",
        "Merge pull request #12 from ann/fast-path\n\nMake the fast path fast",
        &[docs, finish],
    );
    let squash = work.commit(
        ANN,
        "2022-03-05T10:00:00+09:00",
        "Cache the index (#13)\n\n* one\n* two",
        &[merge],
    );
    let side = work.commit(BOB, "2022-03-06T09:00:00+09:00", "Bob's feature", &[squash]);
    let bob_merge = work.commit(
        BOB,
        "2022-03-06T10:00:00+09:00",
        "Merge pull request #14 from bob/feature\n\nBob's feature",
        &[squash, side],
    );
    let other = work.commit(
        BOB,
        "2022-03-06T11:00:00+09:00",
        "Bob's other feature",
        &[bob_merge],
    );
    let ann_merges_bob = work.commit(
        ANN,
        "2022-03-06T12:00:00+09:00",
        "Merge pull request #15 from bob/other\n\nBob's other feature",
        &[bob_merge, other],
    );
    work.set_main(ann_merges_bob);
    {
        let tagger = signature(ANN, "2022-03-07T10:00:00+09:00");
        let target = work.repo.find_object(squash, None).unwrap();
        work.repo
            .tag("v1.0", &target, &tagger, "First release", false)
            .unwrap();
        let bobs = work.repo.find_object(bob, None).unwrap();
        work.repo.tag_lightweight("bob-tag", &bobs, false).unwrap();
    }
    Story {
        work,
        old,
        parser,
        fix,
        docs,
        start,
        finish,
        merge,
        squash,
    }
}

/// A records repository with review.json, a writing section and one project.
fn records() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("records/review.json", REVIEW_2022);
    repo.write(
        "records/writing.json",
        "{\"title\": \"Writing\", \"items\": []}\n",
    );
    repo.write(
        "records/projects/tool.json",
        "{\"title\": \"Tool\", \"period\": {\"start\": \"2022-01\"}, \"lists\": [{\"id\": \"impact\", \"title\": \"Impact\", \"items\": []}]}\n",
    );
    repo.commit("2022-01-10T10:00:00+09:00", "Start");
    repo
}

fn run(records: &TestRepo, args: &[&str]) -> Run {
    review_command(records.path())
        .args(args)
        .output()
        .unwrap()
        .into()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn commit_link(oid: Oid) -> Value {
    json!({"url": format!("https://github.com/acme/tool/commit/{oid}"), "title": &oid.to_string()[..7]})
}

#[test]
fn drafts_pull_requests_tags_and_days_of_the_author() {
    let s = story();
    let records = records();
    let out = run(
        &records,
        &[
            "import",
            "git",
            &s.work.path(),
            "--author",
            "ann@example.com",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "tool ({}): 2 pull requests, 1 tag, 2 days of commits (7 commits by the author)\n\
             records/inbox.json: 5 new drafts (2022-01-01 00:00 +09:00 to 2023-01-01 00:00 +09:00); `review inbox` lists them\n",
            s.work.path()
        )
    );
    let mut inbox = read_json(&records.path().join("records/inbox.json"));
    // What accepting records (full commit ids, the request's number) is checked at the accept
    // below; here, the drafts as people read them.
    let full = inbox.clone();
    for item in inbox["items"].as_array_mut().unwrap() {
        item.as_object_mut().unwrap().remove("evidence");
    }
    let draft = |id: String,
                 kind: &str,
                 date: &str,
                 text: &str,
                 commits: Vec<Oid>,
                 links: Value| {
        json!({
            "id": id, "status": "draft", "kind": kind, "repository": "tool", "date": date,
            "text": text, "commits": commits.into_iter().map(short).collect::<Vec<_>>(), "links": links,
        })
    };
    assert_eq!(
        inbox,
        json!({
            "$schema": "schemas/inbox.schema.json",
            "items": [
                draft(format!("commits-{}", short(s.parser)), "commits", "2022-03-01",
                    "Add a parser; Fix an edge case", vec![s.parser, s.fix],
                    json!([commit_link(s.parser), commit_link(s.fix)])),
                draft(format!("commits-{}", short(s.docs)), "commits", "2022-03-02",
                    "Write the docs", vec![s.docs], json!([commit_link(s.docs)])),
                draft(format!("pr-{}", short(s.merge)), "pull-request", "2022-03-04",
                    "Make the fast path fast", vec![s.merge, s.start, s.finish],
                    json!([{"url": "https://github.com/acme/tool/pull/12", "title": "#12"}])),
                draft(format!("pr-{}", short(s.squash)), "pull-request", "2022-03-05",
                    "Cache the index", vec![s.squash],
                    json!([{"url": "https://github.com/acme/tool/pull/13", "title": "#13"}])),
                draft(format!("tag-v1-0-{}", &s.squash.to_string()[..7]), "tag", "2022-03-07",
                    "Release v1.0", vec![s.squash],
                    json!([{"url": "https://github.com/acme/tool/releases/tag/v1.0", "title": "v1.0"}])),
            ]
        })
    );
    assert!(
        !full.to_string().contains(&short(s.old)),
        "last year's commit stays out"
    );

    let list = run(&records, &["inbox"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let lines: Vec<&str> = list.stdout.lines().collect();
    assert_eq!(lines[0], "2022Q1");
    assert_eq!(lines[1], "  tool");
    assert_eq!(
        lines[4],
        format!(
            "    pr-{}       2022-03-04  Make the fast path fast (#12)",
            short(s.merge)
        )
    );
    assert_eq!(lines.len(), 8);

    let check = run(&records, &["check"]);
    assert_eq!(check.code, 0);
    assert!(
        check.stderr.contains("warning: records/inbox.json: 5 drafts wait in the inbox (not in the review until accepted)"),
        "{}",
        check.stderr
    );
}

#[test]
fn importing_twice_adds_nothing_and_decisions_are_remembered() {
    let s = story();
    let records = records();
    let args = [
        "import",
        "git",
        &s.work.path(),
        "--author",
        "Ann Lee",
        "--period",
        "Q1",
    ];
    assert_eq!(run(&records, &args).code, 0);
    let inbox_path = records.path().join("records/inbox.json");
    let first = std::fs::read(&inbox_path).unwrap();
    let again = run(&records, &args);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains("records/inbox.json: nothing new"),
        "{}",
        again.stdout
    );
    assert_eq!(std::fs::read(&inbox_path).unwrap(), first);

    // Accept the pull request into a section, the squash merge into a project list with new
    // text, reject a day of commits.
    let pr = format!("pr-{}", short(s.merge));
    let squash = format!("pr-{}", short(s.squash));
    let day = format!("commits-{}", short(s.parser));
    let accepted = run(&records, &["inbox", "accept", &pr, "--to", "writing"]);
    assert_eq!(accepted.code, 0, "{}", accepted.stderr);
    assert_eq!(
        accepted.stdout,
        format!("accepted {pr} into records/writing.json as `make-the-fast-path-fast`\n")
    );
    let writing = read_json(&records.path().join("records/writing.json"));
    assert_eq!(
        writing["items"],
        json!([{"id": "make-the-fast-path-fast", "text": "Make the fast path fast", "date": "2022-03-04",
        "evidence": [
            {"pull": 12, "repo": "tool", "title": "Make the fast path fast", "date": "2022-03-04"},
            {"commit": s.start.to_string(), "repo": "tool"},
            {"commit": s.finish.to_string(), "repo": "tool"},
        ]}])
    );
    // The import declared the repository in the records, and kept where its clone lives in
    // the records repository's own configuration, which no commit holds.
    let review_json = read_json(&records.path().join("records/review.json"));
    assert_eq!(
        review_json["repositories"],
        json!({"tool": {"url": "https://github.com/acme/tool"}})
    );
    let config = records.repo.config().unwrap();
    let clone = config.get_path("review.repository.tool.path").unwrap();
    assert_eq!(
        clone.canonicalize().unwrap(),
        Path::new(&s.work.path()).canonicalize().unwrap()
    );
    let checked = run(&records, &["check"]);
    assert!(!checked.stderr.contains("error"), "{}", checked.stderr);
    let into_project = run(
        &records,
        &[
            "inbox",
            "accept",
            &squash,
            "--project",
            "tool",
            "--list",
            "impact",
            "--text",
            "Index cache: 3x faster starts",
        ],
    );
    assert_eq!(into_project.code, 0, "{}", into_project.stderr);
    let tool = read_json(&records.path().join("records/projects/tool.json"));
    assert_eq!(
        tool["lists"][0]["items"][0]["text"],
        "Index cache: 3x faster starts"
    );
    assert_eq!(
        tool["lists"][0]["items"][0]["evidence"],
        json!([{"pull": 13, "repo": "tool", "title": "Cache the index", "date": "2022-03-05"},
               {"commit": s.squash.to_string(), "repo": "tool"}])
    );
    assert_eq!(
        tool["lists"][0]["items"][0]["id"],
        "index-cache-3x-faster-starts"
    );
    let rejected = run(&records, &["inbox", "reject", &day]);
    assert_eq!(rejected.code, 0, "{}", rejected.stderr);
    assert_eq!(
        rejected.stdout,
        format!("rejected {day} (Add a parser; Fix an edge case)\n")
    );

    let inbox = read_json(&inbox_path);
    let ids: Vec<&str> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(!ids.contains(&pr.as_str()) && !ids.contains(&day.as_str()));
    assert_eq!(
        inbox["accepted"][&pr],
        json!([short(s.merge), short(s.start), short(s.finish)])
    );
    assert_eq!(
        inbox["rejected"][&day],
        json!([short(s.parser), short(s.fix)])
    );

    // Decided evidence never comes back.
    let after = run(&records, &args);
    assert!(after.stdout.contains("nothing new"), "{}", after.stdout);
    assert_eq!(read_json(&inbox_path), inbox);
    let twice = run(&records, &["inbox", "reject", &day]);
    assert_eq!(twice.code, 2);
    assert_eq!(
        twice.stderr,
        format!("error: draft `{day}` was rejected already\n")
    );

    // The record checks clean, and the compiled data leaves the inbox out.
    let check = run(&records, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let compiled = run(
        &records,
        &["compile", "-o", "r.pdf", "--emit-data", "r.json"],
    );
    assert_eq!(compiled.code, 0, "{}", compiled.stderr);
    let data = std::fs::read_to_string(records.path().join("r.json")).unwrap();
    assert!(data.contains("Make the fast path fast"));
    assert!(
        !data.contains("Write the docs"),
        "a waiting draft is not compiled"
    );
}

#[test]
fn nothing_is_written_when_one_path_fails() {
    let s = story();
    let records = records();
    let missing = records.path().join("no-such-clone");
    let out = run(
        &records,
        &[
            "import",
            "git",
            &s.work.path(),
            missing.to_str().unwrap(),
            "--author",
            "ann@example.com",
        ],
    );
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!("error: {} does not exist\n", missing.display())
    );
    let plain = records.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    let out = run(
        &records,
        &[
            "import",
            "git",
            &s.work.path(),
            plain.to_str().unwrap(),
            "--author",
            "ann@example.com",
        ],
    );
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!(
            "error: {} is not a git repository\nhint: pass the folder of a clone: the one that holds `.git`\n",
            plain.display()
        )
    );
    assert!(!records.path().join("records/inbox.json").exists());
}

#[test]
fn a_shallow_clone_that_starts_inside_the_range_is_refused() {
    let s = story();
    let records = records();
    // A shallow clone is a repository whose `shallow` file grafts history off at a commit.
    std::fs::write(s.work.repo.path().join("shallow"), format!("{}\n", s.docs)).unwrap();
    let out = run(
        &records,
        &[
            "import",
            "git",
            &s.work.path(),
            "--author",
            "ann@example.com",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(
        out.stderr,
        format!(
            "error: {path} is a shallow clone: its history starts on 2022-03-02, after the range starts (2022-01-01 00:00 +09:00 to 2023-01-01 00:00 +09:00)\n\
             hint: fetch the rest: `git -C {path} fetch --shallow-since=2022-01-01`\n",
            path = s.work.path()
        )
    );
    // From 3 March on, the clone holds everything.
    let out = run(
        &records,
        &[
            "import",
            "git",
            &s.work.path(),
            "--author",
            "ann@example.com",
            "--since",
            "2022-03-03",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn no_commits_by_the_author_names_who_has_some() {
    let s = story();
    let records = records();
    let out = run(
        &records,
        &[
            "import",
            "git",
            &s.work.path(),
            "--author",
            "carol@example.com",
        ],
    );
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stderr,
        format!(
            "warning: no commits by the author in {} (2022-01-01 00:00 +09:00 to 2023-01-01 00:00 +09:00)\n\
             hint: --author takes emails or names and may be repeated; looked for carol@example.com\n\
             hint: commits there are by Ann Lee <ann@example.com> (7), Bob Kim <bob@example.com> (5)\n",
            s.work.path()
        )
    );
    assert!(!records.path().join("records/inbox.json").exists());
}

#[test]
fn the_mailmap_makes_old_addresses_the_authors() {
    let work = Work::new(None);
    let old = ("Ann L.", "ann@old.example");
    let one = work.commit(old, "2022-05-02T10:00:00+09:00", "Before the move", &[]);
    let head = work.commit(ANN, "2022-05-03T10:00:00+09:00", "After the move", &[one]);
    work.set_main(head);
    let import = |records: &TestRepo| {
        let out = run(
            records,
            &["import", "git", &work.path(), "--author", "ann@example.com"],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let without = import(&records());
    assert!(
        without.contains("1 day of commits (1 commit by the author)"),
        "{without}"
    );
    std::fs::write(
        work.repo.workdir().unwrap().join(".mailmap"),
        "Ann Lee <ann@example.com> <ann@old.example>\n",
    )
    .unwrap();
    let with = import(&records());
    assert!(
        with.contains("2 days of commits (2 commits by the author)"),
        "{with}"
    );
}

#[test]
fn the_default_author_is_the_records_repository_identity() {
    let work = Work::new(None);
    // support::review_command sets GIT_AUTHOR_EMAIL=author@example.com, as git would use it.
    let me = ("Test Author", "author@example.com");
    let one = work.commit(me, "2022-05-02T10:00:00+09:00", "Ship it", &[]);
    work.commit(BOB, "2022-05-02T11:00:00+09:00", "Not mine", &[one]);
    let records = records();
    let head = work.commit(me, "2022-05-03T10:00:00+09:00", "Ship more", &[one]);
    work.set_main(head);
    let out = run(&records, &["import", "git", &work.path()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("tool ("), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("2 days of commits (2 commits by the author)"),
        "{}",
        out.stdout
    );
    let inbox = read_json(&records.path().join("records/inbox.json"));
    assert_eq!(
        inbox["items"][0]["links"],
        Value::Null,
        "no remote, no links"
    );
}

#[test]
fn each_forge_links_its_own_pages() {
    let cases = [
        (
            "https://gitlab.com/grp/sub/tool.git",
            "Merge branch 'fast' into 'main'\n\nFast path\n\nSee merge request grp/sub/tool!45",
            "https://gitlab.com/grp/sub/tool/-/merge_requests/45",
            "!45",
        ),
        (
            "ssh://git@codeberg.org/me/tool.git",
            "Merge pull request 'Fast path' (#12) from me/fast into main",
            "https://codeberg.org/me/tool/pulls/12",
            "#12",
        ),
        (
            "git@bitbucket.org:team/tool.git",
            "Merged in fast (pull request #7)\n\nFast path\n\nApproved-by: Bob Kim",
            "https://bitbucket.org/team/tool/pull-requests/7",
            "#7",
        ),
        (
            "https://github.com/acme/tool",
            "Merge pull request #3 from ann/fast\n\nFast path",
            "https://github.com/acme/tool/pull/3",
            "#3",
        ),
    ];
    for (remote, message, url, title) in cases {
        let work = Work::new(Some(remote));
        let base = work.commit(BOB, "2022-02-01T10:00:00+09:00", "Base", &[]);
        let mine = work.commit(ANN, "2022-02-02T10:00:00+09:00", "Fast", &[base]);
        let merge = work.commit(BOB, "2022-02-03T10:00:00+09:00", message, &[base, mine]);
        work.set_main(merge);
        let records = records();
        let out = run(
            &records,
            &["import", "git", &work.path(), "--author", "ann@example.com"],
        );
        assert_eq!(out.code, 0, "{remote}: {}", out.stderr);
        let inbox = read_json(&records.path().join("records/inbox.json"));
        assert_eq!(
            inbox["items"].as_array().unwrap().len(),
            1,
            "{remote}: {inbox}"
        );
        let draft = &inbox["items"][0];
        assert_eq!(draft["text"], "Fast path", "{remote}");
        assert_eq!(
            draft["commits"],
            json!([short(merge), short(mine)]),
            "{remote}"
        );
        assert_eq!(
            draft["links"],
            json!([{"url": url, "title": title}]),
            "{remote}"
        );
    }
}

#[test]
fn a_bare_repository_is_read_and_said_to_be_bare() {
    let s = story();
    let bare = s.work.temp.path().join("mirror.git");
    let mirror = Repository::init_bare(&bare).unwrap();
    let mut remote = mirror.remote("origin", &s.work.path()).unwrap();
    remote
        .fetch(
            &["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"],
            None,
            None,
        )
        .unwrap();
    mirror.set_head("refs/heads/main").unwrap();
    let records = records();
    let out = run(
        &records,
        &[
            "import",
            "git",
            bare.to_str().unwrap(),
            "--author",
            "ann@example.com",
            "--period",
            "Q1",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The remote is the local clone's path, so the name comes from it, and no link is made.
    assert!(
        out.stdout.starts_with(&format!(
            "tool ({}, a bare repository): 2 pull requests, 1 tag, 2 days of commits",
            bare.display()
        )),
        "{}",
        out.stdout
    );
}

#[test]
fn inbox_errors_are_clear() {
    let records = records();
    let empty = run(&records, &["inbox"]);
    assert_eq!(
        empty.stdout,
        "records/inbox.json: no drafts (`review import git PATH…` drafts evidence from your clones)\n"
    );
    write(
        records.path(),
        "records/inbox.json",
        "{\"items\": [], \"rejectd\": {}}\n",
    );
    let broken = run(&records, &["inbox", "reject", "x"]);
    assert_eq!(broken.code, 1);
    assert_eq!(
        broken.stderr,
        "error: records/inbox.json:1:26: unknown field `rejectd`\nhint: did you mean `rejected`?\nhint: fix the file (or move it away) and run the command again\n"
    );
    write(records.path(), "records/inbox.json", "{\"items\": []}\n");
    let unknown = run(&records, &["inbox", "accept", "pr-1", "--to", "writing"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(
        unknown.stderr,
        "error: no draft `pr-1` in the inbox\nhint: `review inbox` lists the drafts\n"
    );
    let nowhere = run(&records, &["inbox", "accept", "pr-1"]);
    assert_eq!(nowhere.code, 2);
}

#[test]
fn since_and_until_include_their_days() {
    let s = story();
    let records = records();
    let out = run(
        &records,
        &[
            "import",
            "git",
            &s.work.path(),
            "--author",
            "ann@example.com",
            "--since",
            "2022-03-02",
            "--until",
            "2022-03-04",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "tool ({}): 1 pull request, 1 day of commits (4 commits by the author)\n\
             records/inbox.json: 2 new drafts (2022-03-02 00:00 +09:00 to 2022-03-05 00:00 +09:00); `review inbox` lists them\n",
            s.work.path()
        )
    );
    let inbox = read_json(&records.path().join("records/inbox.json"));
    let ids: Vec<&str> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            format!("commits-{}", short(s.docs)),
            format!("pr-{}", short(s.merge))
        ]
    );
    let empty = run(
        &records,
        &[
            "import",
            "git",
            &s.work.path(),
            "--since",
            "2022-03-05",
            "--until",
            "2022-03-04",
        ],
    );
    assert_eq!(empty.code, 2);
    assert_eq!(
        empty.stderr,
        "error: the range is empty (2022-03-05 00:00 +09:00 to 2022-03-05 00:00 +09:00)\n"
    );
    let bad = run(
        &records,
        &["import", "git", &s.work.path(), "--period", "Q5"],
    );
    assert_eq!(bad.code, 2);
    assert_eq!(
        bad.stderr,
        "error: `Q5` is not a period (quarters run Q1 to Q4, halves H1 to H2)\n"
    );
}

/// Issue 18, item 19: a release is often tagged on a commit no branch holds (a release branch
/// deleted after tagging, a detached build). The tag is the author's evidence all the same.
#[test]
fn a_tag_on_a_commit_no_branch_holds_is_evidence() {
    let work = Work::new(Some("git@github.com:acme/tool.git"));
    let base = work.commit(ANN, "2022-03-01T10:00:00+09:00", "Add a parser", &[]);
    work.set_main(base);
    let release = work.commit(
        ANN,
        "2022-03-02T10:00:00+09:00",
        "Bump the version",
        &[base],
    );
    let bobs = work.commit(BOB, "2022-03-02T11:00:00+09:00", "Bob's release", &[base]);
    let late = work.commit(
        ANN,
        "2023-02-01T10:00:00+09:00",
        "Next year's release",
        &[base],
    );
    let tagger = signature(ANN, "2022-03-03T10:00:00+09:00");
    for (name, commit) in [("v2.0", release), ("bob-v1", bobs), ("v3.0", late)] {
        let target = work.repo.find_object(commit, None).unwrap();
        work.repo.tag(name, &target, &tagger, name, false).unwrap();
    }
    let records = records();
    let out = run(
        &records,
        &["import", "git", &work.path(), "--author", "ann@example.com"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with(&format!(
            "tool ({}): 1 tag, 1 day of commits (1 commit by the author)\n",
            work.path()
        )),
        "{}",
        out.stdout
    );
    let inbox = read_json(&records.path().join("records/inbox.json"));
    let tags: Vec<&Value> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["kind"] == "tag")
        .collect();
    assert_eq!(
        tags,
        [&json!({
            "id": format!("tag-v2-0-{}", &release.to_string()[..7]), "status": "draft",
            "kind": "tag", "repository": "tool", "date": "2022-03-03", "text": "Release v2.0",
            "commits": [short(release)],
            "links": [{"url": "https://github.com/acme/tool/releases/tag/v2.0", "title": "v2.0"}],
            "evidence": [
                {"tag": "v2.0", "repo": "tool", "date": "2022-03-03"},
                {"commit": release.to_string(), "repo": "tool"},
            ],
        })]
    );
}

#[test]
fn a_commit_graph_changes_nothing_of_what_is_drafted() {
    let s = story();
    // An octopus merge (three parents: the graph's EDGE chunk) and a mailmapped old address.
    let old = ("Ann L.", "ann@old.example");
    let head = s.work.repo.head().unwrap().target().unwrap();
    let left = s
        .work
        .commit(old, "2022-05-02T10:00:00+09:00", "Before the move", &[head]);
    let right = s
        .work
        .commit(ANN, "2022-05-02T11:00:00+09:00", "Beside it", &[head]);
    let octopus = s.work.commit(
        BOB,
        "2022-05-03T10:00:00+09:00",
        "Merge pull request #9 from ann/three",
        &[head, left, right],
    );
    let after = s.work.commit(
        ANN,
        "2022-05-04T10:00:00+09:00",
        "After the merge",
        &[octopus],
    );
    // A pull request merged in the range whose branch holds a commit of the year before: whose
    // commit that is must be read, though its date is outside the range (and in the cache).
    let early = s
        .work
        .commit(ANN, "2021-12-20T10:00:00+09:00", "Started early", &[head]);
    let tip = s.work.commit(
        BOB,
        "2022-05-05T10:00:00+09:00",
        "Merge pull request #10 from ann/early",
        &[after, early],
    );
    s.work.set_main(tip);
    let dir = s.work.repo.workdir().unwrap().to_path_buf();
    std::fs::write(
        dir.join(".mailmap"),
        "Ann Lee <ann@example.com> <ann@old.example>\n",
    )
    .unwrap();
    let import = || {
        let records = records();
        let out = run(
            &records,
            &[
                "import",
                "git",
                &s.work.path(),
                "--author",
                "ann@example.com",
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let inbox = std::fs::read_to_string(records.path().join("records/inbox.json")).unwrap();
        (out.stdout, inbox)
    };
    let without = import();
    let (ok, text) = crate::support::git(&dir, &["commit-graph", "write", "--reachable"]);
    assert!(ok, "{text}");
    assert!(dir.join(".git/objects/info/commit-graph").exists());
    let with = import();
    assert_eq!(with, without);
    assert!(with.1.contains(&short(left)), "{}", with.1);
    assert!(with.1.contains(&short(right)), "{}", with.1);
    assert!(with.1.contains(&short(early)), "{}", with.1);
    // The first run with the graph kept the author dates; the next reads only the objects of
    // the commits it needs and drafts the same.
    assert!(dir.join(".git/review/author-dates").exists());
    assert_eq!(import(), without);
}
