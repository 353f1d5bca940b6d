//! Where the output goes: one file, or one file per page named by the output's page number
//! template (`page-{p}.png`, as the Typst CLI names pages) or after its stem; `-` is standard
//! output, and what cannot hold more than one file (standard output, a FIFO, a
//! device) takes one page or none.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Format;
use crate::error::{Error, Result};
use crate::fsutil::{self, Destination};

/// The output name that means standard output.
pub const STDOUT: &str = "-";

/// Tells whether `path` means standard output.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == STDOUT
}

/// How an output path is named in messages.
pub fn display(path: &Path) -> String {
    if is_stdout(path) {
        "standard output".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Returns the paths to write `count` files of `format` to: `output` itself for a single file;
/// for one file per page, `output` with its page number template filled in, as the Typst CLI
/// fills it (`{p}` the page number, `{0p}` or `{n}` the number zero-padded to the page count's
/// width, `{t}` the page count: `page-{0p}-of-{t}.png`), else `stem-1.png`, `stem-2.png`...,
/// unless `output` is a stream (standard output, a FIFO, a device), which takes a single page
/// as it is and refuses more.
pub fn output_paths(output: &Path, format: Format, count: usize) -> Result<Vec<PathBuf>> {
    if !format.is_per_page() {
        return Ok(vec![output.to_owned()]);
    }
    if let Some(template) = output.to_str().filter(|name| has_page_number(name)) {
        return Ok((1..=count)
            .map(|page| PathBuf::from(fill_page_number(template, page, count)))
            .collect());
    }
    let stream =
        is_stdout(output) || matches!(fsutil::destination(output), Ok(Destination::Stream));
    if stream {
        if count == 1 {
            return Ok(vec![output.to_owned()]);
        }
        let extension = format.extension();
        return Err(Error::usage(format!(
            "cannot write {count} {} pages to {} (it holds one file)",
            extension.to_ascii_uppercase(),
            display(output)
        ))
        .hint(format!(
            "name a file, e.g. `-o review.{extension}` for review-1.{extension}, review-2.{extension}..."
        )));
    }
    let stem = output.with_extension("");
    Ok((1..=count)
        .map(|page| {
            let mut name = stem.clone().into_os_string();
            name.push(format!("-{page}.{}", format.extension()));
            PathBuf::from(name)
        })
        .collect())
}

/// The placeholders that tell pages apart, as typst-cli's `output_template` knows them.
const PAGE_NUMBERS: [&str; 3] = ["{p}", "{0p}", "{n}"];

/// Tells whether an output name holds a page number placeholder. `{t}` alone does not: every
/// page would get the same name, so, as in typst-cli, it is left as it is.
fn has_page_number(name: &str) -> bool {
    PAGE_NUMBERS
        .iter()
        .any(|placeholder| name.contains(placeholder))
}

/// Fills the placeholders of `template` for page `page` of `count`.
fn fill_page_number(template: &str, page: usize, count: usize) -> String {
    let width = count.to_string().len();
    template
        .replace("{p}", &page.to_string())
        .replace("{0p}", &format!("{page:0width$}"))
        .replace("{n}", &format!("{page:0width$}"))
        .replace("{t}", &count.to_string())
}

/// Refuses an output that would be written over an input of the compile, wherever a link
/// leads it: a file of the records directory (or a record's name there), anything inside a git
/// directory, or a file of the template. `-o records/review.json --format md` replaced the
/// review itself; `-o .git/config` git's configuration.
pub fn refuse_input(path: &Path, records: &Path, template: &[PathBuf]) -> Result<()> {
    if is_stdout(path) {
        return Ok(());
    }
    // A stream is written through, and what cannot be written fails at the write.
    let Ok(Destination::File(target)) = fsutil::destination(path) else {
        return Ok(());
    };
    // The folder canonical, the name as is: the file may not exist yet.
    let (Some(name), Some(folder)) = (target.file_name(), target.parent()) else {
        return Ok(());
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let Ok(folder) = folder.canonicalize() else {
        return Ok(());
    };
    let resolved = folder.join(name);
    let in_records = records.canonicalize().ok().and_then(|records| {
        let relative = resolved
            .strip_prefix(records)
            .ok()?
            .to_string_lossy()
            .into_owned();
        (resolved.exists() || crate::snapshot::Snapshot::is_record_path(&relative)).then_some(())
    });
    let what = if resolved.components().any(|c| c.as_os_str() == ".git") {
        "inside a git directory"
    } else if in_records.is_some() {
        "a file of the records"
    } else if template
        .iter()
        .any(|file| file.canonicalize().is_ok_and(|file| file == resolved))
    {
        "a file of the template"
    } else {
        return Ok(());
    };
    let how = if target == path {
        "it is"
    } else {
        "a link leads it to"
    };
    Err(Error::usage(format!(
        "will not write the output to {} ({how} {what})",
        display(path)
    ))
    .hint("name a file outside the records, the template and .git, e.g. `-o review.pdf`"))
}

/// Writes one output file: to standard output for `-`, else through [`fsutil::write_atomic`].
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if is_stdout(path) {
        // Raw bytes, not through `term::Output`: its stream strips escape sequences when
        // colour is off, and a PDF or a PNG holds 0x1B bytes. A reader that went away
        // (`| head`) ends the compile quietly, as for every other command.
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(|err| crate::term::write_error(&err, "standard output"));
    }
    fsutil::write_atomic(path, bytes)
        .map_err(|err| Error::failure(format!("cannot write {} ({err})", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_per_page_is_named_after_the_stem() {
        assert_eq!(
            output_paths(Path::new("out/review.pdf"), Format::Pdf, 1).unwrap(),
            [PathBuf::from("out/review.pdf")]
        );
        assert_eq!(
            output_paths(Path::new("out/review.png"), Format::Png, 2).unwrap(),
            [
                PathBuf::from("out/review-1.png"),
                PathBuf::from("out/review-2.png")
            ]
        );
        assert_eq!(
            output_paths(Path::new("pages"), Format::Svg, 1).unwrap(),
            [PathBuf::from("pages-1.svg")]
        );
        assert_eq!(
            output_paths(Path::new("-"), Format::Png, 1).unwrap(),
            [PathBuf::from("-")]
        );
        assert!(output_paths(Path::new("-"), Format::Png, 2).is_err());
    }

    #[test]
    fn a_page_number_template_is_filled_in_as_typst_fills_it() {
        assert_eq!(
            output_paths(Path::new("out/page-{0p}-of-{t}.png"), Format::Png, 10).unwrap()[..2],
            [
                PathBuf::from("out/page-01-of-10.png"),
                PathBuf::from("out/page-02-of-10.png")
            ]
        );
        assert_eq!(
            output_paths(Path::new("{p}.svg"), Format::Svg, 2).unwrap(),
            [PathBuf::from("1.svg"), PathBuf::from("2.svg")]
        );
        assert_eq!(
            output_paths(Path::new("p{n}.png"), Format::Png, 1).unwrap(),
            [PathBuf::from("p1.png")]
        );
        // `{t}` alone tells no page from another: the pages are numbered after the stem.
        assert_eq!(
            output_paths(Path::new("of-{t}.png"), Format::Png, 2).unwrap(),
            [PathBuf::from("of-{t}-1.png"), PathBuf::from("of-{t}-2.png")]
        );
        // A PDF is one file: its name is as given, braces and all.
        assert_eq!(
            output_paths(Path::new("r-{p}.pdf"), Format::Pdf, 3).unwrap(),
            [PathBuf::from("r-{p}.pdf")]
        );
    }
}
