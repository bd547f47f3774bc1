#!/usr/bin/env bash
# Side-by-side load test: rolecall's signed /slack/commands against the peers in
# ../shared/bench/peers (axum-verify: the same signature + form work with a fixed answer;
# Bolt JS). The peers folder is read-only, so it is copied to a scratch directory, given a
# rolecall line, and run there; the table lands in bench/results.md (copy it into
# bench/README.md when it is the run to keep).
#
#   bench/load.sh                                   # rolecall, axum-verify, bolt-js; 1 run
#   ONLY=rolecall,axum-verify RUNS=2 bench/load.sh
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

SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
cp -r "$PEERS" "$SCRATCH/peers"
chmod -R u+w "$SCRATCH/peers"
printf 'rolecall\t%s\t/slack/commands\tyes\tblocks\t%s\t%s serve --port %s\n' \
  "$PORT" "$ROOT" "$ROOT/target/release/rolecall" "$PORT" >> "$SCRATCH/peers/peers.tsv"

(cd "$SCRATCH/peers" && ./run.sh --runs "$RUNS" --only "$ONLY")
cp "$SCRATCH/peers/results.md" "$ROOT/bench/results.md"
cp "$SCRATCH/peers/results.json" "$ROOT/bench/results.json"
echo "wrote bench/results.md"
