//! The rules every command that writes a record follows, in one place: what an id may be,
//! which section names are taken, and which characters record text may not hold. `add`,
//! `inbox accept` and the loader all ask here, so what a command writes is what `check` accepts.

use std::fmt;

use super::inbox;

/// Names that look like sections but are not: `review.json` and `projects/` are the review's
/// own, and `inbox.json` holds drafts, never part of the record.
pub const RESERVED_SECTIONS: [&str; 3] = ["review", "projects", inbox::STEM];

/// Why a name or a text cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Not lowercase letters, digits and dashes.
    InvalidId {
        /// `id` or `section id`.
        what: &'static str,
        /// The id as given.
        id: String,
    },
    /// A name the review uses for something else.
    Reserved(String),
    /// A control character in text a terminal would obey.
    Control {
        /// The field, e.g. `text`.
        field: &'static str,
        /// The character.
        code: u32,
    },
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidId { what, id } => write!(
                f,
                "invalid {what} `{id}` (use lowercase letters, digits and dashes)"
            ),
            Self::Reserved(name) => write!(f, "`{name}` is not a section (the name is reserved)"),
            Self::Control { field, code } => {
                write!(f, "{field} cannot hold the control character U+{code:04X}")
            }
        }
    }
}

impl std::error::Error for NameError {}

/// Accepts an id of a record or an item: lowercase ASCII letters, digits and dashes.
pub fn check_id(id: &str) -> Result<(), NameError> {
    check_id_as("id", id)
}

/// Accepts the id of a section file that is not a reserved name.
pub fn check_section_id(id: &str) -> Result<(), NameError> {
    check_id_as("section id", id)?;
    if RESERVED_SECTIONS.contains(&id) {
        return Err(NameError::Reserved(id.to_owned()));
    }
    Ok(())
}

fn check_id_as(what: &'static str, id: &str) -> Result<(), NameError> {
    let valid = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(NameError::InvalidId {
            what,
            id: id.to_owned(),
        })
    }
}

/// Tells whether record text may not hold `c`: a control character other than a line break
/// or a tab, since records are read on terminals, where it would be obeyed.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Accepts text for the field `field` when it holds no forbidden control character.
pub fn check_text(field: &'static str, text: &str) -> Result<(), NameError> {
    match text.chars().find(|c| is_forbidden_control(*c)) {
        Some(c) => Err(NameError::Control {
            field,
            code: u32::from(c),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sections_and_text_follow_one_rule() {
        assert!(check_id("q3-launch").is_ok());
        assert_eq!(
            check_id("Q3").map_err(|e| e.to_string()),
            Err("invalid id `Q3` (use lowercase letters, digits and dashes)".to_owned())
        );
        assert_eq!(
            check_section_id("inbox").map_err(|e| e.to_string()),
            Err("`inbox` is not a section (the name is reserved)".to_owned())
        );
        assert!(check_text("text", "줄\n바꿈\t").is_ok());
        assert_eq!(
            check_text("text", "a\u{1b}[2J").map_err(|e| e.to_string()),
            Err("text cannot hold the control character U+001B".to_owned())
        );
    }
}
