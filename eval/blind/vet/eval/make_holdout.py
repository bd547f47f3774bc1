# Generates holdout.jsonl from the hand-written list below; owner/sources are filled from the topics.
import os
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the table's folder
import tomllib, glob, json, re
T = {}
for f in glob.glob(ROOT + '/topics/*.toml'):
    for t in tomllib.load(open(f, 'rb'))['topic']:
        T[t['id']] = t
def owner(tid):
    o = T[tid]['owner']
    return 'shared' if isinstance(o, list) else o
def srcs(*tids):
    out = []
    for tid in tids:
        for s in T[tid]['sources']:
            if s['source'] not in out: out.append(s['source'])
    return out

Q = [
# direct (14)
("direct", "who signs off clinical protocols?", "clinical-protocols", ["protocol*"]),
("direct", "who keeps the controlled drugs register?", "controlled-drugs-register", ["register"]),
("direct", "who is responsible for infection control?", "infection-control", ["infection control"]),
("direct", "who manages the appointment book?", "appointment-book", ["appointment book"]),
("direct", "who handles pet insurance claims?", "insurance-claims", ["insurance"]),
("direct", "who sets the fee schedule?", "fee-schedule", ["fee*|price*"]),
("direct", "who decides equine admissions?", "equine-admissions", ["admission*"]),
("direct", "who does the out-of-hours vet rota?", "ooh-vet-rota", ["rota"]),
("direct", "who's responsible for COSHH assessments?", "health-and-safety", ["COSHH"]),
("direct", "who does vettings?", "pre-purchase-exams", ["vetting*|pre-purchase"]),
("direct", "who runs the vaccination reminders?", "vaccination-reminders", ["reminder*"]),
("direct", "who is in charge of the dosimeter badges?", "radiation-safety", ["dosimeter*"]),
("direct", "who runs the clinical audit programme?", "clinical-audit", ["audit*"]),
("direct", "who handles refunds?", "refunds", ["refund*"]),
# paraphrase (25)
("paraphrase", "the collie in kennel 3 is crashing and the duty vet is scrubbed in on a GDV, who do I ring?", "second-on-call", ["second*"]),
("paraphrase", "client on the phone says her tom cat has been straining in the litter tray all evening, who decides if she brings him in now?", "emergency-triage", ["triage"]),
("paraphrase", "I gave the wrong dog his dose last night (he's fine) - where do I write that up and who looks at it?", "significant-events", ["significant event*|SE form"]),
("paraphrase", "we've run out of Metacam oral suspension, who do I tell so it gets reordered?", "pharmacy-stock", ["wholesaler|stock"]),
("paraphrase", "can I swap my Thursday late with Jess? I'm an RVN, who do I need to clear it with?", "nursing-rota", ["rota"]),
("paraphrase", "owner of the parvo puppy wants to know why we're all gowned up and using the foot dip - whose rules are those?", "infection-control", ["infection control|barrier"]),
("paraphrase", "I want to go on an ultrasound course in March, who do I need to ask?", "cpd", ["CPD"]),
("paraphrase", "first week here as a locum and I haven't signed anything for x-ray yet, who do I see before I take rads?", "radiation-safety", ["Local Rules"]),
("paraphrase", "Mrs Patel wants to pay off her dog's surgery bill monthly, who do I pass her to?", "payment-plans", ["payment plan*"]),
("paraphrase", "a client has ignored three letters about a £900 bill from June, who chases that?", "overdue-accounts", ["overdue|debt*"]),
("paraphrase", "someone just walked in with a cat they found under their car, no collar, who deals with it?", "stray-animals", ["stray*"]),
("paraphrase", "the Jenkins family want Bella's ashes back in a wooden box, who organises that?", "cremation", ["cremation*|ashes"]),
("paraphrase", "a client is fuming about waiting 50 minutes and wants to speak to someone in charge", "client-complaints", ["complaint*"]),
("paraphrase", "a buyer is on the line wanting a horse checked over before they hand over the money, who can do that?", "pre-purchase-exams", ["pre-purchase|vetting*"]),
("paraphrase", "the pony that came in this morning has a snotty nose and big lumps under its jaw, who decides where it goes?", "equine-isolation", ["strangles|isolation"]),
("paraphrase", "livery yard rang at 11pm, their mare is rolling and sweating - who goes out to her?", "equine-ooh-cover", ["equine"]),
("paraphrase", "can we give bute to this gelding or do I need to check his paperwork first?", "horse-passports", ["passport*|food chain"]),
("paraphrase", "a stray hit by a car at 3am is in a terrible way and we can't find an owner, who can decide to put it down?", "ooh-euthanasia", ["euthanas*"]),
("paraphrase", "it's 6.55pm, who do I go through the inpatients with before I leave?", "overnight-handover", ["handover"]),
("paraphrase", "the spaniel's surgery is going to come in way over what we quoted the owner, who's in charge of that side of things?", "estimates", ["estimate*"]),
("paraphrase", "I need to swap my Saturday night on call with another vet, who OKs it?", "ooh-vet-rota", ["rota"]),
("paraphrase", "a vet wants two extra 30 minute slots blocked off every Tuesday for op admits, who can set that up?", "appointment-book", ["appointment*"]),
("paraphrase", "a client asked why a dental costs so much more than last year - who decides what we charge?", "fee-schedule", ["price*|fee*"]),
("paraphrase", "a second-year student is starting on my ward next week, who gives her a coach?", "student-nurses", ["coach*"]),
("paraphrase", "someone slipped on the wet floor in kennels and cut her hand, where does that get recorded and who's in charge of it?", "health-and-safety", ["accident book"]),
# typo (10)
("typo", "who keeps the controled drugs regster?", "controlled-drugs-register", ["register"]),
("typo", "who dose the nurisng rota", "nursing-rota", ["rota"]),
("typo", "who handels insurence claims", "insurance-claims", ["insurance"]),
("typo", "who aproves cpd cources", "cpd", ["CPD"]),
("typo", "who does pre purchse exams on horses", "pre-purchase-exams", ["pre-purchase|vetting*"]),
("typo", "whos in charge of the strangels isolaton", "equine-isolation", ["strangles|isolation"]),
("typo", "who triages emergancys out of hrs", "emergency-triage", ["triage"]),
("typo", "who sets up paymnet plans", "payment-plans", ["payment plan*"]),
("typo", "who arranges cremmations", "cremation", ["cremation*"]),
("typo", "who is responsable for the acident book", "health-and-safety", ["accident book"]),
# comparison (6)
("comparison", "CD vs PM - what's the actual difference?", "director-vs-manager", ["business"]),
("comparison", "should I take a request for a new ultrasound machine to the clinical director or the practice manager?", "director-vs-manager", ["clinical*"]),
("comparison", "duty vet or head nurse: who runs the evening handover?", "overnight-handover", ["handover"]),
("comparison", "reception lead vs accounts: who can agree a payment plan with a client?", "payment-plans", ["payment plan*"]),
("comparison", "duty vet or equine lead - who covers a horse colic at 2am?", "equine-ooh-cover", ["equine"]),
("comparison", "pharmacy lead or clinical director, whose job is the CD register?", "controlled-drugs-register", ["register"]),
# info (5)
("info", "how long is a consent form good for if the op gets postponed?", "consent-forms", ["consent*", "24"]),
("info", "what time does reception close on a Saturday?", "opening-hours", ["1pm"]),
("info", "how much do we charge for a consult at 2am?", "ooh-fees", ["245"]),
("info", "when can owners come and visit their pets on the ward?", "opening-hours", ["2pm|visit*"]),
("info", "is there an extra charge if someone brings their dog in at 9pm?", "ooh-fees", ["185"]),
]
M = [
("who handles insurance claims and who sets the price list?", "insurance-claims", "fee-schedule", ["insurance", "price*|fee*"]),
("who does the nursing rota and who does the OOH vet rota?", "nursing-rota", "ooh-vet-rota", ["nursing rota", "out-of-hours|OOH"]),
("who checks horse passports, and who hands out the dosimeters?", "horse-passports", "radiation-safety", ["passport*", "dosimeter*"]),
("who runs clinical audit and who sends out the booster reminders?", "clinical-audit", "vaccination-reminders", ["audit*", "reminder*"]),
("who decides on putting an animal to sleep overnight, and who sorts the cremation afterwards?", "ooh-euthanasia", "cremation", ["euthanas*", "cremation*"]),
]
O = [
"what's the wifi password for the staff room?",
"I'm locked out of the practice software, can someone reset my login?",
"when do we get paid this month?",
"how many days of annual leave have I got left?",
"anyone know what's for lunch today?",
"is it going to rain tomorrow? the horses are meant to be turned out",
"is Priya working this Saturday?",
"when's the Christmas party?",
"who orders the staff uniforms and scrubs?",
"who books the farrier for the horses on the yard?",
"what's the dose of meloxicam for a 20kg dog?",
"who do I talk to about my pension contributions?",
"where am I allowed to park?",
"who runs the exotics clinic for rabbits and guinea pigs?",
"when is the next RCVS practice standards inspection?",
]
rows = []
for kind, q, tid, mm in Q:
    rows.append({"q": q, "owner": owner(tid), "topic": tid, "kind": kind, "sources": srcs(tid), "must_mention": mm})
