//! The live answer table: the rules engine and the team file held together in one snapshot
//! that a reload swaps whole. A request takes one snapshot ([`Live::snapshot`]) and answers
//! from it, so it never sees the new rules with the old team, or half a table. A reload that
//! fails keeps the running snapshot, logs why (file and problem) and counts the failure.

mod embedded;
mod triggers;

pub use triggers::{DEBOUNCE, Hangup, hangup, spawn_triggers};

use crate::answer::Engine;
use crate::metrics::Metrics;
use crate::reply::rendered::RenderedBodies;
use crate::rules::{self, LoadError, Rules};
use crate::team::{Team, TeamError};
use arc_swap::ArcSwap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The name of the team file looked for in a `--rules` directory when no `--team` is given.
pub const TEAM_FILE: &str = "team.toml";

/// One consistent view: the engine and the team that go with it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Shared between snapshots when only the team changes (the embedded table).
    pub engine: Arc<Engine>,
    /// `None` without a team file: answers stay general.
    pub team: Option<Arc<Team>>,
    /// Slash answers' JSON, kept per distinct answer for this engine and team.
    pub rendered: Arc<RenderedBodies>,
}

impl Loaded {
    pub fn new(engine: Engine, team: Option<Team>) -> Self {
        Loaded {
            engine: Arc::new(engine),
            team: team.map(Arc::new),
            rendered: Arc::default(),
        }
    }

    pub fn team(&self) -> Option<&Team> {
        self.team.as_deref()
    }
}

/// Where the snapshot is read from, so that a reload reads the same places.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// `--rules DIR`; `None` is the embedded table, which cannot change while running.
    pub rules_dir: Option<PathBuf>,
    /// `--team FILE`; without it, `team.toml` in the rules directory when there is one.
    pub team_file: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{}", in_dir(dir, error))]
    Rules { dir: String, error: LoadError },
    #[error("{0}")]
    Team(#[from] TeamError),
}

/// A table directory, loaded; a quote its own `sources/` folder does not hold verbatim, or
/// a source text there that cannot be read, is logged (the table still serves: `rolecall
/// check` is where it is refused).
fn load_table(dir: &Path) -> Result<Engine, SnapshotError> {
    let (table, unread) = rules::load_dir_noting(dir).map_err(|error| rules_error(dir, error))?;
    let engine = Engine::checked(table).map_err(|error| rules_error(dir, error))?;
    for unread in unread {
        tracing::warn!(problem = %unread, "a field the table format does not name is not read");
    }
    for clash in engine.warnings() {
        tracing::warn!(problem = %clash, "two topics' aliases read the same: neither is found by it");
    }
    let rules = engine.rules();
    let sources = rules::in_any_case(dir, "sources");
    if sources.is_dir() {
        let found = rules::quote_check(rules, &sources);
        for problem in found.unreadable {
            tracing::warn!(%problem, "a source text cannot be read, so its quotes are unchecked: `rolecall check` refuses it");
        }
        for problem in found.not_verbatim {
            tracing::warn!(%problem, "a quote is not in its source verbatim: `rolecall check` refuses it");
        }
    }
    Ok(engine)
}

impl Sources {
    pub fn new(rules_dir: Option<PathBuf>, team_file: Option<PathBuf>) -> Self {
        Sources {
            rules_dir,
            team_file,
        }
    }

    /// The team file to read now: the explicit one (which must exist), else `team.toml` in
    /// the rules directory if it exists (looked up on every load, so one can be added later).
    pub fn team_path(&self) -> Option<PathBuf> {
        self.team_file.clone().or_else(|| {
            self.rules_dir
                .as_ref()
                .map(|dir| dir.join(TEAM_FILE))
                .filter(|path| path.is_file())
        })
    }

    /// Reads everything, for start-up.
    pub fn load(&self) -> Result<Loaded, SnapshotError> {
        let engine = match &self.rules_dir {
            Some(dir) => load_table(dir)?,
            None => embedded::engine().map_err(|error| SnapshotError::Rules {
                dir: "embedded table".into(),
                error,
            })?,
        };
        let team = self.load_team(engine.rules())?;
        Ok(Loaded::new(engine, team))
    }

