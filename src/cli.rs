//! Flag groups shared by several commands. The top-level parser and the `Command` enum live in
//! `commands`, beside the commands they dispatch to. clap lives here and in `commands` only:
//! a flag group turns into the library's own plain type (`ViewArgs` into `story::tell::View`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and `NO_COLOR` is unset
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// A clap parser for a library enum whose values are named here, with a help line each: the
/// library's types stay free of clap, and `--help` still lists every value.
pub fn named<T: Copy + Send + Sync + 'static>(
    values: &'static [(T, &'static str, &'static str)],
) -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(
        values
            .iter()
            .map(|(_, name, help)| PossibleValue::new(*name).help(*help)),
    )
    .try_map(move |name: String| {
        values
            .iter()
            .find(|(_, known, _)| *known == name)
            .map(|(value, _, _)| *value)
            .ok_or_else(|| format!("unknown value `{name}`"))
    })
}

/// The `--all` and `--paths` flags of `diff` and `log`: how a change set is told.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct ViewArgs {
    /// Also show edits of the document's settings (outline, KPI definitions, titles)
    #[arg(long)]
    pub all: bool,
    /// Name records and fields by their exact JSON paths
    #[arg(long)]
    pub paths: bool,
}

impl ViewArgs {
    /// Returns the view these flags ask for.
    pub fn view(self) -> crate::story::tell::View {
        crate::story::tell::View {
            all: self.all,
            paths: self.paths,
        }
    }
}

/// The `--records` flag, global: every command that reads records takes it.
#[derive(Debug, Clone, Args)]
pub struct RecordsArg {
    /// The records directory [default: the nearest records/ here or above]
    #[arg(long, value_name = "DIR", global = true)]
    pub records: Option<PathBuf>,
}

/// The `--lang` flag: which of the review's languages the records are told in.
#[derive(Debug, Clone, Default, Args)]
pub struct LangArgs {
    /// Tell every text in this language, one of review.json's `languages` (a text without it
    /// falls back to the primary language) [default: the primary language]
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
}
