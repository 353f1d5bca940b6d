//! `review checkin`: the quarter's check-in document, from the same history and through the
//! same pipeline as `compile` (World, fonts, sandbox, reproducible output), with its own
//! template.

use std::path::PathBuf;

use clap::Args;

use super::Context;
use super::compile::{CompileArgs, announce_template, resolve, template_named};
use crate::compile::{Changes, CheckinTarget, Format, Session};
use crate::error::{Error, Result, Status};
use crate::period::PeriodName;
use crate::render::TemplateSource;

/// Write the check-in of a quarter: what moved, where the goals are, what comes next
///
/// By default the last quarter of the review year that has ended, read from the records as
/// they stood at its end; `--at now` writes the current quarter's from the working tree. One to
/// two pages: the quarter's achievements, each goal's progress and its change since the
/// previous quarter, the metrics that moved, the next quarter's plans and support needs (items
/// of `plans` and `support` sections dated in it), and the evidence the quarter added. The
/// template is `--template`, else `templates/checkin.typ` beside the records, else the built-in
/// one. The same records and revision always give the same bytes.
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The quarter: Q1..Q4 of the review year, or 2022Q3 [default: the last quarter that has ended]
    #[arg(value_name = "QUARTER")]
    pub quarter: Option<String>,
    /// `now`: the current quarter, from the working tree
    #[arg(long, value_name = "now", conflicts_with = "quarter")]
    pub at: Option<String>,
    /// Where to write, `-` for standard output [default: checkin-<quarter>.<format>]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format [default: from the extension of --output, else pdf]
    #[arg(long, value_parser = crate::cli::named(super::compile::FORMATS))]
    pub format: Option<Format>,
    /// Leave out every project, section, item and metric marked `"private": true`
    #[arg(long)]
    pub redact: bool,
    /// Use this template instead of templates/checkin.typ [default: the built-in template]
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Wrap plain text (`--format txt`) to this many columns; Hangul counts two
    #[arg(long, default_value_t = 80, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: u16,
    /// Also write the JSON document the template reads
    #[arg(long, value_name = "FILE")]
    pub emit_data: Option<PathBuf>,
    /// Add fonts from this directory (repeatable)
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
    #[command(flatten)]
    pub lang: crate::cli::LangArgs,
}

/// Runs `review checkin`.
pub fn run(args: &CheckinArgs, ctx: &mut Context) -> Result {
    ctx.use_language(args.lang.lang.as_deref())?;
    let workspace = ctx.workspace()?.clone();
    let (_, loaded) = workspace.load(ctx.projection()?)?;
    let review = loaded
        .records
        .review
        .as_ref()
        .ok_or_else(|| Error::data(format!("{} has no review.json", workspace.display)))?;
    let calendar = review.calendar();
    let now = crate::period::now().map_err(Error::usage)?;
    let year = i16::try_from(review.year).unwrap_or(0);
    let (quarter, at, moment) = match (&args.quarter, args.at.as_deref()) {
        (_, Some(at)) if !at.eq_ignore_ascii_case("now") => {
            return Err(Error::usage(format!("--at takes `now`, found `{at}`"))
                .hint("name a quarter without --at: `review checkin Q3`"));
        }
        (_, Some(_)) => {
            let (quarter, _) = calendar.current_quarter(now).ok_or_else(|| {
                Error::usage(format!("today is outside the review year {}", review.year))
                    .hint("name a quarter of the year: `review checkin Q4`")
            })?;
            (quarter, None, now)
        }
        (Some(text), None) => {
            let quarter = match PeriodName::parse(text, review.year) {
                Some(Ok(q @ PeriodName::Quarter(..))) => q,
                Some(Err(message)) => return Err(Error::usage(message)),
                _ => {
                    return Err(Error::usage(format!(
                        "`{text}` is not a quarter (expected Q1..Q4 or 2022Q3)"
                    )));
                }
            };
            (
                quarter,
                Some(quarter.to_string()),
                calendar.end_of(quarter).0,
            )
        }
        (None, None) => {
            let quarter = (1..=4)
                .map(|q| PeriodName::Quarter(year, q))
                .rfind(|&q| calendar.end_of(q).0 <= now)
                .ok_or_else(|| {
                    Error::usage(format!("no quarter of {} has ended yet", review.year))
                        .hint("`review checkin --at now` writes the current quarter's")
                })?;
            (
                quarter,
                Some(quarter.to_string()),
                calendar.end_of(quarter).0,
            )
        }
    };
    let compile = CompileArgs {
        output: args.output.clone(),
        at,
        template: args.template.clone(),
        format: args.format,
        redact: args.redact,
        width: args.width,
        pdf_standard: None,
        emit_data: args.emit_data.clone(),
        font_path: args.font_path.clone(),
        system_fonts: false,
        ppi: 2.0,
        watch: false,
        lang: args.lang.clone(),
    };
    let mut config = resolve(&compile, workspace.clone(), ctx.projection()?.clone())?;
    config.template = template_named(
        args.template.as_deref(),
        &workspace.dir,
        "checkin.typ",
        TemplateSource::EmbeddedCheckin,
    )?;
    announce_template(args.template.as_deref(), &config.template);
    config.checkin = Some(CheckinTarget { quarter, moment });
    Session::new(config).compile(&Changes::All)?;
    Ok(Status::Success)
}
