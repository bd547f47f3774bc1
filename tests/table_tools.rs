//! The table keeper's tools run as the binary: printing into a closed pipe.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the child ended by itself, successfully, and said nothing on stderr.
fn assert_quiet_exit(child: std::process::Child) {
    let output = child.wait_with_output().expect("rolecall ends");
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "panic on stderr: {stderr}");
    assert!(stderr.is_empty(), "stderr: {stderr}");
    assert!(output.status.success(), "exit: {:?}", output.status);
}

#[test]
fn topics_into_a_closed_pipe_exits_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .arg("topics")
        .env_remove("ROLECALL_RULES")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rolecall runs");
    // Closed before the table has loaded, so every line topics prints meets a closed pipe.
    drop(child.stdout.take());
    assert_quiet_exit(child);
}

#[test]
fn ask_reading_stdin_into_a_pipe_closed_after_one_line_exits_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(["ask", "-"])
        .env_remove("ROLECALL_RULES")
        .env_remove("ROLECALL_TEAM")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rolecall runs");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "who runs sprint planning?").expect("question written");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    reader.read_line(&mut line).expect("one line of the answer");
    assert!(!line.is_empty());
    drop(reader);
    // The second answer is written after the reader has gone: the write meets a closed pipe.
    writeln!(stdin, "who approves the budget?").expect("question written");
    drop(stdin);
    assert_quiet_exit(child);
}
