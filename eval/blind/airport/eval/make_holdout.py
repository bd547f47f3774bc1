#!/usr/bin/env python3
"""Build holdout.jsonl for the Northmoor airport table.

Questions below were written by hand from the three source documents in ../sources.
This script only adds ids, derives each question's expected `sources` from the quotes of
its expected topic(s) in ../topics/*.toml, and checks that every must_mention term occurs
in that topic's answer or quotes. It never runs the bot.
"""
import glob, json, os, re, sys, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.dirname(HERE)

topics = {}
for p in sorted(glob.glob(os.path.join(TABLE, "topics", "*.toml"))):
    with open(p, "rb") as f:
        for t in tomllib.load(f)["topic"]:
            topics[t["id"]] = t

def owner_label(t):
    o = t["owner"]
    return "shared" if isinstance(o, list) else o

# (kind, question, topic, must_mention[, topic2]) ; out_of_scope: (kind, question)
Q = [
    # ---- direct (14)
    ("direct", "who activates the AEP?", "emergency-plan-activation", "emergency"),
    ("direct", "who allocates the check-in desks for tomorrow?", "checkin-desk-allocation", "desk*"),
    ("direct", "who is responsible for runway inspections?", "runway-inspections", "inspection*"),
    ("direct", "who signs off the loading instruction before the doors close?", "aircraft-loading", "loading"),
    ("direct", "who resets the fire alarm after it goes off?", "fire-alarm-activations", "reset"),
    ("direct", "who deals with unattended items in the terminal?", "unattended-items", "cordon"),
    ("direct", "who runs the airside driving permit course?", "airside-driving-permits", "permit*"),
    ("direct", "who do I book the ambulift with?", "wheelchairs-ambulift", "ambulift"),
    ("direct", "who is responsible for lost property?", "lost-property", "lost"),
    ("direct", "who handles complaints from passengers?", "complaints", "complaint*"),
    ("direct", "who runs the weekly FOD walk?", "fod", "FOD"),
    ("direct", "who maintains the airfield ground lighting?", "airfield-lighting-faults", "lighting"),
    ("direct", "who decides on evacuating the terminal?", "terminal-evacuation", "evacuat*"),
    ("direct", "who does bird control on the airfield?", "wildlife-control", "bird*"),
    # ---- paraphrase (25)
    ("paraphrase", "there's a bag sitting on its own by gate 3 for ages and nobody's come back for it, who do I call?", "unattended-items", "unattended"),
    ("paraphrase", "a passenger just handed me a phone she found on a seat in departures, where does it go?", "lost-property", "desk"),
    ("paraphrase", "the ladies in arrivals are in a right state and there's no paper left, who sorts that out?", "terminal-cleaning", "toilet*"),
    ("paraphrase", "boards still say gate 2 for the Dublin but it's moved to gate 5, who changes that?", "flight-information-screens", "screen*|FIDS"),
    ("paraphrase", "bags have stopped coming round on belt 1 and people are getting cross, who do I ring?", "baggage-reclaim-faults", "belt*"),
    ("paraphrase", "handling agent wants their A320 parked somewhere else tonight, who do they need to ask?", "stand-allocation", "stand*"),
    ("paraphrase", "load of gulls sat on the grass next to the runway again, who gets rid of them?", "wildlife-control", "wildlife|bird*"),
    ("paraphrase", "someone spotted a chunk of metal lying on the taxiway near the holding point, who do we tell?", "fod", "taxiway*"),
    ("paraphrase", "the tug's brakes feel really spongy, who do I tell before someone else takes it out?", "gse-defects", "workshop"),
    ("paraphrase", "jet fuel is pouring out under the wing on stand 4, who takes charge?", "fuel-spills", "fuel*"),
    ("paraphrase", "inbound has a gear problem and the trucks are rolling out, who's in charge out there?", "aircraft-emergency-response", "scene"),
    ("paraphrase", "the last Alicante is cancelled at 10pm and 150 people are stuck here overnight, who decides if we give them food and blankets?", "passenger-welfare-disruption", "welfare|blanket*"),
    ("paraphrase", "alarm's going off in the staff room, pretty sure it's just burnt toast, am I ok to silence it myself?", "fire-alarm-activations", "alarm"),
    ("paraphrase", "the easyJet rep wants a couple more counters for their 6am wave tomorrow, who do I send her to?", "checkin-desk-allocation", "desk*"),
    ("paraphrase", "someone just rang the info desk saying there's a bomb in the building, who do I pass that to?", "unattended-items", "bomb"),
    ("paraphrase", "my badge went missing on the bus home last night, who needs to know?", "id-passes", "pass*"),
    ("paraphrase", "queue for screening is back out to the check-in hall, who can get more staff on it?", "security-lanes", "lane*"),
    ("paraphrase", "lady at check-in says there's no way she can manage the aircraft steps, who do I get?", "wheelchairs-ambulift", "ambulift"),
    ("paraphrase", "a gentleman has turned up needing help to get to the gate but the airline never told us he was coming, who looks after him?", "prm-assistance-requests", "booking|assistance"),
    ("paraphrase", "a mum says her son is autistic and really struggles with the crowds, is there someone who handles that kind of thing?", "hidden-disabilities", "lanyard*|quiet"),
    ("paraphrase", "a passenger has written in furious about how long she waited at the info desk, who replies to her?", "complaints", "complaint*"),
    ("paraphrase", "can someone put a call out over the speakers for a Mr Patel to come to the front?", "pa-announcements", "announcement*"),
    ("paraphrase", "I nearly got clipped by a baggage tractor reversing on stand 6, where do I write that up?", "occurrence-reporting", "report*"),
    ("paraphrase", "our new starter needs to be able to take the van onto the apron, who does he go and see?", "airside-driving-permits", "permit*"),
    ("paraphrase", "who chases the caterers and the cleaners so the aircraft is ready to push on time?", "turnaround-coordination", "turnaround"),
    # ---- typo (10)
    ("typo", "who alocates check in desks?", "checkin-desk-allocation", "desk*"),
    ("typo", "who do i tell abot a broken tug", "gse-defects", "workshop"),
    ("typo", "who handels lost propery?", "lost-property", "lost"),
    ("typo", "who runs the sunflowr lanyard sceme", "hidden-disabilities", "sunflower"),
    ("typo", "who inspcts the runway in the mornign?", "runway-inspections", "inspection*"),
    ("typo", "who resets teh fire alarm", "fire-alarm-activations", "alarm"),
    ("typo", "who deals with a fuel spil on stand", "fuel-spills", "spill*"),
    ("typo", "who approves refreshmnet vouchers when flights are delayed", "passenger-welfare-disruption", "voucher*"),
    ("typo", "who issues aiport ID passess?", "id-passes", "pass*"),
    ("typo", "who coordinats the turnround on stand", "turnaround-coordination", "turnaround"),
    # ---- comparison (6)
    ("comparison", "what's the difference between the ADM and terminal services?", "adm-vs-terminal-services", "terminal"),
    ("comparison", "ramp supervisor vs airside operations officer, who does what?", "ramp-vs-airside-ops", "airfield"),
    ("comparison", "how is the PRM coordinator different from the info desk team leader?", "prm-vs-customer-services", "assistance"),
    ("comparison", "duty manager or TSM, which one looks after what in the terminal?", "adm-vs-terminal-services", "terminal"),
    ("comparison", "is moving an aircraft to another stand the ramp sup's call or the AOO's?", "stand-allocation", "stand*"),
    ("comparison", "is booking the ambulift the info desk's job or PRM's?", "wheelchairs-ambulift", "ambulift"),
    # ---- info (5)
    ("info", "what time does security open in the morning?", "terminal-opening-hours", "security"),
    ("info", "what's the duty engineer's extension?", "key-extensions", "2260"),
    ("info", "local standby vs full emergency, what's the actual difference?", "emergency-categories", "standby"),
    ("info", "which radio channel is terminal services on?", "key-extensions", "channel"),
    ("info", "is the ops centre manned overnight?", "terminal-opening-hours", "hours"),
    # ---- multi (5)
    ("multi", "who allocates the stands, and who coordinates the turnaround once the aircraft is on it?", "stand-allocation", "stand*", "turnaround-coordination"),
    ("multi", "I've lost my ID pass and my airside driving permit, who do I tell about each?", "id-passes", "pass*", "airside-driving-permits"),
    ("multi", "who resets the fire alarm and who decides whether to evacuate the terminal?", "fire-alarm-activations", "alarm", "terminal-evacuation"),
    ("multi", "who fixes a jammed reclaim belt and who gets the screens changed to show the new belt?", "baggage-reclaim-faults", "belt*", "flight-information-screens"),
    ("multi", "who sorts out a broken belt loader, and who do I report the near miss it caused to?", "gse-defects", "workshop", "occurrence-reporting"),
    # ---- out of scope (15)
    ("out_of_scope", "what's the staff wifi password?"),
    ("out_of_scope", "I can't log in to the rostering system, who can reset my login?"),
    ("out_of_scope", "when does pay go in this month?"),
    ("out_of_scope", "how do I book annual leave for august?"),
    ("out_of_scope", "is the staff canteen open for lunch yet?"),
    ("out_of_scope", "where are we meant to park for the early shift?"),
    ("out_of_scope", "what's the weather looking like tomorrow morning, any fog?"),
    ("out_of_scope", "is Dave on shift today?"),
    ("out_of_scope", "when's the next fire drill?"),
    ("out_of_scope", "who do I ask for a new uniform jacket?"),
    ("out_of_scope", "a journalist is on the phone asking about the diversion, what do I tell them?"),
    ("out_of_scope", "passenger says his suitcase never arrived from Palma, who deals with that?"),
    ("out_of_scope", "what time does the duty free shop open?"),
    ("out_of_scope", "where do I sign out a radio at the start of my shift?"),
    ("out_of_scope", "how much is a taxi into town from the rank?"),
]

