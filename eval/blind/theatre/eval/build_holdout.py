#!/usr/bin/env python3
"""Assemble eval/holdout.jsonl from the hand-written questions below.

Questions were written by hand, blind to the bot. This script only fills in the
owner and sources from the table, assigns ids, and checks counts and that every
must_mention term occurs in the topic's answer or quotes.
"""
import glob, json, re, sys, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
topics = {}
for f in sorted(glob.glob(str(ROOT / "topics" / "*.toml"))):
    for t in tomllib.load(open(f, "rb"))["topic"]:
        topics[t["id"]] = t

def owner_of(tid):
    o = topics[tid]["owner"]
    return "shared" if isinstance(o, list) else o

def sources_of(tid):
    out = []
    for s in topics[tid]["sources"]:
        if s["source"] not in out:
            out.append(s["source"])
    return out

# (kind, question, topic, must_mention[, topic2])
Q = [
    # ---- direct (14)
    ("direct", "who calls the show on press night?", "show-calling", ["DSM"]),
    ("direct", "who holds the production budget for the autumn show?", "production-budgets", ["budget"]),
    ("direct", "who's responsible for the flying system and the LOLER inspection?", "flying-rigging", ["LOLER"]),
    ("direct", "who arranges costume fittings for the cast?", "costume-fittings", ["fitting*"]),
    ("direct", "who keeps the digs list?", "touring-digs-travel", ["digs"]),
    ("direct", "who is in charge of evacuation in the main house?", "evacuation", ["evacuat*"]),
    ("direct", "who deals with lost property from the foyer?", "lost-property", ["lost property"]),
    ("direct", "who authorises refunds when a show is cancelled?", "refunds-exchanges", ["refund*"]),
    ("direct", "who is responsible for challenge 25 on the bar?", "challenge-25", ["Challenge 25"]),
    ("direct", "who is the DPS on our premises licence?", "premises-licence", ["licence"]),
    ("direct", "who signs off casting decisions?", "casting", ["casting"]),
    ("direct", "who is the designated safeguarding lead here?", "safeguarding", ["safeguarding"]),
    ("direct", "who applies for the child performance licences?", "child-performers", ["chaperone*"]),
    ("direct", "who issues actor contracts?", "contracts", ["contract*"]),
    # ---- paraphrase (25)
    ("paraphrase", "after curtain down who writes up what went wrong tonight? the sofa collapsed in act 2 and someone needs to know", "show-reports", ["show report"]),
    ("paraphrase", "nobody's told me what time i need to be in tomorrow for the act 1 scenes, who puts that out?", "rehearsal-reports", ["DSM"]),
    ("paraphrase", "we need a vintage typewriter for scene 4 by next week, who sources that kind of thing?", "props", ["props"]),
    ("paraphrase", "designer wants another 800 quid for the floor treatment, who has to say yes to that?", "production-budgets", ["budget"]),
    ("paraphrase", "who organises bringing the set into the building on monday and taking it all down after closing?", "get-in-get-out", ["get-in"]),
    ("paraphrase", "director wants real candles lit on the dinner table in scene 3, who do i need to talk to?", "risk-assessments", ["flame"]),
    ("paraphrase", "visiting company want to hang a banner off the grid for their one nighter, who has to ok that?", "flying-rigging", ["rig*"]),
    ("paraphrase", "one of the profiles in the studio is flickering like mad, who do i tell?", "technical-equipment-crew", ["fault*"]),
    ("paraphrase", "the zip on hamlet's doublet went during the duel, who fixes it before tomorrow's matinee?", "running-wardrobe", ["repair*"]),
    ("paraphrase", "i need to try on my frock properly before the dress, who do i book that with?", "costume-fittings", ["fitting*"]),
    ("paraphrase", "olivia's lost her voice and her u/s is on tonight, who lets FOH and box office know?", "understudies", ["understud*"]),
    ("paraphrase", "got food poisoning, no way i can do the matinee, who do i ring?", "company-sickness", ["Company Manager"]),
    ("paraphrase", "we're in hull next week, who books the cast's trains and somewhere to sleep?", "touring-digs-travel", ["travel"]),
    ("paraphrase", "couple turned up 20 mins after curtain up and are kicking off at the door, can the usher just let them in?", "latecomers", ["latecomer*"]),
    ("paraphrase", "someone fainted in row F during act 1, who deals with that and where does it get written up?", "audience-first-aid", ["incident log"]),
    ("paraphrase", "smoke coming out of the bar kitchen mid-show, who decides if we get everyone out?", "evacuation", ["evacuat*"]),
    ("paraphrase", "my parents want to come thursday, can i get them in for nothing? who do i ask?", "house-seats-comps", ["comps"]),
    ("paraphrase", "customer on the phone uses a powerchair and is bringing her carer, who sets that up?", "access-bookings", ["companion"]),
    ("paraphrase", "we're out of prosecco again, who deals with the supplier to get more in?", "bar-stock-interval-orders", ["stock"]),
    ("paraphrase", "wedding party on saturday want drinks served till 2am, who can agree to that?", "premises-licence", ["licence"]),
    ("paraphrase", "one of the crew sliced his hand on a flat during the changeover, where does that get logged?", "staff-accidents", ["accident book"]),
    ("paraphrase", "who decides which plays we put on next year?", "season-programming", ["season"]),
    ("paraphrase", "my niece is 13 and wants to join the tuesday evening drama group, who do i talk to?", "youth-theatre", ["youth theatre"]),
    ("paraphrase", "a 12 year old in this morning's workshop told me something worrying about home, who do i tell?", "safeguarding", ["Learning Director"]),
    ("paraphrase", "massive queue at box office at 7.28, who gets to say we wait a few minutes before curtain up?", "holding-the-curtain", ["hold*"]),
    # ---- typo (10)
    ("typo", "whos calling the shwo tonight, DSM is off sick", "show-calling", ["DSM"]),
    ("typo", "who schedlues the get-out after closing night?", "get-in-get-out", ["get-out"]),
    ("typo", "customer wants a refnud for tonight, who can ok that?", "refunds-exchanges", ["refund*"]),
    ("typo", "found a walet under seat C12, wat do i do with it", "lost-property", ["wallet*"]),
    ("typo", "who writes the rehersal report?", "rehearsal-reports", ["rehearsal report"]),
    ("typo", "who's allowed to operate the fly sytem?", "flying-rigging", ["authorised"]),
    ("typo", "do we need a risk assesment for the pyro in act 2?", "risk-assessments", ["risk assessment"]),
    ("typo", "what do we do with latecommers in the studio?", "latecomers", ["latecomer*"]),
    ("typo", "who relases the house seats for friday?", "house-seats-comps", ["house seats"]),
    ("typo", "who decides if the understuddy goes on tonight?", "understudies", ["understud*"]),
    # ---- comparison (6): 3 "how differ" -> compares topic, 3 "A's or B's job" -> real owner
    ("comparison", "whats the actual difference between the SM and the company manager?", "sm-vs-cm", ["Company Manager"]),
    ("comparison", "how do the production manager and technical manager differ? new ASM here and confused", "pm-vs-tm", ["Technical Manager"]),
    ("comparison", "FOH manager vs box office manager - how are their jobs split?", "foh-vs-box-office", ["box office"]),
    ("comparison", "is sorting digs the stage manager's job or the company manager's?", "touring-digs-travel", ["digs"]),
    ("comparison", "a lantern blew in the rig - is that the production manager's problem or the technical manager's?", "technical-equipment-crew", ["Technical Manager"]),
    ("comparison", "are wheelchair space bookings FOH's job or box office's?", "access-bookings", ["wheelchair"]),
    # ---- info (5)
    ("info", "what time is the half for a 7.30 show?", "the-half", ["35"]),
    ("info", "how many can the studio seat?", "venue-capacities", ["110"]),
    ("info", "what time does box office open on a sunday with a matinee?", "box-office-hours", ["90"]),
    ("info", "do i need to sign out if i pop to the shop in the interval?", "signing-in", ["interval"]),
    ("info", "how many wheelchair spaces are there in the main house?", "venue-capacities", ["wheelchair"]),
    # ---- multi (5)
    ("multi", "who writes the show report, and who do i tell if a radio mic is dead?", "show-reports", ["show report"], "technical-equipment-crew"),
    ("multi", "who signs off casting and who actually issues the contracts?", "casting", ["casting"], "contracts"),
    ("multi", "who okays refunds and who handles lost property?", "refunds-exchanges", ["refund*"], "lost-property"),
    ("multi", "who books chaperones for the kids in the xmas show, and who's the safeguarding lead?", "child-performers", ["chaperone*"], "safeguarding"),
    ("multi", "who runs the get-in on monday and who does the crew rota for it?", "get-in-get-out", ["get-in"], "technical-equipment-crew"),
    # ---- out of scope (15)
    ("out_of_scope", "what's the wifi password in the rehearsal room?", None, []),
    ("out_of_scope", "when do we get paid this month? thought it was the 28th", None, []),
    ("out_of_scope", "where can i park for the get-in tomorrow? the lane's blocked", None, []),
    ("out_of_scope", "is it going to rain for the outdoor promenade bit on saturday?", None, []),
    ("out_of_scope", "is jess from marketing in today?", None, []),
    ("out_of_scope", "what's the soup in the cafe today?", None, []),
    ("out_of_scope", "my laptop won't print to the production office printer, who fixes it?", None, []),
    ("out_of_scope", "anyone know a good physio near the theatre? my back's gone after the get-out", None, []),
    ("out_of_scope", "has the guardian review come out yet?", None, []),
    ("out_of_scope", "how do i update my address on my payslip?", None, []),
    ("out_of_scope", "what time does the costume hire shop on mill street close?", None, []),
    ("out_of_scope", "any decent pubs near the theatre for after press night?", None, []),
    ("out_of_scope", "who won the fantasy football league in the workshop?", None, []),
    ("out_of_scope", "does the car park ticket machine take cards?", None, []),
    ("out_of_scope", "can i get a staff discount at the cinema next door?", None, []),
]

