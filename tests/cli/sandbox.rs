//! The sandbox around a template and the files `compile` writes: a template reads only regular
//! files inside its own folder, an output path that is not a regular file is written through
//! (or refused), never renamed over, and an interrupted compile leaves no temporary file.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{REVIEW_2022, review, review_command, write};

/// Runs `command` for at most half a minute: a run that hangs (reading a FIFO, say) is killed
/// and fails the test instead of stalling the suite.
fn bounded_output(mut command: Command) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the pipes meanwhile, so a large output cannot fill them and stall the child.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut bytes).map(|_| bytes)
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut bytes).map(|_| bytes)
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            let stderr = err.join().unwrap().unwrap();
            panic!(
                "still running after 30 s; stderr: {}",
                String::from_utf8_lossy(&stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap().unwrap(),
        stderr: err.join().unwrap().unwrap(),
    }
}

/// [`bounded_output`] with its output decoded.
fn bounded(command: Command) -> crate::support::Run {
    bounded_output(command).into()
}

/// A records repository with a minimal review, and a one-page template beside it in
/// `one/one.typ` (for the formats that write a file per page).
fn repository() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "records/review.json", REVIEW_2022);
    write(
        temp.path(),
        "one/one.typ",
        "#let data = json(\"/report.json\")\n= #data.title\n",
    );
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
fn a_templates_folder_linked_out_of_the_repository_is_refused() {
    let temp = repository();
    let elsewhere = tempfile::tempdir().unwrap();
    write(elsewhere.path(), "annual.typ", "#read(\"secret.txt\")\n");
    write(elsewhere.path(), "secret.txt", "HP_SECRET=hunter2\n");
    std::os::unix::fs::symlink(elsewhere.path(), temp.path().join("templates")).unwrap();
    let run = bounded({
        let mut command = review_command(temp.path());
        command.args(["compile", "-o", "t.pdf"]);
        command
    });
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: templates: the records repository's templates folder is a symbolic link (not followed)\n\
             hint: keep the template in a real templates/ folder, or pass --template FILE\n"
        )
    );
    assert!(!temp.path().join("t.pdf").exists());
}

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
            "note: using templates/annual.typ from the records repository\nwrote t.pdf (1 page)\n"
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
        (0, "wrote t.pdf (1 page)\n")
    );
}

/// `review compile ARGS` in `dir`, pinned like [`crate::support::compile_pinned`] and bounded
/// like [`bounded`]; returns the run and its standard output's bytes.
fn compile_bounded(dir: &Path, args: &[&str]) -> (crate::support::Run, Vec<u8>) {
    let mut command = review_command(dir);
    command
        .arg("compile")
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1672444800");
    let output = bounded_output(command);
    let stdout = output.stdout.clone();
    (output.into(), stdout)
}