    /// Reads what can change: the rules directory (if any) and the team file. The embedded
    /// table is kept as it is.
    fn reload(&self, current: &Loaded) -> Result<Loaded, SnapshotError> {
        let engine = match &self.rules_dir {
            Some(dir) => Arc::new(load_table(dir)?),
            None => current.engine.clone(),
        };
        Ok(Loaded {
            team: self.load_team(engine.rules())?.map(Arc::new),
            engine,
            rendered: Arc::default(),
        })
    }

    fn load_team(&self, rules: &Rules) -> Result<Option<Team>, TeamError> {
        self.team_path()
            .map(|path| Team::load(&path, rules))
            .transpose()
    }
}

/// A load error with the table it came from: its files' problems name them relative to the
/// table, but a file that cannot be read is named by its whole path already.
fn in_dir(dir: &str, error: &LoadError) -> String {
    match error {
        LoadError::Read { .. } => error.to_string(),
        _ => format!("{dir}: {error}"),
    }
}

fn rules_error(dir: &Path, error: LoadError) -> SnapshotError {
    SnapshotError::Rules {
        dir: dir.display().to_string(),
        error,
    }
}

/// The swappable snapshot and how to refresh it. Cheap to clone (one `Arc`).
#[derive(Debug, Clone)]
pub struct Live {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    current: ArcSwap<Loaded>,
    sources: Sources,
    metrics: Metrics,
}

/// What a good reload loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reloaded {
    pub topics: usize,
    pub team: bool,
}

impl Live {
    pub fn new(loaded: Loaded, sources: Sources, metrics: Metrics) -> Self {
        Live {
            inner: Arc::new(Inner {
                current: ArcSwap::from_pointee(loaded),
                sources,
                metrics,
            }),
        }
    }

    /// The current snapshot. Take it once per request and answer from it.
    pub fn snapshot(&self) -> Arc<Loaded> {
        self.inner.current.load_full()
    }

    pub fn sources(&self) -> &Sources {
        &self.inner.sources
    }

