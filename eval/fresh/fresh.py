#!/usr/bin/env python3
"""Scores the fresh question sets (README.md here) on all thirteen tables.

    python3 eval/fresh/fresh.py [BIN] [--show]

BIN defaults to target/release/rolecall; --show lists every miss and every out-of-scope
message answered. Per table: owner accuracy and topic accuracy of the 24 in-scope
questions, wrong owners, declines, and the share of the 30 out-of-scope messages declined."""
import json, os, subprocess, sys, glob, tomllib, collections
args = [a for a in sys.argv[1:] if a != '--show']
show = '--show' in sys.argv
binary = args[0] if args else 'target/release/rolecall'
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
tables = {t: f'{root}/eval/blind/{t}' for t in ['vet','housing','library','airport','school','theatre','warehouse']}
tables.update({t: f'{root}/examples/tables/{t}' for t in ['engineering','hotel','lab','newsroom','opensource','planning']})
tot = collections.Counter()
for name, d in tables.items():
    owners = {}
    for f in glob.glob(f'{d}/topics/*.toml'):
        for t in tomllib.load(open(f, 'rb')).get('topic', []):
            o = t['owner']; owners[t['id']] = o if isinstance(o, str) else 'shared'
    ins = [l.rstrip('\n').split('\t', 1) for l in open(f'{root}/eval/fresh/in_scope/{name}.tsv') if '\t' in l]
    oos = [l.strip() for l in open(f'{root}/eval/fresh/out_of_scope/{name}.txt') if l.strip()]
    qs = [q for _, q in ins] + oos
    env = dict(os.environ, ROLECALL_RULES=d)
    out = subprocess.run([binary, 'ask', '--json', '-'], input='\n'.join(qs) + '\n', capture_output=True, text=True, env=env).stdout.splitlines()
    c = collections.Counter()
    for i, line in enumerate(out):
        a = json.loads(line)
        if i < len(ins):
            topic, q = ins[i]
            if not a['answered']: c['dec'] += 1; st = 'DEC'
            elif a['owner'] == owners.get(topic): c['ok'] += 1; st = 'ok'
            else: c['wrong'] += 1; st = 'WRONG'
            if a['answered'] and a['topic'] == topic: c['topic_ok'] += 1
            if show and st != 'ok': print(name, st, topic, a.get('topic'), round(a.get('confidence') or 0, 2), '|', q)
        else:
            if a['answered']:
                c['oos_ans'] += 1
                if show: print(name, 'OOS', a['topic'], round(a['confidence'], 2), '|', qs[i])
            else: c['oos_dec'] += 1
    n = len(ins)
    print(f"{name:12} owner {c['ok']/n:.2f} topic {c['topic_ok']/n:.2f} wrong {c['wrong']:2} dec {c['dec']:2} | oos declined {c['oos_dec']/len(oos):.2f} ({c['oos_ans']} answered)")
    tot.update(c); tot['n'] += n; tot['noos'] += len(oos)
print(f"ALL owner {tot['ok']/tot['n']:.3f} ({tot['ok']}/{tot['n']}) wrong {tot['wrong']} dec {tot['dec']} | oos declined {tot['oos_dec']/tot['noos']:.3f} ({tot['oos_ans']}/{tot['noos']} answered)")
