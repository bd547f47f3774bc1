#!/usr/bin/env bash
# Side-by-side load test: rolecall's signed /slack/commands against the peers in
# ../shared/bench/peers (axum-verify: the same signature + form work with a fixed answer;
# Bolt JS). The peers folder is read-only, so it is copied once to target/bench-peers (its
# setup: wrk, node_modules, venv, peer builds, is kept there for the next run), given a
# rolecall line, and run there; the table lands in bench/results.md (copy it into
# bench/README.md when it is the run to keep).
#
#   bench/load.sh                                   # rolecall, axum-verify, bolt-js; 1 run
#   ONLY=rolecall,axum-verify RUNS=2 bench/load.sh
#   ONLY=rolecall,rolecall-log SKIP_SETUP=1 bench/load.sh   # question log off vs on (issue 5)
#
# `rolecall` runs with --no-log; `rolecall-log` keeps the SQLite question log in a fresh file
# under $TMPDIR (issue 5: slash throughput with logging on within 10% of logging off).
#
# Targets (issue 4): c32 req/s >= 0.7x axum-verify, p99 <= 3 ms, idle RSS <= 15 MiB,
# start-up to first answer <= 50 ms. Load goes to 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEERS="${PEERS:-$ROOT/../shared/bench/peers}"
ONLY="${ONLY:-rolecall,axum-verify,bolt-js}"
RUNS="${RUNS:-1}"
PORT="${ROLECALL_BENCH_PORT:-3010}"

[ -d "$PEERS" ] || { echo "no peers harness at $PEERS" >&2; exit 2; }
(cd "$ROOT" && cargo build --release --locked -q)

WORK="${WORK:-$ROOT/target/bench-peers}"
mkdir -p "$WORK"
# Refresh the harness files, keep what its setup installed (node_modules, venv, target/).
cp -r "$PEERS/." "$WORK/"
chmod -R u+w "$WORK"
grep -v '^rolecall' "$PEERS/peers.tsv" > "$WORK/peers.tsv"
printf 'rolecall\t%s\t/slack/commands\tyes\tblocks\t%s\t%s serve --no-log --port %s\n' \
  "$PORT" "$ROOT" "$ROOT/target/release/rolecall" "$PORT" >> "$WORK/peers.tsv"
LOG_DB="${TMPDIR:-/tmp}/rolecall-bench-log.db"
rm -f "$LOG_DB" "$LOG_DB-wal" "$LOG_DB-shm"
printf 'rolecall-log\t%s\t/slack/commands\tyes\tblocks\t%s\t%s serve --db %s --port %s\n' \
  "$PORT" "$ROOT" "$ROOT/target/release/rolecall" "$LOG_DB" "$PORT" >> "$WORK/peers.tsv"

(cd "$WORK" && ./run.sh --runs "$RUNS" --only "$ONLY")
cp "$WORK/results.md" "$ROOT/bench/results.md"
echo "wrote bench/results.md"
