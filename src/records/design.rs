//! `design` in review.json: the look of the PDF, set in the data (theme, paper, colour, fonts,
//! size, margins, chapter breaks, which blocks show, a page budget), and the themes' defaults.
//!
//! Owns the options and what each theme means by default; [`Design::resolve`] merges what the
//! file sets over its theme, so the template always receives every option spelled out (the
//! report's `design`). Validation that needs no font book (colours, papers, lengths) is here,
//! for `check`; font families are known only to the renderer, and are checked where it is.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::diagnostic::Diagnostic;
use super::locate::{Step, locate};
use crate::snapshot::{Entry, Snapshot};

/// A problem of one option: the path of its field in review.json, the message, the hint.
pub type Problem = (Vec<Step>, String, String);

/// The papers a review may be printed on (Typst's names).
pub const PAPERS: &[&str] = &[
    "a4",
    "a5",
    "a3",
    "us-letter",
    "us-legal",
    "us-executive",
    "iso-b5",
    "jis-b5",
];

/// The units a margin may be written in.
pub const UNITS: &[&str] = &["mm", "cm", "in", "pt"];

/// A built-in look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// The formal document: a cover with the contents, every chapter on a new page, the
    /// quarterly story with its timeline and metric trajectories.
    #[default]
    Formal,
    /// A short document for HR systems that cap pages: a header line instead of a cover,
    /// summary KPIs, condensed projects, no story; declares a page budget (`max_pages`).
    Compact,
}

/// The page margins, each a length with its unit (`"2.3cm"`, `"20mm"`, `"0.75in"`, `"54pt"`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// Left and right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(LENGTH_PATTERN))]
    pub x: Option<String>,
    /// Top (the running header sits in it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(LENGTH_PATTERN))]
    pub top: Option<String>,
    /// Bottom (the footer sits in it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(LENGTH_PATTERN))]
    pub bottom: Option<String>,
}

/// Which blocks of the document show; each defaults to what the theme shows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Blocks {
    /// The cover: title block and revision (the compact theme has a header line instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<bool>,
    /// The table of contents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contents: Option<bool>,
    /// The projects per period, on the summary page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview: Option<bool>,
    /// The project timeline, on the summary page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<bool>,
    /// The quarterly story (what each quarter achieved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<bool>,
    /// The table of metric trajectories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trajectories: Option<bool>,
    /// The goals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<bool>,
    /// The evidence under claims: links of projects and items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<bool>,
}

/// `design` in review.json: how the PDF looks. Every field is optional; what is not set comes
/// from the theme.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Design {
    /// The built-in look the other options start from: `formal` (the default) or `compact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    /// The paper: `a4`, `a5`, `a3`, `us-letter`, `us-legal`, `us-executive`, `iso-b5`, `jis-b5`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    // `null` too: the field is optional, and `"paper": null` loads as no paper (the theme's).
    #[schemars(extend("enum" = ["a4", "a5", "a3", "us-letter", "us-legal", "us-executive", "iso-b5", "jis-b5", null]))]
    pub paper: Option<String>,
    /// The colour of headings, rules and bars, as `#rrggbb` (or `#rgb`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(COLOR_PATTERN))]
    pub accent: Option<String>,
    /// The body text's font family (embedded: Libertinus Serif, New Computer Modern,
    /// DejaVu Sans Mono, NanumMyeongjo; or one from `--font-path`). Hangul falls back to
    /// NanumMyeongjo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_font: Option<String>,
    /// The headings' font family; the body font when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading_font: Option<String>,
    /// The body text's size in points (6 to 16); headings scale with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 6, max = 16))]
    pub size: Option<f64>,
    /// The page margins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margins: Option<Margins>,
    /// Whether each chapter starts on a new page (the formal theme's, when the page it leaves
    /// is at least half full).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter_breaks: Option<bool>,
    /// Which blocks show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Blocks>,
    /// A page budget: `check` and `compile` warn when the PDF has more pages. The compact
    /// theme declares one (3); `0` lifts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pages: Option<u32>,
    /// How a claim's evidence is printed: `endnotes` (the default: a numbered mark per claim
    /// and an Evidence chapter at the end), `footnotes` (each reference at the foot of its
    /// page) or `off`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub references: Option<ReferenceStyle>,
}

/// How evidence is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReferenceStyle {
    /// A numbered mark per claim, the references in an Evidence chapter at the end.
    #[default]
    Endnotes,
    /// A numbered mark per claim, each reference at the foot of its page (the PDF; the other
    /// formats list them at the end, as they have no pages).
    Footnotes,
    /// No marks and no references.
    Off,
}

/// An ECMA-262 pattern of a colour: `#rgb` or `#rrggbb`.
pub const COLOR_PATTERN: &str = "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$";

