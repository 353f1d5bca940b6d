//! The sandbox around a template and the files `compile` writes: a template reads only regular
//! files inside its own folder, an output path that is not a regular file is written through
//! (or refused), never renamed over, and an interrupted compile leaves no temporary file.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{REVIEW_2022, review, review_command, write};

/// Runs `command` for at most half a minute: a run that hangs (reading a FIFO, say) is killed
/// and fails the test instead of stalling the suite.
fn bounded(mut command: Command) -> crate::support::Run {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!(
                "still running after 30 s; stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output: Output = child.wait_with_output().unwrap();
    output.into()
}

/// A records repository (records/ and templates/) with a minimal review.
fn repository() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    temp
}

#[cfg(unix)]
#[allow(unsafe_code)]
fn mkfifo(path: &Path) {
    let name = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path for the duration of the call.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
}

#[cfg(unix)]
#[test]
fn a_template_linked_out_of_its_folder_is_refused() {
    for target in ["/proc/self/environ", "../secret.typ"] {
        let temp = repository();
        write(temp.path(), "secret.typ", "HP_SECRET=hunter2 #(\n");
        std::fs::create_dir_all(temp.path().join("templates")).unwrap();
        std::os::unix::fs::symlink(target, temp.path().join("templates/annual.typ")).unwrap();
        let mut command = review_command(temp.path());
        command
            .args(["compile", "-o", "t.pdf"])
            .env("HP_SECRET", "hunter2");
        let run = bounded(command);
        assert_eq!(run.code, 1, "{target}: {}", run.stderr);
        assert!(!run.stderr.contains("hunter2"), "{target}: {}", run.stderr);
        let mut lines = run.stderr.lines();
        assert_eq!(
            lines.next(),
            Some("note: using templates/annual.typ from the records repository")
        );
        assert!(
            lines.next().unwrap_or("").starts_with(
                "error: templates/annual.typ: the template is a symbolic link to a file outside its folder ("
            ),
            "{target}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(
                "hint: a template reads only regular files inside its own folder (templates); \
                 copy the file there instead of linking to it"
            ),
            "{target}: {}",
            run.stderr
        );
        assert!(!temp.path().join("t.pdf").exists());
        // Named on the command line, the same link is refused the same way.
        let mut command = review_command(temp.path());
        command.args([
            "compile",
            "--template",
            "templates/annual.typ",
            "-o",
            "t.pdf",
        ]);
        let run = bounded(command);
        assert_eq!(run.code, 1, "{target}: {}", run.stderr);
        assert!(!run.stderr.contains("hunter2"), "{target}: {}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_template_that_is_not_a_regular_file_is_refused_without_reading_it() {
    let temp = repository();
    std::fs::create_dir_all(temp.path().join("tpl/folder.typ")).unwrap();
    mkfifo(&temp.path().join("tpl/fifo.typ"));
    for (name, kind) in [("fifo.typ", "a FIFO"), ("folder.typ", "a directory")] {
        let mut command = review_command(temp.path());
        command.args([
            "compile",
            "--template",
            &format!("tpl/{name}"),
            "-o",
            "t.pdf",
        ]);
        let run = bounded(command);
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (
                1,
                format!(
                    "error: tpl/{name}: the template is {kind}, not a regular file\n\
                     hint: a template reads only regular files inside its own folder (tpl)\n"
                )
                .as_str()
            )
        );
    }
}

#[cfg(unix)]
#[test]
fn what_a_template_reads_must_be_a_regular_file_inside_its_folder() {
    let temp = repository();
    write(temp.path(), "secret.txt", "hunter2");
    std::fs::create_dir_all(temp.path().join("tpl")).unwrap();
    mkfifo(&temp.path().join("tpl/fifo.txt"));
    std::os::unix::fs::symlink("../secret.txt", temp.path().join("tpl/out.txt")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", temp.path().join("tpl/env.txt")).unwrap();
    for (read, message) in [
        (
            "fifo.txt",
            "failed to load file (tpl/fifo.txt is a FIFO, not a regular file)",
        ),
        (
            "out.txt",
            "failed to load file (tpl/out.txt is a symbolic link to a file outside the template's folder)",
        ),
        (
            "env.txt",
            "failed to load file (tpl/env.txt is a symbolic link to a file outside the template's folder)",
        ),
        (
            "../secret.txt",
            "path `\"../secret.txt\"` would escape the project root",
        ),
    ] {
        write(temp.path(), "tpl/t.typ", &format!("#read({read:?})\n"));
        let mut command = review_command(temp.path());
        command
            .args(["compile", "--template", "tpl/t.typ", "-o", "t.pdf"])
            .env("HP_SECRET", "hunter2");
        let run = bounded(command);
        assert_eq!(run.code, 1, "{read}: {}", run.stderr);
        assert!(!run.stderr.contains("hunter2"), "{read}: {}", run.stderr);
        assert!(
            run.stderr.starts_with(&format!("error: {message}\n")),
            "{read}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("t.typ:1:"), "{read}: {}", run.stderr);
        // Typst's own hint names a `--root` flag review does not have.
        assert!(!run.stderr.contains("--root"), "{read}: {}", run.stderr);
    }
}

#[test]
fn the_sandbox_hint_names_the_templates_folder_not_a_root_flag() {
    let temp = repository();
    write(temp.path(), "tpl/t.typ", "#read(\"../secret.txt\")\n");
    let run = review(
        temp.path(),
        &["compile", "--template", "tpl/t.typ", "-o", "t.pdf"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("--root"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("hint: a template reads only regular files inside its own folder (tpl)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_from_the_records_repository_says_so_once() {
    let temp = repository();
    write(
        temp.path(),
        "templates/annual.typ",
        "#let data = json(\"/report.json\")\n= #data.title\n",
    );
    let run = review(temp.path(), &["compile", "-o", "t.pdf"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            0,
            "note: using templates/annual.typ from the records repository\nwrote t.pdf (1 pages)\n"
        )
    );
    let run = review(
        temp.path(),
        &[
            "compile",
            "--template",
            "templates/annual.typ",
            "-o",
            "t.pdf",
        ],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "wrote t.pdf (1 pages)\n")
    );
}
