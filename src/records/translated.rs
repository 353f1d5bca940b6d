//! The forms a translatable field takes, below both the model and the projection that fills
//! it in (`lang`): the JSON Schema's `text` and `budget` (a plain value, or a map of language to
//! value), and what a read file's translations come to.

/// A translatable text as the JSON Schema describes it: a plain string, or a map of declared
/// language → string. The model never holds one (see the module comment); it exists for
/// `#[schemars(with = "Text")]`, so every translatable field refers to one definition.
pub struct Text;

impl schemars::JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "text".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A text: a plain string (in the review's primary language), or a map of language to string (`{\"ko\": \"…\", \"en\": \"…\"}`) that holds the primary language",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": { "ko": { "type": "string" }, "en": { "type": "string" } },
                    "additionalProperties": false,
                    "minProperties": 1
                }
            ]
        })
    }
}

/// A length budget as the JSON Schema describes it: a count for every language, or a map of
/// declared language → count (a language left out has no budget). Like [`Text`], for
/// `#[schemars(with = "Option<Budget>")]` only: the projection hands the model a number.
pub struct Budget;

impl schemars::JsonSchema for Budget {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "budget".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let count = serde_json::json!({ "type": "integer", "minimum": 0, "maximum": u32::MAX });
        schemars::json_schema!({
            "description": "A length budget: a number for every language, or a map of language to number (`{\"en\": 3000, \"ko\": 2000}`); a language left out has no budget",
            "anyOf": [
                count,
                {
                    "type": "object",
                    "properties": { "ko": count, "en": count },
                    "additionalProperties": false,
                    "minProperties": 1
                }
            ]
        })
    }
}

/// The translations a record file holds (entries of another language than the primary), as
/// much as tells two states apart: how many, and a digest of what they say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Translations {
    /// How many.
    pub count: usize,
    /// A digest of every (primary text, language, translation), in no order: a translation
    /// edited changes it, a translated item moved does not.
    pub digest: u64,
}

impl Translations {
    /// Counts one translation of `primary` into `language`.
    pub(super) fn add(&mut self, primary: &str, language: &str, translation: &str) {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        (primary, language, translation).hash(&mut hasher);
        self.count += 1;
        self.digest = self.digest.wrapping_add(hasher.finish());
    }
}