#[cfg(unix)]
#[test]
fn an_output_fifo_is_written_through_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let temp = repository();
    let (_, expected) = compile_bounded(temp.path(), &["--format", "md", "-o", "-"]);
    assert!(expected.starts_with(b"# Test review"), "{expected:?}");
    for (name, format) in [("out.md", "md"), ("out.pdf", "pdf"), ("page.png", "png")] {
        let template = if format == "png" { "one/one.typ" } else { "" };
        let fifo = temp.path().join(name);
        mkfifo(&fifo);
        // The reader blocks until a writer opens the FIFO; a compile that renamed over it
        // never would, so the wait is bounded (the blocked thread is left behind).
        let (sender, read) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || sender.send(std::fs::read(path).unwrap()));
        let mut args = vec!["--format", format, "-o", name];
        if !template.is_empty() {
            args.extend(["--template", template]);
        }
        let (run, _) = compile_bounded(temp.path(), &args);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let read = read
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("{name}: nothing was written through the FIFO"));
        match format {
            "md" => assert_eq!(read, expected),
            "pdf" => assert!(read.starts_with(b"%PDF-"), "{name}"),
            _ => assert!(read.starts_with(b"\x89PNG"), "{name}"),
        }
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "{name} is still a FIFO");
        let leftovers: Vec<_> = std::fs::read_dir(temp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp") || n.starts_with("page-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[cfg(unix)]
#[test]
fn an_output_symlink_is_kept_and_its_target_rewritten() {
    let temp = repository();
    std::fs::create_dir_all(temp.path().join("real")).unwrap();
    write(temp.path(), "real/review.md", "old\n");
    std::os::unix::fs::symlink("real/review.md", temp.path().join("out.md")).unwrap();
    // A link to a link, and a link to a file not yet there, are followed the same way.
    std::os::unix::fs::symlink("out.md", temp.path().join("again.md")).unwrap();
    std::os::unix::fs::symlink("real/new.md", temp.path().join("dangling.md")).unwrap();
    let (_, expected) = compile_bounded(temp.path(), &["--format", "md", "-o", "-"]);
    for link in ["out.md", "again.md", "dangling.md"] {
        let (run, _) = compile_bounded(temp.path(), &["-o", link]);
        assert_eq!((run.code, run.stderr), (0, format!("wrote {link}\n")));
        let meta = std::fs::symlink_metadata(temp.path().join(link)).unwrap();
        assert!(meta.file_type().is_symlink(), "{link} is still a link");
        assert_eq!(std::fs::read(temp.path().join(link)).unwrap(), expected);
    }
    assert_eq!(
        std::fs::read(temp.path().join("real/review.md")).unwrap(),
        expected
    );
    assert_eq!(
        std::fs::read(temp.path().join("real/new.md")).unwrap(),
        expected
    );
    let mut names: Vec<String> = std::fs::read_dir(temp.path().join("real"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["new.md", "review.md"]);
}

#[cfg(unix)]
#[test]
#[allow(unsafe_code)]
fn an_output_character_device_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    // Creating a device node needs root; writing through a copy of /dev/null is harmless, and
    // a compile that renamed over it would replace only this copy.
    let temp = repository();
    let null = temp.path().join("null.pdf");
    let name = std::ffi::CString::new(null.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path for the duration of the call.
    let made = unsafe { libc::mknod(name.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
    if made != 0 {
        eprintln!("skipped: cannot create a device node here (not root)");
        return;
    }
    let (run, _) = compile_bounded(temp.path(), &["-o", "null.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kind = std::fs::symlink_metadata(&null).unwrap().file_type();
    assert!(
        kind.is_char_device(),
        "null.pdf is still a character device"
    );
}

/// Standard output opened on a new pseudo-terminal: its write end, for a child's stdout.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn terminal() -> (std::fs::File, std::fs::File) {
    use std::os::fd::FromRawFd;
    let (mut controller, mut device) = (-1, -1);
    // SAFETY: both out-pointers are valid; the name, termios and size arguments may be null.
    let status = unsafe {
        libc::openpty(
            &raw mut controller,
            &raw mut device,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(status, 0, "openpty");
    // SAFETY: openpty returned two open descriptors that nothing else owns.
    unsafe {
        (
            std::fs::File::from_raw_fd(controller),
            std::fs::File::from_raw_fd(device),
        )
    }
}

/// Runs `review ARGS` with its standard output on a terminal (read meanwhile, so a child that
/// writes a lot cannot stall on it); returns the exit code and standard error.
#[cfg(target_os = "linux")]
fn on_a_terminal(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let (mut controller, device) = terminal();
    // Reading the controller ends (EIO) once the child, the last holder of the device, exits.
    let drain = std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = std::io::Read::read_to_end(&mut controller, &mut sink);
    });
    let output = review_command(dir)
        .args(args)
        .stdout(Stdio::from(device))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    drain.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

/// A PDF or PNG is not poured onto a terminal: `-o -` on a terminal is a usage error, before
/// anything is compiled; a text format still goes to it.
#[cfg(target_os = "linux")]
#[test]
fn a_binary_format_is_not_written_to_a_terminal() {
    let temp = repository();
    let refusal = |format: &str, ext: &str| {
        format!(
            "error: will not write a {format} to a terminal\nhint: redirect it (`-o - > review.{ext}`, `-o - | lpr`), or name a file with -o\n"
        )
    };
    assert_eq!(
        on_a_terminal(temp.path(), &["compile", "-o", "-"]),
        (Some(2), refusal("PDF", "pdf"))
    );
    assert_eq!(
        on_a_terminal(temp.path(), &["compile", "--format", "png", "-o", "-"]),
        (Some(2), refusal("PNG", "png"))
    );
    assert_eq!(
        on_a_terminal(temp.path(), &["compile", "--format", "txt", "-o", "-"]),
        (Some(0), "wrote standard output\n".to_owned())
    );
}

#[test]
fn dash_writes_to_standard_output() {
    let temp = repository();
    let (run, md) = compile_bounded(temp.path(), &["--format", "md", "-o", "-"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "wrote standard output\n")
    );
    let (file_run, _) = compile_bounded(temp.path(), &["-o", "r.md"]);
    assert_eq!(file_run.code, 0, "{}", file_run.stderr);
    assert_eq!(md, std::fs::read(temp.path().join("r.md")).unwrap());
    // Without --format, `-` is a PDF, like the default output.
    let (run, pdf) = compile_bounded(temp.path(), &["-o", "-"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "wrote standard output (2 pages)\n")
    );
    assert!(pdf.starts_with(b"%PDF-"));
    let (run, png) = compile_bounded(
        temp.path(),
        &["--format", "png", "-o", "-", "--template", "one/one.typ"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(png.starts_with(b"\x89PNG"));
    // `/dev/stdout` is a link into /proc, to the pipe this test reads: written through.
    #[cfg(target_os = "linux")]
    {
        let (run, through) = compile_bounded(temp.path(), &["--format", "md", "-o", "/dev/stdout"]);
        assert_eq!((run.code, run.stderr.as_str()), (0, "wrote /dev/stdout\n"));
        assert_eq!(through, md);
    }
    assert!(!temp.path().join("-").exists());
    assert!(!temp.path().join("--1.png").exists());
}

#[test]
fn pages_cannot_share_one_stream() {
    let temp = tempfile::tempdir().unwrap();
    crate::support::copy_bundled(temp.path());
    let (run, out) = compile_bounded(temp.path(), &["--format", "svg", "-o", "-"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(out.is_empty());
    assert!(
        run.stderr.ends_with(
            "error: cannot write 8 SVG pages to standard output (it holds one file)\n\
             hint: name a file, e.g. `-o review.svg` for review-1.svg, review-2.svg...\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_directory_as_output_is_a_usage_error() {
    let temp = repository();
    std::fs::create_dir_all(temp.path().join("out")).unwrap();
    for format in ["pdf", "md", "png"] {
        let (run, _) = compile_bounded(temp.path(), &["--format", format, "-o", "out"]);
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (
                2,
                format!(
                    "error: cannot write to out (a directory)\n\
                     hint: name a file in it, e.g. `-o out/review.{format}`\n"
                )
                .as_str()
            )
        );
    }
    assert_eq!(
        std::fs::read_dir(temp.path().join("out")).unwrap().count(),
        0
    );
}

#[test]
fn dash_cannot_be_watched() {
    let temp = repository();
    let (run, _) = compile_bounded(temp.path(), &["--watch", "-o", "-"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: --watch cannot write to standard output (each compile would add a document to it)\n\
             hint: name a file with -o\n"
        )
    );
}

/// The names of the temporary files `review` left in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".review-") && n.ends_with(".tmp"))
        .collect();
    names.sort();
    names
}

/// Starts `review compile -o OUT/r.md`, paused right after its temporary file is made (the
/// test-only `REVIEW_TEST_PAUSE_AFTER_TEMP`), and returns once that file is there.
fn paused_compile(dir: &Path, out: &str) -> std::process::Child {
    std::fs::create_dir_all(dir.join(out)).unwrap();
    let child = review_command(dir)
        .args(["compile", "-o", &format!("{out}/r.md")])
        .env("REVIEW_TEST_PAUSE_AFTER_TEMP", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while temporaries(&dir.join(out)).is_empty() {
        assert!(Instant::now() < deadline, "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

/// Waits (at most half a minute) for `child` to end.
fn bounded_wait(child: &mut std::process::Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the compile did not stop");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[cfg(unix)]
#[test]
#[allow(unsafe_code)]
fn sigint_and_sigterm_leave_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        let temp = repository();
        let mut child = paused_compile(temp.path(), "out");
        // SAFETY: sends a signal to the child this test started and has not yet waited for.
        assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
        let status = bounded_wait(&mut child);
        assert_eq!(
            status.signal(),
            Some(signal),
            "stopped by the signal it got"
        );
        assert_eq!(temporaries(&temp.path().join("out")), Vec::<String>::new());
        assert!(!temp.path().join("out/r.md").exists());
    }
}

#[test]
fn a_killed_compiles_temporary_file_is_swept_by_the_next_write() {
    let temp = repository();
    let mut child = paused_compile(temp.path(), "out");
    child.kill().unwrap();
    bounded_wait(&mut child);
    assert_eq!(temporaries(&temp.path().join("out")).len(), 1);
    // Another process's temporary file, still being written, is left alone.
    let mut alive = paused_compile(temp.path(), "busy");
    let theirs = temporaries(&temp.path().join("busy"));
    let stray = temp.path().join("busy").join(&theirs[0]);
    std::fs::rename(&stray, temp.path().join("out").join(&theirs[0])).unwrap();
    let (run, _) = compile_bounded(temp.path(), &["-o", "out/r.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(temporaries(&temp.path().join("out")), theirs);
    alive.kill().unwrap();
    bounded_wait(&mut alive);
}

/// `-o` (and `--emit-data`) never lands on an input of the compile: a record (directly, by a
/// record's name, or through a link), a file in a git directory, or the template. Before,
/// `compile -o records/review.json --format md` replaced the review with its own Markdown, and
/// `-o .git/config` git's configuration.
#[cfg(unix)]
#[test]
fn the_output_is_never_written_over_an_input() {
    let (_temp, dir) = crate::support::init_example();
    std::os::unix::fs::symlink("records/talks.json", dir.join("talks.md")).unwrap();
    write(&dir, "templates/annual.typ", "= Review\n");
    let before: Vec<(&str, Vec<u8>)> = [
        "records/review.json",
        ".git/config",
        "records/talks.json",
        "templates/annual.typ",
    ]
    .into_iter()
    .map(|file| (file, std::fs::read(dir.join(file)).unwrap()))
    .collect();
    let hint =
        "hint: name a file outside the records, the template and .git, e.g. `-o review.pdf`\n";
    for (args, said) in [
        (
            &["compile", "-o", "records/review.json", "--format", "md"][..],
            "records/review.json (it is a file of the records)",
        ),
        (
            &[
                "compile",
                "-o",
                "records/projects/new.json",
                "--format",
                "md",
            ],
            "records/projects/new.json (it is a file of the records)",
        ),
        (
            &["compile", "-o", ".git/config", "--format", "txt"],
            ".git/config (it is inside a git directory)",
        ),
        (
            &["compile", "-o", "talks.md"],
            "talks.md (a link leads it to a file of the records)",
        ),
        (
            &[
                "compile",
                "--emit-data",
                "records/review.json",
                "-o",
                "out.md",
            ],
            "records/review.json (it is a file of the records)",
        ),
        (
            &["compile", "-o", "templates/annual.typ", "--format", "txt"],
            "templates/annual.typ (it is a file of the template)",
        ),
        (
            &[
                "checkin",
                "Q3",
                "-o",
                "records/goals.json",
                "--format",
                "md",
            ],
            "records/goals.json (it is a file of the records)",
        ),
    ] {
        let run = review(&dir, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.ends_with(&format!(
                "error: will not write the output to {said}\n{hint}"
            )),
            "{args:?}: {}",
            run.stderr
        );
    }
    for (file, bytes) in before {
        assert_eq!(
            std::fs::read(dir.join(file)).unwrap(),
            bytes,
            "{file} changed"
        );
    }
    assert!(!dir.join("records/projects/new.json").exists());
    assert!(!dir.join("out.md").exists());
    // A new file beside the records is the user's to ask for.
    let run = review(&dir, &["compile", "-o", "records/review-2022.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