/// An ECMA-262 pattern of a length: a number and a unit.
pub const LENGTH_PATTERN: &str = "^[0-9]+(\\.[0-9]+)?(mm|cm|in|pt)$";

/// A length as written: the number and its unit, which the template multiplies (`2.3 * 1cm`),
/// so the length is exactly what Typst makes of `2.3cm`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Length {
    /// The number.
    pub value: f64,
    /// `mm`, `cm`, `in` or `pt`.
    pub unit: &'static str,
}

impl Length {
    /// Parses `2.3cm`; `None` when it is not a non-negative number and a known unit.
    pub fn parse(text: &str) -> Option<Self> {
        let unit = UNITS.iter().find(|u| text.ends_with(*u))?;
        let number = &text[..text.len() - unit.len()];
        let digits_ok = !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit() || c == '.')
            && number.starts_with(|c: char| c.is_ascii_digit())
            && !number.ends_with('.');
        let value: f64 = number.parse().ok().filter(|_| digits_ok)?;
        Some(Self { value, unit })
    }

    const fn cm(value: f64) -> Self {
        Self { value, unit: "cm" }
    }
}

/// The margins, every side spelled out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ResolvedMargins {
    /// Left and right.
    pub x: Length,
    /// Top.
    pub top: Length,
    /// Bottom.
    pub bottom: Length,
}

/// Which blocks show, every one spelled out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ResolvedBlocks {
    /// The cover.
    pub cover: bool,
    /// The table of contents.
    pub contents: bool,
    /// The overview.
    pub overview: bool,
    /// The timeline.
    pub timeline: bool,
    /// The quarterly story.
    pub story: bool,
    /// The metric trajectories.
    pub trajectories: bool,
    /// The goals.
    pub goals: bool,
    /// Links under projects and items.
    pub evidence: bool,
}

/// The design the template receives: the theme's defaults with the file's settings over them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedDesign {
    /// `formal` or `compact`.
    pub theme: Theme,
    /// Typst's paper name.
    pub paper: String,
    /// `#rrggbb`.
    pub accent: String,
    /// The body fonts, in fallback order (the chosen family, then NanumMyeongjo for Hangul).
    pub body_font: Vec<String>,
    /// The heading fonts, in fallback order.
    pub heading_font: Vec<String>,
    /// The body size in points.
    pub size: f64,
    /// The page margins.
    pub margins: ResolvedMargins,
    /// Each chapter on a new page.
    pub chapter_breaks: bool,
    /// Which blocks show.
    pub blocks: ResolvedBlocks,
    /// The page budget; `None` for none.
    pub max_pages: Option<u32>,
    /// `endnotes`, `footnotes` or `off`: how evidence is printed.
    pub references: ReferenceStyle,
}

/// The body font of both themes.
pub const BODY_FONT: &str = "Libertinus Serif";

/// The font Hangul falls back to.
pub const HANGUL_FONT: &str = "NanumMyeongjo";

/// The compact theme's page budget.
pub const COMPACT_MAX_PAGES: u32 = 3;

impl Theme {
    /// Returns the theme's own design, every option at its default.
    pub fn defaults(self) -> ResolvedDesign {
        let fonts = vec![BODY_FONT.to_owned(), HANGUL_FONT.to_owned()];
        let formal = ResolvedDesign {
            theme: self,
            paper: "a4".to_owned(),
            accent: "#1f3a5c".to_owned(),
            body_font: fonts.clone(),
            heading_font: fonts,
            size: 10.5,
            margins: ResolvedMargins {
                x: Length::cm(2.3),
                top: Length::cm(2.5),
                bottom: Length::cm(2.6),
            },
            chapter_breaks: true,
            blocks: ResolvedBlocks {
                cover: true,
                contents: true,
                overview: true,
                timeline: true,
                story: true,
                trajectories: true,
                goals: true,
                evidence: true,
            },
            max_pages: None,
            references: ReferenceStyle::Endnotes,
        };
        match self {
            Self::Formal => formal,
            Self::Compact => ResolvedDesign {
                size: 9.5,
                margins: ResolvedMargins {
                    x: Length::cm(1.8),
                    top: Length::cm(1.7),
                    bottom: Length::cm(1.8),
                },
                chapter_breaks: false,
                blocks: ResolvedBlocks {
                    cover: false,
                    contents: false,
                    overview: false,
                    timeline: false,
                    story: false,
                    trajectories: false,
                    goals: true,
                    evidence: false,
                },
                max_pages: Some(COMPACT_MAX_PAGES),
                ..formal
            },
        }
    }
}

