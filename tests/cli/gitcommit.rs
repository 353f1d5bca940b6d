//! `review commit` does what `git commit` does around a commit: the repository's hooks run as
//! git runs them (pre-commit on the commit's own content, the message hooks, post-commit), a
//! repository that signs its commits gets signed ones, and a stopping signal leaves no
//! `index.lock`. Checked with the real git.

use std::path::Path;

use crate::support::{TestRepo, dna_plus, git, review};

/// A repository with review.json, DNA+ (1 demo) and a README, committed; DNA+ then has a
/// second demo in the work tree, and a README change is staged (not the records').
fn repo_with_change() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("records/review.json", crate::support::REVIEW_2022);
    repo.write("records/projects/dna-plus.json", &dna_plus(1));
    repo.write("README.md", "readme v1\n");
    repo.commit("2022-01-10T10:00:00+09:00", "Start");
    repo.write("records/projects/dna-plus.json", &dna_plus(2));
    repo.write("README.md", "readme v2\n");
    let (ok, text) = git(repo.path(), &["add", "README.md"]);
    assert!(ok, "{text}");
    repo
}

/// Writes an executable hook.
fn hook(repo: &TestRepo, name: &str, script: &str) {
    write_executable(&repo.path().join(".git/hooks").join(name), script);
}

fn write_executable(path: &Path, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, script).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn run_git(dir: &Path, args: &[&str]) -> String {
    let (ok, text) = git(dir, args);
    assert!(ok, "git {args:?}: {text}");
    text
}

/// What a repository must look like after a commit that did not happen: HEAD where it was,
/// the README still staged, the records change still the user's (unstaged), no lock and no
/// temporary index left in `.git`.
fn assert_nothing_committed(repo: &TestRepo, head: &str) {
    assert_eq!(run_git(repo.path(), &["rev-parse", "HEAD"]), head);
    assert_eq!(
        run_git(repo.path(), &["status", "--porcelain"]),
        "M  README.md\n M records/projects/dna-plus.json\n"
    );
    assert_eq!(leftovers(repo), Vec::<String>::new());
}

/// Files in `.git` that a commit in progress makes: the index lock, temporary indexes.
fn leftovers(repo: &TestRepo) -> Vec<String> {
    std::fs::read_dir(repo.path().join(".git"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".lock"))
        .collect()
}

