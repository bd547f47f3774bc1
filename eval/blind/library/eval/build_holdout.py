import os
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the table's folder
import json,tomllib,glob
T={}
for f in glob.glob(ROOT + '/topics/*.toml'):
    for t in tomllib.load(open(f,'rb'))['topic']: T[t['id']]=t
def own(tid):
    o=T[tid]['owner']; return 'shared' if isinstance(o,list) else o
def srcs(*tids):
    s=[]
    for tid in tids:
        for x in T[tid]['sources']:
            if x['source'] not in s: s.append(x['source'])
    return s
Q=[]
def add(kind,q,tid,mm,tid2=None):
    d={"id":None,"q":q,"owner":own(tid),"topic":tid,"kind":kind}
    if tid2:
        d["owner2"]=own(tid2); d["topic2"]=tid2
        d["sources"]=srcs(tid,tid2)
    else: d["sources"]=srcs(tid)
    d["must_mention"]=mm
    Q.append(d)
D='direct'
add(D,"who owns the book fund?","stock-selection",["book fund"])
add(D,"who is in charge of fire drills?","health-and-safety",["fire drill*"])
add(D,"who organises the Book Festival?","events-programme",["book festival"])
add(D,"who takes room hire bookings?","room-hire",["room hire"])
add(D,"who handles formal complaints from customers?","customer-complaints",["complaint*"])
add(D,"who looks after the library website?","library-website",["website"])
add(D,"who arranges volunteer DBS checks?","volunteer-dbs-checks",["dbs"])
add(D,"who runs storytime?","storytimes",["storytime*"])
add(D,"who looks after the Home Library Service?","home-library-service",["home library service"])
add(D,"who is the system owner for the LMS?","library-management-system",["lms"])
add(D,"who decides changes to the mobile library route?","mobile-library-route",["route*|timetable*"])
add(D,"who writes the annual library service plan?","service-strategy",["service plan"])
add(D,"who does the Makerspace inductions?","makerspace-inductions",["induction*"])
add(D,"who is our designated safeguarding officer?","safeguarding",["safeguarding"])
P='paraphrase'
add(P,"a guy's been asleep in the reading room since lunch and we can't wake him, who deals with that?","disruptive-behaviour",["medical emergency"])
add(P,"there's water dripping through the ceiling in the children's corner at Riverside, who do I tell?","building-repairs",["leaks|repairs"])
add(P,"a lady swears she brought her book back months ago and the system's charging her \u00a318 for it, can I just wipe it or who can?","waiving-charges",["waive*"])
add(P,"I need to swap my Saturday shift with Priya, who sorts that out?","staff-rota",["rota"])
add(P,"customer wants a really obscure academic book that none of our branches have, who can borrow it in from another library service?","interlibrary-loans",["loan*"])
add(P,"the self checkout machine at Northgate has frozen again, who should I log that with?","public-computers",["kiosk*"])
add(P,"a customer can't get into the ebook app on her phone, who sorts out that kind of thing?","elibrary",["app"])
add(P,"a teacher from St Mary's wants to bring her Year 2 class in next month, who do I put her in touch with?","school-visits",["visit*"])
add(P,"someone at the counter asked how they could start helping out here on Saturdays, who should they speak to?","volunteer-recruitment",["volunteer*"])
add(P,"a man keeps shouting at staff at Millbrook and we want to stop him coming in for a few weeks, who makes that call?","disruptive-behaviour",["exclusion*"])
add(P,"there's a kid of about 7 still here on their own and we close in ten minutes, who do we tell?","safeguarding",["dso|safeguarding"])
add(P,"loads of people at St Anne's are asking for Polish novels, who decides whether we get more in?","stock-selection",["stock*"])
add(P,"the shelves at Riverside are full of falling-apart paperbacks from 2009, who's supposed to clear them out?","stock-withdrawal",["weeding|withdraw*"])
add(P,"the local history society want to use some of our old photos of the high street in their book, who do I ask?","local-studies",["photograph*"])
add(P,"the van wouldn't start this morning at the Oakfield stop, who do the drivers ring?","mobile-library-vehicle",["break*"])
add(P,"a GP surgery wants to refer a housebound patient who can't get to the library any more, who picks that up?","home-library-service",["home library service"])
add(P,"someone's print in the makerspace came out as a tangled mess and they want their money back, who handles that?","makerspace-equipment",["print*"])
add(P,"a local author wants to do a talk and signing at Northgate in the spring, who should she talk to?","events-programme",["event*"])
add(P,"an older gent wants help filling in forms online and learning to use his new smartphone, where do I send him?","adult-learning",["digital skills"])
add(P,"the council wants Millbrook open on Sunday afternoons, who actually makes that decision?","opening-hours",["opening hours"])
add(P,"a knitting group wants the community room every Tuesday evening, who sorts the booking and the invoice?","room-hire",["hire"])
add(P,"customer asked if we could buy the new Richard Osman for the branch, who looks at requests like that?","purchase-suggestions",["suggest*"])
add(P,"new relief assistant starts Monday and needs a login for the circulation system, who sets that up?","library-management-system",["lms"])
add(P,"we want to buy an £800 display unit for the teen area, who has to sign that off?","service-budget",["500"])
add(P,"the kids who've read their six books want to know when they get their medals, who's running all that this summer?","summer-reading-challenge",["summer reading challenge"])
Y='typo'
add(Y,"who dose the staff rotta","staff-rota",["rota"])
add(Y,"who handels custmer complaints?","customer-complaints",["complaint*"])
add(Y,"summer reding chalenge who runs it","summer-reading-challenge",["summer reading challenge"])
add(Y,"interlibary loans who","interlibrary-loans",["loan*"])
add(Y,"who do i report a safegaurding concern to","safeguarding",["safeguarding"])
add(Y,"fire risk assesment - who does it?","health-and-safety",["fire risk assessment"])
add(Y,"mobile libary timetable who decides","mobile-library-route",["timetable"])
add(Y,"who reqruits new volunters?","volunteer-recruitment",["volunteer*"])
add(Y,"who manges the ebook platfrom","elibrary",["elibrary"])
add(Y,"wedding old stock - whose job is that?","stock-withdrawal",["weeding|withdraw*"])
C='comparison'
add(C,"what's the difference between a branch manager and the ops manager?","branch-vs-operations-manager",["building*"])
add(C,"branch manager vs operations manager - who does what?","branch-vs-operations-manager",["building*"])
add(C,"how is the BM's job different from the buildings manager's?","branch-vs-operations-manager",["building*"])
add(C,"children's librarian vs learning and events officer, what's the split?","childrens-vs-learning-officer",["age|adults"])
add(C,"what's the difference between the CYP librarian and the events officer?","childrens-vs-learning-officer",["age|adults"])
add(C,"how do the children's librarian and the learning officer divide up the work?","childrens-vs-learning-officer",["age|adults"])
I='info'
add(I,"can someone who's homeless join the library?","library-membership",["temporary membership|proof of address"])
add(I,"can people who live outside Eastbrook but work here get a library card?","library-membership",["works"])
add(I,"how many books can a kid take out at once?","loan-periods",["12"])
add(I,"how long can you keep a DVD for?","loan-periods",["week"])
add(I,"how many times can a customer renew a book?","loan-periods",["five"])
M='multi'
add(M,"who runs rhyme time and who organises the author talks?","storytimes",["rhyme time*","author talk*"],"events-programme")
add(M,"who gets the heating fixed and who fixes the public PCs?","building-repairs",["heating","public computers"],"public-computers")
add(M,"who recruits volunteers and who does their DBS checks?","volunteer-recruitment",["volunteer*","dbs"],"volunteer-dbs-checks")
add(M,"who does the rota and who handles inter-library loans?","staff-rota",["rota","loan*"],"interlibrary-loans")
add(M,"who books out the meeting rooms, and who sets the mobile library timetable?","room-hire",["room*","timetable"],"mobile-library-route")
for q in ["I'm locked out of my council laptop again, who can reset my password?",
"my payslip is short this month, who do I talk to?",
"how many days of annual leave have I got left?",
"anyone know what's for lunch in the staff room today?",
"is it going to rain on Saturday?",
"is Sarah Okafor working at Riverside today?",
"what time does the staff Christmas party start?",
"who approves overtime payments?",
"who orders pens and stationery for the staff office?",
"what's the password for the staff wifi?",
"who's the union rep for library staff?",
"can you write a short poem about libraries for the newsletter?",
"what time does Millbrook open on a Saturday?",
"who decides which pay grade a library assistant is on?",
"where's the best place to park near Central?"]:
    Q.append({"id":None,"q":q,"owner":"none","topic":None,"kind":"out_of_scope","sources":[],"must_mention":[]})
for i,d in enumerate(Q): d["id"]="l%03d"%(i+1)
import collections
print(len(Q),collections.Counter(d['kind'] for d in Q))
cov=collections.Counter([d['topic'] for d in Q if d['topic']]+[d['topic2'] for d in Q if d.get('topic2')])
print('uncovered',[t for t in T if t not in cov])
with open(ROOT + '/eval/holdout.jsonl','w') as f:
    for d in Q: f.write(json.dumps(d,ensure_ascii=False)+"\n")