    /// Reads the sources again and swaps the snapshot in whole, or keeps the running one
    /// when anything is wrong (a bad rules file or a bad team file: all or nothing, so the
    /// table and the team never come from two different edits half-applied).
    pub fn reload(&self) -> Result<Reloaded, SnapshotError> {
        let sources = &self.inner.sources;
        let rules = sources
            .rules_dir
            .as_ref()
            .map_or_else(|| "embedded".to_string(), |dir| dir.display().to_string());
        let team_path = sources.team_path();
        let team_file = team_path
            .as_ref()
            .map_or_else(|| "none".to_string(), |path| path.display().to_string());
        match sources.reload(&self.snapshot()) {
            Ok(loaded) => {
                let reloaded = Reloaded {
                    topics: loaded.engine.rules().topics.len(),
                    team: loaded.team.is_some(),
                };
                self.inner.current.store(Arc::new(loaded));
                self.inner.metrics.reload("ok");
                tracing::info!(
                    topics = reloaded.topics,
                    %rules,
                    team = %team_file,
                    "reloaded the rules table and team file"
                );
                Ok(reloaded)
            }
            Err(error) => {
                self.inner.metrics.reload("failed");
                // One log line, even for a list of validation problems.
                let why = error.to_string().replace("\n  ", " ").replace('\n', " ");
                tracing::warn!(
                    error = %why,
                    %rules,
                    team = %team_file,
                    "reload failed: keeping the running table and team"
                );
                Err(error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Owner;

    fn write(path: &Path, text: &str) {
        std::fs::write(path, text).unwrap();
    }

    /// The review-table fixture's files, copied into a new directory.
    fn review_table() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review-table");
        for file in [
            "roles.toml",
            "sources.toml",
            "topics/review.toml",
            "sources/handbook.txt",
        ] {
            let to = dir.path().join(file);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(fixture.join(file), &to).unwrap();
        }
        dir
    }

    /// Loads the table in `dir`, with what the load logged.
    fn load_logged(dir: &Path) -> (Result<Loaded, SnapshotError>, String) {
        let buffer = crate::test_support::SharedBuffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .finish();
        let loaded = tracing::subscriber::with_default(subscriber, || {
            Sources::new(Some(dir.to_path_buf()), None).load()
        });
        (loaded, buffer.text())
    }

    #[test]
    fn a_quote_its_sources_folder_does_not_hold_is_logged_and_the_table_still_loads() {
        let dir = review_table();
        let topics = dir.path().join("topics/review.toml");
        let text = std::fs::read_to_string(&topics).unwrap();
        write(
            &topics,
            &text.replace("one approving review", "two approving reviews"),
        );

        let (loaded, log) = load_logged(dir.path());

        assert!(loaded.is_ok());
        assert!(log.contains("not in its source verbatim"), "{log}");
        assert!(log.contains("two approving reviews"), "{log}");
    }

    #[test]
    fn a_source_text_missing_or_not_utf8_is_logged_as_unreadable_not_as_a_quote_missing() {
        let dir = review_table();
        let handbook = dir.path().join("sources/handbook.txt");
        for (case, why) in [
            (Some(&b"caf\xe9"[..]), "not UTF-8 text"),
            (None, "No such file"),
        ] {
            match case {
                Some(bytes) => std::fs::write(&handbook, bytes).unwrap(),
                None => std::fs::remove_file(&handbook).unwrap(),
            }

            let (loaded, log) = load_logged(dir.path());

            assert!(loaded.is_ok());
            assert!(log.contains("a source text cannot be read"), "{log}");
            assert!(log.contains(why), "{log}");
            assert!(!log.contains("not in its source verbatim"), "{log}");
        }
    }

    #[test]
    fn with_the_embedded_table_a_reload_reads_only_the_team_file() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team.toml");
        write(&team, "product_owner = \"<@U1>\"\n");
        let sources = Sources::new(None, Some(team.clone()));
        let live = Live::new(sources.load().unwrap(), sources, Metrics::new());
        let before = live.snapshot();
        write(&team, "product_owner = \"<@U2>\"\n");

        live.reload().unwrap();

        let after = live.snapshot();
        assert!(Arc::ptr_eq(&before.engine, &after.engine), "engine kept");
        assert_eq!(
            after
                .team()
                .unwrap()
                .holders(&Owner::role("product_owner"), str::to_string),
            ["<@U2>"]
        );
        assert_eq!(
            before
                .team()
                .unwrap()
                .holders(&Owner::role("product_owner"), str::to_string),
            ["<@U1>"]
        );
    }

    #[test]
    fn the_default_team_file_is_found_in_the_rules_directory_only_when_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let sources = Sources::new(Some(dir.path().to_path_buf()), None);
        assert_eq!(sources.team_path(), None);
        write(&dir.path().join(TEAM_FILE), "");
        assert_eq!(sources.team_path(), Some(dir.path().join(TEAM_FILE)));
        let explicit = Sources::new(None, Some("elsewhere.toml".into()));
        assert_eq!(explicit.team_path(), Some(PathBuf::from("elsewhere.toml")));
    }

    #[test]
    fn a_missing_explicit_team_file_fails_the_reload_and_keeps_the_old_team() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team.toml");
        write(&team, "scrum_master = \"#scrum\"\n");
        let sources = Sources::new(None, Some(team.clone()));
        let live = Live::new(sources.load().unwrap(), sources, Metrics::new());
        std::fs::remove_file(&team).unwrap();

        let error = live.reload().unwrap_err();

        assert!(error.to_string().contains("team.toml"), "{error}");
        assert_eq!(
            live.snapshot()
                .team()
                .unwrap()
                .line(
                    &Owner::role("scrum_master"),
                    live.snapshot().engine.rules(),
                    str::to_string
                )
                .as_deref(),
            Some("In this workspace: #scrum")
        );
    }
}
