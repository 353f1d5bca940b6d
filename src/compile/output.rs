//! Where the output goes: one file, or one file per page named after the output's stem.

use std::path::{Path, PathBuf};

use super::Format;

/// Returns the paths to write `count` files of `format` to: `output` itself for a single file;
/// `stem-1.png`, `stem-2.png`... for one file per page.
pub fn output_paths(output: &Path, format: Format, count: usize) -> Vec<PathBuf> {
    if !format.is_per_page() {
        return vec![output.to_owned()];
    }
    let stem = output.with_extension("");
    (1..=count)
        .map(|page| {
            let mut name = stem.clone().into_os_string();
            name.push(format!("-{page}.{}", format.extension()));
            PathBuf::from(name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_per_page_is_named_after_the_stem() {
        assert_eq!(
            output_paths(Path::new("out/review.pdf"), Format::Pdf, 1),
            [PathBuf::from("out/review.pdf")]
        );
        assert_eq!(
            output_paths(Path::new("out/review.png"), Format::Png, 2),
            [
                PathBuf::from("out/review-1.png"),
                PathBuf::from("out/review-2.png")
            ]
        );
        assert_eq!(
            output_paths(Path::new("pages"), Format::Svg, 1),
            [PathBuf::from("pages-1.svg")]
        );
    }
}
