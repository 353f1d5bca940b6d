//! The HTML output in a real browser: headless Chromium loads the page, reports no console
//! error and no blocked request, shows the text, and takes a screenshot.
//!
//! Chromium comes from Debian's packages (`.ci/run` installs it). Without it the test prints a
//! notice and passes, except under CI (`CI` set), where a missing browser is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{compile_pinned, write};

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|path| path.is_file())
            })
        })
}

/// Runs headless Chromium on `page` with `extra` flags; returns stdout and stderr.
fn run_chromium(browser: &Path, profile: &Path, page: &Path, extra: &[String]) -> (String, String) {
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .env("HOME", profile)
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_html_review_loads_cleanly_in_headless_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but chromium is not installed (.ci/run installs it)"
        );
        println!("notice: chromium is not installed; the HTML browser test is skipped");
        return;
    };
    let temp = tempfile::tempdir().unwrap();
    crate::support::copy_bundled(temp.path());
    // A hostile title, which must print as text and run nothing.
    write(
        temp.path(),
        "records/notes.json",
        r#"{"title": "<script>console.error('ran')</script>", "items": ["<img src=x onerror=alert(1)> 메모"]}"#,
    );
    compile_pinned(temp.path(), &["-o", "review.html"]);
    let page = temp.path().join("review.html");
    let profile = temp.path().join("profile");

    let (dom, log) = run_chromium(&browser, &profile, &page, &["--dump-dom".to_owned()]);
    for text in [
        "Performance - 2022",
        "AI 데모 웹사이트 개편",
        "Message Queue 기반 AI 분석 시스템 설계",
        "&lt;script&gt;console.error('ran')&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt; 메모",
    ] {
        assert!(dom.contains(text), "`{text}` is not in the page");
    }
    assert!(!dom.contains("<script"), "the page holds a script");
    // Console messages and blocked requests are logged as `CONSOLE` / `Refused to` lines.
    let problems: Vec<&str> = log
        .lines()
        .filter(|l| {
            l.contains("CONSOLE")
                || l.contains("Refused to")
                || l.contains("Uncaught")
                || l.contains("net::ERR")
        })
        .collect();
    assert!(problems.is_empty(), "console problems: {problems:#?}");

    let shot = std::env::var_os("REVIEW_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| temp.path().join("review.png"));
    run_chromium(
        &browser,
        &profile,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1000,1800".to_owned(),
            "--hide-scrollbars".to_owned(),
        ],
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "no screenshot");
    assert!(png.len() > 20_000, "the screenshot looks empty");
}
