//! `compile --watch`: compile, wait for a save, compile again, until interrupted.
//!
//! One [`Session`] lives for the whole watch, so fonts, the parsed template and Typst's
//! memoized layout survive between compiles and a save costs only what it changed. Changes
//! come from the file system's notifications (inotify, FSEvents, kqueue... through `notify`);
//! where those are unavailable, notify's polling watcher takes over.
//!
//! A save is compiled as soon as its events stop coming (a few milliseconds), and the output is
//! written only if nothing else changed while it compiled; otherwise the compile starts again
//! with the new changes. So a burst of events (an editor's write-then-rename, a `git checkout`)
//! writes the output once, however long it lasts, without every save waiting out a long pause
//! first. A compile that fails prints its located error and leaves the last good output where it
//! is, since outputs are only ever replaced by a complete file. What no save can fix (an `--at`
//! that names no period or revision, a template whose folder does not exist) ends the watch
//! before it starts; a template not yet written into its folder is waited for.
//!
//! What is watched: the records directory (record files only, so the output, a temporary file
//! or an editor's swap file never triggers a compile) and the template files the last compile
//! read, through their folders, because editors often save by renaming a new file over the
//! old one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError, channel};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecursiveMode};

use crate::compile::{Changes, CompileConfig, Compiled, Session};
use crate::error::{Error, Result, Status};
use crate::snapshot::Snapshot;
use crate::{render, term};

/// How long a burst of events may pause before it is compiled: enough for the events of one
/// save to arrive together (a rename comes as two or three). A burst that goes on after that
/// is not lost: its later events make the compile start again before anything is written.
const QUIET: Duration = Duration::from_millis(3);
/// The longest a burst holds back the output, so constant writes cannot starve it.
const STARVE: Duration = Duration::from_millis(500);
/// How often the polling fallback looks at the files.
const POLL: Duration = Duration::from_millis(200);

