//! The loader reads only the files the table format names: no symlink loop is walked and
//! `tests.toml` is read only by the commands that run it.

use super::*;

/// Runs `load` on a thread and fails the test if it has not finished within `seconds`:
/// a loader that walks a symlink loop never returns.
fn finishes_within<T: Send + 'static>(
    seconds: u64,
    load: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(load());
    });
    finished
        .recv_timeout(std::time::Duration::from_secs(seconds))
        .expect("the load did not finish")
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_the_table_is_not_walked() {
    let copy = Copy::new();
    for name in ["a", "b"] {
        std::os::unix::fs::symlink(".", copy.path().join("sources").join(name)).unwrap();
        std::os::unix::fs::symlink("..", copy.path().join("topics").join(name)).unwrap();
    }
    let dir = copy.path().to_path_buf();

    let loaded = finishes_within(10, move || {
        rules::load_dir(&dir).map(|rules| rules.topics.len())
    });

    assert_eq!(loaded.expect("the table loads"), 3);
}

#[test]
fn only_the_files_the_format_names_are_read() {
    let copy = Copy::new();
    std::fs::create_dir_all(copy.path().join("topics/old")).unwrap();
    std::fs::create_dir_all(copy.path().join("other-table/topics")).unwrap();
    for file in [
        "topics/old/draft.toml",
        "other-table/roles.toml",
        "other-table/topics/x.toml",
        "notes.toml",
    ] {
        copy.write(file, "this is [not valid TOML\n");
    }

    let rules = rules::load_dir(copy.path()).expect("the table loads");
    let output = copy.check();

    assert_eq!(rules.topics.len(), 3);
    assert!(output.status.success(), "{}", text(&output.stderr));
}

/// Topics parked in a folder, or in a file named `*.TOML`, are not in the table: `check`
/// says so (without failing), so the writer is not surprised when nobody gets them.
#[test]
fn check_warns_about_topic_files_it_does_not_read() {
    let copy = Copy::new();
    std::fs::create_dir_all(copy.path().join("topics/old")).unwrap();
    copy.write("topics/old/draft.toml", "");
    copy.write("topics/rota.TOML", "");

    let output = copy.check();
    let stderr = text(&output.stderr);

    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: topics/old/: a folder: its files are not read"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: topics/rota.TOML: not read"),
        "{stderr}"
    );
}

/// A table whose topics were all filed in a folder is refused for having no topic: the
/// folder warning, said before the refusal, is what tells its writer why.
#[test]
fn check_says_a_topics_folder_is_not_read_when_it_leaves_the_table_without_topics() {
    let copy = Copy::new();
    std::fs::create_dir_all(copy.path().join("topics/all")).unwrap();
    std::fs::rename(
        copy.path().join("topics/review.toml"),
        copy.path().join("topics/all/review.toml"),
    )
    .unwrap();

    let output = copy.check();
    let stderr = text(&output.stderr);

    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("no topic"), "{stderr}");
    assert!(
        stderr.contains("warning: topics/all/: a folder: its files are not read"),
        "{stderr}"
    );
}

