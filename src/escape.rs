//! Escaping record text for the formats that read it as markup, one escaper per format, so
//! every writer of that format (the exports, the Markdown form of `diff`) escapes alike.
//! Terminal text has its own sanitiser, in `term`; Typst never sees record text as source
//! (the template reads it as data).

/// Escapes record text so that it prints literally, on one line; `starts_block` when the text
/// begins a line, where `- x` or `1. x` would open a list.
pub fn markdown(text: &str, starts_block: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '$' => {
                out.push('\\');
                out.push(c);
            }
            // `&amp;` would become `&`; a lone `&` in `R&D` is left alone.
            '&' if is_entity(&chars[i + 1..]) => {
                out.push_str("\\&");
            }
            // The end of a scheme (`https://`), an address's `@`, a domain's dot: what
            // autolinking looks for, written so that it no longer finds them.
            ':' if chars.get(i + 1) == Some(&'/') => out.push_str("&#58;"),
            '@' => out.push_str("\\@"),
            '.' if joins_a_domain(&chars, i) => out.push_str("\\."),
            // A line break in a record would end a table row or a list entry.
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    if !starts_block {
        return out;
    }
    // Four blanks (or a tab) at the start of a line open a code block.
    let mut out = out.trim_start_matches([' ', '\t']).to_owned();
    // What starts a line can start a block: `- x`, `+ x`, `= x`, `1. x`, `1) x`.
    if let Some(first) = out.chars().next()
        && matches!(first, '-' | '+' | '=')
    {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(out[digits..].chars().next(), Some('.' | ')')) {
        out.insert(digits, '\\');
    }
    out
}

/// Tells whether the `.` at `i` joins a word to two letters or more (`evil.example`,
/// `www.x`), as a domain's dots do; `e.g.`, `v1.2` and a sentence's full stop are left alone.
fn joins_a_domain(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).and_then(|b| chars.get(b));
    let letters = chars[i + 1..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    before.is_some_and(|c| c.is_ascii_alphanumeric()) && letters >= 2
}

/// Tells whether text after a `&` reads as an entity (`amp;`, `#38;`), which would be decoded.
fn is_entity(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name > 0 && rest.get(name) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape_start(text: &str) -> String {
        markdown(text, true)
    }

    #[test]
    fn markup_in_records_is_escaped() {
        assert_eq!(escape_start("*bold* _x_"), r"\*bold\* \_x\_");
        assert_eq!(escape_start("[a](b)"), r"\[a\](b)");
        assert_eq!(escape_start("<b>x</b>"), r"\<b\>x\</b\>");
        assert_eq!(escape_start("a | b"), r"a \| b");
        assert_eq!(escape_start("# not a heading"), r"\# not a heading");
        assert_eq!(escape_start("- not a list"), r"\- not a list");
        assert_eq!(escape_start("2022. not a list"), r"2022\. not a list");
        assert_eq!(escape_start("&amp; R&D"), r"\&amp; R&D");
        assert_eq!(escape_start("line\nbreak"), "line break");
        assert_eq!(escape_start("시스템 설계 3배"), "시스템 설계 3배");
        assert_eq!(
            escape_start("https://x.example a@b"),
            r"https&#58;//x\.example a\@b"
        );
        assert_eq!(escape_start("e.g. v1.2 at 10:30."), "e.g. v1.2 at 10:30.");
        assert_eq!(escape_start("    code"), "code");
    }
}
