#!/usr/bin/env bash
# Side-by-side load test: rolecall against Slack's Bolt JS and a bare axum server that does the
# same signature and form work (axum-verify), with ../shared/bench/peers/run.sh. Loopback only;
# every wrk run is bounded (<= 15 s). Writes the table into bench/README.md.
#
#   bench/load.sh                 # 2 runs: rolecall, rolecall with the question log, axum-verify, bolt-js
#   RUNS=1 bench/load.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
peers_src="${PEERS_DIR:-$repo/../shared/bench/peers}"
runs="${RUNS:-2}"
[ -d "$peers_src" ] || { echo "no peers at $peers_src" >&2; exit 2; }

(cd "$repo" && cargo build --release --locked -q)

# shared/ is read-only: run the peers from a scratch copy (keeps their own caches between runs).
work="${PEERS_WORK:-/tmp/rolecall-peers}"
mkdir -p "$work"
cp -r --no-preserve=mode "$peers_src/." "$work/"
chmod +x "$work"/*.sh "$work"/*.py
db="$(mktemp -d)/bench.db"
{
  grep -E '^(bolt-js|axum-verify)\b' "$peers_src/peers.tsv"
  printf 'rolecall\t3010\t/slack/commands\tyes\tephemeral\t%s\t%s serve --addr 127.0.0.1:3010 --no-log\n' "$repo" "$repo/target/release/rolecall"
  printf 'rolecall-log\t3011\t/slack/commands\tyes\tephemeral\t%s\t%s serve --addr 127.0.0.1:3011 --db %s\n' "$repo" "$repo/target/release/rolecall" "$db"
} > "$work/rolecall-peers.tsv"

(cd "$work" && RUNS="$runs" ./run.sh --peers rolecall-peers.tsv)

python3 "$here/update_readme.py" "$work/results.md" "$here/README.md"
echo "table written to $here/README.md"
