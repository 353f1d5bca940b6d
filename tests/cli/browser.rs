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
    every_column_is_headed(&dom);
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

    // The example with its history, for the quarterly story.
    let (_example, root) = crate::support::init_example();
    compile_pinned(&root, &["-o", "story.html"]);
    let (story, _) = run_chromium(
        &browser,
        &profile,
        &root.join("story.html"),
        &["--dump-dom".to_owned()],
    );
    story_lines_have_one_marker_each(&story);
    every_column_is_headed(&story);

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

/// Issue 25, item 9: a line of the quarterly story shows one marker, its tone (`+`, `~`, `−`),
/// not a list bullet and then the tone.
fn story_lines_have_one_marker_each(dom: &str) {
    // The page's style takes the bullet off the story's list.
    assert!(
        dom.contains("ul.story { list-style: none;"),
        "the story list keeps its bullets"
    );
    let mut lines = 0;
    for list in dom.split("<ul class=\"story\">").skip(1) {
        let list = &list[..list.find("</ul>").expect("the story list ends")];
        for item in list.split("<li").skip(1) {
            let item = &item[..item.find("</li>").expect("a story line ends")];
            let body = &item[item.find('>').expect("the line opens") + 1..];
            if item.starts_with(" class=\"more\"") {
                continue;
            }
            lines += 1;
            assert_eq!(
                body.matches("class=\"marker\"").count(),
                1,
                "a story line without exactly one marker: {item}"
            );
            let text = body.split_once("</span>").map_or(body, |(_, rest)| rest);
            assert!(
                !["+", "~", "−"]
                    .iter()
                    .any(|m| text.trim_start().starts_with(m)
                        || text.trim_start().starts_with(&format!("<strong>{m}"))),
                "a story line carries a second marker: {item}"
            );
        }
    }
    assert!(lines > 0, "no story line in the page");
    // No other list writes a tone marker as the first text of a bulleted line.
    for item in dom.split("<li>").skip(1) {
        assert!(
            !["+", "~", "−"]
                .iter()
                .any(|m| item.starts_with(&format!("<strong>{m}</strong>"))),
            "a bulleted line with a tone marker: {}",
            &item[..item.len().min(80)]
        );
    }
}

/// Issue 25, item 9: every table column has a heading.
fn every_column_is_headed(dom: &str) {
    let mut headers = 0;
    for cell in dom.split("<th").skip(1).filter(|c| !c.starts_with("ead")) {
        let cell = &cell[cell.find('>').expect("the header cell opens") + 1..];
        let text = &cell[..cell.find("</th>").expect("the header cell ends")];
        headers += 1;
        assert!(!text.trim().is_empty(), "a table column has no heading");
    }
    assert!(headers > 0, "no table header in the page");
}