impl Design {
    /// Returns the design with every option spelled out. Values `check` refuses (a bad colour,
    /// paper or length) fall back to the theme's, so a template never sees them.
    pub fn resolve(design: Option<&Design>) -> ResolvedDesign {
        let Some(design) = design else {
            return Theme::Formal.defaults();
        };
        let mut out = design.theme.unwrap_or_default().defaults();
        if let Some(paper) = design
            .paper
            .as_ref()
            .filter(|p| PAPERS.contains(&p.as_str()))
        {
            paper.clone_into(&mut out.paper);
        }
        if let Some(accent) = design.accent.as_deref().and_then(normal_color) {
            out.accent = accent;
        }
        if let Some(font) = &design.body_font {
            out.body_font = with_hangul(font);
            if design.heading_font.is_none() {
                out.heading_font = out.body_font.clone();
            }
        }
        if let Some(font) = &design.heading_font {
            out.heading_font = with_hangul(font);
        }
        if let Some(size) = design.size.filter(|s| SIZES.contains(s)) {
            out.size = size;
        }
        if let Some(margins) = &design.margins {
            let side = |given: &Option<String>, default| {
                given.as_deref().and_then(Length::parse).unwrap_or(default)
            };
            out.margins = ResolvedMargins {
                x: side(&margins.x, out.margins.x),
                top: side(&margins.top, out.margins.top),
                bottom: side(&margins.bottom, out.margins.bottom),
            };
        }
        if let Some(breaks) = design.chapter_breaks {
            out.chapter_breaks = breaks;
        }
        if let Some(blocks) = &design.blocks {
            let b = &mut out.blocks;
            for (given, field) in [
                (blocks.cover, &mut b.cover),
                (blocks.contents, &mut b.contents),
                (blocks.overview, &mut b.overview),
                (blocks.timeline, &mut b.timeline),
                (blocks.story, &mut b.story),
                (blocks.trajectories, &mut b.trajectories),
                (blocks.goals, &mut b.goals),
                (blocks.evidence, &mut b.evidence),
            ] {
                if let Some(given) = given {
                    *field = given;
                }
            }
        }
        if let Some(max) = design.max_pages {
            out.max_pages = (max > 0).then_some(max);
        }
        if let Some(style) = design.references {
            out.references = style;
        }
        out
    }

    /// Returns every problem of the options that needs no font book: each with the path of
    /// its field under `design`, the message and the hint naming what is accepted.
    pub fn problems(&self) -> Vec<Problem> {
        let mut found = Vec::new();
        let at = |field: &str| vec![Step::Key("design".to_owned()), Step::Key(field.to_owned())];
        if let Some(accent) = &self.accent
            && normal_color(accent).is_none()
        {
            found.push((
                at("accent"),
                format!("`{}` is not a colour", shown(accent)),
                "write a colour as `#rrggbb` (or `#rgb`), e.g. `#1f3a5c`".to_owned(),
            ));
        }
        if let Some(paper) = &self.paper
            && !PAPERS.contains(&paper.as_str())
        {
            found.push((
                at("paper"),
                format!("unknown paper `{}`", shown(paper)),
                format!("accepted papers: {}", PAPERS.join(", ")),
            ));
        }
        if let Some(size) = self.size
            && !SIZES.contains(&size)
        {
            found.push((
                at("size"),
                format!("size {size} is out of range"),
                "the body size is in points, from 6 to 16 (the formal theme uses 10.5)".to_owned(),
            ));
        }
        if let Some(margins) = &self.margins {
            for (side, given) in [
                ("x", &margins.x),
                ("top", &margins.top),
                ("bottom", &margins.bottom),
            ] {
                if let Some(given) = given
                    && Length::parse(given).is_none()
                {
                    let mut path = at("margins");
                    path.push(Step::Key(side.to_owned()));
                    found.push((
                        path,
                        format!("`{}` is not a length", shown(given)),
                        format!(
                            "write a number and a unit ({}), e.g. `2.3cm` or `0.75in`",
                            UNITS.join(", ")
                        ),
                    ));
                }
            }
        }
        found
    }
}

impl Design {
    /// Returns a problem for each font family named that `families` (what the renderer has)
    /// does not hold; families compare without case, as Typst matches them.
    pub fn font_problems(&self, families: &[String]) -> Vec<Problem> {
        let mut found = Vec::new();
        for (field, given) in [
            ("body_font", &self.body_font),
            ("heading_font", &self.heading_font),
        ] {
            let Some(given) = given else { continue };
            if families.iter().any(|f| f.eq_ignore_ascii_case(given)) {
                continue;
            }
            let mut known: Vec<&str> = families.iter().map(String::as_str).collect();
            known.sort_unstable();
            found.push((
                vec![Step::Key("design".to_owned()), Step::Key(field.to_owned())],
                format!("no font family `{}`", shown(given)),
                format!(
                    "the fonts at hand: {} (more with `--font-path DIR`)",
                    known.join(", ")
                ),
            ));
        }
        found
    }
}

