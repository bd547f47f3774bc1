"""Assign ids, fill sources from the table, check counts and must_mention terms.
Questions are written by hand below; this script only assembles and checks them."""
import json, re, tomllib, glob, os, collections
HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.dirname(HERE)
topics = {}
for f in glob.glob(os.path.join(RULES, 'topics', '*.toml')):
    for t in tomllib.load(open(f, 'rb'))['topic']:
        topics[t['id']] = t

def owner_of(tid):
    o = topics[tid]['owner']
    if isinstance(o, list): return 'shared'
    return o

def srcs(*tids):
    out = []
    for tid in tids:
        for s in topics[tid]['sources']:
            if s['source'] not in out: out.append(s['source'])
    return out

Q = []
def add(kind, q, topic=None, mm=(), owner=None, topic2=None):
    Q.append(dict(kind=kind, q=q, topic=topic, mm=list(mm), owner=owner, topic2=topic2))

# ---- direct (14)
add('direct', "who signs off a stock write-off?", 'stock-write-offs', ['write*'])
add('direct', "who plans the cycle counts the PI team do on nights?", 'cycle-counts', ['cycle count*'])
add('direct', "who books the outbound carriers?", 'carrier-bookings', ['carrier*'])
add('direct', "who grades returns on the returns bay?", 'returns-processing', ['grade*'])
add('direct', "who do i report a broken forklift to?", 'mhe-breakdowns', ['maintenance engineer'])
add('direct', "who issues permits to work for contractors?", 'contractor-permits', ['permit*'])
add('direct', "who writes the risk assessments?", 'risk-assessments', ['risk assessment*'])
add('direct', "who arranges FLT refresher training?", 'flt-training', ['refresher'])
add('direct', "who books agency labour for the shift?", 'agency-bookings', ['agency'])
add('direct', "who approves holiday requests?", 'holiday-requests', ['holiday'])
add('direct', "who puts together the weekly KPI pack for the client?", 'client-kpi-reports', ['KPI'])
add('direct', "who signs off the peak plan?", 'peak-planning', ['peak plan'])
add('direct', "who owns the inbound booking schedule?", 'inbound-booking', ['booking'])
add('direct', "who handles client complaints?", 'client-complaints', ['complaint*'])