#[test]
fn the_repositorys_hooks_run_as_git_runs_them() {
    let repo = repo_with_change();
    // pre-commit sees what the commit holds (the records change, not the staged README).
    hook(
        &repo,
        "pre-commit",
        "#!/bin/sh\ngit diff --cached --name-only > .git/pre-commit-saw\n",
    );
    hook(
        &repo,
        "prepare-commit-msg",
        "#!/bin/sh\necho \"$2\" > .git/prepare-source\n",
    );
    hook(
        &repo,
        "commit-msg",
        "#!/bin/sh\nprintf '\\nSigned-off-by: Test Author <author@example.com>\\n\\n' >> \"$1\"\n",
    );
    hook(
        &repo,
        "post-commit",
        "#!/bin/sh\ngit rev-parse HEAD > .git/post-commit-saw\nexit 3\n",
    );
    let run = review(repo.path(), &["commit", "-m", "Second demo"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    let read = |name: &str| std::fs::read_to_string(repo.path().join(".git").join(name)).unwrap();
    assert_eq!(read("pre-commit-saw"), "records/projects/dna-plus.json\n");
    assert_eq!(read("prepare-source"), "message\n");
    let head = repo.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        head.message().unwrap(),
        "Second demo\n\n~ projects/dna-plus: metrics[demos].value 1 → 2 (+1)\n\n\
         Signed-off-by: Test Author <author@example.com>"
    );
    assert_eq!(
        read("post-commit-saw"),
        run_git(repo.path(), &["rev-parse", "HEAD"])
    );
    assert_eq!(
        run_git(repo.path(), &["status", "--porcelain"]),
        "M  README.md\n"
    );
    assert_eq!(leftovers(&repo), Vec::<String>::new());
}

#[test]
fn a_hook_that_refuses_stops_the_commit_and_no_verify_skips_it() {
    let repo = repo_with_change();
    let head = run_git(repo.path(), &["rev-parse", "HEAD"]);
    hook(
        &repo,
        "pre-commit",
        "#!/bin/sh\necho 'a secret in dna-plus.json' >&2\nexit 1\n",
    );
    let run = review(repo.path(), &["commit", "-m", "Second demo"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("a secret in dna-plus.json\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error: the pre-commit hook refused the commit (exit status 1); nothing was committed\n\
             hint: fix what it says, then commit again (`review commit --no-verify` skips it, as git's does)"
        ),
        "{}",
        run.stderr
    );
    assert_nothing_committed(&repo, &head);

    hook(&repo, "commit-msg", "#!/bin/sh\nexit 1\n");
    std::fs::remove_file(repo.path().join(".git/hooks/pre-commit")).unwrap();
    let run = review(repo.path(), &["commit", "-m", "Second demo"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the commit-msg hook refused the commit (exit status 1)"),
        "{}",
        run.stderr
    );
    assert_nothing_committed(&repo, &head);

    let run = review(repo.path(), &["commit", "--no-verify", "-m", "Second demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_ne!(run_git(repo.path(), &["rev-parse", "HEAD"]), head);
}

#[test]
fn a_hook_that_is_not_executable_is_ignored_and_said_so() {
    let repo = repo_with_change();
    let path = repo.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "#!/bin/sh\nexit 1\n").unwrap();
    let run = review(repo.path(), &["commit", "-m", "Second demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("pre-commit hook was ignored because it is not executable"),
        "{}",
        run.stderr
    );
}

/// `commit.gpgsign` with SSH keys: the commit is signed, and git verifies it.
#[test]
fn a_repository_that_signs_gets_signed_commits() {
    let repo = repo_with_change();
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("key");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
        .arg(&key)
        .output()
        .expect("ssh-keygen runs (openssh-client)");
    assert!(made.status.success(), "{made:?}");
    let public = std::fs::read_to_string(keys.path().join("key.pub")).unwrap();
    let allowed = keys.path().join("allowed");
    std::fs::write(&allowed, format!("author@example.com {public}")).unwrap();
    let mut config = repo.repo.config().unwrap();
    config.set_bool("commit.gpgsign", true).unwrap();
    config.set_str("gpg.format", "ssh").unwrap();
    config
        .set_str("user.signingkey", key.to_str().unwrap())
        .unwrap();
    config
        .set_str("gpg.ssh.allowedSignersFile", allowed.to_str().unwrap())
        .unwrap();

    let run = review(repo.path(), &["commit", "-m", "Second demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (ok, text) = git(repo.path(), &["verify-commit", "HEAD"]);
    assert!(ok, "git verify-commit: {text}");
    assert!(
        text.contains("Good \"git\" signature for author@example.com"),
        "{text}"
    );
    // The header as git writes it: indented lines, no line of a lone space.
    let raw = run_git(repo.path(), &["cat-file", "commit", "HEAD"]);
    assert!(
        raw.contains("\ngpgsig -----BEGIN SSH SIGNATURE-----\n "),
        "{raw}"
    );
    assert!(
        raw.contains("\n -----END SSH SIGNATURE-----\n\nSecond demo\n"),
        "{raw}"
    );
}

/// OpenPGP's protocol, with a stand-in for gpg: the key is the committer, the payload is the
/// commit as git signs it, and the signature lands in `gpgsig`.
#[test]
fn an_openpgp_signature_follows_gits_protocol() {
    let repo = repo_with_change();
    let bin = tempfile::tempdir().unwrap();
    let fake = bin.path().join("fake-gpg");
    let seen = bin.path().join("seen");
    write_executable(
        &fake,
        &format!(
            "#!/bin/sh\necho \"$@\" > '{0}.args'\ncat > '{0}.payload'\n\
             echo '[GNUPG:] SIG_CREATED D 22 8 00 1672369200 ABCD' >&2\n\
             printf '%s\\n' '-----BEGIN PGP SIGNATURE-----' '' 'ZmFrZQ==' '-----END PGP SIGNATURE-----'\n",
            seen.display()
        ),
    );
    let mut config = repo.repo.config().unwrap();
    config.set_bool("commit.gpgsign", true).unwrap();
    config
        .set_str("gpg.program", fake.to_str().unwrap())
        .unwrap();

    let run = review(repo.path(), &["commit", "-m", "Second demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |ext: &str| std::fs::read_to_string(seen.with_extension(ext)).unwrap();
    assert_eq!(
        read("args"),
        "--status-fd=2 -bsau Test Author <author@example.com>\n"
    );
    let raw = run_git(repo.path(), &["cat-file", "commit", "HEAD"]);
    let header =
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n ZmFrZQ==\n -----END PGP SIGNATURE-----\n";
    assert!(raw.contains(header), "{raw}");
    assert_eq!(read("payload"), raw.replacen(header, "", 1));
}

#[test]
fn a_signing_failure_commits_nothing() {
    let repo = repo_with_change();
    let head = run_git(repo.path(), &["rev-parse", "HEAD"]);
    let mut config = repo.repo.config().unwrap();
    config.set_bool("commit.gpgsign", true).unwrap();
    config.set_str("gpg.program", "false").unwrap();
    let run = review(repo.path(), &["commit", "-m", "Second demo"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: cannot sign the commit (false failed (exit status: 1): it said nothing); nothing was committed\n\
         hint: commit.gpgsign is set: fix the signing setup (`git commit -S` fails the same way), or unset it\n"
    );
    assert_nothing_committed(&repo, &head);
}

/// The author and the committer as `git commit --date` names them: `author.*` and
/// `committer.*` over `user.*`, `--date` the author's time only, the committer's from
/// `GIT_COMMITTER_DATE` (else now). Before, the author (from `user.*`) was also the committer,
/// and `--date` moved the commit time too.
#[test]
fn the_author_and_committer_are_the_ones_git_names() {
    let repo = repo_with_change();
    let mut config = repo.repo.config().unwrap();
    for (key, value) in [
        ("user.name", "Uma User"),
        ("user.email", "uma@example.com"),
        ("author.name", "Ada Author"),
        ("author.email", "ada@example.com"),
        ("committer.name", "Cy Committer"),
        ("committer.email", "cy@example.com"),
    ] {
        config.set_str(key, value).unwrap();
    }
    let people = |command: &mut std::process::Command| {
        command
            .env_remove("GIT_AUTHOR_NAME")
            .env_remove("GIT_AUTHOR_EMAIL")
            .env_remove("GIT_COMMITTER_NAME")
            .env_remove("GIT_COMMITTER_EMAIL")
            .env_remove("GIT_AUTHOR_DATE")
            .env("GIT_COMMITTER_DATE", "2022-06-30T18:00:00+09:00");
    };
    let mut command = crate::support::review_command(repo.path());
    command.args([
        "commit",
        "-m",
        "Second demo",
        "--date",
        "2022-05-01T09:00:00+09:00",
    ]);
    people(&mut command);
    let output = command.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let format = [
        "log",
        "-1",
        "--format=%an <%ae> %ad | %cn <%ce> %cd",
        "--date=raw",
    ];
    let ours = run_git(repo.path(), &format);

    let (ok, text) = git(repo.path(), &["reset", "-q", "HEAD~1"]);
    assert!(ok, "{text}");
    let mut command = crate::support::git_command(repo.path());
    command.args([
        "commit",
        "-q",
        "-m",
        "Second demo",
        "--date",
        "2022-05-01T09:00:00+09:00",
        "--",
        "records",
    ]);
    people(&mut command);
    let output = command.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(ours, run_git(repo.path(), &format));
    assert_eq!(
        ours,
        "Ada Author <ada@example.com> 1651363200 +0900 | Cy Committer <cy@example.com> 1656579600 +0900\n"
    );
}

/// A commit git would not make by path is not made: during a merge ("cannot do a partial
/// commit during a merge") and with unmerged files in the index (a conflicted `git stash pop`).
/// Before, `review commit` committed and left `MERGE_HEAD` standing.
#[test]
fn no_commit_during_a_merge_or_over_unmerged_files() {
    let repo = repo_with_change();
    let dir = repo.path();
    run_git(dir, &["commit", "-q", "-m", "Readme v2", "--", "README.md"]);
    run_git(dir, &["checkout", "-q", "-b", "side", "HEAD~1"]);
    repo.write("README.md", "readme on the side\n");
    run_git(
        dir,
        &["commit", "-q", "-m", "Side readme", "--", "README.md"],
    );
    run_git(dir, &["checkout", "-q", "main"]);
    let head = run_git(dir, &["rev-parse", "HEAD"]);
    let (ok, _) = git(dir, &["merge", "side"]);
    assert!(!ok, "the merge conflicts");
    let run = review(dir, &["commit", "-m", "Second demo"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: cannot commit the records during a merge (git does no partial commit then either); nothing was committed\n\
             hint: finish it with `git commit` (or `git merge --abort`), then `review commit`\n"
        )
    );
    assert_eq!(run_git(dir, &["rev-parse", "HEAD"]), head);
    assert!(dir.join(".git/MERGE_HEAD").exists());
    assert_eq!(leftovers(&repo), Vec::<String>::new());

    run_git(dir, &["merge", "--abort"]);
    repo.write("README.md", "readme stashed\n");
    run_git(dir, &["stash", "push", "-q", "--", "README.md"]);
    repo.write("README.md", "readme v3\n");
    run_git(dir, &["commit", "-q", "-m", "Readme v3", "--", "README.md"]);
    let head = run_git(dir, &["rev-parse", "HEAD"]);
    let (ok, _) = git(dir, &["stash", "pop"]);
    assert!(!ok, "the stash conflicts");
    let run = review(dir, &["commit", "-m", "Second demo"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: cannot commit the records while the index has unmerged files (README.md); nothing was committed\n\
             hint: resolve them and `git add` them first, as `git commit` asks\n"
        )
    );
    assert_eq!(run_git(dir, &["rev-parse", "HEAD"]), head);
    assert_eq!(leftovers(&repo), Vec::<String>::new());
}
