#!/usr/bin/env python3
"""Start-up to the first answered slash command, and idle RSS, of `rolecall serve`.

The peers harness (run.sh) polls with a fresh curl process every ~10 ms, so its figure is
the server's start-up plus up to one poll interval plus curl's own start. Here one TCP
connect is retried every 0.2 ms (a refused connect costs a few µs); the first connect that
succeeds sends the signed /roles command at once and waits for the 200, so the figure is
spawn -> first 200 with at most ~0.2 ms of polling in it. A connection accepted by the
kernel before the server is ready just waits in the listen backlog.

Then, like run.sh: five more signed requests, the four it must refuse (wrong signature,
stale timestamp, unsigned, body changed after signing), one second idle, and VmRSS / RssFile /
RssAnon from /proc/PID/status (idle RSS, after one answered request).

  bench/startup.py [--runs 15] [--bin target/release/rolecall] [-- serve args...]
  bench/startup.py -- --no-log          # default: serve --db <fresh file in $TMPDIR>
  bench/startup.py --cmd target/bench-peers/target/release/peer-axum-verify --path /slack/events

Standard library only. Prints one line per run and the medians.
"""
import argparse
import hashlib
import hmac
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

SECRET = "bench-startup-secret"
FIELDS = [
    ("token", "gIkuvaNzQIHg97ATvDxqgjtO"),
    ("team_id", "T0001"),
    ("team_domain", "example"),
    ("channel_id", "C2147483705"),
    ("channel_name", "sprint-team"),
    ("user_id", "U2147483697"),
    ("user_name", "steve"),
    ("command", "/roles"),
    ("text", "who owns sprint planning?"),
    ("api_app_id", "A123456"),
    ("is_enterprise_install", "false"),
    ("response_url", "https://hooks.slack.com/commands/T0001/1234/5678abcd"),
    ("trigger_id", "13345224609.738474920.8088930838d88f008e0"),
]


def request(port: int, path: str = "/slack/commands") -> bytes:
    body = urllib.parse.urlencode(FIELDS)
    ts = str(int(time.time()))
    sig = "v0=" + hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nX-Slack-Request-Timestamp: {ts}\r\n"
        f"X-Slack-Signature: {sig}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"
    ).encode()


def refused(port: int, path: str = "/slack/commands") -> list:
    """What run.sh checks before it measures idle RSS, and what a public endpoint gets:
    a wrong signature, a stale timestamp, no signature, a body changed after signing."""
    good = request(port, path)
    head, body = good.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    def with_headers(keep, extra=b"", new_body=body):
        kept = [line for line in lines if keep(line)]
        return b"\r\n".join(kept) + extra + b"\r\n\r\n" + new_body
    signature = [line for line in lines if line.startswith(b"X-Slack-Signature")][0]
    wrong = signature[:-1] + (b"0" if signature[-1:] != b"0" else b"1")
    stale = str(int(time.time()) - 600).encode()
    return [
        with_headers(lambda line: not line.startswith(b"X-Slack-Signature"),
                     b"\r\n" + wrong),
        with_headers(lambda line: not line.startswith(b"X-Slack-Request-Timestamp"),
                     b"\r\nX-Slack-Request-Timestamp: " + stale),
        with_headers(lambda line: not line.startswith(b"X-Slack-")),
        with_headers(lambda line: True, new_body=body.replace(b"steve", b"steff")),
    ]


def exchange(sock: socket.socket, req: bytes) -> bytes:
    sock.sendall(req)
    chunks = []
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def status_kb(pid: int) -> dict:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                out[key] = int(rest.split()[0])
    return out


def one_run(command: list, port: int, path: str) -> tuple:
    # RUST_LOG as given, like run.sh; PORT for the peers.
    env = dict(os.environ, SLACK_SIGNING_SECRET=SECRET, PORT=str(port))
    req = request(port, path)
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    try:
        while True:
            sock = socket.socket()
            try:
                sock.connect(("127.0.0.1", port))
                break
            except ConnectionRefusedError:
                sock.close()
                if proc.poll() is not None:
                    raise SystemExit(f"server exited with {proc.returncode}")
                time.sleep(0.0002)
        reply = exchange(sock, req)
        ms = (time.perf_counter() - t0) * 1000
        sock.close()
        if not reply.startswith(b"HTTP/1.1 200"):
            raise SystemExit(f"first reply not 200: {reply[:80]!r}")
        for _ in range(5):
            with socket.create_connection(("127.0.0.1", port)) as s:
                exchange(s, request(port, path))
        for bad in refused(port, path):  # run.sh's checks
            with socket.create_connection(("127.0.0.1", port)) as s:
                exchange(s, bad)
        time.sleep(1)
        return ms, status_kb(proc.pid)
    finally:
        proc.terminate()
        proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--bin", default="target/release/rolecall")
    ap.add_argument("--port", type=int, default=3011)
    ap.add_argument("--cmd", help="run this instead of BIN serve (it reads PORT)")
    ap.add_argument("--path", default="/slack/commands", help="axum-verify: /slack/events")
    ap.add_argument("serve_args", nargs="*")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="rolecall-startup-")
    times, rss = [], []
    for run in range(args.runs):
        serve_args = args.serve_args or ["--db", os.path.join(tmp, f"log-{run}.db")]
        command = [args.cmd] if args.cmd else [args.bin, "serve", "--port", str(args.port),
                                               *serve_args]
        ms, kb = one_run(command, args.port, args.path)
        times.append(ms)
        rss.append(kb)
        print(f"run {run + 1}: first 200 after {ms:.1f} ms; idle VmRSS {kb['VmRSS'] / 1024:.1f} MiB "
              f"(file {kb['RssFile'] / 1024:.1f}, anon {kb['RssAnon'] / 1024:.1f})", file=sys.stderr)
    med = lambda key: statistics.median(k[key] for k in rss) / 1024
    what = args.cmd or f"{args.bin} serve {' '.join(args.serve_args) or '--db FILE'}"
    print(f"{what}: {args.runs} runs, "
          f"start-up median {statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f}); "
          f"idle VmRSS median {med('VmRSS'):.1f} MiB (file {med('RssFile'):.1f}, anon {med('RssAnon'):.1f})")


if __name__ == "__main__":
    main()
