//! What starts a reload: SIGHUP always, and with `--watch` a change to a file in the rules
//! directory, to the team file, or to a workspace's team file in `--team-dir`. One task runs
//! every reload, so two never race.

use super::Live;
use crate::rules;
use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// Editors write a file in several steps (truncate, write, rename): wait for quiet first.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

#[derive(Debug, thiserror::Error)]
pub enum TriggerError {
    #[error("cannot listen for SIGHUP: {0}")]
    Signal(std::io::Error),
    #[error("cannot watch {path}: {reason}")]
    Watch { path: String, reason: String },
}

/// Installs, with `watch`, the file watcher; then spawns the task that reloads on it or on
/// `hangup` ([`hangup`], taken as early as start-up can, so that a SIGHUP while the log or
/// Redis is still connecting reloads once the server answers instead of killing the
/// process). `team_dir` is `--team-dir`: its files are read again after each reload, so an
/// edit there is a change too. Call inside a tokio runtime.
pub fn spawn_triggers(
    live: Live,
    watch: bool,
    team_dir: Option<&Path>,
    hangup: Hangup,
) -> Result<JoinHandle<()>, TriggerError> {
    let changed = Arc::new(Notify::new());
    let watcher = if watch {
        Some(watch_files(&live, team_dir, changed.clone())?)
    } else {
        None
    };
    Ok(tokio::spawn(run(live, hangup, changed, watcher)))
}

/// SIGHUPs from the moment [`hangup`] is called.
#[cfg(unix)]
pub type Hangup = tokio::signal::unix::Signal;
#[cfg(not(unix))]
pub type Hangup = ();

/// Installs the SIGHUP handler: from here on a SIGHUP no longer ends the process. Call
/// inside a tokio runtime.
#[cfg(unix)]
pub fn hangup() -> Result<Hangup, TriggerError> {
    use tokio::signal::unix::{SignalKind, signal};
    signal(SignalKind::hangup()).map_err(TriggerError::Signal)
}

#[cfg(not(unix))]
pub fn hangup() -> Result<Hangup, TriggerError> {
    Ok(())
}

#[cfg(unix)]
async fn hung_up(hangup: &mut Hangup) {
    if hangup.recv().await.is_none() {
        std::future::pending::<()>().await;
    }
}

#[cfg(not(unix))]
async fn hung_up(_: &mut Hangup) {
    std::future::pending::<()>().await;
}

/// `watching` is held so that the watch lasts as long as the task.
async fn run(live: Live, mut hangup: Hangup, changed: Arc<Notify>, mut watching: Option<Watching>) {
    loop {
        let cause = tokio::select! {
            () = hung_up(&mut hangup) => "SIGHUP",
            () = changed.notified() => {
                quiet_for(DEBOUNCE, &changed).await;
                "file change"
            }
        };
        // Before the reload reads the table: a file written after this is an event of its
        // own, one written before is read.
        if let Some(watching) = &mut watching {
            watching.watch_new_folders();
        }
        tracing::info!(cause, "reloading");
        // File reads are small but blocking: keep them off the request workers.
        let live = live.clone();
        let _ = tokio::task::spawn_blocking(move || live.reload()).await;
    }
}

/// Returns once `changed` has stayed silent for `quiet`: an editor's save is several events.
async fn quiet_for(quiet: Duration, changed: &Notify) {
    while tokio::time::timeout(quiet, changed.notified())
        .await
        .is_ok()
    {}
}

/// Whether an event may have changed a file's text. Reads are not changes: inotify reports
/// every open and close, and a read may touch the access time, so the reload's own reads
/// would otherwise start the next reload, for ever.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// The file watcher and the folders it must keep watching.
struct Watching {
    watcher: RecommendedWatcher,
    rules_dir: Option<PathBuf>,
    team_dir: Option<PathBuf>,
    /// The `--team` file's folder.
    team_folder: Option<PathBuf>,
}

