#!/usr/bin/env python3
"""Write holdout.jsonl from the hand-written questions below.

The questions were written by hand from the three handbook texts in ../sources.
This script only fills in ids, the expected owner and source ids from the table
(../roles.toml, ../topics/*.toml), and checks that every must_mention term
occurs in the expected topic's answer or quotes. It never runs the bot.
"""
import glob, json, os, re, sys, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

topics = {}
for f in sorted(glob.glob(os.path.join(ROOT, "topics", "*.toml"))):
    with open(f, "rb") as fh:
        for t in tomllib.load(fh)["topic"]:
            topics[t["id"]] = t
with open(os.path.join(ROOT, "roles.toml"), "rb") as fh:
    roles = {r["id"] for r in tomllib.load(fh)["role"]}


def owner_label(tid):
    o = topics[tid]["owner"]
    if isinstance(o, list):
        return "shared"
    return o


def source_ids(tid):
    out = []
    for s in topics[tid].get("sources", []):
        if s["source"] not in out:
            out.append(s["source"])
    return out


def mentions(tid, term):
    t = topics[tid]
    text = t["answer"] + " " + " ".join(s["quote"] for s in t.get("sources", []))
    for alt in term.split("|"):
        alt = alt.strip()
        if alt.endswith("*"):
            pat = r"\b" + re.escape(alt[:-1])
        else:
            pat = r"\b" + re.escape(alt) + r"\b"
        if re.search(pat, text, re.I):
            return True
    return False


