//! How `review` reads and writes JSON text, in one place: every file it writes is pretty-printed
//! with a trailing newline (so a later `add` or `schema --write` makes a clean one-line diff), and
//! every file it reads may start with a byte-order mark, which some Windows editors add.

use serde::Serialize;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// Returns `bytes` without a leading UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// Returns `value` as pretty-printed JSON with a trailing newline.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    // serde_json fails only on a map whose keys are not strings, or on a `Serialize` impl that
    // reports an error; the records model, schemas and outputs have neither.
    let mut text = serde_json::to_string_pretty(value).expect("string-keyed values serialize");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_a_leading_bom() {
        assert_eq!(strip_bom("\u{feff}{}".as_bytes()), b"{}");
        assert_eq!(strip_bom(b"{}"), b"{}");
        assert_eq!(
            strip_bom("{\"a\": \"\u{feff}\"}".as_bytes()),
            "{\"a\": \"\u{feff}\"}".as_bytes()
        );
    }

    #[test]
    fn pretty_ends_with_one_newline() {
        assert_eq!(
            pretty(&serde_json::json!({"a": [1]})),
            "{\n  \"a\": [\n    1\n  ]\n}\n"
        );
    }
}
