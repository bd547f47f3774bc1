#!/usr/bin/env python3
"""Table-agnostic probes of every rules table in the repository (see README.md).

    python3 eval/probes/probe.py [--bot target/release/rolecall] [--show]
"""
import argparse, collections, glob, json, os, random, subprocess, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COMPARISONS = ["what's the difference between the {a} and the {b}?", "{a} vs {b}?",
               "is the {a} the same as the {b}?", "how do the {a} and the {b} split the work?",
               "{a} or {b}, what's the difference?", "difference between {a} and {b}",
               "how is a {a} different from a {b}?", "what does the {a} do that the {b} doesn't?"]
SETTINGS = ["sorry to bother you, first week here and nobody told me, who handles {t}?",
            "we've got a customer waiting on the phone, who handles {t}?",
            "my colleague is off sick today and i'm covering, who handles {t}?",
            "quick one before the weekend: who handles {t}?",
            "the coffee machine is broken again but anyway, who handles {t}?",
            "i asked around the office and got three different answers, who handles {t}?",
            "my manager is away this week, who handles {t}?", "new starter here, who handles {t}?"]
COURTESIES = ["hey all, quick question - who handles {t}?", "thanks in advance! who handles {t}?",
              "Not sure if this is the right place to ask, but who handles {t}?",
              "dumb question probably, who handles {t}?",
              "Can someone help me understand who handles {t}?", "Need some clarity: who handles {t}?",
              "hi team, hope you're all well. who handles {t}? cheers",
              "apologies if this is the wrong channel - who handles {t}?",
              "sorry, newbie question: who handles {t}?", "who handles {t}? many thanks in advance",
              "hello! i'm new here and still finding my feet, who handles {t}?",
              "out of curiosity, who handles {t}?"]
WRAPPED = ["hey all, quick question - {q}", "{q} thanks in advance!",
           "Not sure if this is the right place to ask, but {q}"]
STORIES = ["got a question about {t}, who do i talk to?", "it's about {t} - who deals with that?",
           "{t} came up in the meeting today, who should i ask?",
           "need some help with {t}, who's the right person?",
           "a customer asked me about {t}, who can answer that?"]
TWO_DUTIES = ["who handles {a} and who handles {b}?", "who owns {a}, and who owns {b}?",
              "who looks after {a} and who does {b}?", "{a} and {b} - who owns each?"]
FRAMES = ["who looks after {t}?", "whose job is {t}?", "who do i go to about {t}?",
          "{t} - who owns that?", "who's the go-to person for {t}?", "who handles {t}?",
          "who is responsible for {t}?", "who should i talk to about {t}?",
          "who takes care of {t}?", "who deals with {t} here?",
          "quick one: who's on the hook for {t}?", "which role covers {t}?"]


ROLE_ALONE = ["what does the {r} do?", "who is the {r}?", "what is the {r} responsible for?"]


def tables():
    return ["responses"] + sorted(glob.glob(os.path.join(ROOT, "examples/tables/*")))


def topics(table):
    for path in sorted(glob.glob(os.path.join(ROOT, table, "topics/*.toml"))):
        yield from tomllib.load(open(path, "rb"))["topic"]


def roles(table):
    path = os.path.join(ROOT, table, "roles.toml")
    return {role["id"]: role for role in tomllib.load(open(path, "rb"))["role"]}


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
    remarks = [q for q in open(os.path.join(HERE, "non_questions.txt")).read().splitlines() if q]
    score = collections.defaultdict(lambda: [0, 0])
    misses = []
    rng, pairs = random.Random(7), random.Random(3)
    for table in tables():
        name = os.path.basename(table)
        for q, a in zip(generic, ask(args.bot, table, generic)):
            score["out_of_scope declined"][0] += not a["answered"]
            score["out_of_scope declined"][1] += 1
            if a["answered"]:
                misses.append(f"{name} | out of scope answered | {q} | {a['topic']}")
        wrapped = [frame.format(q=q) for q in generic for frame in WRAPPED]
        for q, a in zip(wrapped, ask(args.bot, table, wrapped)):
            score["out_of_scope wrapped declined"][0] += not a["answered"]
            score["out_of_scope wrapped declined"][1] += 1
            if a["answered"]:
                misses.append(f"{name} | out of scope wrapped answered | {q} | {a['topic']}")
        for q, a in zip(remarks, ask(args.bot, table, remarks)):
            score["non-questions declined"][0] += not a["answered"]
            score["non-questions declined"][1] += 1
            if a["answered"]:
                misses.append(f"{name} | non-question answered | {q} | {a['topic']}")
        asked_of_roles = [(id, frame.format(r=role["name"].lower()))
                          for id, role in roles(table).items() for frame in ROLE_ALONE]
        for (id, q), a in zip(asked_of_roles, ask(args.bot, table, [q for _, q in asked_of_roles])):
            right = not a["answered"] or a.get("roles") in ([], None) or id in a["roles"]
            score["a role alone: none of another role's topics"][0] += right
            score["a role alone: none of another role's topics"][1] += 1
            if not right:
                misses.append(f"{name} | role alone | {q} | {a['topic']}")
        cases = []
        for topic in topics(table):
            if topic.get("compares"):
                first, second = (roles(table)[id] for id in topic["compares"])
                for a, b in ((first["name"].lower(), second["name"].lower()),
                             (first["aliases"][0], second["aliases"][-1])):
                    cases += [("comparisons", topic["id"], frame.format(a=a, b=b))
                              for frame in COMPARISONS]
            if topic["owner"] == "info" or topic.get("compares"):
                continue
            title = topic["title"].lower().split(" (")[0]
            cases += [("frames", topic["id"], frame.format(t=title)) for frame in FRAMES]
            cases += [("settings", topic["id"], frame.format(t=title)) for frame in SETTINGS]
            cases += [("stories", topic["id"], frame.format(t=title)) for frame in STORIES]
            cases += [("courtesies", topic["id"], frame.format(t=title)) for frame in COURTESIES]
            words = title.split()
            longest = max(range(len(words)), key=lambda at: len(words[at]))
            if len(words[longest]) >= 5:
                for kind in ("swap", "drop", "double", "change"):
                    typed = list(words)
                    typed[longest] = typo(words[longest], kind, rng)
                    cases.append(("typos", topic["id"], f"who handles {' '.join(typed)}?"))
        owned = [topic for topic in topics(table)
                 if topic["owner"] != "info" and not topic.get("compares")]
        for _ in range(15):
            first, second = pairs.sample(owned, 2)
            a, b = (topic["title"].lower().split(" (")[0] for topic in (first, second))
            cases += [("two duties", (first["id"], second["id"]), frame.format(a=a, b=b))
                      for frame in TWO_DUTIES]
        for (probe, expected, q), a in zip(cases, ask(args.bot, table, [c[2] for c in cases])):
            if probe == "two duties":
                right = a["answered"] and a.get("topics") == list(expected)
            else:
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
