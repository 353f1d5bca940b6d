//! `review hooks`: the pre-commit hook, tested with real `git commit` runs.

use std::path::Path;

use crate::support::{git, review, write};

fn head(dir: &Path) -> String {
    git(dir, &["rev-parse", "HEAD"]).1
}

#[test]
fn the_hook_checks_staged_records_and_keeps_the_users_hook() {
    let (_temp, dir) = crate::support::init_example();
    // The user's own hook, which must keep running.
    let user_hook = "#!/bin/sh\necho ran >> user-hook-ran\n";
    write(&dir, ".git/hooks/pre-commit", user_hook);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.join(".git/hooks/pre-commit"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
    }
    let install = review(&dir, &["hooks", "install"]);
    assert_eq!(install.code, 0, "{}", install.stderr);
    let writing = std::fs::read_to_string(dir.join("records/writing.json")).unwrap();

    // A broken staged record: refused, nothing committed, the located error shown.
    let before = head(&dir);
    write(
        &dir,
        "records/writing.json",
        "{\"title\": \"Writing\", \"items\": [}\n",
    );
    git(&dir, &["add", "records/writing.json"]);
    let (ok, text) = git(&dir, &["commit", "-m", "broken"]);
    assert!(!ok, "{text}");
    assert!(text.contains("staged:records/writing.json:1:"), "{text}");
    assert_eq!(head(&dir), before);

    // Fixed and staged: committed, and the user's hook ran.
    let fixed = writing.replacen("\"items\": [", "\"items\": [\"A new post\", ", 1);
    write(&dir, "records/writing.json", &fixed);
    git(&dir, &["add", "records/writing.json"]);
    let (ok, text) = git(&dir, &["commit", "-m", "a new post"]);
    assert!(ok, "{text}");
    assert_ne!(head(&dir), before);
    assert!(dir.join("user-hook-ran").exists());

    // A broken file left unstaged does not block a commit of good staged records.
    write(&dir, "records/talks.json", "{ not json");
    let more = fixed.replacen("\"items\": [", "\"items\": [\"Another post\", ", 1);
    write(&dir, "records/writing.json", &more);
    git(&dir, &["add", "records/writing.json"]);
    let (ok, text) = git(&dir, &["commit", "-m", "another post"]);
    assert!(ok, "{text}");

    // Uninstall leaves the user's hook exactly as it was.
    let uninstall = review(&dir, &["hooks", "uninstall"]);
    assert_eq!(uninstall.code, 0, "{}", uninstall.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join(".git/hooks/pre-commit")).unwrap(),
        user_hook
    );
}