impl Watching {
    /// Watches the table's directory, `topics/` and `sources/` again. A folder made after
    /// the start (or removed and made again, as a checkout or a copy over the table does)
    /// is a new folder that no watch covers yet; watching one already watched changes
    /// nothing.
    /// `--team-dir` and the `--team` file's folder likewise: a deploy that puts a fresh
    /// copy in its place ends the watch.
    fn watch_new_folders(&mut self) {
        let rules = self.rules_dir.iter().flat_map(|dir| table_folders(dir));
        let teams = (self.team_dir.iter().chain(&self.team_folder))
            .filter(|dir| dir.is_dir())
            .cloned();
        for folder in rules.chain(teams).collect::<Vec<_>>() {
            let _ = self.watcher.unwatch(&folder);
            if let Err(error) = self.watcher.watch(&folder, RecursiveMode::NonRecursive) {
                tracing::warn!(folder = %folder.display(), %error, "cannot watch a table folder");
            }
        }
    }
}

/// Watches the folders the table is read from ([`table_folders`], each on its own, never
/// recursively), the team file's folder and `team_dir`, and wakes the reload task for a
/// change to a `.toml` file there or a source text. Folders are watched rather than files
/// because editors replace a file by renaming, which ends a watch on the file.
fn watch_files(
    live: &Live,
    team_dir: Option<&Path>,
    changed: Arc<Notify>,
) -> Result<Watching, TriggerError> {
    let sources = live.sources();
    // Events carry absolute paths: compare against the canonical folder.
    let rules_dir = sources
        .rules_dir
        .clone()
        .map(|dir| std::fs::canonicalize(&dir).unwrap_or(dir));
    let team_file = sources.team_file.clone();
    let team_folder = team_file.as_deref().map(|team| {
        let folder = parent(team);
        std::fs::canonicalize(&folder).unwrap_or(folder)
    });
    let team_dir = team_dir.map(|dir| std::fs::canonicalize(dir).unwrap_or(dir.to_path_buf()));
    let relevant = {
        let rules_dir = rules_dir.clone();
        let team_file = team_file.clone();
        let team_folder = team_folder.clone();
        let team_dir = team_dir.clone();
        move |path: &Path| {
            let in_rules = rules_dir
                .as_ref()
                .is_some_and(|dir| path == dir || is_table_change(dir, path));
            let is_team = team_file.as_ref().is_some_and(|team| {
                (path.file_name() == team.file_name() || is_mount_swap(path))
                    && same_dir(path, team)
            }) || team_folder.as_deref() == Some(path);
            // The folder itself too: removed and made again, it holds other files.
            let in_team_dir = team_dir.as_ref().is_some_and(|dir| {
                path == dir
                    || (path.parent() == Some(dir.as_path())
                        && (is_toml(path) || is_mount_swap(path)))
            });
            in_rules || is_team || in_team_dir
        }
    };
    let mut watcher =
        notify::recommended_watcher(move |result: notify::Result<Event>| match result {
            Ok(event) => {
                if is_change(&event.kind) && event.paths.iter().any(|path| relevant(path)) {
                    changed.notify_one();
                }
            }
            Err(error) => tracing::warn!(%error, "file watch error"),
        })
        .map_err(|error| watch_error(Path::new("."), &error))?;
    let mut watch = |path: &Path, mode| {
        watcher
            .watch(path, mode)
            .map_err(|error| watch_error(path, &error))
    };
    // Not recursive: a symlink loop or a large tree under the table was walked on every
    // start and SIGHUP, and nothing below these folders is read.
    if let Some(dir) = &rules_dir {
        for folder in table_folders(dir) {
            watch(&folder, RecursiveMode::NonRecursive)?;
        }
    }
    // A table directory removed and made again (a deploy that copies a fresh one in) ends
    // every watch inside it; its parent sees it come back. Not fatal: the table's own
    // folders are watched, and SIGHUP always reloads.
    if let Some(above) = rules_dir.as_deref().and_then(Path::parent)
        && let Err(error) = watch(above, RecursiveMode::NonRecursive)
    {
        tracing::warn!(%error, "--watch will not see the rules directory removed and made again");
    }
    if let Some(folder) = &team_folder {
        watch(folder, RecursiveMode::NonRecursive)?;
        if let Some(above) = folder.parent()
            && let Err(error) = watch(above, RecursiveMode::NonRecursive)
        {
            tracing::warn!(%error, "--watch will not see the team file's folder removed and made again");
        }
    }
    if let Some(dir) = &team_dir {
        watch(dir, RecursiveMode::NonRecursive)?;
        // As for the rules directory: its parent sees it made again.
        if let Some(above) = dir.parent()
            && let Err(error) = watch(above, RecursiveMode::NonRecursive)
        {
            tracing::warn!(%error, "--watch will not see the team directory removed and made again");
        }
    }
    tracing::info!(
        rules = ?rules_dir,
        team = ?team_file,
        team_dir = ?team_dir,
        "watching for changes (--watch)"
    );
    Ok(Watching {
        watcher,
        rules_dir,
        team_dir,
        team_folder,
    })
}

