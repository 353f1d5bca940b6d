//! The year's story in the PDF: the evolution chapter tells achievements, not JSON paths.

use crate::support::pdf::PdfDocument;
use crate::support::review;

/// Returns whether `text` holds a JSON path such as `lists[system-optimization]` or
/// `metrics[demos].value`: a lowercase name directly followed by `[id]`.
fn has_json_path(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).enumerate().any(|(at, pair)| {
        pair[0].is_ascii_lowercase()
            && pair[1] == '['
            && chars[at + 2..]
                .iter()
                .take_while(|c| **c != ']')
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
            && chars[at + 2..].contains(&']')
    })
}

#[test]
fn json_paths_are_recognised() {
    assert!(has_json_path("lists[system-optimization].items"));
    assert!(has_json_path("metrics[demos].value 1 → 3"));
    assert!(!has_json_path("DNA+ · 시연 횟수 1 → 3회 (+2)"));
    assert!(!has_json_path("MSA(Microservices Architecture) [beta]"));
}

#[test]
fn the_example_evolution_chapter_reads_as_achievements() {
    let temp = tempfile::tempdir().unwrap();
    let run = review(temp.path(), &["init", "--example", "demo"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let dir = temp.path().join("demo");
    let run = review(&dir, &["compile", "-o", "out.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = PdfDocument::open(&dir.join("out.pdf")).pages();
    // The chapter runs from its heading (not the contents on page 1) to the projects chapter.
    let start = pages
        .iter()
        .skip(1)
        .position(|p| p.contains("분기별 변화"))
        .map(|at| at + 1)
        .expect("an evolution chapter");
    let end = pages[start..]
        .iter()
        .position(|p| p.contains("Technical Performance Achievements"))
        .map_or(pages.len(), |at| start + at);
    let chapter = pages[start..end].join("\n");
    let folded = chapter.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "3개 프로젝트: 데모사이트, DNA+, 수자원공사",
        "검색 가능한 시스템 시작",
        "데모사이트 → 데모 사이트 리뉴얼 (이름 변경)",
        "DNA+ · 시연 횟수 1 → 3회 (+2)",
    ] {
        assert!(folded.contains(line), "{line} missing from:\n{chapter}");
    }
    assert!(!chapter.contains("{\""), "{chapter}");
    assert!(!has_json_path(&chapter), "{chapter}");
    assert!(!chapter.contains("period.end"), "{chapter}");
    // Configuration edits are not achievements.
    assert!(
        !chapter.contains("outline") && !chapter.contains("설정"),
        "{chapter}"
    );
}
