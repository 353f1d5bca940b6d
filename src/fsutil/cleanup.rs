//! The temporary files of [`super`]: their names, their removal when SIGINT, SIGTERM or SIGHUP
//! stops the process, and the sweep of those a process that is gone left behind.
//!
//! A temporary file is named `.review-<pid>-<random>.tmp`, so whoever finds one can tell whose
//! it is. While it exists it is registered here; the first registration starts a thread that
//! waits for those signals (signal-hook turns them into messages, so the thread runs ordinary
//! code, not a signal handler), removes every registered file, then lets the signal end the
//! process as it would have (the exit status still says which signal). SIGKILL cannot be caught:
//! its leftover is swept by the next write into the same folder (see [`sweep`]).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The end of every temporary file's name.
pub const SUFFIX: &str = ".tmp";
/// The start of every temporary file's name, before the process id.
const PREFIX: &str = ".review-";

/// The temporary files this process has made and not yet renamed or removed.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The start of this process's temporary files' names.
pub fn prefix() -> String {
    format!("{PREFIX}{}-", std::process::id())
}

/// Makes a temporary file with `make` and registers it until the guard is dropped.
///
/// The registry stays locked while the file is made, so a signal that comes meanwhile waits for
/// it to be registered and then removes it.
pub fn registered<T>(
    make: impl FnOnce() -> std::io::Result<T>,
    path_of: impl Fn(&T) -> &Path,
) -> std::io::Result<(T, Registered)> {
    install();
    let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
    let made = make()?;
    let path = path_of(&made).to_owned();
    pending.push(path.clone());
    Ok((made, Registered(path)))
}

/// Registers `path`, a file about to be made by someone else's code, until the guard is dropped.
pub fn register(path: &Path) -> Registered {
    install();
    let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
    pending.push(path.to_owned());
    Registered(path.to_owned())
}

/// A registered temporary file; dropping it (after the file was renamed or removed) forgets it.
pub struct Registered(PathBuf);

impl Registered {
    /// Runs `hand_over` (a rename or a removal) with the registry held, then forgets the file:
    /// a signal meanwhile waits, and finds it no longer registered.
    pub fn settle<T>(self, hand_over: impl FnOnce() -> T) -> T {
        let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
        let result = hand_over();
        pending.retain(|path| *path != self.0);
        drop(pending);
        result
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
        pending.retain(|path| *path != self.0);
    }
}

/// Starts the thread that removes the registered files on a stopping signal, once.
fn install() {
    #[cfg(unix)]
    {
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            // Without the thread, a signal still stops the process as before; it only leaves
            // the file behind for the next sweep. So a failure to start it is no error.
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            let started = std::thread::Builder::new()
                .name("review-signals".to_owned())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        // Held until the process ends: no new file can be made meanwhile.
                        let pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
                        for path in pending.iter() {
                            // Already renamed or removed: nothing left to clean.
                            let _ = std::fs::remove_file(path);
                        }
                        if signal_hook::low_level::emulate_default_handler(signal).is_err() {
                            signal_hook::low_level::exit(128 + signal);
                        }
                    }
                });
            drop(started);
        });
    }
}

/// Pauses a write right after its temporary file is made, when the test-only environment
/// variable `REVIEW_TEST_PAUSE_AFTER_TEMP` is set: the tests need a moment at which a temporary
/// file surely exists to send a signal at, and no outside event gives one without a race. The
/// pause is bounded, so a forgotten variable only slows a run down.
pub fn pause_for_tests() {
    if std::env::var_os("REVIEW_TEST_PAUSE_AFTER_TEMP").is_some() {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

/// Removes the temporary files in `dir` that a process now gone left behind.
///
/// The rule: a file of our naming whose process id names no running process is abandoned,
/// since only that process could still rename it. A live process's file (another compile into
/// the same folder) is left alone, whatever its age. A reused process id only keeps a leftover
/// until that other process ends. A name without a process id (from an older review) is
/// removed when it is more than an hour old, far longer than any write takes. Failing to sweep
/// never fails the write.
pub fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let own = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.strip_suffix(SUFFIX))
        else {
            continue;
        };
        let abandoned = match owner(rest) {
            Some(pid) if pid == own => false,
            Some(pid) => gone(pid, &entry),
            None => older_than_an_hour(&entry),
        };
        if abandoned && entry.file_type().is_ok_and(|kind| kind.is_file()) {
            // Another process may sweep the same file at the same moment.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file's name (`<pid>-<random>`), if it has one.
fn owner(rest: &str) -> Option<u32> {
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() {
        return None;
    }
    pid.parse().ok()
}

/// Tells whether the process that made `entry` no longer runs on this machine.
#[cfg(unix)]
#[allow(unsafe_code)]
fn gone(pid: u32, _entry: &std::fs::DirEntry) -> bool {
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    if unsafe { libc::kill(pid, 0) } == 0 {
        return false;
    }
    // EPERM: it exists, under another user.
    std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// Without a cheap check for a process, a file is abandoned when it is old.
#[cfg(not(unix))]
fn gone(_pid: u32, entry: &std::fs::DirEntry) -> bool {
    older_than_an_hour(entry)
}

fn older_than_an_hour(entry: &std::fs::DirEntry) -> bool {
    entry
        .metadata()
        .and_then(|meta| meta.modified())
        .ok()
        .and_then(|modified| modified.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600))
}
