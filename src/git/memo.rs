//! One answer kept between runs, in `<git dir>/review/<name>`: the key it answers on its first
//! line, the answer on the next. A command run from a prompt (`status`) would otherwise redo
//! the same work on every run while nothing it depends on moved; it asks here first.
//!
//! As with the date cache, it only ever saves time: a file that is missing, answers another
//! key or does not read is recomputed, and a failure to write (a read-only clone) is ignored.
//! The file is written beside itself and renamed into place.

use super::History;

impl History {
    /// The answer kept under `name` for `key`, if the last run that kept one asked the same.
    pub fn recall(&self, name: &str, key: &str) -> Option<String> {
        let text = std::fs::read_to_string(self.memo_path(name)).ok()?;
        let (kept, answer) = text.split_once('\n')?;
        (kept == key).then(|| answer.trim_end_matches('\n').to_owned())
    }

    /// Keeps `answer` under `name` for `key`, replacing what was kept.
    pub fn keep(&self, name: &str, key: &str, answer: &str) {
        debug_assert!(!key.contains('\n'), "a memo key is one line");
        let text = format!("{key}\n{answer}\n");
        let _ = crate::fsutil::write_atomic(&self.memo_path(name), text.as_bytes());
    }

    fn memo_path(&self, name: &str) -> std::path::PathBuf {
        self.repo.commondir().join("review").join(name)
    }
}