/// Topics filed in a folder are "no topic of the table" to the test cases that name them:
/// `check` and `test` both say which folder is not read, beside the refused cases.
#[test]
fn test_cases_naming_topics_in_an_unread_folder_come_with_the_folder_warning() {
    let copy = Copy::new();
    std::fs::create_dir_all(copy.path().join("topics/old")).unwrap();
    std::fs::rename(
        copy.path().join("topics/review.toml"),
        copy.path().join("topics/old/review.toml"),
    )
    .unwrap();
    copy.write(
        "topics/kept.toml",
        "[[topic]]\nid = \"kept\"\ntitle = \"Kept\"\nowner = \"maintainer\"\n\
         answer = \"A maintainer publishes each release.\"\n\
         aliases = [\"who publishes a release\", \"who cuts a new version\", \"who ships it\"]\n\n\
         [[topic.sources]]\nsource = \"handbook\"\nquote = \"publish each release\"\n",
    );
    let rules = copy.path().to_str().unwrap();

    for command in ["check", "test"] {
        let output = rolecall(&[command, "--rules", rules], None, "");
        let stderr = text(&output.stderr);

        assert!(!output.status.success(), "{command}: {stderr}");
        assert!(
            stderr.contains("'approving-pull-requests' is no topic of the table"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains("warning: topics/old/: a folder: its files are not read"),
            "{command}: {stderr}"
        );
    }
}

#[test]
fn a_tests_toml_that_is_not_utf8_stops_test_and_check_but_not_ask_or_topics() {
    let copy = Copy::new();
    std::fs::write(copy.path().join("tests.toml"), b"[[case]]\nq = \"\xff\"\n").unwrap();
    let dir = copy.path().to_str().unwrap();

    for args in [
        &["ask", "--rules", dir, "who publishes a release"][..],
        &["topics", "--rules", dir],
    ] {
        let output = rolecall(args, None, "");
        assert!(
            output.status.success(),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    for command in ["test", "check"] {
        let output = rolecall(&[command, "--rules", dir], None, "");
        assert!(!output.status.success(), "{command}");
        assert!(
            text(&output.stderr).contains("tests.toml: cannot read"),
            "{command}: {}",
            text(&output.stderr)
        );
    }
}

#[cfg(unix)]
#[test]
fn a_topic_file_that_is_a_symlink_to_nothing_is_named_not_skipped() {
    let copy = Copy::new();
    std::os::unix::fs::symlink(
        copy.path().join("moved-away.toml"),
        copy.path().join("topics").join("incidents.toml"),
    )
    .unwrap();

    let loaded = rules::load_dir(copy.path());

    assert!(
        matches!(&loaded, Err(LoadError::Read { file, .. }) if file.ends_with("topics/incidents.toml")),
        "{:?}",
        loaded.map(|rules| rules.topics.len())
    );
    copy.check_fails_saying("incidents.toml");
}

#[cfg(target_os = "linux")]
#[test]
fn a_topic_file_whose_name_is_not_utf8_is_named_not_skipped() {
    use std::os::unix::ffi::OsStrExt;
    let copy = Copy::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.toml");
    std::fs::write(
        copy.path().join("topics").join(name),
        "this is [not valid TOML\n",
    )
    .unwrap();

    let loaded = rules::load_dir(copy.path());

    assert!(
        matches!(&loaded, Err(LoadError::Read { file, reason }) if file.contains("caf") && reason.contains("not UTF-8")),
        "{:?}",
        loaded.map(|rules| rules.topics.len())
    );
    copy.check_fails_saying("not UTF-8");
}

#[test]
fn a_file_not_saved_as_utf8_says_to_save_it_as_utf8() {
    let copy = Copy::new();
    let source = std::fs::read_dir(copy.path().join("sources"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .expect("the fixture has a source text");
    // Windows-1252, as Notepad or Word may save a handbook: "café" with a lone 0xE9.
    let mut windows_1252 = std::fs::read(&source).unwrap();
    windows_1252.extend_from_slice(b"\nThe caf\xe9 is open.\n");
    std::fs::write(&source, windows_1252).unwrap();
    let sources = copy.path().join("sources");
    let check_sources = rolecall(
        &[
            "check",
            "--rules",
            copy.path().to_str().unwrap(),
            "--sources",
            sources.to_str().unwrap(),
        ],
        None,
        "",
    );
    // UTF-16, as Notepad's "Unicode" saves a file.
    let utf16: Vec<u8> = "[[role]]\nid = \"reviewer\"\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(
        copy.path().join("roles.toml"),
        [&[0xFF, 0xFE][..], &utf16].concat(),
    )
    .unwrap();
    let check_roles = copy.check();

    for (what, output) in [("source", check_sources), ("roles.toml", check_roles)] {
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{what}");
        assert!(
            stderr.contains(
                "not UTF-8 text; open it in a text editor and save it again with the encoding UTF-8"
            ),
            "{what}: {stderr}"
        );
    }
}

/// A table made where file names ignore case (a laptop) is read the same on a server where
/// they do not, and a source's text may have another extension than `.txt`.
#[test]
fn file_names_in_another_case_and_a_source_text_not_named_txt_are_read() {
    let copy = Copy::new();
    let path = copy.path();
    for (from, to) in [
        ("roles.toml", "Roles.toml"),
        ("sources.toml", "Sources.toml"),
        ("topics", "Topics"),
        ("sources/handbook.txt", "sources/handbook.TXT"),
    ] {
        std::fs::rename(path.join(from), path.join(to)).unwrap();
    }
    let rules = rules::load_dir(path).expect("the table loads");
    assert_eq!(rules.topics.len(), 3);
    let output = copy.check();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("(all found verbatim)"),
        "{}",
        text(&output.stdout)
    );

    std::fs::rename(
        path.join("sources/handbook.TXT"),
        path.join("sources/handbook.md"),
    )
    .unwrap();
    let output = copy.check();
    assert!(output.status.success(), "{}", text(&output.stderr));
    // A quote the text does not hold is still found out in a text of another extension.
    copy.write("sources/handbook.md", "Nothing here.\n");
    copy.check_fails_saying("quote not found verbatim");
}

#[test]
fn a_table_saved_with_old_mac_line_endings_is_read_line_by_line() {
    // A carriage return alone ends a line in some editors' files: TOML reads none there.
    let copy = Copy::new();
    for file in ["roles.toml", "sources.toml", "topics/review.toml"] {
        let text = std::fs::read_to_string(copy.path().join(file)).unwrap();
        copy.write(file, &text.replace('\n', "\r"));
    }

    let rules = rules::load_dir(copy.path()).expect("the table loads");
    let output = copy.check();

    assert_eq!(rules.topics.len(), 3);
    assert!(output.status.success(), "{}", text(&output.stderr));
}