# (kind, question, topic, must_mention[, topic2])
Q = [
    # ---- direct (14)
    ("direct", "Who deals with safeguarding concerns?", "safeguarding-concerns", "DSL"),
    ("direct", "who handles allegations against members of staff?", "allegations-against-staff", "LADO"),
    ("direct", "Who decides on suspensions and exclusions?", "suspensions-exclusions", "exclud*"),
    ("direct", "who keeps the SEN register", "sen-register-passports", "register"),
    ("direct", "Who organises the EHCP annual reviews?", "ehcp-annual-reviews", "annual"),
    ("direct", "who is in charge of exam entries?", "exam-entries", "entr*"),
    ("direct", "Who sorts out invigilators for the mocks?", "invigilation", "invigilat*"),
    ("direct", "who writes the UCAS references", "ucas-references", "UCAS"),
    ("direct", "Who builds the timetable?", "timetable", "timetable"),
    ("direct", "who approves purchase orders over £500?", "purchasing", "500"),
    ("direct", "who runs the DBS checks?", "dbs-checks", "DBS"),
    ("direct", "Who is responsible for fire safety on site?", "fire-safety", "fire"),
    ("direct", "who checks risk assessments for school trips", "trip-risk-assessments", "EVOLVE"),
    ("direct", "Who handles sixth form admissions?", "sixth-form-admissions", "admissions"),
    # ---- paraphrase (25)
    ("paraphrase", "a year 9 kid told me something really worrying at break about what goes on at home, who do I go to?", "safeguarding-concerns", "DSL"),
    ("paraphrase", "one of the girls in my tutor group showed me cuts on her arm this morning - who needs to know about this?", "safeguarding-concerns", "DSL"),
    ("paraphrase", "a Y10 lad says a naked pic of his girlfriend is going round on snapchat, who picks that up?", "safeguarding-concerns", "nude"),
    ("paraphrase", "I scribbled down what a student said to me on a bit of paper, what am I meant to do with it now?", "safeguarding-records", "CPOMS"),
    ("paraphrase", "I'm really uneasy about the way a colleague messages students on Instagram. Who should I speak to?", "allegations-against-staff", "Headteacher"),
    ("paraphrase", "One of my Y8s has been off every single Monday this half term. Who picks that up with home?", "attendance-concerns", "absence"),
    ("paraphrase", "There was a proper fight on the yard at lunch, who collects the witness statements?", "behaviour-detentions", "statements"),
    ("paraphrase", "a mum rang furious about how we handled her son's bullying and says she's putting it in writing - where does that go?", "formal-complaints", "complaint*"),
    ("paraphrase", "As head of department can I send a pupil home for a few days after what he did in the science lab?", "suspensions-exclusions", "suspend"),
    ("paraphrase", "One of my Y7s really struggles to read and copy from the board, there's nothing on his file though - who should I flag him to?", "sen-register-passports", "SENCo"),
    ("paraphrase", "Got an email asking me for a progress update on a boy with a plan from the council before his yearly meeting, who's running that?", "ehcp-annual-reviews", "review*"),
    ("paraphrase", "A girl in my Y10 class writes really slowly and never finishes tests. Could she get more time in her GCSEs and who sorts that?", "access-arrangements", "SENCo"),
    ("paraphrase", "My Y11 tutee's nan died the week before his maths paper and he was in bits. Can anyone let the board know?", "special-consideration", "consideration"),
    ("paraphrase", "A student thinks her chemistry A level grade is way too low and wants it looked at again, how does that work?", "results-reviews", "consent"),
    ("paraphrase", "I put a few of my Y11s down for foundation but now reckon they should sit higher, who needs to know?", "exam-entries", "tiers"),
    ("paraphrase", "My daughter starts nursery in September so I'd like to drop to four days a week from next year. Who do I ask?", "timetable", "part-time"),
    ("paraphrase", "A Y10 is miserable in geography and wants to swap to history instead, is that allowed and who decides?", "gcse-options", "option"),
    ("paraphrase", "I've got a hospital appointment the evening the Year 8 families come in to meet teachers, who do I let know?", "parents-evenings", "parents"),
    ("paraphrase", "Woke up with a temperature and can't come in today, who do I ring?", "staff-sickness-absence", "cover"),
    ("paraphrase", "A lad from the academy down the road wants to do A levels with us in September, who should he talk to?", "sixth-form-admissions", "admissions"),
    ("paraphrase", "One of my Y12s can't really afford the bus fare and books, is there any money she can get?", "bursary", "bursary"),
    ("paraphrase", "I drove my own car to the geography fieldwork site last week, how do I get paid back for the petrol?", "expenses", "mileage"),
    ("paraphrase", "A parent has offered to help run chess club after school - anything I need to sort out first?", "dbs-checks", "DBS"),
    ("paraphrase", "Y8 boy went over on his ankle in PE, first aider has seen him - what paperwork do I fill in and who does it go to?", "accident-reporting", "accident"),
    ("paraphrase", "The blind in S12 has snapped and nobody can see the board in the afternoons, who fixes that?", "repairs", "helpdesk"),
    # ---- typo (10)
    ("typo", "who do i report a safegaurding concern to", "safeguarding-concerns", "DSL"),
    ("typo", "who aproves school trips?", "trip-approval", "EVC"),
    ("typo", "who writes ucas refrences", "ucas-references", "UCAS"),
    ("typo", "how do i claim milage", "expenses", "mileage"),
    ("typo", "who sorts acess arrangements for exams?", "access-arrangements", "arrangement*"),
    ("typo", "who runs the year 9 optoins evening", "gcse-options", "options"),
    ("typo", "who do accident froms go to?", "accident-reporting", "accident"),
    ("typo", "who organsies fire drills", "fire-safety", "drill*"),
    ("typo", "who keeps the SEN regsiter?", "sen-register-passports", "register"),
    ("typo", "who can exlude a pupil", "suspensions-exclusions", "exclud*"),
    # ---- comparison (6)
    ("comparison", "what's the difference between the DSL and a head of year?", "dsl-vs-head-of-year", "safeguarding"),
    ("comparison", "SENCo vs exams officer - who does what when a kid needs a reader in exams?", "senco-vs-exams-officer", "reader*"),
    ("comparison", "what does the business manager do that the site manager doesn't?", "business-manager-vs-site-manager", "purchasing"),
    ("comparison", "is fixing the broken radiator in my room the business manager's job or the site manager's?", "repairs", "helpdesk"),
    ("comparison", "Is chasing a Year 10's attendance a head of year thing or does the head of sixth form do it?", "attendance-concerns", "attendance"),
    ("comparison", "should accident forms go to the site manager or the business manager?", "accident-reporting", "RIDDOR"),
    # ---- info (5)
    ("info", "what time do pupils finish on a Wednesday?", "school-day", "Wednesdays"),
    ("info", "when's break?", "school-day", "break"),
    ("info", "what do I do with a phone I've taken off a year 8?", "mobile-phones", "office"),
    ("info", "can sixth formers use their phones in lessons?", "mobile-phones", "sixth"),
    ("info", "What does a red lanyard mean on a visitor?", "visitors", "escorted"),
    # ---- multi (5)
    ("multi", "who organises fire drills, and who do accident forms go to?", "fire-safety", "fire", "accident-reporting"),
    ("multi", "who do I ask about a kid changing a GCSE option, and who makes the exam entries?", "gcse-options", "option", "exam-entries"),
    ("multi", "Who approves a residential trip and who checks the DBS for parent helpers coming along?", "trip-approval", "EVC", "dbs-checks"),
    ("multi", "who runs Thursday detention and who decides if a pupil gets suspended?", "behaviour-detentions", "detention", "suspensions-exclusions"),
    ("multi", "who keeps the SEN register and who organises the exam invigilators?", "sen-register-passports", "register", "invigilation"),
    # ---- out of scope (15)
    ("out_of_scope", "what's the wifi password for the staff network?", None, None),
    ("out_of_scope", "my school email login has stopped working, who resets it?", None, None),
    ("out_of_scope", "where do I find my payslip?", None, None),
    ("out_of_scope", "how many days annual leave do support staff get?", None, None),
    ("out_of_scope", "what's on the canteen menu today?", None, None),
    ("out_of_scope", "how do I get a parking permit for the staff car park?", None, None),
    ("out_of_scope", "is it going to snow enough to close school tomorrow?", None, None),
    ("out_of_scope", "is Mr Hughes in today?", None, None),
    ("out_of_scope", "when is the next INSET day?", None, None),
    ("out_of_scope", "who's organising the staff Christmas do this year?", None, None),
    ("out_of_scope", "who do I talk to about my teachers' pension?", None, None),
    ("out_of_scope", "who sets the homework policy for KS3?", None, None),
    ("out_of_scope", "I emailed a report to the wrong parent - who do I tell?", None, None),
    ("out_of_scope", "who organises the Year 11 prom?", None, None),
    ("out_of_scope", "who runs the school's Instagram account?", None, None),
]

