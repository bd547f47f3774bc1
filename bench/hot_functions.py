#!/usr/bin/env python3
"""Write bench/hot-functions.txt: the functions `rolecall serve` runs to start and answer.

build.rs hands the list to the linker (lld's --symbol-ordering-file), which places those
functions first and side by side in .text. Why: the kernel maps a binary's code in windows
of 64-128 KiB around each page touched, so ~2,000 functions scattered over a 9 MB .text kept
8 MiB of it resident at idle; packed together they fill about 2.5 MiB (bench/README.md,
"Latest run"). The list only moves code: a stale or missing name is skipped, and the
binary stays correct, only its idle RSS grows back.

How: run the release binary under callgrind three times (a fresh question log, the same
log reopened, both with RUST_LOG unset; then --no-log with RUST_LOG=warn), each time start, answer signed slash commands, GET
/healthz, /readyz and /metrics (the probes a deployment sends an idle server), then stop;
every function of the binary that ran is listed, the most instructions first. Then once more on the real CPU under gdb, with a
breakpoint on every other function: valgrind's CPU lacks SHA-NI and AVX-512, so code
chosen by CPU feature (sha2's SHA-NI rounds for the signature check, ...) never runs under
callgrind; the functions hit there are listed after the others. Regenerate after a dependency or toolchain update
(symbol hashes change) or a large change to the start-up or request path:

  cargo build --release --locked && bench/hot_functions.py && cargo build --release --locked
  bench/hot_functions.py --check    # how much of the list the built binary still has

Needs valgrind (and gdb for the second pass; without it the pass is skipped). Standard
library only.
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


def profile(serve_args: list, out: str, extra_env: dict) -> None:
    run_driven(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}",
                BIN, "serve", "--port", str(PORT), *serve_args], extra_env)


def run_driven(command: list, extra_env: dict) -> None:
    """Starts `command` (a `serve` on PORT), sends the requests, then SIGTERM."""
    env = dict(os.environ, SLACK_SIGNING_SECRET=startup.SECRET, **extra_env)
    if "RUST_LOG" not in extra_env:
        env.pop("RUST_LOG", None)
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    deadline = time.time() + 300
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
    for bad in startup.refused(PORT):
        with socket.create_connection(("127.0.0.1", PORT)) as s:
            startup.exchange(s, bad)
    time.sleep(1.5)  # the question log's writer commits
    server = proc.pid
    if command[0] == "gdb":  # signal the server itself; gdb then writes what was hit
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                  text=True).stdout.split()
        server = int(children[0]) if children else proc.pid
    os.kill(server, 15)
    proc.wait()


# Run by gdb: a breakpoint on each listed address; one that is hit records its function,
# disables itself and lets the program go on.
GDB_SCRIPT = """
import gdb, os
hits = set()
class Hit(gdb.Breakpoint):
    def stop(self):
        hits.add(self.function_name)
        self.enabled = False
        return False
gdb.execute("set pagination off")
gdb.execute("starti")
base = None
for line in gdb.execute("info proc mappings", to_string=True).splitlines():
    part = line.split()
    if len(part) >= 5 and part[-1] == gdb.current_progspace().filename and base is None:
        base = int(part[0], 16)
for line in open(os.environ["HOT_CANDIDATES"]):
    address, name = line.split()
    point = Hit("*0x%x" % (base + int(address, 16)), internal=True)
    point.function_name = name
gdb.execute("continue")
with open(os.environ["HOT_HITS"], "w") as out:
    out.write("\\n".join(sorted(hits)) + "\\n")
"""


def real_cpu_pass(listed: set, tmp: str) -> list:
    """The functions outside `listed` that run on this CPU, by gdb breakpoints."""
    if subprocess.run(["which", "gdb"], capture_output=True).returncode != 0:
        print("no gdb: the real-CPU pass is skipped", file=sys.stderr)
        return []
    candidates, seen = [], set()
    for line in subprocess.run(["nm", BIN], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        part = line.split()
        if len(part) == 3 and part[1] in "tTwW" and part[2] not in listed \
                and part[0] not in seen:
            seen.add(part[0])
            candidates.append(f"{part[0]} {part[2]}")
    paths = {name: os.path.join(tmp, name) for name in ("cands", "hits", "script.py")}
    with open(paths["cands"], "w") as f:
        f.write("\n".join(candidates) + "\n")
    with open(paths["script.py"], "w") as f:
        f.write(GDB_SCRIPT)
    run_driven(["gdb", "-q", "-batch", "-x", paths["script.py"], "--args", BIN, "serve",
                "--port", str(PORT), "--db", os.path.join(tmp, "gdb.db")],
               {"HOT_CANDIDATES": paths["cands"], "HOT_HITS": paths["hits"]})
    return sorted(line.strip() for line in open(paths["hits"]) if line.strip())


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



def check() -> None:
    """Exits non-zero when under 90 % of the listed functions are in the built binary."""
    syms = subprocess.run(["nm", BIN], capture_output=True, text=True, check=True).stdout
    defined = {line.split()[-1] for line in syms.splitlines() if len(line.split()) == 3}
    listed = [line.strip() for line in open(OUT) if line.strip()]
    found = sum(name in defined for name in listed)
    print(f"{found} of {len(listed)} listed functions are in {BIN} "
          f"({100 * found / len(listed):.0f} %)")
    if found < 0.9 * len(listed):
        raise SystemExit("stale: regenerate with bench/hot_functions.py")


def main() -> None:
    if sys.argv[1:] == ["--check"]:
        check()
        return
    tmp = tempfile.mkdtemp(prefix="rolecall-hot-")
    total = Counter()
    # The default log level, then RUST_LOG=warn: each level runs its own filter code.
    # A fresh log, then the same file again (a restart: the open and prune of a log with rows).
    profile(["--db", os.path.join(tmp, "log.db")], os.path.join(tmp, "log.out"), {})
    profile(["--db", os.path.join(tmp, "log.db")], os.path.join(tmp, "reopen.out"), {})
    profile(["--no-log"], os.path.join(tmp, "nolog.out"), {"RUST_LOG": "warn"})
    for name in ("log.out", "reopen.out", "nolog.out"):
        total.update(executed(os.path.join(tmp, name)))
    # Only names the binary defines (callgrind also names a few from debug info).
    syms = subprocess.run(["nm", BIN], capture_output=True, text=True, check=True).stdout
    defined = {line.split()[-1] for line in syms.splitlines() if len(line.split()) == 3}
    hot = sorted((n for n in total if n in defined), key=lambda n: (-total[n], n))
    real = real_cpu_pass(set(hot), tmp)
    with open(OUT, "w") as f:
        f.write("\n".join(hot + real) + "\n")
    print(f"wrote {OUT}: {len(hot)} functions from callgrind, {len(real)} more from gdb")


if __name__ == "__main__":
    main()
