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

/// `git commit -a` and `git commit PATH…` commit a temporary index, which git names to the
/// hook in `GIT_INDEX_FILE`: the check reads that one, so a broken file committed this way is
/// refused (reading `.git/index`, it passed), and a fixed working copy committed by path over
/// a broken staged one is not.
#[test]
fn the_hook_checks_the_index_that_commit_a_and_commit_paths_commit() {
    let (_temp, dir) = crate::support::init_example();
    let install = review(&dir, &["hooks", "install"]);
    assert_eq!(install.code, 0, "{}", install.stderr);
    let writing = std::fs::read_to_string(dir.join("records/writing.json")).unwrap();
    let broken = "{\"title\": \"Writing\", \"items\": [}\n";
    let before = head(&dir);

    write(&dir, "records/writing.json", broken);
    let (ok, text) = git(&dir, &["commit", "-a", "-m", "broken, all"]);
    assert!(!ok, "{text}");
    assert!(text.contains("staged:records/writing.json:1:"), "{text}");
    let (ok, text) = git(
        &dir,
        &["commit", "-m", "broken, by path", "records/writing.json"],
    );
    assert!(!ok, "{text}");
    assert!(text.contains("staged:records/writing.json:1:"), "{text}");
    assert_eq!(head(&dir), before);

    // Broken in .git/index, fixed in the work tree: the commit by path holds the fixed file.
    git(&dir, &["add", "records/writing.json"]);
    let fixed = writing.replacen("\"items\": [", "\"items\": [\"A new post\", ", 1);
    write(&dir, "records/writing.json", &fixed);
    let (ok, text) = git(
        &dir,
        &["commit", "-m", "a new post", "records/writing.json"],
    );
    assert!(ok, "{text}");
    assert_ne!(head(&dir), before);
}

/// A hook as found on disk: a link's target, or a file's bytes, and the mode (of the link
/// itself for a link).
#[cfg(unix)]
#[derive(Debug, PartialEq, Eq)]
enum HookFile {
    Link(std::path::PathBuf),
    File(Vec<u8>, u32),
}

#[cfg(unix)]
fn hook_file(path: &Path) -> Option<HookFile> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::symlink_metadata(path).ok()?;
    Some(if meta.file_type().is_symlink() {
        HookFile::Link(std::fs::read_link(path).unwrap())
    } else {
        HookFile::File(
            std::fs::read(path).unwrap(),
            meta.permissions().mode() & 0o777,
        )
    })
}