WANT = {"direct": 14, "paraphrase": 25, "typo": 10, "comparison": 6, "info": 5, "multi": 5, "out_of_scope": 15}


def main():
    counts = {}
    errors = []
    lines = []
    for i, row in enumerate(Q, 1):
        kind, q, tid, mm = row[:4]
        counts[kind] = counts.get(kind, 0) + 1
        rec = {"id": f"s{i:03d}", "q": q}
        if kind == "out_of_scope":
            rec.update(owner="none", topic=None, kind=kind, sources=[], must_mention=[])
        else:
            if tid not in topics:
                errors.append(f"{rec['id']}: unknown topic {tid}")
                continue
            srcs = source_ids(tid)
            rec.update(owner=owner_label(tid), topic=tid, kind=kind)
            if kind == "multi":
                t2 = row[4]
                if t2 not in topics:
                    errors.append(f"{rec['id']}: unknown topic2 {t2}")
                    continue
                rec.update(owner2=owner_label(t2), topic2=t2)
                srcs += [s for s in source_ids(t2) if s not in srcs]
            rec.update(sources=srcs, must_mention=[mm])
            if not mentions(tid, mm):
                errors.append(f"{rec['id']}: '{mm}' not in answer/quotes of {tid}")
        for o in (rec["owner"], rec.get("owner2")):
            if o is not None and o not in roles | {"shared", "info", "none"}:
                errors.append(f"{rec['id']}: bad owner {o}")
        lines.append(rec)
    if counts != WANT:
        errors.append(f"kind counts {counts} != {WANT}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    with open(os.path.join(HERE, "holdout.jsonl"), "w") as fh:
        for rec in lines:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(lines)} questions: {counts}")


if __name__ == "__main__":
    main()