for q, t1, t2, mm in M:
    rows.append({"q": q, "owner": owner(t1), "owner2": owner(t2), "topic": t1, "topic2": t2, "kind": "multi", "sources": srcs(t1, t2), "must_mention": mm})
for q in O:
    rows.append({"q": q, "owner": "none", "topic": None, "kind": "out_of_scope", "sources": [], "must_mention": []})
# check must_mention terms against answer text + quotes (whole words, trailing * = prefix)
def has(term, text):
    for alt in term.split('|'):
        alt = alt.strip()
        pat = re.escape(alt[:-1]) + r'\w*' if alt.endswith('*') else re.escape(alt)
        if re.search(r'(?<!\w)' + pat + r'(?!\w)', text, re.I): return True
    return False
for r in rows:
    tids = [r['topic']] + ([r['topic2']] if 'topic2' in r else [])
    if r['topic'] is None: continue
    text = ' '.join(T[t]['answer'] + ' ' + ' '.join(s['quote'] for s in T[t]['sources']) for t in tids)
    for m in r['must_mention']:
        if not has(m, text): print("MUST_MENTION miss:", r['q'], m)
with open(ROOT + '/eval/holdout.jsonl', 'w') as f:
    for i, r in enumerate(rows, 1):
        f.write(json.dumps({"id": "v%03d" % i, **r}, ensure_ascii=False) + "\n")
from collections import Counter
print(len(rows), Counter(r['kind'] for r in rows))