def srcs(tid):
    out = []
    for s in topics[tid].get("sources", []):
        if s["source"] not in out:
            out.append(s["source"])
    return out

def text_of(tid):
    t = topics[tid]
    return " ".join([t["answer"]] + [s["quote"] for s in t.get("sources", [])])

def has_term(text, term):
    for alt in term.split("|"):
        alt = alt.strip()
        pat = re.escape(alt[:-1]) + r"\w*" if alt.endswith("*") else re.escape(alt)
        if re.search(r"(?<!\w)" + pat + r"(?!\w)", text, re.I):
            return True
    return False

rows, errors = [], []
for i, q in enumerate(Q, 1):
    qid = f"a{i:03d}"
    kind = q[0]
    if kind == "out_of_scope":
        rows.append({"id": qid, "q": q[1], "owner": "none", "topic": None, "kind": kind,
                     "sources": [], "must_mention": []})
        continue
    _, text, tid, mm = q[:4]
    if tid not in topics:
        errors.append(f"{qid}: unknown topic {tid}")
        continue
    if not has_term(text_of(tid), mm):
        errors.append(f"{qid}: must_mention {mm!r} not in topic {tid}")
    row = {"id": qid, "q": text, "owner": owner_label(topics[tid]), "topic": tid, "kind": kind,
           "sources": srcs(tid), "must_mention": [mm]}
    if kind == "multi":
        t2 = q[4]
        row["owner2"] = owner_label(topics[t2])
        row["topic2"] = t2
        row["sources"] = row["sources"] + [s for s in srcs(t2) if s not in row["sources"]]
    rows.append(row)

want = {"direct": 14, "paraphrase": 25, "typo": 10, "comparison": 6, "info": 5, "multi": 5, "out_of_scope": 15}
have = {}
for r in rows:
    have[r["kind"]] = have.get(r["kind"], 0) + 1
if have != want:
    errors.append(f"kind counts {have} != {want}")
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
with open(os.path.join(HERE, "holdout.jsonl"), "w") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"wrote {len(rows)} questions: {have}")
