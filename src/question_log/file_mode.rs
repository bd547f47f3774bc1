//! The SQLite log's file permissions. It holds what people asked, so it is created for its
//! owner only (0600); SQLite gives its `-wal` and `-shm` files the database file's mode, so
//! they follow. A file that already exists is left as it is (the operator may have chosen
//! its mode), but a log readable by other users is worth a warning at start.

use std::path::{Path, PathBuf};

/// Creates `path` empty with mode 0600 unless it exists already (or is SQLite's
/// in-memory name, which is no file).
pub(crate) fn create_private(path: &Path) -> std::io::Result<()> {
    if path.as_os_str().is_empty() || path == Path::new(":memory:") {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(error) => Err(error),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// The database, `-wal` and `-shm` files that exist and that group or others may read or
/// write, with their modes.
pub(crate) fn open_to_others(path: &Path) -> Vec<(PathBuf, u32)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        companions(path)
            .into_iter()
            .filter_map(|file| {
                let mode = std::fs::metadata(&file).ok()?.permissions().mode() & 0o777;
                (mode & 0o077 != 0).then_some((file, mode))
            })
            .collect()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Vec::new()
    }
}

/// `path`, `path-wal` and `path-shm`.
pub(crate) fn companions(path: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [path.to_path_buf(), with("-wal"), with("-shm")]
}

/// Logs one warning per file of the log that others can read.
pub(crate) fn warn_if_open_to_others(path: &Path) {
    for (file, mode) in open_to_others(path) {
        tracing::warn!(
            file = %file.display(),
            mode = format!("{mode:04o}"),
            "the question log is readable by other users of this machine; `chmod 600` it (rolecall creates new ones 0600)"
        );
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_new_file_is_private_and_an_open_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.db");
        create_private(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(open_to_others(&path).is_empty());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(open_to_others(&path), vec![(path.clone(), 0o644)]);
        // An existing file keeps its mode and content.
        create_private(&path).unwrap();
        assert_eq!(open_to_others(&path).len(), 1);
    }
}
