//! A throwaway PostgreSQL server for one test: `initdb` into a temp dir, started with
//! `pg_ctl` on a free loopback port, stopped and deleted on Drop. Postgres refuses to run as
//! root (and CI runs as root), so as root the server runs as the unprivileged `nobody`.

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SUPERUSER: &str = "rolecall";
const UNPRIVILEGED: &str = "nobody";

pub struct PostgresServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_user: Option<&'static str>,
}

impl PostgresServer {
    /// Starts a server; panics (failing the test) when the binaries are not installed.
    pub fn start() -> PostgresServer {
        let bin = find_bin_dir();
        let dir = tempfile::tempdir().expect("temp dir");
        let as_user = running_as_root(dir.path()).then_some(UNPRIVILEGED);
        if let Some(user) = as_user {
            let chowned = Command::new("chown")
                .args(["-R", user, &dir.path().to_string_lossy()])
                .status()
                .expect("chown runs");
            assert!(chowned.success(), "chown of the temp dir to {user} failed");
        }
        let server = PostgresServer {
            dir,
            bin,
            port: 0,
            as_user,
        };
        let data = server.data_dir();
        let initdb = [
            "-D",
            &data,
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        ];
        server.run_ok("initdb", &initdb);
        server.start_on_a_free_port()
    }

    fn start_on_a_free_port(mut self) -> PostgresServer {
        // A free port can be taken by someone else before postgres binds it: try a few.
        for _ in 0..5 {
            self.port = free_port();
            if self.start_again() {
                return self;
            }
        }
        let log = std::fs::read_to_string(self.log_file()).unwrap_or_default();
        panic!("postgres did not start on a free port; its log:\n{log}");
    }

    /// Starts the (stopped) server on its port. `-w` waits, bounded by `-t`, until it
    /// accepts connections.
    pub fn start_again(&self) -> bool {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let (data, log) = (self.data_dir(), self.log_file());
        let args = [
            "-D", &data, "-o", &options, "-l", &log, "-w", "-t", "30", "start",
        ];
        self.run("pg_ctl", &args).status.success()
    }

    /// Stops the server at once, dropping every connection.
    pub fn stop(&self) {
        let data = self.data_dir();
        self.run_ok(
            "pg_ctl",
            &["-D", &data, "-m", "immediate", "-w", "-t", "10", "stop"],
        );
    }

    /// Freezes the server and every backend (SIGSTOP), as a hung host would: connections
    /// stay open and nothing answers.
    #[allow(dead_code)] // not every test binary that shares this file pauses its server
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    #[allow(dead_code)]
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    /// Sends `signal` to this server's postmaster and its children only: other tests may run
    /// servers of their own.
    fn signal(&self, signal: &str) {
        let pid_file = self.dir.path().join("data").join("postmaster.pid");
        let Ok(contents) = std::fs::read_to_string(&pid_file) else {
            return;
        };
        let Some(postmaster) = contents.lines().next().map(str::trim) else {
            return;
        };
        let children = Command::new("pgrep")
            .args(["-P", postmaster])
            .output()
            .expect("pgrep runs");
        let children = String::from_utf8_lossy(&children.stdout).into_owned();
        let kill = |pid: &str| {
            Command::new("kill")
                .args([signal, pid])
                .status()
                .expect("kill runs")
                .success()
        };
        assert!(kill(postmaster), "kill {signal} {postmaster} failed");
        // A backend may have ended since pgrep listed it: one gone is not a failure.
        for child in children.split_whitespace() {
            kill(child);
        }
    }

    fn log_file(&self) -> String {
        self.dir
            .path()
            .join("server.log")
            .to_string_lossy()
            .into_owned()
    }

    /// A URL for a fresh database of this server's.
    pub fn url(&self) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/postgres", self.port)
    }

    fn data_dir(&self) -> String {
        self.dir.path().join("data").to_string_lossy().into_owned()
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        let program = self.bin.join(program);
        let mut command = match self.as_user {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(&program);
                command
            }
            None => Command::new(&program),
        };
        // The unprivileged user may not be allowed into the test's working directory.
        command
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("postgres tool runs")
    }

    fn run_ok(&self, program: &str, args: &[&str]) {
        let output = self.run(program, args);
        assert!(
            output.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for PostgresServer {
    fn drop(&mut self) {
        // A paused server would not hear pg_ctl.
        self.signal("-CONT");
        let data = self.data_dir();
        let _ = self.run(
            "pg_ctl",
            &["-D", &data, "-m", "immediate", "-w", "-t", "10", "stop"],
        );
    }
}

fn find_bin_dir() -> PathBuf {
    let versions = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten();
    let mut dirs: Vec<PathBuf> = versions
        .map(|entry| entry.path().join("bin"))
        .filter(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists())
        .collect();
    dirs.sort();
    dirs.pop().unwrap_or_else(|| {
        panic!(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: \
             run `apt-get install postgresql` (CI installs it in .ci/run)"
        )
    })
}

/// Whether this process runs as root, read from the owner of a file it just created.
fn running_as_root(dir: &Path) -> bool {
    std::fs::metadata(dir).expect("temp dir metadata").uid() == 0
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}
