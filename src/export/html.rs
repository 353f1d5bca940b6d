//! The HTML writer: one self-contained page to share or print.
//!
//! Inline CSS only, no script and no external request (no web fonts, no images), so the file
//! opens offline and a strict content-security policy (set in a `<meta>`) forbids anything
//! else. Semantic headings, tables with header cells, a print stylesheet, and
//! `word-break: keep-all` so Korean wraps between words, not between syllables. Every string
//! from a record is escaped: `<script>` in a title prints as text.
//!
//! Latin faces come first in the font stack and the Korean ones after: a browser takes each
//! character from the first font that has it, and Korean fonts draw `\` as `₩` (the Korean
//! code page put the won sign there). `overflow-wrap: anywhere` lets a word longer than its
//! line or table cell break where it must, instead of pushing the table off the page. Link
//! addresses are percent-encoded where an `href` cannot hold a character as it is.

use super::blocks::{Block, Document, Entry, Inline, Line};

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #141414; --accent: #1f3a5c; --muted: #696969; --rule: #969696; --hair: #dadada; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 2.5rem 1.25rem 4rem; color: var(--ink); background: #fff;
  font: 16px/1.6 "Libertinus Serif", "Noto Serif", Georgia, "Times New Roman", "DejaVu Serif", "Nanum Myeongjo", "NanumMyeongjo", "Apple SD Gothic Neo", "Malgun Gothic", serif;
  word-break: keep-all; overflow-wrap: anywhere; }
h1, h2, h3, h4, h5 { color: var(--accent); line-height: 1.3; break-after: avoid; }
h1 { font-size: 1.9rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.35rem; margin: 2.4rem 0 0.9rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--accent); }
h3 { font-size: 1.12rem; margin: 1.8rem 0 0.6rem; }
h4, h5 { font-size: 1rem; margin: 1.2rem 0 0.4rem; }
p { margin: 0.5rem 0; }
.muted { color: var(--muted); font-size: 0.9em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1.2rem; margin: 0.6rem 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1rem; font-size: 0.95em;
  border-top: 1.5px solid var(--rule); border-bottom: 1.5px solid var(--rule); }
th { text-align: left; color: var(--accent); font-size: 0.88em; border-bottom: 1px solid var(--rule); }
th, td { padding: 0.3rem 0.45rem; vertical-align: top; }
tr + tr td { border-top: 1px solid var(--hair); }
ul { padding-left: 1.3rem; margin: 0.4rem 0; }
li { margin: 0.2rem 0; }
ul.story { list-style: none; padding-left: 0; }
ul.story > li { padding-left: 1.3rem; }
ul.story .marker { display: inline-block; width: 1.3rem; margin-left: -1.3rem; font-weight: bold; }
ul.story .added .marker { color: #2f6b3a; }
ul.story .changed .marker { color: var(--muted); }
ul.story .removed .marker { color: #9b2c2c; }
a { color: var(--accent); }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-before: page; }
  h2:first-of-type { break-before: auto; }
  table, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 0.8em; color: var(--muted); }
  sup.ref a::after { content: none; }
}
"#;

