//! `--team-dir DIR`: who holds each role, per workspace. `DIR/<team_id>.toml` (same format as
//! `--team`) answers that workspace; a workspace without one falls back to `--team`. Read on
//! first use and again after each reload (SIGHUP, `--watch`), as the `--team` file is.

use crate::live::Loaded;
use crate::team::Team;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};

#[derive(Debug)]
pub struct TeamDir {
    dir: PathBuf,
    /// Per team id: the snapshot built for it, and the base snapshot it was built from (a
    /// reload makes a new base, which makes every entry stale).
    cache: Mutex<HashMap<String, Built>>,
}

/// A workspace's snapshot and the base snapshot it was built from.
type Built = (Weak<Loaded>, Arc<Loaded>);

impl TeamDir {
    pub fn new(dir: PathBuf) -> TeamDir {
        TeamDir {
            dir,
            cache: Mutex::default(),
        }
    }

    /// `base` with workspace `team_id`'s own team, if it has a readable file.
    pub fn snapshot(&self, base: &Arc<Loaded>, team_id: &str) -> Arc<Loaded> {
        // Slack ids are letters and digits: anything else is no file name of ours.
        if team_id.is_empty() || !team_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return base.clone();
        }
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((built_from, loaded)) = cache.get(team_id)
            && built_from
                .upgrade()
                .is_some_and(|from| Arc::ptr_eq(&from, base))
        {
            return loaded.clone();
        }
        let loaded = self.read(base, team_id);
        cache.insert(team_id.to_string(), (Arc::downgrade(base), loaded.clone()));
        loaded
    }

    fn read(&self, base: &Arc<Loaded>, team_id: &str) -> Arc<Loaded> {
        let path = self.dir.join(format!("{team_id}.toml"));
        if !path.is_file() {
            return base.clone();
        }
        match Team::load(&path, base.engine.rules()) {
            Ok(team) => Arc::new(Loaded {
                engine: base.engine.clone(),
                team: Some(Arc::new(team)),
                rendered: Arc::default(),
            }),
            Err(error) => {
                tracing::warn!(%error, team_id, "team file unreadable: using --team for this workspace");
                base.clone()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Engine;

    fn base() -> Arc<Loaded> {
        Arc::new(Loaded::new(
            Engine::new(crate::rules::embedded().unwrap()),
            None,
        ))
    }

    #[test]
    fn a_workspace_with_a_file_gets_its_team_and_others_fall_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("T1.toml"),
            "product_manager = \"<@U1ADA>\"\n",
        )
        .unwrap();
        let teams = TeamDir::new(dir.path().to_path_buf());
        let base = base();
        let one = teams.snapshot(&base, "T1");
        assert!(one.team().is_some_and(|team| !team.is_empty()));
        assert!(Arc::ptr_eq(&one.engine, &base.engine), "the same rules");
        assert!(Arc::ptr_eq(&teams.snapshot(&base, "T2"), &base));
        assert!(Arc::ptr_eq(&teams.snapshot(&base, "../T1"), &base));
        assert!(Arc::ptr_eq(&teams.snapshot(&base, "T1"), &one), "cached");
        let reloaded = self::base();
        assert!(
            !Arc::ptr_eq(&teams.snapshot(&reloaded, "T1"), &one),
            "re-read after a reload"
        );
    }
}