# ---- paraphrase (25)
add('paraphrase', "supplier sent 40 cartons but the asn says 60 and the driver's still sat in the waiting room. who takes that up with the customer?", 'receiving-discrepancies', ['24 hours'])
add('paraphrase', "wms keeps sending heavy pallets up to the top beam in aisle 30. who decides what product lives where?", 'put-away-locations', ['inventory controller'])
add('paraphrase', "who draws up the plan for which bins the night team check each month?", 'cycle-counts', ['twice a year'])
add('paraphrase', "found a pallet of protein powder past its best before on level 3, can i just zero it off on the system myself?", 'stock-write-offs', ['inventory controller'])
add('paraphrase', "picker got to the location and there's nothing there, order is for the sports nutrition lot - do we hold it or send what we've got?", 'short-picks', ['shift manager'])
add('paraphrase', "we've got 6 more pallets than planned for the homewares trunk tonight, who sorts another wagon?", 'carrier-bookings', ['transport planner'])
add('paraphrase', "store says the order never arrived, who can get me the driver's signature to prove it did?", 'proof-of-delivery', ['transport planner'])
add('paraphrase', "the shop was shut when our driver got there so he brought it all back. who rearranges it?", 'failed-deliveries', ['transport log'])
add('paraphrase', "customer sent stuff back with no paperwork from the client at all, it's sat on the bay. what do we do with it?", 'returns-processing', ['authorisation'])
add('paraphrase', "who arranges the skip lorry for the scrap stuff that came back and can't be resold?", 'returns-disposal', ['waste'])
add('paraphrase', "the LLOP is making a grinding noise and the horn's stopped working, who decides if it's ok to keep using it?", 'mhe-breakdowns', ['maintenance engineer'])
add('paraphrase', "roller door on bay 7 is due its yearly look-over, who gets the door company in?", 'planned-maintenance', ['contractor*'])
add('paraphrase', "reach driver clipped a leg on the beams in aisle 14 and it's bent, who needs to know?", 'racking-inspections', ['offload*'])
add('paraphrase', "welders coming in saturday to fix the mezzanine handrail, who signs them off before they start?", 'contractor-permits', ['permit*'])
add('paraphrase', "lad from the agency cut his hand on a banding strap, nothing major - who do i tell and does it go to the HSE?", 'accident-reporting', ['RIDDOR'])
add('paraphrase', "client wants us to start kitting gift sets next week, does someone need to look at the hazards first?", 'risk-assessments', ['risk assessment*'])
add('paraphrase', "when did we last practise getting everyone out of the building on nights? who organises that?", 'fire-evacuation', ['twice a year'])
add('paraphrase', "new automotive line is brake fluid and spray paint cans, where can it go and who decides?", 'dangerous-goods', ['aerosol*'])
add('paraphrase', "new girl from the agency turned up in trainers, who can give her a pair of steel toecaps?", 'ppe-issue', ['boots'])
add('paraphrase', "i've got a counterbalance ticket but want to go on the reach trucks, who sorts the conversion?", 'flt-training', ['conversion*'])
add('paraphrase', "half the drivers on lates aren't doing the checklist on the handheld before taking trucks out, whose job is it to make sure they do?", 'pre-use-checks', ['shift manager'])
add('paraphrase', "insurance auditor wants proof everyone on nights has done manual handling, who keeps that?", 'training-records', ['skills matrix'])
add('paraphrase', "5 new temps starting monday nights, who does their site rules talk before they're let on the floor?", 'agency-inductions', ['induction*'])
add('paraphrase', "got a migraine and can't come in for my late, who do i ring?", 'absence-reporting', ['shift manager'])
add('paraphrase', "want to put in a formal complaint about how my team leader talks to me, who does it go to?", 'disciplinary-grievance', ['site general manager'])

# ---- typo (10)
add('typo', "who do i ask to book a deliverry slot for a contianer?", 'inbound-booking', ['slot*'])
add('typo', "who plans the cylce counts", 'cycle-counts', ['cycle count*'])
add('typo', "clinet wants a POD for last tuesdays delivery, who do i aks", 'proof-of-delivery', ['POD*'])
add('typo', "who is in charge of gradign the retruns", 'returns-processing', ['grade*'])
add('typo', "who organsies the fire drils?", 'fire-evacuation', ['fire drill*'])
add('typo', "my forklfit licence runs out next month who books the refresher", 'flt-training', ['refresher'])
add('typo', "who aproves holliday", 'holiday-requests', ['holiday'])
add('typo', "who needs to sign a purchse order for a new pallet wrapper", 'spend-approval', ['purchase order'])
add('typo', "client has put in a complant about late deliveries, who deals with it", 'client-complaints', ['complaint*'])
add('typo', "reach truck has broken donw in aisle 9, who do i call", 'mhe-breakdowns', ['maintenance engineer'])

# ---- comparison (6): 3 "how do A and B differ", 3 "is X A's job or B's"
add('comparison', "how do the goods in supervisor and the inventory controller differ?", 'goods-in-vs-inventory', ['receiving'])
add('comparison', "whats the difference between a shift manager and the site GM?", 'shift-vs-general-manager', ['peak plan'])
add('comparison', "h&s advisor vs training coordinator - who does what?", 'safety-vs-training', ['risk assessment*'])
add('comparison', "is putting the agency order in for tomorrow the shift manager's job or the training coordinator's?", 'agency-bookings', ['agency'])
add('comparison', "does the inventory controller or the goods in supervisor decide whether a damaged delivery gets refused at the door?", 'receiving-discrepancies', ['quarantine'])
add('comparison', "is chasing a missing POD the transport planner's job or the account manager's?", 'proof-of-delivery', ['POD*'])

# ---- info (5)
add('info', "what time is the cut off for sports nutrition orders?", 'order-cut-offs', ['sports nutrition'])
add('info', "what time do lates finish?", 'shift-patterns', ['lates'])
add('info', "if an automotive order drops at 6pm does it still go out tonight?", 'order-cut-offs', ['automotive'])
add('info', "do nights work friday night?", 'shift-patterns', ['nights'])
add('info', "how long are our breaks on shift?", 'shift-patterns', ['break*'])