/// Writes a document as one HTML page.
pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!("<html lang=\"{}\">\n<head>\n", doc.lang));
    out.push_str("<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may load: no script, no font, no image, no frame; only the inline style.
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&doc.title)));
    out.push_str(&format!(
        "<meta name=\"author\" content=\"{}\">\n",
        escape(&doc.author)
    ));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let level = (*level).clamp(1, 6);
                out.push_str(&format!("<h{level}>{}</h{level}>\n", escape(text)));
            }
            Block::Paragraph(lines) => {
                out.push_str(&format!("<p>{}</p>\n", join_lines(lines)));
            }
            Block::Facts(facts) => {
                out.push_str("<dl class=\"facts\">\n");
                for (key, value) in facts {
                    out.push_str(&format!(
                        "<dt>{}</dt><dd>{}</dd>\n",
                        escape(key),
                        line(value)
                    ));
                }
                out.push_str("</dl>\n");
            }
            Block::Table { header, rows } => {
                out.push_str("<table>\n<thead><tr>");
                for cell in header {
                    out.push_str(&format!("<th scope=\"col\">{}</th>", escape(cell)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        out.push_str(&format!("<td>{}</td>", join_lines(cell)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::List(entries) => list(entries, &mut out),
            Block::References { title, items } => {
                out.push_str(&format!("<h3>{}</h3>\n", escape(title)));
                out.push_str("<ol class=\"references\">\n");
                for (number, reference) in items {
                    out.push_str(&format!(
                        "<li id=\"ref-{number}\" value=\"{number}\">{}</li>\n",
                        line(reference)
                    ));
                }
                out.push_str("</ol>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A list. A story's list (its entries carry a tone) shows no bullet: each line's one marker is
/// its tone's sign, coloured by tone, so a reader sees `+ 검색 시스템 시작`, not `• + …`.
fn list(entries: &[Entry], out: &mut String) {
    let story = entries.iter().any(|e| e.tone.is_some());
    out.push_str(if story {
        "<ul class=\"story\">\n"
    } else {
        "<ul>\n"
    });
    for entry in entries {
        match entry.tone {
            Some(tone) => out.push_str(&format!(
                "<li class=\"{}\"><span class=\"marker\">{}</span>{}",
                tone.name(),
                tone.symbol(),
                join_lines(&entry.lines)
            )),
            // A line after the story's lines ("외 3건") lines up with their text.
            None if story => {
                out.push_str(&format!("<li class=\"more\">{}", join_lines(&entry.lines)))
            }
            None => out.push_str(&format!("<li>{}", join_lines(&entry.lines))),
        }
        if !entry.children.is_empty() {
            out.push('\n');
            list(&entry.children, out);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn join_lines(lines: &[Line]) -> String {
    lines.iter().map(line).collect::<Vec<_>>().join("<br>")
}

fn line(line: &Line) -> String {
    line.iter()
        .map(|inline| match inline {
            Inline::Text(text) => escape(text),
            Inline::Strong(text) => format!("<strong>{}</strong>", escape(text)),
            Inline::Muted(text) => format!("<span class=\"muted\">{}</span>", escape(text)),
            Inline::Emphasis(text) => format!("<em>{}</em>", escape(text)),
            Inline::Link { text, url } => {
                format!("<a href=\"{}\">{}</a>", escape(&href(url)), escape(text))
            }
            Inline::Ref(number) => {
                format!("<sup class=\"ref\"><a href=\"#ref-{number}\">{number}</a></sup>")
            }
        })
        .collect()
}

/// Percent-encodes what a URL cannot hold as it is (WHATWG URL: spaces, `"`, `<`, `>`, `\`,
/// `^`, `` ` ``, `{`, `|`, `}`, a `%` that starts no escape, and `[` `]` outside an IPv6 host),
/// so the `href` is a valid URL that means what the record wrote.
fn href(url: &str) -> String {
    // Where the host ends: brackets before it belong to an IPv6 address.
    let host_end = url.find("://").map(|at| at + 3).map(|start| {
        start
            + url[start..]
                .find(['/', '?', '#'])
                .unwrap_or(url.len() - start)
    });
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (at, c) in url.char_indices() {
        let encode = match c {
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => true,
            '[' | ']' => host_end.is_none_or(|end| at >= end),
            '%' => {
                !(bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(at + 2).is_some_and(u8::is_ascii_hexdigit))
            }
            c => c.is_control(),
        };
        if encode {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_percent_encoded_where_a_url_needs_it() {
        assert_eq!(href("https://x.test/a b\"c"), "https://x.test/a%20b%22c");
        assert_eq!(href("http://[::1]:8080/[x]"), "http://[::1]:8080/%5Bx%5D");
        assert_eq!(href("https://x.test/%41%z"), "https://x.test/%41%25z");
        assert_eq!(href("mailto:a@b.test"), "mailto:a@b.test");
        assert_eq!(href("https://x.test/한"), "https://x.test/한");
    }

    #[test]
    fn record_text_never_becomes_markup() {
        assert_eq!(
            escape("<script>alert(1)</script> & \"x\" 'y'"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
    }
}