#[cfg(unix)]
fn put_hook(dir: &Path, bytes: &[u8], mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(".git/hooks/pre-commit");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Stages a good change to the writing section.
fn stage_good_change(dir: &Path, text: &str) {
    let writing = std::fs::read_to_string(dir.join("records/writing.json")).unwrap();
    let more = writing.replacen("\"items\": [", &format!("\"items\": [\"{text}\", "), 1);
    write(dir, "records/writing.json", &more);
    git(dir, &["add", "records/writing.json"]);
}

/// A kind of hook a user may have.
#[cfg(unix)]
struct Kind {
    name: &'static str,
    bytes: Vec<u8>,
    mode: u32,
    /// `pre-commit` is a link to a file holding `bytes`.
    link: bool,
    /// A `git commit` runs it while ours is installed (`None`: not tried).
    runs: Option<bool>,
}

/// Issue 18, item 9: whatever the hook that was there (another language, no shebang, a link,
/// not executable, empty, CRLF), install never edits it and uninstall puts back every byte,
/// the mode and the link. While installed, git runs it after the check when git ran it before.
#[cfg(unix)]
#[test]
fn every_kind_of_hook_survives_install_and_uninstall() {
    let python = b"#!/usr/bin/env python3\nimport sys\nsys.exit(0)\n".to_vec();
    let no_shebang = b"echo ran >> hook-ran\n".to_vec();
    let crlf = b"#!/bin/sh\r\necho ran >> hook-ran\r\n".to_vec();
    let shell = b"#!/bin/sh\necho ran >> hook-ran\n".to_vec();
    let kind = |name, bytes: &[u8], mode, link, runs| Kind {
        name,
        bytes: bytes.to_vec(),
        mode,
        link,
        runs,
    };
    let kinds = [
        kind("python", &python, 0o755, false, None),
        kind("shell", &shell, 0o755, false, Some(true)),
        kind("no shebang", &no_shebang, 0o755, false, Some(true)),
        kind("link", &shell, 0o755, true, Some(true)),
        kind("not executable", &shell, 0o644, false, Some(false)),
        kind("empty", b"", 0o755, false, None),
        kind("crlf", &crlf, 0o755, false, None),
    ];
    for Kind {
        name,
        bytes,
        mode,
        link,
        runs,
    } in kinds
    {
        let (_temp, dir) = crate::support::init_example();
        let hook = dir.join(".git/hooks/pre-commit");
        if link {
            use std::os::unix::fs::PermissionsExt;
            write(&dir, "tools/hook.sh", std::str::from_utf8(&bytes).unwrap());
            std::fs::set_permissions(
                dir.join("tools/hook.sh"),
                std::fs::Permissions::from_mode(mode),
            )
            .unwrap();
            std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink("../../tools/hook.sh", &hook).unwrap();
        } else {
            put_hook(&dir, &bytes, mode);
        }
        let before = hook_file(&hook);
        let install = review(&dir, &["hooks", "install"]);
        assert_eq!(install.code, 0, "{name}: {}", install.stderr);
        let chained = dir.join(".git/hooks/pre-commit.review-chained");
        assert_eq!(hook_file(&chained), before, "{name}: kept as it was");
        let installed = std::fs::read_to_string(&hook).unwrap();
        assert!(installed.starts_with("#!/bin/sh\n"), "{name}: {installed}");
        let shown = dir.canonicalize().unwrap().join(".git/hooks");
        let mut expected = format!(
            "installed the records check in {}; the hook that was there runs after it (kept as {})\n",
            shown.join("pre-commit").display(),
            shown.join("pre-commit.review-chained").display()
        );
        if mode == 0o644 {
            expected.push_str(&format!(
                "warning: that hook is not executable, so git did not run it, and it still does not run\nhint: to run it after the check: chmod +x {}\n",
                shown.join("pre-commit.review-chained").display()
            ));
        }
        assert_eq!(install.stderr, expected, "{name}");

        if let Some(runs) = runs {
            // A broken staged record is refused by the check, before the user's hook.
            write(&dir, "records/talks.json", "{ not json");
            git(&dir, &["add", "records/talks.json"]);
            let (ok, text) = git(&dir, &["commit", "-m", "broken"]);
            assert!(
                !ok && text.contains("staged:records/talks.json:1:"),
                "{name}: {text}"
            );
            assert!(!dir.join("hook-ran").exists(), "{name}");
            git(&dir, &["checkout", "HEAD", "--", "records/talks.json"]);
            stage_good_change(&dir, "A new post");
            let (ok, text) = git(&dir, &["commit", "-m", "a new post"]);
            assert!(ok, "{name}: {text}");
            assert_eq!(
                dir.join("hook-ran").exists(),
                runs,
                "{name}: as git ran it before"
            );
        }

        let uninstall = review(&dir, &["hooks", "uninstall"]);
        assert_eq!(uninstall.code, 0, "{name}: {}", uninstall.stderr);
        assert_eq!(
            hook_file(&hook),
            before,
            "{name}: every byte, the mode, the link"
        );
        assert!(hook_file(&chained).is_none(), "{name}");
        if link {
            let target = std::fs::read(dir.join("tools/hook.sh")).unwrap();
            assert_eq!(target, bytes, "{name}: the link's target is never written");
        }
    }
}

/// Issue 18, item 9: with no hook before, uninstall removes ours and nothing is left.
#[test]
fn a_new_hook_is_removed_whole() {
    let (_temp, dir) = crate::support::init_example();
    let hook = dir.join(".git/hooks/pre-commit");
    assert!(!hook.exists());
    assert_eq!(review(&dir, &["hooks", "install"]).code, 0);
    // Installing again only refreshes ours.
    assert_eq!(review(&dir, &["hooks", "install"]).code, 0);
    stage_good_change(&dir, "A new post");
    let (ok, text) = git(&dir, &["commit", "-m", "a new post"]);
    assert!(ok, "{text}");
    let uninstall = review(&dir, &["hooks", "uninstall"]);
    assert_eq!(uninstall.code, 0, "{}", uninstall.stderr);
    assert!(!hook.exists());
    assert!(!dir.join(".git/hooks/pre-commit.review-chained").exists());
    let again = review(&dir, &["hooks", "uninstall"]);
    assert_eq!(again.code, 0);
    assert!(
        again.stderr.starts_with("no records check in "),
        "{}",
        again.stderr
    );
}