WANT = {"direct": 14, "paraphrase": 25, "typo": 10, "comparison": 6, "info": 5, "multi": 5, "out_of_scope": 15}

def has_term(term, text):
    for alt in term.split("|"):
        alt = alt.strip()
        if alt.endswith("*"):
            pat = r"(?<!\w)" + re.escape(alt[:-1])
        else:
            pat = r"(?<!\w)" + re.escape(alt) + r"(?!\w)"
        if re.search(pat, text, re.I):
            return True
    return False

errors = []
counts = {}
rows = []
for i, item in enumerate(Q, 1):
    kind, q, tid, mm = item[:4]
    counts[kind] = counts.get(kind, 0) + 1
    row = {"id": f"t{i:03d}", "q": q}
    if tid is None:
        row.update(owner="none", topic=None, kind=kind, sources=[], must_mention=[])
    else:
        if tid not in topics:
            errors.append(f"unknown topic {tid}")
            continue
        srcs = sources_of(tid)
        row.update(owner=owner_of(tid), topic=tid, kind=kind, sources=srcs, must_mention=mm)
        if kind == "multi":
            t2 = item[4]
            row["owner2"] = owner_of(t2)
            row["topic2"] = t2
            for s in sources_of(t2):
                if s not in srcs:
                    srcs.append(s)
        t = topics[tid]
        text = t["answer"] + " " + " ".join(s["quote"] for s in t["sources"])
        for term in mm:
            if not has_term(term, text):
                errors.append(f"{row['id']}: '{term}' not in {tid}")
    if q != q.strip() or len(q) < 8:
        errors.append(f"{row['id']}: odd question")
    rows.append(row)

if counts != WANT:
    errors.append(f"counts {counts} != {WANT}")
if len(rows) != 80:
    errors.append(f"{len(rows)} rows")
qs = [r["q"] for r in rows]
if len(set(qs)) != len(qs):
    errors.append("duplicate questions")
if errors:
    print("\n".join(errors))
    sys.exit(1)
with open(ROOT / "eval" / "holdout.jsonl", "w") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print("wrote", len(rows), counts)
