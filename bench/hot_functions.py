#!/usr/bin/env python3
"""Write bench/hot-functions.txt: the functions `rolecall serve` runs to start and answer.

build.rs hands the list to the linker (lld's --symbol-ordering-file), which places those
functions first and side by side in .text. Why: the kernel maps a binary's code in windows
of 64-128 KiB around each page touched, so ~2,000 functions scattered over a 9 MB .text kept
8 MiB of it resident at idle; packed together they fill about 2.5 MiB (bench/README.md,
"Latest run"). The list only moves code: a stale or missing name is skipped, and the
binary stays correct, only its idle RSS grows back.

How: run the release binary under callgrind, twice (question log on, then --no-log), each
time start, answer signed slash commands, GET /healthz, /readyz and /metrics (the probes
a deployment sends an idle server), then stop; every function of the binary that ran is
listed, the most instructions first. Regenerate after a dependency or toolchain update
(symbol hashes change) or a large change to the start-up or request path:

  cargo build --release --locked && bench/hot_functions.py && cargo build --release --locked

Needs valgrind. Standard library only.
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import startup  # noqa: E402  (the signed request)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target/release/rolecall")
OUT = os.path.join(ROOT, "bench/hot-functions.txt")
PORT = 3019


def get(path: str) -> bytes:
    with socket.create_connection(("127.0.0.1", PORT)) as sock:
        return startup.exchange(
            sock, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
        )


def profile(serve_args: list, out: str) -> None:
    env = dict(os.environ, SLACK_SIGNING_SECRET=startup.SECRET, RUST_LOG="info")
    proc = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}",
         BIN, "serve", "--port", str(PORT), *serve_args],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    deadline = time.time() + 120
    while True:
        try:
            sock = socket.create_connection(("127.0.0.1", PORT))
            break
        except ConnectionRefusedError:
            if proc.poll() is not None or time.time() > deadline:
                raise SystemExit("rolecall serve did not start under valgrind")
            time.sleep(0.1)
    reply = startup.exchange(sock, startup.request(PORT))
    sock.close()
    assert reply.startswith(b"HTTP/1.1 200"), reply[:80]
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", PORT)) as s:
            startup.exchange(s, startup.request(PORT))
    for path in ("/healthz", "/readyz", "/metrics"):
        get(path)
    time.sleep(1.5)  # the question log's writer commits
    proc.terminate()
    proc.wait()


def executed(callgrind_out: str) -> Counter:
    """Self instruction counts of the functions of the rolecall object, by symbol name."""
    objects, names, cost = {}, {}, Counter()
    obj = fn = None
    prev_call = False
    for line in open(callgrind_out):
        line = line.rstrip("\n")
        m = re.match(r"^(c?)(ob|fn)=\((\d+)\)(?: (.*))?$", line)
        if m:
            table = objects if m.group(2) == "ob" else names
            if m.group(4):
                table[m.group(3)] = m.group(4)
            if not m.group(1):
                if m.group(2) == "ob":
                    obj = objects[m.group(3)]
                else:
                    fn = re.sub(r"'\d+$", "", names[m.group(3)])
                    if obj.endswith("/rolecall"):
                        cost[fn] += 0
            continue
        if line[:1].isdigit() or line[:1] in "+-*":
            if fn and obj and obj.endswith("/rolecall") and not prev_call:
                parts = line.split()
                if len(parts) >= 2:
                    cost[fn] += int(parts[1])
        prev_call = line.startswith("calls=")
    return cost



def main() -> None:
    tmp = tempfile.mkdtemp(prefix="rolecall-hot-")
    total = Counter()
    profile(["--db", os.path.join(tmp, "log.db")], os.path.join(tmp, "log.out"))
    profile(["--no-log"], os.path.join(tmp, "nolog.out"))
    for name in ("log.out", "nolog.out"):
        total.update(executed(os.path.join(tmp, name)))
    # Only names the binary defines (callgrind also names a few from debug info).
    syms = subprocess.run(["nm", BIN], capture_output=True, text=True, check=True).stdout
    defined = {line.split()[-1] for line in syms.splitlines() if len(line.split()) == 3}
    hot = sorted((n for n in total if n in defined), key=lambda n: (-total[n], n))
    with open(OUT, "w") as f:
        f.write("\n".join(hot) + "\n")
    print(f"wrote {OUT}: {len(hot)} functions")


if __name__ == "__main__":
    main()
