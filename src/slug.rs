//! Readable ASCII ids from titles, Korean included.
//!
//! Hangul syllables are romanised (Revised Romanization, syllable by syllable, without the
//! sound-change rules): `검색 가능한 시스템` becomes `geomsaek-ganeunghan-siseutem`. Ids only
//! need to be stable and readable, not phonetically perfect.

const INITIALS: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const MEDIALS: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// Returns a lowercase ASCII id made of letters, digits and single dashes; `item` if nothing is left.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        let code = c as u32;
        let piece: String = if (0xAC00..=0xD7A3).contains(&code) {
            let index = (code - 0xAC00) as usize;
            format!(
                "{}{}{}",
                INITIALS[index / 588],
                MEDIALS[(index % 588) / 28],
                FINALS[index % 28]
            )
        } else if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase().to_string()
        } else {
            dash = !out.is_empty();
            continue;
        };
        if dash {
            out.push('-');
            dash = false;
        }
        out.push_str(&piece);
    }
    if out.is_empty() {
        "item".to_owned()
    } else {
        out
    }
}

/// Returns `base`, or `base-2`, `base-3`... the first that `taken` does not hold.
pub fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .expect("an unbounded range finds a free id")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanises_hangul_and_keeps_ascii() {
        assert_eq!(slug("검색 가능한 시스템"), "geomsaek-ganeunghan-siseutem");
        assert_eq!(slug("DNA+ 프로젝트"), "dna-peurojekteu");
        assert_eq!(slug("  Checkout latency!! "), "checkout-latency");
        assert_eq!(slug("???"), "item");
    }

    #[test]
    fn collisions_get_a_counter() {
        assert_eq!(unique("a", |id| id == "a" || id == "a-2"), "a-3");
        assert_eq!(unique("b", |_| false), "b");
    }
}
