//! `review check`: validate every record file and print every problem.

use clap::{Args, ValueEnum};

use super::Context;
use crate::error::{Result, Status};
use crate::{records, term};

/// Validate the records and print every problem
///
/// Checks JSON syntax, the schema (types, missing and unknown fields), duplicate ids, periods
/// that end before they start, KPIs or outline entries that point at nothing, and links that
/// are not http, https or mailto. Warns when a part is over its length budget. Exits 1 when
/// any error is found.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check the records as staged in git's index (what the next commit stores), not the
    /// working tree; does nothing when no records file is staged (the pre-commit hook)
    #[arg(long)]
    pub staged: bool,
    /// Also list every text with no translation in this language (located, with a count per
    /// file): what `compile --lang LANG` shows in the primary language instead
    #[command(flatten)]
    pub lang: crate::cli::LangArgs,
    /// List every text to translate into --lang on standard output, its primary text beside
    /// its translation (empty when there is none yet), located: for a translator to fill in
    #[arg(long, value_enum, value_name = "FORMAT", requires = "lang")]
    pub format: Option<ListingFormat>,
}

/// Forms of the translator's listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListingFormat {
    /// Two columns on a terminal, per file
    Text,
    /// One GitHub Markdown table per file
    Markdown,
    /// JSON: file, line, column, JSON path, primary text and translation (or null) per text
    Json,
}

/// Runs `review check`.
pub fn run(args: &CheckArgs, ctx: &mut Context) -> Result {
    if args.lang.lang.is_some() {
        ctx.use_language(args.lang.lang.as_deref())?;
    }
    let (snapshot, mut loaded) = if args.staged {
        let Some(snapshot) = ctx.history()?.staged_snapshot()? else {
            return Ok(Status::Success);
        };
        let loaded = records::load_checked(&snapshot, ctx.projection()?);
        (snapshot, loaded)
    } else {
        ctx.load()?
    };
    // Length budgets are measured on a review that loads cleanly.
    if let Some(review) = &loaded.records.review
        && loaded.diagnostics.iter().all(|d| !d.is_error())
    {
        let rows = crate::export::budget::measure(&loaded.records, review);
        let over = crate::export::budget::warnings(&rows, &loaded.records, &snapshot);
        loaded.diagnostics.extend(over);
        let found = design(review, &loaded.records, &snapshot, args.staged, ctx)?;
        loaded.diagnostics.extend(found);
    }
    // The listing holds every text that falls back: a warning for each would say it twice.
    match args.format {
        None => loaded
            .diagnostics
            .extend(fallbacks(&snapshot, ctx.projection()?)),
        Some(format) => listing(&snapshot, ctx, format)?,
    }
    if !args.staged {
        loaded.diagnostics.extend(stale(&snapshot, ctx)?);
    }
    loaded
        .diagnostics
        .iter()
        .for_each(records::Diagnostic::report);
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    let records = &loaded.records;
    if errors > 0 {
        let plural = if errors == 1 { "" } else { "s" };
        term::error(
            &format!("{errors} problem{plural} in {}", snapshot.origin),
            &[],
        );
        return Ok(Status::Found);
    }
    // Standard output holds the listing, when asked for: nothing else goes there.
    if args.format.is_some() {
        return Ok(Status::Success);
    }
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    ctx.out.print(&format!(
        "{}: ok ({}, {})\n",
        snapshot.origin,
        count(records.projects.len(), "project", "projects"),
        count(records.sections.len(), "section", "sections")
    ))?;
    Ok(Status::Success)
}

/// What `design` asks that only the renderer can tell: font families the tool lacks (a
/// warning here, since `compile --font-path` may bring them; compile refuses them), and a PDF
/// over the page budget. The page count is of the working tree, not of what is staged.
fn design(
    review: &records::model::Review,
    records: &records::Records,
    snapshot: &crate::snapshot::Snapshot,
    staged: bool,
    ctx: &Context,
) -> Result<Vec<records::Diagnostic>> {
    let mut found = Vec::new();
    if let Some(design) = &review.design
        && (design.body_font.is_some() || design.heading_font.is_some())
    {
        let families = crate::render::font_families(&crate::render::FontOptions::default());
        let problems = design.font_problems(&families);
        found.extend(records::design::diagnostics(problems, snapshot, false));
    }
    let budget = records::design::Design::resolve(review.design.as_deref()).max_pages;
    if budget.is_some() && !staged {
        let workspace = ctx.workspace()?;
        let template = super::compile::template_source(None, &workspace.dir)?;
        let pages =
            crate::compile::count_pages(workspace, ctx.projection()?, &template, records, review)?;
        found.extend(records::design::page_budget(
            review.design.as_deref(),
            pages,
            snapshot,
        ));
    }
    Ok(found)
}

