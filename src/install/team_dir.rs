//! `--team-dir DIR`: who holds each role, per workspace. `DIR/<team_id>.toml` (same format as
//! `--team`) answers that workspace; a workspace without one falls back to `--team`. Read on
//! first use and again after each reload (SIGHUP, `--watch`), as the `--team` file is.

use crate::live::Loaded;
use crate::metrics::Metrics;
use crate::team::Team;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};

#[derive(Debug)]
pub struct TeamDir {
    dir: PathBuf,
    /// A file with a mistake counts as a failed reload, as a broken `--team` does, whether
    /// it keeps a running team or falls back to `--team`.
    metrics: Metrics,
    /// Per team id: the snapshot built for it, and the base snapshot it was built from (a
    /// reload makes a new base, which makes every entry stale).
    cache: Mutex<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    built: HashMap<String, Built>,
    /// The base the entries were last swept for.
    base: Weak<Loaded>,
}

/// A workspace's snapshot, the base snapshot it was built from, and the workspace's own
/// team as last read without a mistake.
#[derive(Debug)]
struct Built {
    from: Weak<Loaded>,
    /// `None`: the base itself (no file of its own), or let go of after a reload.
    loaded: Option<Arc<Loaded>>,
    /// Kept when an edit breaks the file, as a reload keeps the running `--team`: falling
    /// back to `--team` named its people "in this workspace" until the file was fixed.
    own: Option<Arc<Team>>,
}

impl Cache {
    /// After a reload, lets go of every snapshot built on an older base: a workspace that
    /// has not asked since would otherwise keep that base's rules in memory, one copy per
    /// reload it slept through. What each workspace's file said is kept.
    fn sweep_for(&mut self, base: &Arc<Loaded>) {
        if self
            .base
            .upgrade()
            .is_some_and(|swept| Arc::ptr_eq(&swept, base))
        {
            return;
        }
        for built in self.built.values_mut() {
            built.loaded = None;
            built.from = Weak::new();
        }
        self.base = Arc::downgrade(base);
    }
}

impl TeamDir {
    pub fn new(dir: PathBuf, metrics: Metrics) -> TeamDir {
        TeamDir {
            dir,
            metrics,
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
        cache.sweep_for(base);
        let running = match cache.built.get(team_id) {
            Some(built)
                if built
                    .from
                    .upgrade()
                    .is_some_and(|from| Arc::ptr_eq(&from, base)) =>
            {
                return built.loaded.clone().unwrap_or_else(|| base.clone());
            }
            Some(built) => built.own.clone(),
            None => None,
        };
        let (loaded, own) = self.read(base, team_id, running);
        cache.built.insert(
            team_id.to_string(),
            Built {
                from: Arc::downgrade(base),
                loaded: (!Arc::ptr_eq(&loaded, base)).then(|| loaded.clone()),
                own,
            },
        );
        loaded
    }

    /// The workspace's snapshot over `base`, and its own team. A file with a mistake keeps
    /// `running`, the team read before it; with none, the workspace uses `--team`.
    fn read(
        &self,
        base: &Arc<Loaded>,
        team_id: &str,
        running: Option<Arc<Team>>,
    ) -> (Arc<Loaded>, Option<Arc<Team>>) {
        let path = self.dir.join(format!("{team_id}.toml"));
        if !path.is_file() {
            return (base.clone(), None);
        }
        let team = match (Team::load(&path, base.engine.rules()), running) {
            (Ok(team), _) => Arc::new(team),
            (Err(error), Some(running)) => {
                tracing::warn!(%error, team_id, "team file not applied: keeping this workspace's running team");
                self.metrics.reload("failed");
                running
            }
            (Err(error), None) => {
                tracing::warn!(%error, team_id, "team file unreadable: using --team for this workspace");
                // No running team to keep (a file added broken, or broken at start-up), but
                // the mistake is the same one, and the alert on failed reloads must see it.
                self.metrics.reload("failed");
                return (base.clone(), None);
            }
        };
        let loaded = Arc::new(Loaded {
            engine: base.engine.clone(),
            team: Some(team.clone()),
            rendered: Arc::default(),
        });
        (loaded, Some(team))
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

    /// A team directory where workspace T1 has a file and no other does.
    fn t1_has_a_file() -> (tempfile::TempDir, TeamDir) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("T1.toml"),
            "product_manager = \"<@U1ADA>\"\n",
        )
        .unwrap();
        let teams = TeamDir::new(dir.path().to_path_buf(), Metrics::new());
        (dir, teams)
    }

    #[test]
    fn a_workspace_with_a_file_gets_its_team_and_others_fall_back() {
        let (_dir, teams) = t1_has_a_file();
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

    /// A workspace that had not asked since a reload kept the old base's snapshot, and so
    /// its rules, alive: one copy per reload it slept through.
    #[test]
    fn a_reload_lets_go_of_the_old_rules_for_workspaces_that_have_not_asked_since() {
        let (_dir, teams) = t1_has_a_file();
        let old = base();
        drop(teams.snapshot(&old, "T1"));
        drop(teams.snapshot(&old, "T2"));
        let (old_base, old_engine) = (Arc::downgrade(&old), Arc::downgrade(&old.engine));
        drop(old);

        let reloaded = base();
        drop(teams.snapshot(&reloaded, "T3"));
        assert!(old_base.upgrade().is_none(), "the old snapshot is kept");
        assert!(old_engine.upgrade().is_none(), "the old rules are kept");
        let one = teams.snapshot(&reloaded, "T1");
        assert!(one.team().is_some_and(|team| !team.is_empty()));
        assert!(Arc::ptr_eq(&one.engine, &reloaded.engine));
    }
}