/// Compiles, then compiles again on every relevant change, until the process is interrupted.
pub fn run(config: CompileConfig) -> Result {
    let records = absolute(&config.workspace.dir);
    // What the compile itself writes must never look like a save, wherever it is written.
    let written = config
        .output
        .iter()
        .chain(&config.emit_data)
        .map(|p| absolute(p))
        .collect();
    let mut session = Session::new(config);
    // A bad `--at` or a template nowhere to be found would fail every compile, however long
    // the watch waits: fail now. A template whose folder exists may be about to be written.
    let missing = session.check_watchable()?;
    let mut watcher = Watcher::new(records, written)?;
    if let Some(template) = missing {
        term::info(&format!(
            "{} does not exist yet: it is compiled once it is created",
            template.display()
        ));
        watcher.follow(session.template_files())?;
        term::info(&watcher.describe());
        while std::fs::symlink_metadata(&template).is_err() {
            watcher.wait()?;
        }
    }
    let mut changes = Changes::All;
    // Whether an output was written yet: until then, none is kept on an error.
    let mut written_once = false;
    // When the changes being compiled began to come in, and whether this output was already
    // held back once for newer changes.
    let mut since = Instant::now();
    let mut restarted = false;
    loop {
        let started = Instant::now();
        let compiled = session.prepare(&changes);
        // Changes that came in meanwhile make this compile stale: compile again with them before
        // writing anything (or printing its error, which may be about a half-saved file). The
        // first restart is always taken, so a burst written while one slow compile runs (longer
        // than STARVE on a loaded machine) still writes once; after that, only within STARVE.
        if (!restarted || since.elapsed() < STARVE)
            && let Some(more) = watcher.poll()?
        {
            changes.merge(more);
            restarted = true;
            continue;
        }
        restarted = false;
        match compiled.and_then(Compiled::write) {
            Ok(_) => {
                written_once = true;
                term::info(&format!("compiled in {} ms", started.elapsed().as_millis()));
            }
            Err(err) => {
                if !err.message.is_empty() {
                    term::error(&err.message, &err.hints);
                }
                if written_once {
                    term::info("the last good output is kept; fix the error and save again");
                } else {
                    term::info("no output was written; fix the error and save again");
                }
            }
        }
        render::evict_caches();
        watcher.follow(session.template_files())?;
        term::info(&watcher.describe());
        changes = watcher.wait()?;
        since = Instant::now();
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// The file-system watcher and what it follows.
struct Watcher {
    inner: Box<dyn notify::Watcher>,
    events: Receiver<notify::Result<Event>>,
    /// Whether notifications failed and notify's polling watcher took over.
    polling: bool,
    /// The records directory, absolute; watched recursively.
    records: PathBuf,
    /// The template files of the last compile, absolute.
    template_files: BTreeSet<PathBuf>,
    /// The folders watched for the template files.
    template_dirs: BTreeSet<PathBuf>,
    /// Files the compile writes (`-o`, `--emit-data`): their events are ignored.
    written: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching the records directory.
    fn new(records: PathBuf, written: Vec<PathBuf>) -> Result<Self> {
        let (sender, events) = channel();
        let notifying = notify::recommended_watcher(sender.clone())
            .map(|w| Box::new(w) as Box<dyn notify::Watcher>)
            .and_then(|mut w| w.watch(&records, RecursiveMode::Recursive).map(|()| w));
        let (inner, polling) = match notifying {
            Ok(inner) => (inner, false),
            Err(_) => {
                let config = notify::Config::default().with_poll_interval(POLL);
                let mut inner: Box<dyn notify::Watcher> = Box::new(
                    notify::PollWatcher::new(sender, config).map_err(|err| watch_error(&err))?,
                );
                inner
                    .watch(&records, RecursiveMode::Recursive)
                    .map_err(|err| watch_error(&err))?;
                (inner, true)
            }
        };
        Ok(Self {
            inner,
            events,
            polling,
            records,
            template_files: BTreeSet::new(),
            template_dirs: BTreeSet::new(),
            written,
        })
    }

    /// Follows these template files (and stops following the ones no longer read).
    fn follow(&mut self, files: Vec<PathBuf>) -> Result {
        let files: BTreeSet<PathBuf> = files.iter().map(|f| absolute(f)).collect();
        let dirs: BTreeSet<PathBuf> = files
            .iter()
            .filter_map(|f| f.parent().map(Path::to_owned))
            .filter(|dir| !dir.starts_with(&self.records))
            .collect();
        for gone in self.template_dirs.difference(&dirs) {
            let _ = self.inner.unwatch(gone);
        }
        for new in dirs.difference(&self.template_dirs) {
            self.inner
                .watch(new, RecursiveMode::NonRecursive)
                .map_err(|err| watch_error(&err))?;
        }
        self.template_files = files;
        self.template_dirs = dirs;
        Ok(Status::Success)
    }

    /// The line that says what is watched.
    fn describe(&self) -> String {
        let mut watched = vec![self.records.display().to_string()];
        watched.extend(self.template_files.iter().map(|f| f.display().to_string()));
        format!(
            "watching {}{} (Ctrl-C to stop)",
            watched.join(", "),
            if self.polling { ", polling" } else { "" }
        )
    }

    /// Waits for a relevant change, then gathers the rest of its burst.
    fn wait(&mut self) -> Result<Changes> {
        loop {
            let event = self.events.recv().map_err(|_| stopped())?;
            if let Some(changes) = self.gather(event)? {
                return Ok(changes);
            }
        }
    }

    /// Returns the relevant changes reported since the last call, if any, with the rest of
    /// their burst; does not wait when there are none.
    fn poll(&mut self) -> Result<Option<Changes>> {
        loop {
            match self.events.try_recv() {
                Ok(event) => {
                    if let Some(changes) = self.gather(event)? {
                        return Ok(Some(changes));
                    }
                }
                Err(TryRecvError::Empty) => return Ok(None),
                Err(TryRecvError::Disconnected) => return Err(stopped()),
            }
        }
    }

    /// Gathers the burst that `event` begins, until the events pause for [`QUIET`]; `None`
    /// when `event` is not relevant (then nothing else is read).
    fn gather(&mut self, event: notify::Result<Event>) -> Result<Option<Changes>> {
        let mut changed = BTreeSet::new();
        let mut everything = self.take(event, &mut changed);
        if changed.is_empty() && !everything {
            return Ok(None);
        }
        let burst = Instant::now();
        while burst.elapsed() < STARVE {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => everything |= self.take(event, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Err(stopped()),
            }
        }
        Ok(Some(if everything {
            Changes::All
        } else {
            Changes::Paths(changed.into_iter().collect())
        }))
    }

    /// Adds the relevant paths of an event; returns true when everything must be re-read (the
    /// watcher lost track, or a folder of records moved).
    fn take(&self, event: notify::Result<Event>, changed: &mut BTreeSet<PathBuf>) -> bool {
        let Ok(event) = event else {
            return true;
        };
        if event.need_rescan() {
            return true;
        }
        if matches!(
            event.kind,
            EventKind::Access(_) | EventKind::Modify(notify::event::ModifyKind::Metadata(_))
        ) {
            return false;
        }
        let mut everything = false;
        for path in event.paths {
            if self.written.contains(&path) {
                continue;
            }
            if let Ok(relative) = path.strip_prefix(&self.records) {
                let relative = relative.to_string_lossy().replace('\\', "/");
                if relative.is_empty() || relative == "projects" {
                    everything = true;
                } else if Snapshot::is_record_path(&relative) {
                    changed.insert(path);
                }
            } else if self.template_files.contains(&path) {
                changed.insert(path);
            }
        }
        everything
    }
}

fn stopped() -> Error {
    Error::failure("the file watcher stopped")
}

fn watch_error(err: &notify::Error) -> Error {
    Error::failure(format!("cannot watch for changes ({err})"))
}