fn watch_error(path: &Path, error: &dyn std::fmt::Display) -> TriggerError {
    TriggerError::Watch {
        path: path.display().to_string(),
        reason: error.to_string(),
    }
}

/// In any case: the table's top-level files are found in any case (`ROLES.TOML`).
fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"))
}

/// Where a table is read from: its directory, `topics/` and `sources/` (the quotes are
/// checked against its texts), the last two when they exist.
fn table_folders(dir: &Path) -> Vec<PathBuf> {
    let mut folders = vec![dir.to_path_buf()];
    folders.extend(
        [TOPICS, SOURCES]
            .map(|name| rules::in_any_case(dir, name))
            .into_iter()
            .filter(|folder| folder.is_dir()),
    );
    folders
}

const TOPICS: &str = "topics";
const SOURCES: &str = "sources";

/// Whether a changed path is a file the table is read from: a `.toml` file at its top
/// level or in `topics/`, or a text in `sources/`; or `topics/` or `sources/` itself, made
/// or removed; or a Kubernetes mount swapped ([`is_mount_swap`]).
fn is_table_change(dir: &Path, path: &Path) -> bool {
    let Some(folder) = path.parent() else {
        return false;
    };
    // A source's text is `ID.txt`, or `ID` with another extension when there is no `.txt`.
    let is_text = path.extension().is_some();
    (is_toml(path) && (folder == dir || folder == rules::in_any_case(dir, TOPICS)))
        || (is_text && folder == rules::in_any_case(dir, SOURCES))
        || (folder == dir && (is_named(path, TOPICS) || is_named(path, SOURCES)))
        || (folder == dir && is_mount_swap(path))
}

/// Whether `path` is `name` in any case: `Topics/` made or removed is the table's
/// `topics/` ([`rules::in_any_case`]), and no longer there to look up when removed.
fn is_named(path: &Path, name: &str) -> bool {
    path.file_name()
        .and_then(|found| found.to_str())
        .is_some_and(|found| found.eq_ignore_ascii_case(name))
}

/// Kubernetes updates a mounted ConfigMap or Secret by writing the new files to a new
/// folder and renaming a `..data` link over the old one. Every file of the mount is a link
/// through `..data`, so all change at that moment, though no event names them.
fn is_mount_swap(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == "..data")
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Events carry absolute paths; the team file may have been given relative.
fn same_dir(event: &Path, team: &Path) -> bool {
    let canonical = |path: PathBuf| std::fs::canonicalize(&path).unwrap_or(path);
    match event.parent() {
        Some(dir) => canonical(dir.to_path_buf()) == canonical(parent(team)),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, RemoveKind, RenameMode};

    #[test]
    fn reading_a_file_is_not_a_change_but_writing_renaming_creating_and_removing_are() {
        for read in [
            AccessKind::Open(AccessMode::Read),
            AccessKind::Close(AccessMode::Read),
            AccessKind::Read,
        ] {
            assert!(!is_change(&EventKind::Access(read)), "{read:?}");
        }
        let touched = EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime));
        assert!(!is_change(&touched));
        for change in [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
            EventKind::Any,
        ] {
            assert!(is_change(&change), "{change:?}");
        }
    }

    #[test]
    fn only_the_tables_own_files_are_changes_to_it() {
        let dir = Path::new("/t");
        for path in [
            "/t/roles.toml",
            "/t/topics/a.toml",
            "/t/sources/handbook.txt",
            "/t/topics",
            "/t/sources",
            "/t/Topics",
            "/t/SOURCES",
            "/t/ROLES.TOML",
            "/t/..data",
        ] {
            assert!(is_table_change(dir, Path::new(path)), "{path}");
        }
        for path in [
            "/t/topics/old/a.toml",
            "/t/drafts/a.toml",
            "/t/sources/a/b.txt",
            "/t/notes.txt",
            "/t/topics/old",
            "/t/..data_tmp",
            "/t/..2026_12_07_00_00_01",
            "/t/topics/..data",
            "/elsewhere/roles.toml",
        ] {
            assert!(!is_table_change(dir, Path::new(path)), "{path}");
        }
    }
}
