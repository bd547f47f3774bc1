import os
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the table's folder
import json, tomllib, glob, re
T={}
for f in glob.glob(ROOT + '/topics/*.toml'):
    for t in tomllib.load(open(f,'rb'))['topic']: T[t['id']]=t
def own(tid):
    o=T[tid]['owner']; return 'shared' if isinstance(o,list) else o
def srcs(*tids):
    s=[]
    for tid in tids:
        for q in T[tid]['sources']:
            if q['source'] not in s: s.append(q['source'])
    return sorted(s)
Q=[]
def add(kind,q,tid=None,mm=(),tid2=None):
    d={"q":q}
    if kind=="out_of_scope":
        d.update(owner="none",topic=None,kind=kind,sources=[],must_mention=[])
    else:
        d.update(owner=own(tid),topic=tid)
        if tid2: d.update(owner2=own(tid2),topic2=tid2)
        d.update(kind=kind,sources=srcs(tid,*( [tid2] if tid2 else [])),must_mention=list(mm))
    Q.append(d)
D="direct"
add(D,"who does starter tenancy reviews?","starter-tenancy-reviews",["starter tenanc*"])
add(D,"who manages anti-social behaviour cases?","asb-cases",["anti-social behaviour"])
add(D,"who is responsible for gas safety checks?","gas-safety",["gas safety*"])
add(D,"who processes mutual exchanges?","mutual-exchanges",["mutual exchange*"])
add(D,"who owns the complaints procedure?","complaints",["complaint*"])
add(D,"who approves aids and adaptations?","adaptations",["adaptation*"])
add(D,"who keeps the register of interests?","declarations-of-interest",["register of interests"])
add(D,"who sends out the annual rent increase notices?","rent-increase",["rent increase*"])
add(D,"who is responsible for void works?","void-works",["void*"])
add(D,"who deals with hoarding cases?","hoarding",["hoard*"])
add(D,"who investigates tenancy fraud?","tenancy-fraud",["fraud*"])
add(D,"who arranges fire risk assessments for the blocks?","fire-safety",["fire risk assessment*"])
add(D,"who receives whistleblowing disclosures?","whistleblowing",["whistleblowing"])
add(D,"who decides on safeguarding referrals?","safeguarding-concerns",["safeguarding*"])
P="paraphrase"
add(P,"tenant in flat 4 says the people upstairs play music till 3am every night and it's been going on for months, who picks that up?","asb-cases",["noise*"])
add(P,"two neighbours keep bickering over who parks outside whose house, nothing nasty just petty - who sorts that out?","neighbour-disputes",["neighbour*"])
add(P,"lady on Elm Road passed away last week and her son who lived with her wants to stay on in the house, who decides if he can?","succession",["succe*"])
add(P,"pretty sure the guy at no. 12 is renting his flat out on airbnb and living at his girlfriend's, who looks into that?","tenancy-fraud",["sublet*"])
add(P,"nobody's seen the tenant at 7 Mill Court for about 6 weeks and the post is piling up behind the door, who takes it from here?","abandoned-homes",["abandon*"])
add(P,"tenant's asked if she can knock through between the kitchen and the living room, who gives the ok?","pets-and-alterations",["alteration*"])
add(P,"woman told me on a visit today that her partner hit her and she's scared to go home, who do I go to?","domestic-abuse",["domestic abuse"])
add(P,"I'm worried about a kid on my patch, always seems hungry and gets left on his own for days, who do I tell?","safeguarding-concerns",["safeguarding*"])
add(P,"bloke's got mental health problems and is about to lose his flat over debts, can someone work with him for a few weeks?","tenancy-sustainment-support",["support*"])
add(P,"tenant has no idea how to fill in the form for her disability benefit, who can help her with it?","benefits-advice",["benefit*"])
add(P,"family on the 3rd floor have black spots all over the bedroom ceiling and the kids keep coughing, who owns that case these days?","damp-and-mould",["mould*"])
add(P,"boiler inspection is overdue at 22 Ash Close and the tenant keeps not letting anyone in, who chases it?","gas-safety",["gas*"])
add(P,"someone's left a mobility scooter and three bikes on the stairs in Kingfisher House, who deals with that?","fire-safety",["fire*"])
add(P,"tenant's son kicked the front door in during a row - do we make them pay for the new door, and who decides?","recharges",["recharg*"])
add(P,"pipe burst on Saturday night at a flat and the tenant couldn't get hold of anyone, who is in charge of that service?","out-of-hours-repairs",["emergenc*"])
add(P,"the plumber has been out to the same dripping tap three times now and it's still going, who do I escalate to?","responsive-repairs",["repair*"])
add(P,"older tenant can't get in and out of the bath anymore and the OT says she needs a walk-in shower, who signs that off?","adaptations",["adaptation*"])
add(P,"tenant is 6 weeks behind and not answering her phone, whose case is that?","rent-arrears",["arrears"])
add(P,"tenant on UC is over two months behind, can we get the housing money paid straight to us? who sorts that?","universal-credit-payments",["managed payment*"])
add(P,"council sent over a list of people for the new build on Carter St, who picks which applicant gets offered it?","allocations-and-nominations",["shortlist*"])
add(P,"keys are back on 9 Birch Way, who shows the new family round and gets them signed up?","viewings-and-sign-ups",["viewing*"])
add(P,"tenant's furious we've missed three appointments and wants to make it formal, who handles that?","complaints",["complaint*"])
add(P,"a contractor offered me tickets to the football, do I need to tell anyone?","declarations-of-interest",["hospitality"])
add(P,"I think my manager is fiddling the contractor invoices, who can I report it to confidentially?","whistleblowing",["whistleblowing"])
add(P,"we've tried warnings and an ABC with the lad dealing from flat 9 and nothing's working, who takes it to court?","asb-legal-action",["injunction*"])
Y="typo"
add(Y,"who dose the gas saftey checks","gas-safety",["gas*"])
add(Y,"who handels rent arreras?","rent-arrears",["arrears"])
add(Y,"whos responsable for void wroks","void-works",["void*"])
add(Y,"tennant wants a dog who gives permision","pets-and-alterations",["pet*"])
add(Y,"who deals wiht hording","hoarding",["hoard*"])
add(Y,"who runs the board meetigns","board-meetings",["board*"])
add(Y,"who do i tell about a safegaurding concern","safeguarding-concerns",["safeguarding*"])
add(Y,"mutal exchange - who processes it?","mutual-exchanges",["exchange*"])
add(Y,"who sorts out anti social behavour","asb-cases",["anti-social behaviour"])
add(Y,"damp and mold case, who owns it now","damp-and-mould",["mould*"])
C="comparison"
add(C,"what's the difference between a housing officer and a tenancy sustainment officer?","housing-officer-vs-tso",["support*"])
add(C,"HO vs TSO - who does what?","housing-officer-vs-tso",["tenanc*"])
add(C,"should I send this tenant to the TSO or their HO? not sure how the two roles differ","housing-officer-vs-tso",["support*"])
add(C,"is the sustainment officer basically the same as the patch officer?","housing-officer-vs-tso",["enforce*"])
add(C,"does the income officer or the TSO help tenants with their UC claim?","benefits-advice",["benefit*"])
add(C,"is damp and mould the HO's job or compliance's?","damp-and-mould",["damp*"])
I="info"
add(I,"what day is rent due?","rent-due-date",["Monday"])
add(I,"are there any rent free weeks this year?","rent-due-date",["rent-free*"])
add(I,"how long have we got to attend an emergency repair?","repair-timescales",["24 hours"])
add(I,"what's the target for routine repairs?","repair-timescales",["20 working days"])
add(I,"when does the new rent year start?","rent-due-date",["April"])
M="multi"
add(M,"who chases arrears and who helps the tenant claim benefits?","rent-arrears",["arrears","benefit*"],"benefits-advice")
add(M,"who does the void works and who does the sign-up afterwards?","void-works",["void*","sign*"],"viewings-and-sign-ups")
add(M,"who handles ASB and who deals with a complaint about how it was handled?","asb-cases",["anti-social behaviour","complaint*"],"complaints")
add(M,"who does gas checks and who does fire risk assessments?","gas-safety",["gas*","fire risk assessment*"],"fire-safety")
add(M,"who investigates subletting, and who do I declare a gift from a tenant to?","tenancy-fraud",["sublet*","gift*"],"declarations-of-interest")
O="out_of_scope"
for q in ["my laptop won't connect to the VPN, who do I call?",
 "who signs off my annual leave?",
 "when is payday this month?",
 "is Sarah from lettings in today?",
 "what time is the all-staff briefing on Thursday?",
 "where's good for lunch near the Kingsway office?",
 "who's organising the Christmas party this year?",
 "how do I claim mileage for my patch visits?",
 "can I get a new work phone, mine's cracked",
 "who books the meeting rooms on the 2nd floor?",
 "what's the wifi password for the guest network?",
 "who approves overtime for the repairs operatives?",
 "who do I talk to about my pension contributions?",
 "when is the next tenant fun day on the Riverside estate?",
 "who handles planning permission for the new development at Carter St?"]:
    add(O,q)
# checks
from collections import Counter
print(len(Q), Counter(d['kind'] for d in Q))
for d in Q:
    if d['topic']:
        text=" ".join([T[d['topic']]['answer']]+([T[d['topic2']]['answer']] if d.get('topic2') else [])).lower()
        for m in d['must_mention']:
            pat=re.escape(m.lower()).replace(r'\*',r'\w*')
            if not re.search(pat,text): print("MISSING",d['q'],m)
with open(ROOT + '/eval/holdout.jsonl','w') as f:
    for i,d in enumerate(Q,1):
        f.write(json.dumps({"id":f"hx{i:03d}",**d},ensure_ascii=False)+"\n")
