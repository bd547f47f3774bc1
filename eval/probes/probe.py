#!/usr/bin/env python3
"""Table-agnostic probes of every rules table in the repository (see README.md).

    python3 eval/probes/probe.py [--bot target/release/rolecall] [--show]
"""
import argparse, collections, glob, json, os, random, subprocess, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FRAMES = ["who looks after {t}?", "whose job is {t}?", "who do i go to about {t}?",
          "{t} - who owns that?", "who's the go-to person for {t}?", "who handles {t}?",
          "who is responsible for {t}?", "who should i talk to about {t}?",
          "who takes care of {t}?", "who deals with {t} here?",
          "quick one: who's on the hook for {t}?", "which role covers {t}?"]


def tables():
    return ["responses"] + sorted(glob.glob(os.path.join(ROOT, "examples/tables/*")))


def owned_topics(table):
    for path in sorted(glob.glob(os.path.join(ROOT, table, "topics/*.toml"))):
        for topic in tomllib.load(open(path, "rb"))["topic"]:
            if topic["owner"] != "info" and not topic.get("compares"):
                yield topic


def ask(bot, table, questions):
    env = dict(os.environ, ROLECALL_RULES=os.path.join(ROOT, table))
    out = subprocess.run([bot, "ask", "--json", "-"], input="\n".join(questions) + "\n",
                         capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def typo(word, kind, rng):
    at = rng.randrange(1, len(word) - 2)
    return {"swap": word[:at] + word[at + 1] + word[at] + word[at + 2:],
            "drop": word[:at] + word[at + 1:],
            "double": word[:at] + word[at] + word[at:],
            "change": word[:at] + rng.choice("aeiourstnl") + word[at + 1:]}[kind]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bot", default=os.path.join(ROOT, "target/release/rolecall"))
    parser.add_argument("--show", action="store_true", help="list every miss")
    args = parser.parse_args()
    generic = [q for q in open(os.path.join(HERE, "out_of_scope.txt")).read().splitlines() if q]
    score = collections.defaultdict(lambda: [0, 0])
    misses = []
    rng = random.Random(7)
    for table in tables():
        name = os.path.basename(table)
        for q, a in zip(generic, ask(args.bot, table, generic)):
            score["out_of_scope declined"][0] += not a["answered"]
            score["out_of_scope declined"][1] += 1
            if a["answered"]:
                misses.append(f"{name} | out of scope answered | {q} | {a['topic']}")
        cases = []
        for topic in owned_topics(table):
            title = topic["title"].lower().split(" (")[0]
            cases += [("frames", topic["id"], frame.format(t=title)) for frame in FRAMES]
            words = title.split()
            longest = max(range(len(words)), key=lambda at: len(words[at]))
            if len(words[longest]) >= 5:
                for kind in ("swap", "drop", "double", "change"):
                    typed = list(words)
                    typed[longest] = typo(words[longest], kind, rng)
                    cases.append(("typos", topic["id"], f"who handles {' '.join(typed)}?"))
        for (probe, expected, q), a in zip(cases, ask(args.bot, table, [c[2] for c in cases])):
            right = a["answered"] and a["topic"] == expected
            score[f"{probe} right topic"][0] += right
            score[f"{probe} right topic"][1] += 1
            if not right:
                misses.append(f"{name} | {probe} | {q} | {a['topic']} (expected {expected})")
    for probe, (good, total) in score.items():
        print(f"{probe}: {good / total:.3f} of {total}")
    if args.show:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