/// Returns the warning for a document of `pages` pages over the page budget of review.json's
/// `design` (none: the formal theme's), located at `design.max_pages` (or at `design.theme`,
/// when the budget is the theme's own).
pub fn page_budget(
    design: Option<&Design>,
    pages: usize,
    snapshot: &Snapshot,
) -> Option<Diagnostic> {
    let max = Design::resolve(design).max_pages?;
    if pages <= max as usize {
        return None;
    }
    let declared = design.and_then(|d| d.max_pages).is_some();
    let field = if declared { "max_pages" } else { "theme" };
    let problem = (
        vec![Step::Key("design".to_owned()), Step::Key(field.to_owned())],
        format!("the PDF has {pages} pages, over the budget of {max} (design.max_pages)"),
        "shorten the records, hide blocks with `design.blocks`, or raise `max_pages` (0 lifts it)"
            .to_owned(),
    );
    diagnostics(vec![problem], snapshot, false).pop()
}

/// Locates problems of `design` in review.json, as diagnostics of one severity.
pub fn diagnostics(problems: Vec<Problem>, snapshot: &Snapshot, error: bool) -> Vec<Diagnostic> {
    let relative = "review.json";
    let bytes = match snapshot.entries.get(relative) {
        Some(Entry::File(bytes)) => Some(bytes.as_slice()),
        _ => None,
    };
    problems
        .into_iter()
        .map(|(path, message, hint)| {
            let position = bytes.map(|b| locate(crate::json::strip_bom(b), &path));
            let file = snapshot.display_path(relative);
            let diagnostic = if error {
                Diagnostic::error(file, position, message)
            } else {
                Diagnostic::warning(file, position, message)
            };
            diagnostic.with_hint(hint)
        })
        .collect()
}

/// The body sizes accepted, in points.
const SIZES: std::ops::RangeInclusive<f64> = 6.0..=16.0;

/// A colour as `#rrggbb` in lowercase, from `#rgb` or `#rrggbb`; `None` when it is neither.
fn normal_color(text: &str) -> Option<String> {
    let hex = text.strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(
            hex.chars()
                .flat_map(|c| [c, c])
                .fold("#".to_owned(), |mut s, c| {
                    s.push(c.to_ascii_lowercase());
                    s
                }),
        ),
        _ => None,
    }
}

/// A family and, unless it is that one, the Hangul fallback.
fn with_hangul(font: &str) -> Vec<String> {
    let mut fonts = vec![font.to_owned()];
    if font != HANGUL_FONT {
        fonts.push(HANGUL_FONT.to_owned());
    }
    fonts
}

/// A value as quoted in a message: at most 40 characters, no control character.
fn shown(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_design_is_the_formal_theme_spelled_out() {
        assert_eq!(Design::resolve(None), Theme::Formal.defaults());
        let spelled: Design = serde_json::from_str(
            r##"{"theme": "formal", "paper": "a4", "accent": "#1F3A5C",
                "body_font": "Libertinus Serif", "size": 10.5,
                "margins": {"x": "2.3cm", "top": "2.5cm", "bottom": "2.6cm"},
                "chapter_breaks": true,
                "blocks": {"cover": true, "contents": true, "overview": true, "timeline": true,
                           "story": true, "trajectories": true, "goals": true, "evidence": true},
                "max_pages": 0}"##,
        )
        .expect("a design");
        assert!(spelled.problems().is_empty());
        assert_eq!(Design::resolve(Some(&spelled)), Theme::Formal.defaults());
    }

    #[test]
    fn colours_lengths_and_papers_are_checked() {
        assert_eq!(normal_color("#AbC").as_deref(), Some("#aabbcc"));
        for bad in ["1f3a5c", "#12345", "#ggg", "red", "#1f3a5c80"] {
            assert_eq!(normal_color(bad), None, "{bad}");
        }
        assert_eq!(Length::parse("2.3cm"), Some(Length::cm(2.3)));
        for bad in ["2.3", "cm", ".5in", "5.in", "-1mm", "1 cm", "1e3pt"] {
            assert_eq!(Length::parse(bad), None, "{bad}");
        }
        let design = Design {
            accent: Some("#12".to_owned()),
            paper: Some("letter".to_owned()),
            ..Design::default()
        };
        let problems = design.problems();
        assert_eq!(problems.len(), 2);
        // The schema's list is this list, and null (no paper: the theme's), which loads.
        let schema = schemars::schema_for!(Design);
        let listed = &schema.as_value()["properties"]["paper"]["enum"];
        let mut papers = serde_json::json!(PAPERS);
        papers.as_array_mut().unwrap().push(serde_json::Value::Null);
        assert_eq!(listed, &papers);
        let unset: Design = serde_json::from_str(r#"{"paper": null}"#).unwrap();
        assert_eq!(unset.paper, None);
        assert!(problems[1].2.contains("us-letter"), "{problems:?}");
    }
}