# ---- multi (5)
add('multi', "forklift's broken and i need it back in service for tonight - also who books the driver's refresher after he crashed it?", 'mhe-breakdowns', ['maintenance engineer'], topic2='flt-training')
add('multi', "who do i call in sick to, and who do i ask about booking a week off in august?", 'absence-reporting', ['shift manager'], topic2='holiday-requests')
add('multi', "who deals with returns that turn up with no authorisation, and who books the carrier to send the grade C stuff back to the supplier?", 'returns-processing', ['authorisation'], topic2='carrier-bookings')
add('multi', "who approves a PO for two new pallet trucks and who keeps the ones we've got serviced?", 'spend-approval', ['purchase order'], topic2='planned-maintenance')
add('multi', "who investigates accidents on site, and who keeps the training records?", 'accident-reporting', ['investigat*'], topic2='training-records')

# ---- out of scope (15)
for q in [
    "my handheld won't let me log in, who resets the password?",
    "wheres my overtime from last month, payslip is short",
    "can i park in the front car park if i'm on nights?",
    "is it going to snow tomorrow? will the trunk still run",
    "is dave from transport in today?",
    "what's on in the canteen today?",
    "what time does the canteen shut on nights",
    "printer in the transport office has jammed again",
    "who's booking the christmas party this year?",
    "how do i change my bank details for my wages",
    "my outlook email isn't syncing on my phone",
    "what's the wifi password for the break room",
    "where can i plug my electric car in to charge?",
    "what's the peak time for traffic on the M6 in the morning?",
    "my mate wants a job here, how does he apply?",
]:
    add('out_of_scope', q)

want = dict(direct=14, paraphrase=25, typo=10, comparison=6, info=5, multi=5, out_of_scope=15)
cnt = collections.Counter(x['kind'] for x in Q)
assert cnt == want, cnt
assert len(Q) == 80

def text_of(tid):
    t = topics[tid]
    return t['answer'] + ' ' + ' '.join(s['quote'] for s in t['sources'])

def mentions(term, text):
    if term.endswith('*'):
        pat = r'\b' + re.escape(term[:-1])
    else:
        pat = r'\b' + re.escape(term) + r'\b'
    return re.search(pat, text, re.I) is not None

STOP = set('a an and the of or vs for to in on who what is'.split())
out = []
for i, x in enumerate(Q, 1):
    rec = {'id': f'w{i:03d}', 'q': x['q']}
    if x['kind'] == 'out_of_scope':
        rec.update(owner='none', topic=None, kind='out_of_scope', sources=[], must_mention=[])
    else:
        tid = x['topic']
        assert tid in topics, tid
        rec.update(owner=owner_of(tid), topic=tid, kind=x['kind'])
        ts = [tid] + ([x['topic2']] if x['topic2'] else [])
        rec['sources'] = srcs(*ts)
        rec['must_mention'] = x['mm']
        for m in x['mm']:
            assert mentions(m, text_of(tid)), (rec['id'], m)
        if x['topic2']:
            rec['owner2'] = owner_of(x['topic2'])
            rec['topic2'] = x['topic2']
        if x['kind'] == 'paraphrase':
            ql = x['q'].lower()
            t = topics[tid]
            for a in t['aliases']:
                if re.search(r'\b' + re.escape(a.lower()) + r'\b', ql):
                    print('ALIAS in paraphrase', rec['id'], a)
            for w in re.findall(r"[a-z0-9&'-]+", t['title'].lower()):
                if w not in STOP and re.search(r'\b' + re.escape(w) + r'\b', ql):
                    print('TITLE WORD in paraphrase', rec['id'], w)
    out.append(rec)

with open(os.path.join(HERE, 'holdout.jsonl'), 'w') as f:
    for r in out:
        f.write(json.dumps(r) + '\n')
print(len(out), dict(cnt))
print(collections.Counter(r['owner'] for r in out))