/// Prints the translator's listing; the primary language has none (a usage error).
fn listing(
    snapshot: &crate::snapshot::Snapshot,
    ctx: &mut Context,
    format: ListingFormat,
) -> Result<()> {
    let projection = ctx.projection()?;
    let Some(listing) = records::listing::listing(snapshot, projection) else {
        let primary = projection.primary().map_or("", records::lang::code);
        return Err(crate::error::Error::usage(format!(
            "--format lists the texts to translate, and `{primary}` is the primary language"
        ))
        .hint("name another of the review's languages with --lang"));
    };
    match format {
        ListingFormat::Text => ctx.out.print(&listing.text()),
        ListingFormat::Markdown => ctx.out.print(&listing.markdown()),
        ListingFormat::Json => ctx.out.print_json(&crate::json::pretty(&listing)),
    }
}

/// The texts that fall back to the primary language in the language asked for, one warning
/// each at its place, then one line per file with its count.
fn fallbacks(
    snapshot: &crate::snapshot::Snapshot,
    projection: &records::lang::Projection,
) -> Vec<records::Diagnostic> {
    let found = records::lang::fallbacks(snapshot, projection);
    let (Some(shown), Some(primary)) = (projection.language(), projection.primary()) else {
        return Vec::new();
    };
    let (shown, primary) = (records::lang::code(shown), records::lang::code(primary));
    let mut diagnostics = Vec::new();
    let mut per_file: Vec<(String, usize)> = Vec::new();
    for located in &found {
        diagnostics.push(records::Diagnostic::warning(
            located.file.clone(),
            Some(located.position),
            format!(
                "{}: no `{shown}` translation, shown in `{primary}`: {}",
                located.path, located.text.primary
            ),
        ));
        match per_file.last_mut() {
            Some((file, count)) if *file == located.file => *count += 1,
            _ => per_file.push((located.file.clone(), 1)),
        }
    }
    for (file, count) in per_file {
        let texts = if count == 1 {
            "text falls"
        } else {
            "texts fall"
        };
        diagnostics.push(records::Diagnostic::warning(
            file,
            None,
            format!("{count} {texts} back from `{shown}` to `{primary}`"),
        ));
    }
    diagnostics
}

/// The translations that may be stale: in history, the primary text changed while another
/// language's stayed the same. History is read only here, and only for a review of several
/// languages in a git repository.
fn stale(snapshot: &crate::snapshot::Snapshot, ctx: &Context) -> Result<Vec<records::Diagnostic>> {
    let run = ctx.projection()?;
    let declared = run.declared.clone();
    let workspace = ctx.workspace()?;
    let Some(history) = (declared.len() > 1)
        .then(|| crate::git::History::open(&workspace.dir, run))
        .transpose()?
        .flatten()
    else {
        return Ok(Vec::new());
    };
    let states: Vec<crate::snapshot::Snapshot> = history
        .chain()
        .iter()
        .map(|commit| history.snapshot_of(commit))
        .collect();
    let mut diagnostics = Vec::new();
    let primary = records::lang::code(declared[0]);
    for other in &declared[1..] {
        let projection = records::lang::Projection {
            chosen: Some(*other),
            declared: declared.clone(),
            ..records::lang::Projection::default()
        };
        for (now, before) in records::lang::stale(snapshot, &states, &projection) {
            let code = records::lang::code(*other);
            let shown = now.text.shown.clone().unwrap_or_default();
            diagnostics.push(
                records::Diagnostic::warning(
                    now.file.clone(),
                    Some(now.position),
                    format!(
                        "{}: translation may be stale: `{primary}` changed from \"{before}\" to \"{}\" while `{code}` stayed \"{shown}\"",
                        now.path, now.text.primary
                    ),
                )
                .with_hint(format!("update the `{code}` text if it no longer says the same")),
            );
        }
    }
    Ok(diagnostics)
}
