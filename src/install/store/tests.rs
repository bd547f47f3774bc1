//! The SQLite store end to end (Postgres runs the same calls in tests/installs).

use super::*;
use crate::config::Secret;

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

fn installation(key: &str) -> Installation {
    Installation {
        key: key.into(),
        team_id: Some(key.into()),
        team_name: Some(format!("Team {key}")),
        enterprise_id: None,
        enterprise_name: None,
        is_enterprise_install: false,
        app_id: Some("A1".into()),
        bot_user_id: Some("U0BOT".into()),
        scopes: "commands,chat:write".into(),
        installer_hash: None,
        installed_at: 1_700_000_000,
        tokens: Tokens {
            bot: Secret::new(format!("xoxb-{key}-secret")),
            refresh: Some(Secret::new(format!("xoxe-1-{key}-refresh"))),
            expires_at: Some(1_700_043_200),
        },
    }
}

async fn open(dir: &tempfile::TempDir) -> InstallStore {
    let db = dir.path().join("rolecall.db").display().to_string();
    InstallStore::open(&db, TokenKey::from_base64(KEY).unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_installation_round_trips_and_the_file_holds_no_token() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    store.save(&installation("T1")).await.unwrap();
    store.save(&installation("T2")).await.unwrap();
    let found = store.find(&["T9", "T2"]).await.unwrap().unwrap();
    assert_eq!(found, installation("T2"));
    let listed: Vec<String> = store
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(listed, ["Team T1", "Team T2"]);
    let fresh = Tokens {
        bot: Secret::new("xoxb-T1-rotated"),
        refresh: Some(Secret::new("xoxe-1-T1-next")),
        expires_at: Some(1_800_000_000),
    };
    let used = installation("T1").tokens.refresh.unwrap();
    assert!(store.replace_tokens("T1", &used, &fresh).await.unwrap());
    assert_eq!(store.find(&["T1"]).await.unwrap().unwrap().tokens, fresh);
    assert!(
        !store.replace_tokens("T1", &used, &fresh).await.unwrap(),
        "issued for a refresh token the row no longer holds"
    );
    let installed_at = store.find(&["T1"]).await.unwrap().unwrap().installed_at;
    for before in [installed_at - 1, installed_at] {
        assert!(
            !store.delete_installed_before("T1", before).await.unwrap(),
            "an uninstall that may have come before this installation ({before})"
        );
    }
    assert!(
        store
            .delete_installed_before("T1", installed_at + 1)
            .await
            .unwrap()
    );
    assert!(store.find(&["T1"]).await.unwrap().is_none());
    drop(store);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        for needle in [b"xoxb-".as_slice(), b"xoxe-"] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle));
        }
    }
}

#[tokio::test]
async fn a_state_is_taken_once_and_not_after_it_expires() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    store.put_state("a".into(), 1_000, 400).await.unwrap();
    store.put_state("b".into(), 1_000, 400).await.unwrap();
    assert!(store.take_state("a".into(), 999).await.unwrap());
    assert!(!store.take_state("a".into(), 999).await.unwrap(), "reused");
    assert!(
        !store.take_state("b".into(), 1_000).await.unwrap(),
        "expired"
    );
    assert!(!store.take_state("never".into(), 0).await.unwrap());
}

#[tokio::test]
async fn pending_states_are_bounded_and_expired_ones_make_room() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await.with_max_pending_states(2);
    store.put_state("a".into(), 1_000, 400).await.unwrap();
    store.put_state("b".into(), 2_000, 400).await.unwrap();
    let full = store.put_state("c".into(), 2_000, 400).await;
    assert!(
        matches!(full, Err(StoreError::TooManyPendingStates(2))),
        "{full:?}"
    );
    assert!(
        !store.take_state("c".into(), 400).await.unwrap(),
        "not written"
    );
    store.put_state("d".into(), 2_000, 1_000).await.unwrap();
    assert!(
        store.take_state("d".into(), 1_000).await.unwrap(),
        "room once a expired"
    );
    assert!(store.take_state("b".into(), 1_000).await.unwrap());
}

#[tokio::test]
async fn a_refresh_lease_has_one_holder_until_released_or_lapsed() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    store.save(&installation("T1")).await.unwrap();
    assert!(store.take_lease("T1", 100, 130).await.unwrap());
    assert!(!store.take_lease("T1", 101, 131).await.unwrap());
    assert!(store.take_lease("T1", 130, 160).await.unwrap(), "lapsed");
    store.release_lease("T1").await.unwrap();
    assert!(store.take_lease("T1", 131, 161).await.unwrap());
}
