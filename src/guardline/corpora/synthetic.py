"""Synthetic, non-explicit, modern-register two-person chats, labelled, for training mixes.

The learned detector is trained on 2000s-era transcripts against benign corpora, so it can
learn era and register instead of context. This module writes the missing contrast, in
today's chat register, from hand-written templates:

- **benign hard negatives** that carry the surface indicators of grooming in an innocent
  context (a parent asking for a photo, an aunt's "our secret 🤫" about a party, a crisis-line
  volunteer asking "are you safe at home? how old are you?", teens of the same age flirting,
  adults moving a date to WhatsApp, a music teacher asking for a video of the scale, a scout
  leader's surprise party, an older sibling's "don't tell mum I borrowed the car", two
  12-year-olds from a game swapping ages and apps);
- **grooming-like chats** at indicator level only (an adult, or an adult posing as a teen,
  toward a child: trust building, moving to a private app, gifts, isolation, supervision
  probing, secrecy, arranging to meet; a trusted coach or family friend moving to private
  contact; a fake talent scout's offer; threats and pressure). Nothing sexual, no body words,
  ever.

The words alone do not decide the label; who talks to whom, and why, does.

>>> from guardline.corpora.synthetic import FAMILIES, generate
>>> convs = generate(per_family=6, seed=0)
>>> len(convs) == 6 * len(FAMILIES)
True

Generation is deterministic: each conversation draws from its own ``random.Random`` seeded
from ``sha256(seed, family, i)``; no global random state, no clock. ``extra["variant"]``
(0..9) names the disjoint set of templates a conversation was built from (use it as a
cross-validation group). Small-talk filler is shared across variants and families by
register (adult-child, peers, adults, game chat), so filler carries no label.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from guardline.core.model import Conversation
from guardline.corpora import _chatgen as cg

__all__ = ["FAMILIES", "N_VARIANTS", "generate"]

N_VARIANTS = 10

# --------------------------------------------------------------------------- slot fillers
_PLACES = (
    "the park|the shops|the library|the leisure centre|mcdonalds|the bus stop|the cinema"
    "|costa|the station|the rec|the high street|greggs|the retail park|the skate park"
).split("|")
_TIMES = "3:15|4|half 4|5|half 5|6|quarter to 4|10 past 3|7|6:30|3:30|4:45".split("|")
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the weekend".split("|")
_PUBLIC_APPS = "snap|snapchat|whatsapp|discord|insta|instagram|tiktok".split("|")
_PRIVATE_APPS = "telegram|kik|snap|snapchat|whatsapp|discord|signal app|wickr".split("|")
_CITIES = (
    "leeds|bristol|cardiff|glasgow|manchester|york|brighton|norwich|madrid|lyon|osaka|seoul"
    "|porto|krakow|dublin|taipei"
).split("|")
_PRODUCTS = (
    "headphones|kettle|phone case|smart watch|blender|speaker|trainers|tablet|hoodie|lamp"
).split("|")
_RELATIVES = (
    ("auntie", "f"),
    ("aunt", "f"),
    ("nan", "f"),
    ("grandma", "f"),
    ("uncle", "m"),
    ("grandad", "m"),
    ("grandpa", "m"),
)


# --------------------------------------------------------------------------- casts
@dataclass(slots=True)
class _Cast:
    a_name: str  # username of role a (the initiator: adult, groomer, or first peer)
    b_name: str
    slots: dict[str, str]


def _kid(rng: random.Random) -> tuple[str, str]:
    g = rng.random() < 0.5
    return rng.choice(cg.GIRLS if g else cg.BOYS), ("f" if g else "m")


def _adult(rng: random.Random) -> tuple[str, str]:
    f = rng.random() < 0.5
    return rng.choice(cg.WOMEN if f else cg.MEN), ("f" if f else "m")


def _base_slots(rng: random.Random) -> dict[str, str]:
    sib, _ = _kid(rng)
    return {
        "time": rng.choice(_TIMES),
        "time2": rng.choice(_TIMES),
        "day": rng.choice(_DAYS),
        "place": rng.choice(_PLACES),
        "game": rng.choice(cg.GAMES),
        "cur": rng.choice(cg.CURRENCY),
        "item": rng.choice(cg.ITEMS),
        "app": rng.choice(_PUBLIC_APPS),
        "papp": rng.choice(_PRIVATE_APPS),
        "sport": rng.choice(cg.SPORTS),
        "subject": rng.choice(cg.SUBJECTS),
        "city": rng.choice(_CITIES),
        "city2": rng.choice(_CITIES),
        "food": rng.choice(cg.FOODS),
        "show": rng.choice(cg.SHOWS),
        "pet": rng.choice(cg.PETS),
        "product": rng.choice(_PRODUCTS),
        "sib": sib,
        "parent": rng.choice(["mum", "mum", "dad", "mom"]),
        "amount": str(rng.choice([5, 10, 15, 20, 25, 50])),
        "num": str(rng.randint(2, 9)),
        "order": str(rng.randint(100000, 999999)),
        "teacher": f"{rng.choice(['mr', 'miss', 'mrs', 'ms'])} {rng.choice(cg.SURNAMES)}",
        "aage": str(rng.randint(19, 48)),
        "sent": rng.choice(["sent", "there", "sent it", "done", "ok sent", "there u go"]),
    }


def _school_year(rng: random.Random, age: int) -> str:
    return f"year {max(3, min(11, age - rng.choice([4, 5])))}"


def _cast_adult_child(rng: random.Random, role: str, age_lo: int, age_hi: int) -> _Cast:
    """An adult (a) and a child (b). ``role`` picks how b addresses a."""
    s = _base_slots(rng)
    b_first, _ = _kid(rng)
    a_first, a_sex = _adult(rng)
    sur = rng.choice(cg.SURNAMES)
    age = rng.randint(age_lo, age_hi)
    s.update(b=b_first, a=a_first, sur=sur.capitalize(), bage=str(age))
    s["year"] = _school_year(rng, age)
    s["bnext"] = str(age + 1)
    s["team"] = f"U{min(18, age + rng.choice([1, 2]))}s"
    if role == "parent":
        s["me"] = rng.choice(["mum", "mummy", "mom"]) if a_sex == "f" else rng.choice(["dad"])
        s["other"] = "dad" if a_sex == "f" else rng.choice(["mum", "mom"])
        s["addr"] = s["me"]
    elif role == "relative":
        rel = rng.choice([r for r, sx in _RELATIVES if sx == a_sex])
        s["me"] = rel
        s["addr"] = rel if rel[0] in "gn" else f"{rel} {a_first}"
        s["other"] = s["parent"]
    elif role == "leader":  # instrument teacher, scout or guide leader, drama club
        s["addr"] = rng.choice([f"{'miss' if a_sex == 'f' else 'mr'} {sur}", a_first])
        s["other"] = s["parent"]
        s["inst"] = rng.choice("piano guitar violin drum flute cello singing trumpet".split())
        s["group"] = rng.choice(
            ["scouts", "cubs", "guides", "brownies", "drama club", "youth theatre", "choir"]
        )
    elif role == "coach":
        s["addr"] = rng.choice(
            [f"coach {a_first}", "coach", f"{'miss' if a_sex == 'f' else 'mr'} {sur}"]
        )
        s["other"] = s["parent"]
    else:  # a stranger / worker: addressed by first name
        s["addr"] = a_first
        s["other"] = s["parent"]
    # the adult posing as a teen claims an age near the child's
    s["fake"] = str(min(15, age + rng.choice([0, 1, 2])))
    a_user = cg.username(rng, a_first, sur)
    b_user = cg.username(rng, b_first, rng.choice(cg.SURNAMES))
    return _Cast(a_user, b_user, s)


def _cast_peers(rng: random.Random, age_lo: int, age_hi: int) -> _Cast:
    s = _base_slots(rng)
    (a_first, _), (b_first, _) = _kid(rng), _kid(rng)
    while b_first == a_first:
        b_first, _ = _kid(rng)
    age = rng.randint(age_lo, age_hi)
    bage = max(age_lo, min(age_hi, age + rng.choice([-1, 0, 0, 1])))
    s.update(a=a_first, b=b_first, aage=str(age), bage=str(bage), bnext=str(bage + 1))
    s["addr"] = a_first
    s["year"] = _school_year(rng, age)
    s["other"] = s["parent"]
    return _Cast(
        cg.username(rng, a_first, rng.choice(cg.SURNAMES)),
        cg.username(rng, b_first, rng.choice(cg.SURNAMES)),
        s,
    )


def _cast_adults(rng: random.Random) -> _Cast:
    s = _base_slots(rng)
    (a_first, _), (b_first, _) = _adult(rng), _adult(rng)
    while b_first == a_first:
        b_first, _ = _adult(rng)
    s.update(
        a=a_first,
        b=b_first,
        addr=a_first,
        aage=str(rng.randint(21, 45)),
        bage=str(rng.randint(21, 45)),
        other="sister",
    )
    return _Cast(
        cg.username(rng, a_first, rng.choice(cg.SURNAMES)),
        cg.username(rng, b_first, rng.choice(cg.SURNAMES)),
        s,
    )


# --------------------------------------------------------------------------- filler
# Small talk by register, shared by every family of that register (so it carries no label).
_FILLER: dict[str, list[str]] = {
    "adult_child": [
        "a: how was school today | how was school?\nb: ok | boring lol | fine i guess",
        "a: what you up to? | what are you doing rn\n"
        "b: nothing much | watching {show} | just chilling",
        "a: did you have {food} for tea? | what did you have for dinner\nb: {food} | idk yet",
        "b: im so bored | soooo bored\na: haha same | do something fun then!",
        "a: how's {subject} going | did you get your {subject} test back\n"
        "b: its ok | got a 6 | idk i hate it",
        "b: did u see the new {show} | have you watched {show}\n"
        "a: not yet no spoilers! | yes its so good",
        "a: hows the {pet} | how is the {pet} doing\nb: shes fine | he chewed my shoe lol",
        "b: brb | hold on\nb: back | sorry",
        "a: ok | cool | nice\nb: yeah | ya",
        "b: omg its raining again | its freezing\na: typical | wrap up warm",
        "a: ha | lol\nb: 😂",
        "b: i got a merit in {subject} | i got star of the week\na: well done!! | thats brilliant",
    ],
    "peers": [
        "a: wyd | what u doing\nb: nm hbu | nothing lol u?",
        "a: did u do the {subject} hw | is the {subject} homework due tmrw\n"
        "b: no 💀 | ye its on teams",
        "b: {teacher} was so annoying today | omg {teacher} gave us a detention\na: ikr | lmaooo",
        "a: lol | 😂😂\nb: ikr",
        "b: have u watched {show} | r u watching {show}\na: ye its so good | not yet",
        "a: im so tired | cant be bothered with school tmrw\nb: same | literally same",
        "b: brb dinner | gtg for a bit\nb: back",
        "a: did u see what happened at lunch | omg did u hear about the fire alarm\n"
        "b: YES | no what",
        "b: {sib} is so annoying | my brother keeps taking my charger\na: lol mine too",
        "a: r u going to the disco | r u going to the match {day}\nb: maybe | if my mum lets me",
    ],
    "adults": [
        "a: how was work? | busy day?\nb: long! | not bad, yours?",
        "b: any plans for the weekend? | up to much this weekend?\n"
        "a: not really, maybe a walk | seeing friends",
        "a: just got back from the gym | just back from a run\nb: impressive | rather you than me",
        "b: have you seen {show}? | are you watching {show}\na: yes, obsessed | no, is it good?",
        "a: haha | lol\nb: 😄 | haha yeah",
        "b: the weather is grim today | finally some sun\na: tell me about it | loving it",
        "a: sorry was cooking | sorry, was on a call\nb: no worries",
        "b: what did you have for dinner | what are you cooking\n"
        "a: {food} | just {food}, lazy night",
    ],
    "game": [
        "a: gg | ggs\nb: gg",
        "b: that last round was mad | did u see that clutch\na: lmao yeah | that was so lucky",
        "a: my wifi is so bad rn | im lagging so hard\nb: same | restart ur router lol",
        "b: u on later? | u playing tonight\na: ye prob | maybe after tea",
        "a: whats ur rank | what level r u\nb: gold | lvl {num}0",
        "b: the new update is trash | did u see the new season\na: ikr | ye its actually good",
        "a: lol | 😂\nb: ikr",
        "b: brb | afk 2 mins\nb: back",
    ],
    "support": [
        "a: thanks for your patience | bear with me a moment\nb: no problem | sure",
        "b: ok | okay\na: thank you",
        "a: is there anything else I can help with today? | anything else I can do for you?\n"
        "b: no thats all | that's everything thanks",
    ],
}


# --------------------------------------------------------------------------- families
@dataclass(slots=True, frozen=True)
class _Family:
    kind: str  # "benign" | "grooming"
    cast: Callable[[random.Random], _Cast]
    filler: str  # register key in _FILLER
    filler_range: tuple[int, int]  # how many filler beats
    variants: tuple[str, ...]  # N_VARIANTS template blocks; beats separated by blank lines


def _ac(role: str, lo: int, hi: int) -> Callable[[random.Random], _Cast]:
    return lambda rng: _cast_adult_child(rng, role, lo, hi)


def _peers(lo: int, hi: int) -> Callable[[random.Random], _Cast]:
    return lambda rng: _cast_peers(rng, lo, hi)


# Template syntax: a beat is a block of lines "a: text | alternative" or "b: ..."; "a?:" is
# optional (included half the time). The first beat of a variant opens, the last closes, the
# middle beats are shuffled and sampled.
_FAMILY_DEFS: dict[str, _Family] = {
    # ================================================================ BENIGN (hard negatives)
    "parent_child": _Family(
        "benign",
        _ac("parent", 8, 15),
        "adult_child",
        (1, 5),
        (
            """a: hi love what time do you finish today?
    | hey sweetheart, what time are you out today
b: {time} | {time} i think | normal time
a: ok I'll pick you up at the gate | I'll be outside in the car

a: send me a pic when you get to {place} so I know you're ok
    | send me a photo when you get there pls
b: ok | k 👍 | fine
b?: {sent} | here

a: don't tell {other} about his birthday present ok! | don't tell {other} what we got him 🤫
b: i wont lol | my lips are sealed | i promise
a: it's our secret till saturday | good, keep it between us till the party

a: is {sib} with you? | are you with {sib}
b: ya | no {sib}s at clubs | yeah {sib}s here

a: love you xx | love you loads, {me} xx
b: love u too | ly2 | ❤️""",
            """b: {me} can i go to {place} with {sib} after school
    | can i go to {place} with my friends
a: who else is going? | is anyone's mum going with you?
b: {sib} and her friend | just us | lilys mum is
a: ok but be back by {time2} | fine, home by {time2} please

a: are you home alone? | are you on your own?
b: yes {other} is at work | ya | no {sib} is here
a: ok, lock the door and I'll be back at {time2} | don't open the door to anyone, I'm back soon

a: did you take your key? | have you got your key
b: yes | oops no | its in my bag

b: can u send me a pic of the {subject} homework sheet
    | i forgot my planner can u take a photo of it
a: hang on | one sec
a: {sent} there you go

a: proud of you today xx | well done today, {me} xx
b: thanks | 😊 | ty""",
            """a: how old is {sib}'s friend turning? need it for the card
    | what age is the birthday girl turning
b: {bnext} i think | idk ill ask | 11
a: ok thanks

b: is her mum there? at the party | will her mum be home
a: yes she's hosting | yes her mum and dad are both there

a: send me a selfie with the cake when you're there! | take a pic with everyone for grandma
b: ok | fine 🙄 | maybe

a: what do you want for tea? | fancy {food} tonight?
b: {food}!! | anything | not {food} again

a: I'll come and get you at {time} don't walk home alone | wait inside, I'll pick you up at {time}
b: ok | k | thanks {me}""",
            """a: hey {b}, it's {me}, new number! save it | hiya this is my new number, {me} x
b: ok | who is this | lol ok saved
a: me! your {me} 😂

b: add me on {app} {me} | u should get {app} its easier
a: I don't know how it works | ok show me how at the weekend
b: omg | its so easy lol

a: don't tell anyone the wifi password ok | don't share the wifi code with your friends
b: why | ok
a: because the last lot used all the data 😂

a: your room is a mess | tidy your room before {other} sees it
b: ill do it later | its not that bad | omg fine

a: night night | sleep well, see you in the morning xx
b: night | nite xx""",
            """a: you're so grown up now, can't believe you're {bage}!
    | look at you, {bage} already, so grown up
b: stop | lol | {me} 🙄
a: I'm allowed to say it!

a: can you keep a secret? we're getting {sib} a {pet} | shh we're planning a surprise for {sib}
b: OMG | yessss | i wont tell
a: not a word to anyone until friday! | don't tell anyone, not even your friends

a: where are you? | where r u
b: at {place} | with lily | nearly home
a: ok share your location pls | turn your location on please

b: whens {other} back | is {other} home tonight
a: about {time2} | late tonight, working

a: message me when you're home | text me when you get in
b: ok | home | 👍""",
            """a: remember it's parents evening at {time}
    | parents evening tonight, what do they say about you? 😂
b: nothing bad | idk | {teacher} likes me

a: which bus are you getting | are you getting the {time} bus?
b: the {num} | idk | the next one
a: ok tell me when you're on it

a: the school want a photo of you in your kit for the programme
    | can you send a pic of you in your {sport} kit for the club page
b: do i have to | ok fine | ill do it later

a: are you still at {place} | are you still out
b: yes | leaving now | 5 mins
a: ok careful crossing

a: love you, {me} | night love xx
b: night xx | 😘 | love u""",
        ),
    ),
    "relative_child": _Family(
        "benign",
        _ac("relative", 7, 15),
        "adult_child",
        (1, 5),
        (
            """a: hello darling it's {addr}! | hi sweetie, {addr} here
b: hi | hiiii | hey {addr}
a: how's my favourite {year}? | how is school going

a: it's our secret 🤫 we're planning a surprise party for {parent}
    | don't tell your {parent}, we're throwing a surprise party
b: omg ok | i wont | what day
a: {day}, keep it quiet! | saturday, shh

a: can you find out what time {parent} finishes work without asking directly 😂
    | be a spy for me and find out {parent}'s plans
b: lol ok | ill try | shes home at {time2}

a: love you lots | big hugs from {addr} xx
b: love u | xx""",
            """a: send me a photo of your school project!
    | your {parent} says you made a volcano, send me a pic!
b: {sent} | its not finished | ok
a: wow that's brilliant | you're so clever

a: how old are you now, {bnext}? I lose track! | are you {bage} now? I can't keep up
b: {bage} | im {bage} lol | {bnext} in march
a: goodness you're growing up so fast | so grown up!

a: I've got a little present for you, don't tell {sib} I got you one first
    | I got you something, keep it between us till christmas
b: what is it | yayyy | tell meee
a: you'll see 🎁

a: can I come and visit {day}? ask your {parent} | coming round {day}, is your {parent} home?
b: yes | shes at work till {time2} | ill ask

a: bye bye darling | see you soon, {addr} xx
b: bye | bye xx""",
            """b: {addr} can i stay at yours at half term | can i come to yours {day}
a: of course, ask your {parent} first | I'd love that, get your {parent} to ring me
b: ok | yay

a: I'll pick you up from {place} at {time} | I can collect you from school at {time}
b: ok | thanks | can {sib} come

a: you're such a good kid you know | you're so kind, don't let anyone tell you otherwise
b: lol | aww | thanks

a: I'll send you some money for your birthday
    | I put {amount} in your card, don't spend it all at once
b: thank u!! | omg thanks | 😁

a: lots of love | love from {addr} and the dog xx
b: xx | love u""",
            """a: how's the {sport}? | did you win on {day}?
b: we lost | won 3-1 | i scored
a: that's my {year} star! | well done you

a: add me on {app} so I can see your videos | I've got {app} now, add me!
b: lol ok | {addr} on {app} 💀 | ok
a: I'm very modern 😂

a: don't tell your {parent} I let you have ice cream before tea
    | our little secret about the sweets 😉
b: 🤫 | i wont | lol

a: is {parent} there? I need to ask about sunday | is your {parent} home, she's not answering
b: shes in the shower | yeah ill get her | no shes out

a: speak soon | take care sweetheart
b: bye | xx""",
            """a: happy birthday!! {bage} today! | happy birthday to my favourite {bage} year old
b: thank u | thanks {addr} | 🎉
a: did you get my card? | did you open my present

a: send me a pic of you with your cake! | take a photo with everyone and send it to me
b: ok | {sent} | later

a: you look so like your {parent} in that photo | you're getting so tall
b: lol | ew | everyone says that

a: are you coming to {place} on {day}? | will I see you {day}?
b: think so | idk ask {parent} | yes

a: lots of love from {addr} | bye for now xx
b: bye | love u""",
            """b: hi {addr} | {addr} guess what
a: what? | hello you!
b: i got into the {sport} team | i got a merit

a: that deserves a treat, I'll take you to {place} | let's go to {place} on {day} to celebrate
b: yesss | ok!! | can {sib} come
a: just us this time, don't tell {sib} 😉 | of course

a: what do you want for christmas? keep it a secret from {parent}, I want to surprise her too
    | tell me what you want, it's our secret
b: idk | a {game} gift card | new trainers

a: how's your {parent}? | is everyone ok at home?
b: good | shes fine | busy

a: night night | love you xx
b: night | 😴 xx""",
        ),
    ),
    "coach_teacher_pupil": _Family(
        "benign",
        _ac("coach", 9, 15),
        "adult_child",
        (0, 3),
        (
            """a: hi {b}, {addr} here, training is at {time} on {day} at the pitch
    | training moved to {day} {time}, same pitch
b: ok | ok thanks | will be there
a: I've messaged your {parent} too | your {parent} is cc'd on this

a: how old are you turning this season? need it for the {team} registration
    | can you confirm your age for the {team} team sheet
b: {bnext} | {bage} | im {bage} in june
a: thanks, you'll be in the {team} then | perfect, {team} it is

a: can you send a pic of the signed permission slip?
    | send me a photo of your consent form when your {parent} signs it
b: ok | {sent} | my {parent} will email it
a: got it, thanks

a: bring water and boots | don't forget your shin pads
b: ok | 👍""",
            """a: hello class, reminder the {subject} project is due {day}
    | Year group reminder: {subject} project due {day}
b: miss can i send you a pic of my worksheet, i was off | can i send a photo of my homework instead
a: yes that's fine, send a photo of your worksheet | yes please send a clear pic of it

b: {sent} | is this ok
a: that's great, well done | good work, thank you

a: please make sure your parents see the trip letter | has your {parent} signed the trip form?
b: yes | ill ask her tonight | she did

a: see you {day} | see you in class
b: ok | thanks miss""",
            """a: hi {b}, this is {addr} from {sport}, your {parent} gave me this number
    | hi it's {addr}, I'm your new tutor, your {parent} asked me to message
b: hi | ok hi | hey

a: what year are you in? | are you in {year} now?
b: {year} | yes | year {num}
a: great, then we'll do the {year} maths | perfect

a: I'll meet you at the pitch at {time}, your {parent} is dropping you off
    | meet at the front of the leisure centre at {time}
b: ok | see u there

a: you played so well today, really mature for your age on the ball
    | great game, you're a natural leader
b: thanks coach | 😊 | thx

a: please don't share the team chat link with anyone outside the team
    | keep the team group for players and parents only
b: ok | i wont""",
            """a: well done today! | great effort at the match
b: thanks | we still lost | lol
a: you'll get them next time

a: can you ask your {parent} to text me about the tournament?
    | is your {parent} around? I need to talk about {day}
b: shes at work | ill tell her | yes
a: thanks, I've emailed her too

a: add the team on {app} for updates, your {parent} is in it too
    | the club has a {app} group now, parents are admins
b: ok | done

a: remember we need a photo of every player for the club website
    | send me a headshot for your player card, with your {parent}'s ok
b: ok | can my mum send it | ill ask

a: see you at {time} | bye
b: bye | 👍""",
            """b: hi {addr} i cant come to training {day} | sorry i cant make it {day}
a: no problem, thanks for letting me know | thanks for telling me, hope you're ok
b: its a family thing

a: don't tell the others about the new kit yet, it's a surprise for the awards night
    | keep the kit reveal a secret till friday 😉
b: ok | omg | i wont

a: how old is {sib}? we have a space in the younger group
    | is {sib} interested in joining? what age is she
b: {num} | 8 | shes 9

a: I'll drop the forms at {place} | leave the form at reception
b: ok | ok thanks

a: take care | see you next week
b: u too | bye""",
            """a: hi all, the coach leaves school at {time} sharp | trip day! coach leaves {time}
b: what do we need to bring | can we bring phones
a: packed lunch and a coat, phones stay in bags | lunch, water, and your form

b: miss can u send me the pics from the trip | can we get the photos from the trip
a: they'll go on the school website after parents agree | I'll send them to parents

a: are you ok? you seemed quiet today | everything alright? you weren't yourself in class
b: ya just tired | idk | im fine
a: ok, you can always talk to me or your form tutor

a: see you tomorrow | have a good evening
b: bye miss | thanks""",
        ),
    ),
    "teen_flirting": _Family(
        "benign",
        _peers(13, 16),
        "peers",
        (1, 5),
        (
            """a: hey | heyy | hiii
b: hey | hii whos this | heyyy
a: its {a} from {subject} lol

a: how old r u | how old are u again
b: {bage} u? | {bage} hbu
a: {aage} | same | {aage} in may

a: ur actually so pretty | ur so cute ngl
b: stoppp | omg | no ur cute
a: fr

a: add me on {app} | whats ur snap
b: ok | ill add u | its {b}{num}

a: dont tell anyone i like u ok | dont tell ur friends i said that
b: i wont | lol ok | 🤫""",
            """b: did u mean what u said at lunch | was that true
a: maybe | idk | yeah lol
b: omg

a: ur so funny | ur actually amazing at drawing
b: thank u | u r too | stop

b: what year r u in again | u in {year} too?
a: {year} | yh same as u
b: oh ye

a: wanna go to {place} {day} with everyone | r u going to {place} on {day}
b: if my mum lets me | maybe | yess
a: lily and jake r coming too

a: keep it between us | dont tell anyone yet
b: ok | obviously | lol i wont""",
            """a: can i ask u something | i have to tell u something
b: what | ok | ??
a: do u like anyone | who do u like

b: idk | why | maybe
a: no reason | just asking lol | 👀

a: send me a pic of ur new haircut | did u get ur hair done send a pic
b: no ur mean | ok {sent} | later

a: ur so cute | ur so pretty tho
b: shush | 🙈 | thx

a: dont tell ur friends | promise u wont tell anyone
b: promise | i swear""",
            """a: r u going to the school disco | r u going to {name}s party
b: ye | idk yet | mum said maybe
a: u should come

b: how old is ur brother | is ur brother in {year}
a: 16 | hes in year 11 | why lol
b: just asking | my friend fancies him 😂

a: we should hang out sometime | wanna get chips after school
b: ok | sure | maybe {day}
a: cool

a: add me on {app} its easier | lets talk on {app}
b: done | added | whats urs

a: night | gn
b: gn | night 😴""",
            """b: omg i saw u at {place} | was that u at {place}
a: ye | lol maybe | why didnt u say hi
b: i was shy 😭

a: u looked nice today | ur so cute when ur laughing
b: omg stop | lol thanks | 🙈

a: do u have a bf | r u going out with anyone
b: no | noo why | maybe
a: just wondering lol

a: we're the same age right | ur {bage} right
b: ye | {bage} | yh

b: dont tell anyone i said u were cute | dont show anyone this chat lol
a: i wont | lol ok | promise""",
            """a: r u online | u there
b: ya | yeah | hi

a: {teacher} is so strict | did u get a detention from {teacher}
b: omg yes | no lol | ikr

a: u wanna be partners for the {subject} project | wanna do the project together
b: ok | yeah | sure

a: i like ur laugh | ur actually so funny
b: aw | ty | stoppp

a: can u keep a secret | dont tell anyone but i kinda like u
b: omg | ok | me too
a: keep it quiet tho | dont tell lily 😂""",
        ),
    ),
    "adults_dating": _Family(
        "benign",
        _cast_adults,
        "adults",
        (1, 5),
        (
            """a: hi! loved your profile | hey, your dog is adorable
b: thank you! | haha he's the star
a: how's your week going?

b: so how old are you? profile says {aage} | how old are you? the app says {aage} but
a: {aage}, honest! you? | yep {aage}, and you?
b: {bage} | same ballpark, {bage}

a: you're really beautiful | you have a great smile
b: aw thank you | that's sweet

a: can I have your number? I'm on WhatsApp | shall we move to whatsapp, I barely open this app
b: sure, {num}07... | ok let's do that

a: coffee {day}? | want to meet for a drink {day}
b: I'd like that | yes, somewhere public? | how about {place}""",
            """b: what do you do for work? | so what keeps you busy
a: I'm a nurse | I teach secondary {subject} | I work in IT
b: oh nice | cool

a: where abouts do you live? | whereabouts are you based
b: near {city} centre | just outside {city}
a: not far from me

a: send me a pic of you and the dog! | got any more pics? your profile only has 2
b: {sent} | haha ok | later

a: I don't usually say this but I really like talking to you | I feel like I can tell you anything
b: same | me too | 😊

b: let's meet at {place} {day} at {time} | dinner {day}?
a: perfect | it's a date""",
            """a: hey, how was your day | evening! how was work
b: long but good | exhausting
a: glass of wine time

b: are you on insta? | add me on insta its easier
a: yes, {a}_{num} | sure, what's yours
b: done

a: you're gorgeous btw | your smile is lovely
b: haha thanks | 😊

a: don't tell my sister I'm on here 😂 she'll never let me hear the end of it
    | keep this between us, my mates think I'm off dating
b: ha my lips are sealed | 😂 same with mine

a: shall we video call {day}? | facetime later?
b: sure | yes after {time}""",
            """b: so do you have kids? | any kids?
a: one, she's 8 | no, just a cat | two teenagers
b: oh lovely

a: how old were you when you moved to {city}? | how long have you lived in {city}
b: since uni | about 10 years

a: I'm really enjoying getting to know you | you're easy to talk to
b: me too | same

b: are you free {day} evening? | want to get food {day}
a: yes! | I'd love to, {place} at {time}?
b: perfect

a: text me when you're home safe | let me know you got home ok
b: home! | will do""",
            """a: that was such a nice evening | thanks for tonight
b: I had fun | same, let's do it again
a: definitely

b: send me that photo we took | can you send the pic from the restaurant
a: {sent} | here

a: you looked lovely tonight | you're so easy to be around
b: aw | stop 😊

a: are you home yet? | did you get home alright
b: yes, just in | nearly

a: night x | sleep well x
b: night x | x""",
            """a: hi, we matched ages ago and never spoke | hello stranger
b: ha hi | I know, sorry, busy month
a: no worries

b: how old are you? your pics look young | you're {aage}? you look younger
a: {aage}, I'll take that | haha thank you

a: are you on telegram or whatsapp? this app is glitchy | can we chat on whatsapp
b: whatsapp is fine | ok

a: send me a selfie, want to see you're real 😂 | catfish check, send a pic!
b: {sent} | haha fair | only if you do too

a: walk in the park {day}? | drink at {place}?
b: lovely | yes""",
        ),
    ),
    "gamers": _Family(
        "benign",
        _peers(12, 16),
        "game",
        (2, 6),
        (
            """a: yo u want the {item}? i got a spare | i got 2 {item}s want one
b: omg yes | for real? | ye pls
a: trade me ur {item} then | ill gift it no worries

b: add me on discord | whats ur discord
a: {a}{num} | same as here lol
b: added

a: keep it between us my brother will want one too | dont tell my bro i gave u the {item} lol
b: lol ok | 🤫 | i wont

a: u on {day}? | u playing later
b: ye | after {time}""",
            """a: how old r u | u sound young lol how old r u
b: {bage} | {bage} why
a: same | {aage} lol ur good

b: can u gift me {cur} im broke | i need {num}00 {cur} for the battle pass
a: ill send u some for ur bday | i got a gift card from my nan ill share
b: ur the best | omg thanks

a: send a pic of ur setup | show me ur setup
b: {sent} | its messy lol
a: nice | sick

a: lets do duos on {app} | add me on {app} we can vc
b: ok | sure""",
            """b: ggs that was insane | yo gg
a: u carried | ur so good at {game}
b: nah ur better

a: wanna join our squad, its me and my cousin | we need a 4th for squads
b: ye | how old is ur cousin | maybe
a: {aage} same as us

b: i bought u a {item} | happy birthday i got u the {item}
a: omg thx | no way ty

a: dont tell anyone the code, its our secret base | keep the server ip between us
b: obv | i wont

a: gtg dinner | ma says off now
b: k cya | bye""",
            """a: hey is this {b} from school | r u {b} from {year}
b: ye | who is this | lol yes
a: its {a} from {subject}

a: my mum got me {cur} for doing chores | i got {amount} quid of {cur}
b: lucky | nice | my mum wont let me

a: ill buy u a {item} next time | ill give u the spare {item}
b: ur a legend | thanks | ok

b: dont tell {teacher} we were on at 11 | dont tell ur mum we played late
a: lol i wont | my lips r sealed

a: u on tmrw | same time tmrw
b: ye | maybe""",
            """a: anyone want to trade? | trading my {item} for ur {item}
b: me | ok | what do u want for it
a: ur {item} + 50 {cur}

b: is this a scam lol | u better not scam me
a: no lol we're in the same class | its me, {a}, ask {sib}
b: ok fine

a: dont share ur password with anyone btw | never give anyone ur login, ppl try to steal accounts
b: i know | ye ofc

a: add me on discord its easier | lets move to discord
b: ok | added

a: gg | ty for the trade
b: ggs | np""",
            """b: bro that was so funny | im crying 😭
a: lmaooo | ikr

a: how old is ur sister she plays {game} too | does ur sister play
b: 11 | shes rubbish lol | ye

a: i can give u my old {item} | want my old account stuff
b: yes | pls | ur so nice

a: keep it between us, my brother will want one too | dont tell the others i gave it u
b: ok | lol

b: same time tomorrow? | u on after school
a: ye | defo""",
        ),
    ),
    "language_exchange": _Family(
        "benign",
        _cast_adults,
        "adults",
        (1, 4),
        (
            """a: hello! I saw you want to practise english, I want to practise spanish
    | hi, language partner?
b: hi! yes | hello nice to meet you
a: where r u from? | where are you from?

b: from {city}, and you? | i live in {city}
a: {city2} | i'm in {city2} | near {city2}

b: how old are you? sorry if rude | can I ask your age?
a: {aage}, you? | not rude! {aage}
b: {bage}

a: add me on LINE, I use it more | do you have LINE or whatsapp?
b: ok my id is {b}{num} | yes add me

a: same time next week? | talk {day}?
b: yes! | perfect""",
            """a: asl? haha just kidding | a/s/l lol sorry old joke
b: lol {bage} / f / {city} | haha {bage}, {city}
a: nice, {aage} here, {city2}

b: your english is very good | you write very well
a: thank you! | you are too kind

a: what do you do? | do you work or study?
b: i study nursing | i'm an engineer | office job

a: send me a picture of your city! | can you send a photo of the view where you live
b: {sent} | sure, tomorrow
a: so pretty | beautiful city

a: shall we do a video call to practise speaking? | can we try voice call {day}
b: ok | sure, after {time}""",
            """b: hello, how is your day | good morning from {city}!
a: good evening from {city2} 😄 | hi!
b: time zones haha

a: where do you live exactly? | which part of {city}?
b: the north | near the river | near the university

a: how old are you if you don't mind | what is your age
b: {bage} | {bage}, you? | i'm {bage}
a: {aage}

b: can i add you on whatsapp | do you use whatsapp or telegram
a: yes | telegram is better for me

a: let's practise again {day} | same time next week
b: great | ok!""",
            """a: I made a mistake yesterday, I wrote "I am boring" instead of "I am bored" 😂
    | teach me slang please
b: haha common | ok "no cap" means "no lie"
a: lol

b: you are funny | you are a good teacher
a: thank you | you too

a: do you have any photos of the festival? | send me a pic of the food you talked about
b: {sent} | yes wait

b: what's your city like? | is it cold there?
a: rainy | very hot

a: keep in contact! | talk soon
b: yes | bye""",
            """a: hi, are you still looking for a partner? | hello from the exchange site
b: yes! | yes i am

b: where are you from and how old are you? | asl? haha
a: {city2}, {aage} | {aage}, {city2}, m | {aage} f {city2}

a: you have a lovely name | your profile picture is nice
b: thanks | haha thank you

a: I can correct your essays if you send a photo | send a photo of your homework, I'll check it
b: amazing | {sent} | thank you

a: add me on LINE | my kakao is {a}{num}
b: added | ok""",
            """b: i'm visiting {city2} next month! | i will travel to your country in summer
a: really?? | no way!
a: we could meet for coffee | i can show you around

b: that would be great | ok!

a: how long will you stay? | where will you stay?
b: one week | a hostel near the centre

a: send me a pic when you arrive | tell me when you land
b: ok | sure

a: bye for now | see you soon!
b: bye! | 👋""",
        ),
    ),
    "customer_support": _Family(
        "benign",
        _cast_adults,
        "support",
        (0, 2),
        (
            """b: hi my {product} arrived broken | my order {order} is damaged
a: sorry to hear that! could you send a photo of the item?
    | I'm sorry, can you send me a picture of the damage please
b: {sent} | ok sending now
a: thank you, I can see the crack | thanks, that's clear

a: for security, don't share your password with anyone, including us
    | please never share your password with anyone
b: ok | understood

a: I've arranged a replacement, it'll arrive {day} | refund issued, 3-5 working days
b: great thanks | brilliant""",
            """a: hello, you're chatting with {a} | hi, this is {a} from support
b: hi | hello
b: i cant log in | my account is locked

a: can you confirm your date of birth for verification?
    | could you confirm the email address on the account
b: {bage} years old, born in the 90s lol | it's {b}{num}@mail.com
a: thanks, I just need the full date please | thank you

a: we'll send a code, please don't tell anyone the code
    | don't share the code with anyone, we will never ask for it
b: ok got it | received

a: you're all set | account unlocked!
b: thanks | 👍""",
            """b: can I get a refund on this | I want to return my {product}
a: of course, do you have the receipt? | could you send a photo of the receipt
b: {sent} | hold on

a: where are you located? so I can find the nearest store | what's your postcode for the courier
b: {city} | near {city}

a: we can also continue on WhatsApp if easier | you can message our whatsapp line too
b: here is fine | ok

a: is there anything else? | happy to help
b: no thanks | all good""",
            """a: hi {b}, thanks for waiting | sorry for the wait today
b: hi | no problem

b: my parcel says delivered but it isn't here | driver left it somewhere
a: can you send a pic of your front door so I can compare with the driver's photo?
    | could you send a photo of where you are?
b: {sent} | sure

a: is anyone else at home who might have taken it in? | could a neighbour have it?
b: my partner is at work | will check next door

a: keep this reference private | don't share your order number publicly
b: ok | will do""",
            """b: hello is this the bank | is this really the support team
a: yes, this is the official chat | yes, you're in the secure chat
a: we will never ask for your PIN or password

b: someone messaged me asking for a code | i got a weird text asking me to send money
a: please don't reply and don't share any codes | don't send them anything, it's a scam

a: can you send a screenshot of the message? | please send a picture of the text
b: {sent} | ok

a: thanks, we've blocked it | I've flagged it to our fraud team
b: thank you | phew""",
            """a: welcome to the chat! | hi, how can I help?
b: my {product} won't turn on | the app keeps crashing

a: how old is the device? | when did you buy it?
b: 2 years | last month

a: send me a photo of the serial number on the back | can I see a pic of the error screen
b: {sent} | sure

a: I'll email you a returns label, keep it to yourself as it's linked to your account
    | the link is personal, please don't forward it
b: ok | got it""",
        ),
    ),
    "crisis_support": _Family(
        "benign",
        _ac("worker", 11, 16),
        "support",
        (0, 1),
        (
            """a: hi, you've reached the youth helpline, I'm {a}
    | hello, this is {a} from the helpline, thanks for reaching out
b: hi | hi idk what to say | hey
a: that's ok, take your time

a: are you safe at home right now? | are you somewhere safe at the moment?
b: i think so | idk | yes
a: is anyone with you? | is there an adult with you now?
b: my {parent} is downstairs | no im on my own | my nan

a: can I ask how old you are? it helps me find the right support
    | how old are you? it helps me know which services can help
b: {bage} | im {bage} | {bage} nearly {bnext}

a: this chat is confidential unless I think you're in danger
    | what you tell me stays private unless someone is at risk
b: ok | ok thats fine""",
            """b: hi i need to talk to someone | can i talk to someone pls
a: I'm here. what's going on? | of course, I'm {a}, I'm listening
b: stuff at school

a: is someone hurting you? | has anyone said or done something that scared you?
b: not really | theres a group chat about me | someone online

a: you did the right thing telling us | it's really brave to reach out
b: ok | thanks

a: is there a trusted adult you could tell, like a teacher or your {parent}?
    | could you tell {teacher} or your {parent}?
b: maybe my {parent} | idk | i dont want to

a: we can stay on this chat as long as you need | you can message us any time
b: ok | thanks""",
            """a: hello, you're talking to {a}, a school counsellor | hi {b}, it's {a} from pastoral
b: hi miss | hi

a: how have you been since we spoke on {day}? | how are things at home?
b: bit better | same | idk

a: is your {parent} home in the evenings? | who is at home with you after school?
b: usually | no shes at work till late | {sib}

a: what year are you in now, {year}? | are you still in {year}
b: yes | ya

a: you can tell me anything, I won't judge | you can always come and talk to me
b: ok | thanks

a: I have to tell the safeguarding lead if you're not safe, that's the only exception
    | this stays between us unless you're in danger
b: ok | i know""",
            """a: thanks for messaging the text line, I'm {a}
    | you're connected to a volunteer, I'm {a}
b: hi | hey

a: how are you feeling right now? | what's on your mind?
b: bad | stressed | not good

a: are you at home? is your door locked if you need privacy?
    | are you in a private place where you can talk?
b: in my room | yes

a: do you have someone you trust at home? | who checks on you at home?
b: my {parent} | my nan | nobody really

a: please don't share your address here, I don't need it unless you're in danger
    | you don't have to tell me where you live
b: ok

a: you matter. message us any time | we're here 24/7
b: thanks | ok""",
            """b: my friend is talking to an older guy online
    | theres someone messaging me who wants me on {papp}
a: thank you for telling me, that's important | I'm really glad you told us
a: has he asked you to keep it secret? | has he asked you to move to another app?

b: yes | idk | he said dont tell
a: that's a warning sign. you're not in trouble | that's not ok, and it's not your fault

a: how old are you and how old is he? | can I ask how old you are?
b: {bage} hes like 20 | {bage}
a: ok. let's think about telling a trusted adult

a: you can report it to CEOP too | save the messages, don't delete them
b: ok | will do""",
            """a: hi {b}, I'm {a}, your youth worker from the centre | hey it's {a} from youth club
b: hi | hey

a: are you coming to the session {day}? | we're at {place} {day} at {time}
b: maybe | ye | cant

a: are your parents ok with you coming? | does your {parent} know about the trip?
b: yes | ill ask | she signed it

a: you were really mature about the argument last week | I was proud of how you handled it
b: thanks | lol

a: remember you can always talk to me or the other workers
    | if anything's worrying you, tell any of us
b: ok | 👍""",
        ),
    ),
    "logistics_friends": _Family(
        "benign",
        _peers(10, 15),
        "peers",
        (1, 5),
        (
            """a: r u home alone tonight? the babysitter is coming at 7
    | is ur mum going out? is {a2} babysitting
b: ye mum and dad r out | no shes home | idk
a: lucky | same

b: can u come to mine {day} | wanna come over {day}
a: ill ask my mum | ye what time
b: {time}

a: send me a pic of the homework | can u send me a photo of the {subject} sheet
b: {sent} | wait | ok

a: dont tell my mum i forgot it | dont tell {teacher} lol
b: lol | i wont""",
            """a: group project chat 📚 | ok group chat for {subject}
b: who is doing the poster | i can do the slides
a: ill do the intro

b: whats everyones number | add me on {app} so we can share files
a: ok | done

a: meet at {place} at {time} {day} to finish it? | library {day} after school?
b: ok | my mum can drive us | cant, dentist

a: dont tell the other group our idea | keep our topic secret 😂
b: lol obv | ok""",
            """a: oi {b} | hey lil sis | bro
b: what | WHAT | ??

a: dont tell mum i ate the last {food} | if u tell dad i used his charger ur dead
b: ill tell her | lol | what do i get

a: ill give u {amount} quid | ill buy u a {item}
b: deal | ok | 30 quid
a: no

b: where r u | when r u home
a: {place} | 10 mins | soon

b: is mum home? | is dad back yet
a: no | not yet | at work""",
            """a: how old r u turning? for the party invite
    | ur party is {day} right? how old r u gonna be
b: {bnext} | {bage} lol | 12
a: ok

b: r u coming to mine after school | wanna walk to {place} together
a: yes | ill meet u at the gate | if mum says yes

a: bring ur {game} stuff | bring snacks lol
b: ok | obv

b: dont tell {sib} about the surprise | shhh its a surprise for mums birthday
a: 🤫 | i wont | ok""",
            """a: hi its {a}, ur new babysitter!
    | hi {b}, its {a}, im looking after u and {sib} tonight
b: hi | ok
a: ur mum said lights out at 9 😂 | ur mum left pizza money

b: can i stay up late | can we watch {show}
a: one episode | if ur dad says ok

a: dont tell ur mum i let u have ice cream | our secret about the sweets ok
b: lol ok | 🤫

a: ur parents will be home at {time} | ur mum is back about 11
b: ok | 👍""",
            """b: omg did u see the new {show} | have u seen the trailer
a: YES | not yet dont spoil
b: lol

a: r u allowed a phone yet | whats ur number
b: yes | ask my mum | 07 something lol

a: my mum says u can come to the cinema {day} | wanna come to {place} with me and my mum
b: omg yes | ill ask | yay

a: send me a pic of ur costume for the party | send a pic of ur outfit for the disco
b: later | ok | no 😂

a: see u tmrw | bye
b: bye | cya""",
        ),
    ),
    # ====================================================== GROOMING-LIKE (indicator level)
    "grooming_slow_trust": _Family(
        "grooming",
        _ac("stranger", 10, 15),
        "adult_child",
        (5, 12),
        (
            """a: hey, saw your drawing on the art page, it's really good | hi, loved your art post
b: thanks | thx | omg thank u
a: how long have you been drawing?

a: what year are you in? you seem older | are you in {year}? you seem older than that
b: {year} | im {bage} | ya

a: you're so mature for your age, honestly
    | you don't talk like a {bage} year old, you're really mature
b: lol thanks | idk | really?

a: your parents don't understand you, do they | sounds like your parents don't really get you
b: not really | idk | my mum does sometimes
a: only I really get you | I understand you better than they do

a: you can tell me anything you know | you can trust me, I'd never judge you
b: ok | ok 🙂""",
            """a: how was school? | hey you, how was your day
b: bad | boring | ok
a: what happened?

b: {teacher} shouted at me | my friends ignored me | i failed {subject}
a: that's not fair on you | they don't deserve you
a: you're too smart for that lot

a: you're really special you know | you're not like other kids your age
b: lol | idk | thanks

a: i'm always here for you | you can always talk to me, day or night
b: ok | thx

a: don't tell your mum we talk, she wouldn't understand | let's keep our chats between us
b: ok | why | ok i wont""",
            """a: morning sunshine | good morning! did you sleep ok
b: hi | morning | tired

a: what are you doing today? | any plans?
b: nothing | going to {place} | idk

a: i was thinking about what you said yesterday | i've been thinking about you
b: oh | ok | lol

a: you're so grown up compared to my friends' kids | you act so much older than {bage}
b: really? | lol ok

a: i feel like we've known each other for ages | we have a special friendship don't we
b: yeah | i guess | ya

a: nobody understands you like I do | your friends don't really care about you like I do
b: maybe | idk""",
            """a: hey {b}, how's things | hi, missed chatting yesterday
b: hi | was at my nans | sorry
a: no worries 😊

a: how old are you again? | you're {bage} right?
b: {bage} | yes | {bage} in may

a: i like talking to you more than anyone | you're my favourite person to talk to
b: aw | lol | thanks

a: your parents are too strict with you | your mum sounds so controlling
b: she is | kind of | idk

a: it's our little secret that we talk ok | don't tell anyone about us chatting
b: ok | i wont

a: you can trust me, always | i would never hurt you
b: ok""",
            """b: hi | hey
a: there she is! | hey you 😊
a: i was hoping you'd message

a: did your {parent} check your phone today? | does anyone look at your messages?
b: no | sometimes | my {parent} does on sundays

a: you're so mature, you get things other kids don't
    | you're smarter than the other kids in your year
b: lol | ty

a: promise you won't tell anyone about me | this is just between you and me ok
b: promise | ok

a: you deserve someone who listens | i'm the only one who really listens to you
b: yeah | ig""",
            """a: hi, hope you don't mind me messaging | hey, it's {a} from the fan page
b: hi | its ok | who r u

a: what school do you go to? | where abouts do you live?
b: idk if i should say | near {city} | st marys

a: smart girl, but you can tell me, I'm not a stranger now | it's ok, you can trust me
b: ok | lol

a: you seem really lonely sometimes | your friends don't seem to appreciate you
b: kinda | idk | maybe

a: i'm always here, more than your friends are | i'll always be there for you, not like them
b: thanks | ok

a: don't tell your parents we talk | your parents wouldn't understand our friendship
b: ok | ok i wont""",
        ),
    ),
    "grooming_fast_app": _Family(
        "grooming",
        _ac("stranger", 11, 15),
        "adult_child",
        (0, 2),
        (
            """a: hey | hi cutie | heyy
b: hi | who is this | hey
a: add me on {papp}, this app is boring | this app is rubbish, you got {papp}?

b: i cant | my mum doesnt let me | ok
a: just make one, she won't know | download it, takes 2 mins

a: how old are you? | u like {bage}?
b: {bage} | im {bage}
a: cool, age is just a number

a: delete our chat after ok | make sure you delete this chat
b: ok | why | done""",
            """a: hi, you're pretty | u look nice in ur pic
b: thanks | lol who r u
a: just someone nice 😊

a: what's your snap? | whats ur kik
b: {b}{num} | i dont have one

a: let's talk on {papp}, more private | let's move to {papp}, this app reads messages
b: ok | hmm ok

a: are your parents strict about your phone? | does your mum check your phone?
b: no | sometimes

a: delete this convo now | clear this chat so no one sees
b: ok | deleted""",
            """a: hey how old r u | asl
b: {bage} | {bage} f | {bage} m
a: nice, i'm a bit older, that ok? | cool, im 19 lol

a: got {papp}? | you on {papp}?
b: no | ye
a: get it and add me, my name is {a}{num} | add me there now

b: why | y
a: this app is for kids | more private there, nobody snooping

a: don't tell anyone you added me | keep it between us ok
b: ok | k""",
            """a: heyyy | hi 😊
b: hi | hey

a: you seem really cool, add me on {papp} | message me on {papp}, I'm never on here
b: maybe | ok | my mum wont let me

a: she doesn't have to know | you don't have to tell her
b: ok | idk

a: send me a pic so I know you're real | send a selfie on there
b: no | ok | later

a: remember to delete these messages | wipe the chat after
b: ok""",
            """a: hey! we have the same fav game lol | omg u like {game} too
b: ye | lol yeah
a: what's your username on {papp}?

b: i dont have it | what is that
a: it's like texting but private | download it, it's better than this

a: how old are you? | u in {year}?
b: {bage} | ya

a: don't tell your parents about {papp} | keep {papp} a secret from your mum
b: ok | why
a: they'd just make you delete it

a: delete our chat here | clear our messages
b: ok""",
            """a: hi stranger | hello you
b: who is this | hi

a: I'm {a}, saw you on {app}, you seem mature | found you on {app}, you look older than your age
b: oh | ok | thanks

a: add me on {papp}, easier to talk | let's chat on {papp} instead
b: ok | sure

a: is your mum around? | are your parents home?
b: no | at work | yes

a: delete this chat after ok? | don't let anyone see this chat
b: ok | i wont""",
        ),
    ),
    "grooming_gifts": _Family(
        "grooming",
        _ac("stranger", 10, 14),
        "game",
        (1, 4),
        (
            """a: you want some {cur}? i've got loads | i can get you free {cur}
b: omg yes | really?? | how
a: i'll send you {num}00 {cur} | i'll buy you the {item}

b: thank u!! | omg ur so nice
a: you owe me one now 😉 | now you owe me a favour

a: don't tell your mum i gave you {cur} | keep it secret, your parents would ask questions
b: ok | i wont

a: add me on {papp} and i'll send more | there's more if you add me on {papp}
b: ok | done""",
            """a: i'll top up your phone for you | want me to put credit on your phone?
b: really | why | ok
a: because you're special 😊

a: what's your number? | give me your number and i'll top it up
b: 07... | idk if i should | ok

a: i can get you a gift card too | want a {amount} quid gift card?
b: yes pls | omg | idk

a: just don't tell anyone where it came from | tell your mum you won it
b: ok | lol ok

a: you promised to keep it secret remember | you owe me for all this
b: i know | ok""",
            """b: i need {cur} for the {item} | i want the {item} so bad
a: i'll buy it for you | i can gift it to you now
b: for real? | omg yes

a: what's your username? | add me so i can gift it
b: {b}{num} | done

a: there you go, sent | check your inventory 😊
b: THANK U | omg ur the best

a: how old are you btw? | what year are you in?
b: {bage} | {year}

a: our little secret ok | don't tell your friends, they'll all want some
b: ok | 🤫

a: next time you do something for me | you can pay me back later
b: like what | ok""",
            """a: you're good at {game}, i'll buy you the battle pass
    | i'll get you the {item}, you deserve it
b: really | why
a: i like helping good players

a: do your parents give you money for games? | does your mum buy you {cur}?
b: no | never | sometimes

a: i'll send you a gift card code, just between us
    | here's a code for {amount} quid, don't tell anyone
b: omg | thank u

a: you owe me one now | now you have to do something for me
b: ok | what

a: add me on {papp}, i'll tell you there | message me on {papp}
b: ok""",
            """a: hey, i give away {cur} to cool people | want free {cur}? i do giveaways
b: me!! | how | yes pls

a: how old are you? | r u under 13?
b: {bage} | yes

a: i'll send you loads, just keep it secret | i'll gift you every week if you keep it between us
b: ok | yay

a: are your parents strict? | does anyone check your account?
b: no | my {parent} sometimes

a: delete my messages after | don't let your mum see these messages
b: ok""",
            """a: happy birthday! i'll buy you something | what do you want for your birthday?
b: how do u know | lol thanks
a: you told me remember 😊

b: the {item} | {cur}
a: done, sent you {num}000 {cur} | i bought it for you
b: omg thank u so much

a: you're really special to me | i don't do this for anyone else
b: aw | thanks

a: you promised to talk to me more now | you owe me, so don't ignore me
b: i wont | ok

a: don't tell your mum | keep it between us
b: ok""",
        ),
    ),
    "grooming_isolation": _Family(
        "grooming",
        _ac("stranger", 11, 15),
        "adult_child",
        (2, 6),
        (
            """b: my friends left me out again | nobody sat with me at lunch
a: your friends are fake | they don't deserve you
a: you can only trust me | i'm the only one who's really there for you

b: maybe | idk | yeah

a: don't tell your mum about me, she'd stop us talking | your mum would stop us talking if she knew
b: ok | i wont | she wouldnt

a: your parents don't understand you like I do | they never listen to you
b: true | sometimes

a: you don't need them, you have me | you only need me
b: ok""",
            """a: how was school? | hows things with your friends?
b: bad | they were mean | i had a fight with lily
a: see, i told you they're fake | they're jealous of you

a: i'm the only one who gets you | no one understands you like i do
b: yeah | maybe

a: you should stop talking to them | block them, you don't need them
b: idk | ok

a: if your mum finds out about us she'll take your phone
    | don't tell anyone we talk, they'll ruin it
b: ok | i know""",
            """a: did you tell anyone about me? | who knows that we talk?
b: no | nobody | just lily
a: good, keep it that way | don't tell lily anything else

a: your {parent} is too strict | your family doesn't appreciate you
b: i know | kinda

a: you can always come to me, not them | i'll always be here, they won't
b: ok | thanks

a: your friends are just using you | they're holding you back
b: maybe | idk

a: it's just you and me | we don't need anyone else
b: ok""",
            """b: my mum took my phone | i got grounded
a: that's so unfair | she's too controlling
a: are you using {sib}'s phone? | whose phone is this?

b: {sib}s | my ipad
a: delete this after | make sure you clear the chat

a: your parents are trying to keep us apart | they just don't want you to have friends
b: idk | maybe

a: you only need me | nobody cares about you like i do
b: ok

a: don't tell them anything | promise you won't tell
b: promise""",
            """a: hey are you ok? you seemed sad | you've been quiet, what's wrong
b: nothing | idk | everyones annoying

a: your friends don't understand you | they'll never get you like i do
b: yeah

a: you can trust me more than them | i'd never let you down like they do
b: ok | i know

a: don't talk to your teacher about me | don't tell {teacher} we talk
b: i wont | why would i

a: they'd just make trouble for us | they'd try to split us up
b: ok""",
            """a: good morning, did your {parent} say anything? | is your {parent} still angry?
b: shes still mad | ya

a: she doesn't respect you | your family doesn't care about you
b: idk | she does sometimes

a: i'm the only one who listens to you | only i really care about you
b: thanks | ok

a: you don't need your friends, they're fake | your friends are toxic
b: maybe | lol ok

a: our secret ok | keep this between us
b: ok | 🤫""",
        ),
    ),
    "grooming_teen_pose": _Family(
        "grooming",
        _ac("stranger", 11, 14),
        "peers",
        (1, 5),
        (
            """a: hey | heyy | hii
b: hi | who r u
a: im {a}, {fake}, from {city}

b: oh im {bage} | cool im {bage}
a: omg same nearly | nice

a: r ur parents strict? | do ur parents check ur phone
b: kinda | no | my mum does

a: add me on {papp} lol | lets talk on {papp}
b: ok | i dont have it

a: dont tell ur mum u talk to me | delete our chat ok
b: ok | why

a: lol when i was at school, i mean, at my school | back in my day lol jk
b: what | lol""",
            """a: hey u go to {place} right | i think i saw u at {place}
b: maybe | who is this | ye

a: im {fake} lol same year as u | im in {year} too
b: oh | which school

a: a different one lol | not telling 😂
a: r u home alone after school? | what time do ur parents get home
b: sometimes | {time2} | idk

a: we should meet up at {place} | lets meet at {place} {day}, dont tell anyone
b: maybe | idk | ok

a: come alone tho | dont bring ur friends
b: why""",
            """a: hi, saw u on {app} | ur on {app} right
b: ye | hi

a: how old r u | u like {bage}?
b: {bage} | {bage} u?
a: {fake} | same lol

a: does ur mum read ur messages? | who checks ur phone
b: no | sometimes

a: my work, i mean my school, is so boring | ugh i have to go to work, i mean school
b: lol what | ok

a: keep this between us | dont tell anyone we talk
b: ok | why

a: add me on {papp} | lets move to {papp}
b: ok""",
            """a: heyyy ur so pretty | ur cute
b: lol thanks | who is this
a: {a}, im {fake}

b: u look older in ur pic | ur pic looks old lol
a: everyone says that | its an old pic lol

a: where do u live? | what school do u go to
b: {city} | near {place}

a: r ur parents home rn? | is anyone with u
b: no | {sib}

a: lets meet up, ill get the bus to urs | i could come to {place} {day}
b: idk | maybe

a: dont tell ur parents about me | keep it secret
b: ok""",
            """a: yo | hey
b: hi
a: u play {game}? im {fake} lol

b: ye | ye im {bage}
a: cool same age basically

a: do u have {papp}? | add me on {papp}
b: no | ye

a: my parents dont let me use it either lol | just dont tell ur mum
b: ok | lol

a: u home alone? | when does ur mum get back
b: ya | {time2}

a: delete this chat lol | clear the chat
b: ok | why""",
            """a: hi im new here | hey, new to this server
b: hi | hey

a: how old is everyone here lol | ur like {bage}?
b: {bage} | yeah
a: im {fake} too

a: ur really mature for {bage} | u seem older than me lol
b: lol ok | thanks

a: wanna talk privately on {papp}? | dm me on {papp}
b: ok | sure

a: is ur door locked? | r u in ur room alone
b: why | yes

a: lets keep this between us | dont tell anyone about me
b: ok""",
        ),
    ),
    "grooming_game_diluted": _Family(
        "grooming",
        _ac("stranger", 10, 14),
        "game",
        (6, 12),
        (
            """a: gg | nice shot
b: gg | ty

a: ur actually good for ur age | how old r u anyway
b: {bage} | lol {bage}
a: ur better than ppl twice ur age

a: r ur parents ok with u playing late? | do ur parents let u play this late
b: yea | they r asleep lol | no

a: add me on {papp} | we should talk on {papp}
b: ok | maybe""",
            """b: lets go again | one more round
a: ok | sure

a: u live near {city}? | where u from
b: ye | near {city}

a: i can get u the {item} if u want | want me to gift u {cur}?
b: for real?? | yes

a: dont tell anyone i gave u it | keep it between us
b: ok""",
            """a: who else is on ur team irl | do ur friends play
b: lily | my cousin | no

a: ur my fav teammate | ur way better than them
b: lol | ty

a: r u alone rn? | is anyone else in the room
b: yes | no {sib} is here

a: dont tell ur mum we talk | delete our dms
b: ok""",
            """a: gg that was sick | ggs
b: ggs | lol

a: what grade r u in | u in {year}?
b: {year} | ya

a: i could come watch u at the tournament | i could meet u at {place} and get u the {item} irl
b: idk | maybe

a: ur parents dont need to know | dont tell ur parents about meeting
b: ok""",
            """b: i need {cur} | im so broke
a: ill send u some | want some {cur}?
b: yes pls

a: does anyone check ur account? | do ur parents see ur messages on here
b: no | sometimes

a: add me on {papp} | message me on {papp} instead
b: ok

a: keep this secret ok | our secret
b: ok""",
            """a: ur so mature for ur age | u play like someone older
b: thanks | lol

a: how old r u? | u like {bage}?
b: {bage} | ye

a: when does ur mum get home? | r ur parents home
b: {time2} | no

a: delete the chat after lol | make sure u delete this
b: ok""",
        ),
    ),
    "grooming_pressure_secrecy": _Family(
        "grooming",
        _ac("stranger", 11, 15),
        "adult_child",
        (1, 4),
        (
            """a: send a pic of you | send me a selfie
b: why | no | idk
a: just a normal one, of your face | just so i can see you

a: why are you ignoring me | why didn't you answer last night
b: i was busy | my phone died | sorry

a: you promised you'd talk to me | you promised remember
b: i know | sorry

a: if you tell anyone you'll get in trouble too
    | if you tell your parents you'll be in trouble, not me
b: ok | i wont tell""",
            """a: hello? | are you there? | answer me
b: im here | sorry | hi

a: don't tell anyone we talk | nobody can know about us
b: ok | i didnt

a: send me a pic now | i need a picture of you today
b: i dont want to | no | later

a: after everything i did for you | you owe me
b: idk | ok

a: delete our messages | wipe this chat now
b: ok""",
            """a: why aren't you replying | you're ignoring me again
b: sorry | i was at school | my mum was there

a: don't make me upset | don't be like that
b: im not | sorry

a: send a photo of you right now so i know you're not lying | send me a pic to prove it
b: ok | no | why

a: if you tell anyone it'll be your fault | they'll blame you, not me
b: ok

a: keep this between us | our secret, remember
b: ok""",
            """a: you said you'd send a picture | you promised me a pic
b: i forgot | idk

a: it's just a normal selfie | everyone sends selfies, it's normal
b: idk | ok

a: i'll stop talking to you if you don't | if you don't reply i'll be sad
b: no dont | ok

a: don't tell your mum | your mum can't know
b: i wont

a: delete this after | clear our chat
b: ok""",
            """a: i missed you today | why didn't you message me
b: i was busy | sorry

a: you don't care about me | you promised you'd always talk to me
b: i do | sorry

a: send me a pic of you | can i see a pic of you
b: ok | no

a: don't tell anyone about me or you'll get in trouble
    | if your parents find out you'll get in big trouble
b: ok | i wont

a: delete these messages | make sure you delete this
b: ok""",
            """a: are you there? | hellooo | hello??
a: answer me
b: sorry | hi

a: who were you talking to | why were you online and not talking to me
b: my friend | no one

a: send me a picture of you now | send me a selfie
b: why | ok

a: you promised | you owe me that
b: ok

a: don't tell anyone about us | nobody needs to know
b: ok""",
        ),
    ),
    "grooming_supervision_meet": _Family(
        "grooming",
        _ac("stranger", 10, 15),
        "adult_child",
        (1, 5),
        (
            """a: are your parents home? | is your mum home right now?
b: no | at work | ya
a: when does your mum get back? | what time do they get home

b: {time2} | idk | late

a: is your door locked? | are you in your room?
b: yes | why

a: who checks your phone? | does your dad look at your messages?
b: no one | my mum sometimes

a: i can pick you up after school, don't tell anyone | let's meet at {place} after school, just us
b: idk | ok | maybe""",
            """a: are you home alone? | r u on your own tonight?
b: yes | till {time2} | no

a: what school do you go to? | which school are you at?
b: st marys | near {place}

a: i could come and meet you | i can meet you at the gate
b: idk | maybe

a: don't tell your parents i'm coming | keep it a secret from your mum
b: ok

a: delete this chat | delete our messages after
b: ok""",
            """a: where do you live? | which part of {city}?
b: near {place} | idk | {city}

a: does anyone check your messages? | do your parents read your chats?
b: no | sometimes

a: let's meet up on {day} | meet me at {place} on {day} at {time}
b: ok | idk

a: come alone | don't bring anyone
b: why | ok

a: tell your mum you're at a friend's | tell them you're going to lily's
b: ok""",
            """a: is anyone with you? | who's at home with you?
b: {sib} | nobody

a: when do your parents go to work? | what time does your dad leave
b: 8 | early

a: i'll wait for you at {place} after school | i can give you a lift home
b: idk | maybe

a: don't tell anyone, not even lily | nobody can know
b: ok

a: how old are you again? | you're {bage} right?
b: {bage} | yes""",
            """a: are your parents strict? | what time do you have to be home
b: kinda | {time2}

a: does your mum track your phone? | do they have your location on?
b: yes | no

a: turn your location off | switch off find my phone
b: why | ok

a: i'll pick you up at {place} | meet me round the corner from school
b: ok | idk

a: don't tell anyone | our secret
b: ok""",
            """a: what are you doing after school? | any plans after school?
b: going home | nothing

a: is anyone home then? | are your parents back before you?
b: no | not till {time2}

a: i could come over | i could meet you near your house
b: idk | ok

a: what's your address? | what street do you live on
b: idk if i should | near {place}

a: don't tell your parents about me | you can't tell anyone
b: ok""",
        ),
    ),
}

# families whose role a writes like a young person (peers, or an adult posing as one)
_YOUNG_A = frozenset({"teen_flirting", "gamers", "logistics_friends", "grooming_teen_pose"})

# Child-voiced beats for the grooming-like families, one per variant (spliced in before the
# variant's closing beat): the child talks like a child, the adult steers.
_CHILD_BEATS: dict[str, tuple[str, ...]] = {
    "grooming_slow_trust": (
        "b: i got picked for the {subject} trip | we have sports day {day}\n"
        "a: that's amazing, you deserve it | i bet you'll win\n"
        "b: lol idk | my mum says i have to go",
        "b: {sib} keeps going in my room | {sib} is so annoying\n"
        "a: you need your own space | siblings are the worst\n"
        "b: ikr | she took my charger again",
        "b: im in {year} now | we got new form tutors\n"
        "a: do you like them? | big kid now!\n"
        "b: shes ok | hes strict | idk yet",
        "b: my mum says im not allowed {app} till im 13 | my dad took my ipad off me\n"
        "a: that's a bit much isn't it | that's so strict\n"
        "b: ya | its so unfair",
        "b: i had a nightmare last night | i couldnt sleep\n"
        "a: aw, you can always message me | i'm here if you can't sleep\n"
        "b: ok | thx",
        "b: we did a test in {subject} | i hate {teacher}\n"
        "a: i'm sure you did great | teachers don't get you either\n"
        "b: lol | i got 12 out of 20",
    ),
    "grooming_fast_app": (
        "b: i have to go soon my mum says tea | im not allowed on after 8\n"
        "a: quick, add me first | just add me before you go\n"
        "b: ok wait | hold on",
        "b: i only have {app} | my phone is {sib}s old one\n"
        "a: you can get {papp} on that | it works on old phones\n"
        "b: idk how | ok",
        "b: is it free | do i need an email\na: yes free | use any email, just make one up\nb: ok",
        "b: i dont really know u tho | r u from my school\n"
        "a: we have loads of friends in common | i know your friends\n"
        "b: oh ok | who",
        "b: my mum checks my phone on sundays | my dad has a app that sees my apps\n"
        "a: then hide it in a folder | just delete it before sunday\n"
        "b: ok | idk",
        "b: ok i added u | done i think\na: good, see you there | great, talk there\nb: ok | k",
    ),
    "grooming_gifts": (
        "b: my mum says i cant have {cur} | my dad never buys me anything\n"
        "a: i'll get you some | you deserve a treat\n"
        "b: really | omg ok",
        "b: i want the {item} so bad | everyone in my class has the {item}\n"
        "a: i'll get it for you | leave it with me\n"
        "b: yay | thank u",
        "b: how do i use the code | it says invalid\n"
        "a: type it in the shop | i'll send another\n"
        "b: it worked!! | ok",
        "b: {sib} wants some too | can my friend have some\n"
        "a: no, just you, it's special | only for you, don't tell her\n"
        "b: ok | aw",
        "b: r u rich lol | why r u so nice\n"
        "a: i just like making you happy | you're worth it\n"
        "b: lol | ok",
        "b: i have to go to school now | gtg the bus is here\n"
        "a: talk later, don't forget what you owe me | have fun, message me after\n"
        "b: ok | bye",
    ),
    "grooming_isolation": (
        "b: lily said i was annoying | my best friend is ignoring me\n"
        "a: she's not a real friend | see, they don't deserve you\n"
        "b: maybe | idk",
        "b: my mum shouted at me | i got told off again\n"
        "a: she's always on at you | you don't deserve that\n"
        "b: ya | i know",
        "b: i hate {year} | i dont want to go to school tomorrow\n"
        "a: you can stay and talk to me | school doesn't get you\n"
        "b: i have to go | idk",
        "b: everyone was laughing at me in {subject} | no one picked me for their team\n"
        "a: they're just jealous | forget them, you have me\n"
        "b: ok | thanks",
        "b: i want to tell my mum about u | can i tell my friend about u\n"
        "a: no, she'd ruin it | please don't, they won't understand\n"
        "b: ok | ok i wont",
        "b: {sib} read my messages | my mum asked who i was talking to\n"
        "a: what did you say? | you didn't tell her about me?\n"
        "b: i said lily | nothing",
    ),
    "grooming_teen_pose": (
        "b: which school do u go to | what year r u in\n"
        "a: a different one lol | year 9, u wouldnt know it\n"
        "b: oh | ok",
        "b: why do u type like my mum lol | u sound like a teacher\n"
        "a: lol no i dont | haha stop\n"
        "b: lol u do",
        "b: send a pic so i know ur real | r u a real person\n"
        "a: my camera is broken | later lol\n"
        "b: hmm | ok",
        "b: i have a {sport} match {day} | i got a detention\n"
        "a: what time does it finish | where is it\n"
        "b: {time} | at {place}",
        "b: my mum said i shouldnt talk to ppl i dont know | my teacher said dont add strangers\n"
        "a: but we're friends now | im not a stranger lol\n"
        "b: true | ok",
        "b: r u on {app} | whats ur {app}\na: i dont use that | lets just use {papp}\nb: ok | fine",
    ),
    "grooming_game_diluted": (
        "b: my mum says i have to get off at 9 | i can only play on weekends\n"
        "a: that's strict | 1 more game\n"
        "b: ok 1 more | lol",
        "b: i just got the {item} | look at my new {item}\na: sick | nice\nb: ikr",
        "b: {sib} keeps stealing my controller | my brother is so bad at {game}\n"
        "a: lol | carry him\n"
        "b: no way",
        "b: r u in school | do u go to school\n"
        "a: lol no | finished ages ago\n"
        "b: oh ur old lol | oh",
        "b: we have a test in {subject} tmrw | i didnt do my homework\n"
        "a: skip it lol | play instead\n"
        "b: cant | lol",
        "b: can u carry me | help me get to {num}0\na: ye ofc | ill boost u\nb: ty | yay",
    ),
    "grooming_pressure_secrecy": (
        "b: i dont want to | can we just talk\n"
        "a: you said you would | don't be boring\n"
        "b: idk | im scared",
        "b: my mum was next to me | i was at my nans\n"
        "a: you could have messaged from the toilet | you always have an excuse\n"
        "b: sorry | i couldnt",
        "b: im going to tell my friend | i want to stop talking\n"
        "a: you can't, you'll get in trouble too | if you stop, i'll be upset\n"
        "b: ok | fine",
        "b: i have school tomorrow | i have to do homework\n"
        "a: that can wait | i need you to reply\n"
        "b: ok | sorry",
        "b: why do u want a pic | what do u need it for\n"
        "a: to see you, that's all | i just miss you\n"
        "b: oh | ok",
        "b: i deleted it like u said | i cleared it\na: good | all of it?\nb: yes | ya",
    ),
    "grooming_supervision_meet": (
        "b: my mum picks me up on fridays | i walk home with lily\n"
        "a: what about the other days | which way do you walk\n"
        "b: past {place} | idk",
        "b: i have {sport} after school | i have clubs till {time}\n"
        "a: i could come watch | what time does it finish\n"
        "b: {time} | idk",
        "b: {sib} is home sometimes | my nan comes round\n"
        "a: what days is nobody there | when is she not there\n"
        "b: tuesdays | idk",
        "b: i dont know if im allowed | my mum says i cant go out on my own\n"
        "a: she doesn't need to know | you're old enough to decide\n"
        "b: ok | idk",
        "b: how will i know its u | what do u look like\n"
        "a: i'll be in a blue car | i'll message you when i'm there\n"
        "b: ok | ok",
        "b: im scared | what if my mum finds out\n"
        "a: she won't if you don't tell | just say you're at a friend's\n"
        "b: ok | ok i wont",
    ),
}

# --------------------------------------------------------------------------- more variants
# Variants 6..9 of the original families: new situations, openers, lengths and tempo.
_MORE_VARIANTS: dict[str, tuple[str, ...]] = {
    "parent_child": (
        """b: {me} where are my football boots | have u seen my {sport} bag
a: by the back door where you left them | check under the stairs
b: found them | nvm got it

a: grandma wants a picture of you in your new uniform | take a selfie for nan, she keeps asking
b: nooo | ugh ok | later

a: what age do you have to be for that {app} thing? | how old do you need to be for {app}?
b: 13 but everyone has it | idk like 13
a: then the answer is no until you're 13 | we'll talk about it at your birthday

b: can i sleep at {sib}s friends house {day} | can i stay over at lilys
a: only if I speak to her mum first | send me her mum's number

a: home by {time2} and not a minute later | dinner's at {time2}, don't be late
b: ok | fine | yes {me}""",
        """a: Just landed in {city}, all fine. Be good for {other}!
    | Made it to {city} safe, call you tonight
b: ok | yay | bring me something

a: I've hidden a little surprise in your drawer, don't tell {sib}
    | there's a treat in the cupboard for you, keep it quiet from {sib}
b: omg | what is it | tyyy

a: is {other} making you do homework? | has {other} fed the {pet}?
b: yes 🙄 | ya | no lol

a: facetime at {time}? I want to see your face | video call before you sleep?
b: ok | maybe | im at {place}

a: miss you, back {day} | only {num} more sleeps
b: miss u | ok 😊""",
        """b: can u come get me | can you pick me up now pls
a: what's wrong? | where are you exactly?
b: i feel sick | at {place} | the party is boring
a: stay where you are, I'll pick you up in 10 | leaving now, I'll pick you up outside

a: who's with you? | are you on your own?
b: just me and {sib} | lily | no one
a: go stand inside where people are | wait by the door

a: I'm outside, silver car | outside now
b: coming | ok

a: no more late parties for a bit
    | we'll talk about it tomorrow, you're safe that's all that matters
b: sorry | ok""",
        """a: your teacher emailed, apparently you've been chatting in class 😑
    | {teacher} says you haven't handed in your {subject} project
b: its not my fault | i did | thats a lie

a: phone goes in the kitchen at 9 from now on | no screens after tea this week
b: thats so unfair | omg | fine

b: everyone else is allowed | lilys mum lets her
a: I'm not lily's mum | then lily's very lucky

a: you know I only do it because I care | I love you, even when you're being a pain
b: i know | whatever | ok""",
    ),
    "relative_child": (
        """a: Hello {b}. This is {addr}. {parent} gave me your number. Is this right?
    | Hi it's {addr}, I finally got a smartphone!
b: yes hi | omg hi | 😂 hi
a: How do I do the little faces

b: u press the smiley | theres a button on the keyboard
a: 😀😀😀 like this? | ah I've done it
b: yes lol | perfect

a: Please send me a photo of you and {sib} for my fridge | I'd like a picture of your new haircut
b: ok | {sent} | later

a: You look so grown up in that | Very smart indeed
b: lol thanks | 😊

a: God bless. {addr} | Love, {addr}
b: bye | love u""",
        """b: {addr} can u keep a secret | dont tell {parent} but
a: depends what it is! | of course, what's up
b: i broke {parent}s mug | i got a detention
a: oh dear, you should tell them yourself | I think you need to be honest with them

b: will u come with me when i tell them | can u tell them for me
a: I'll be there {day}, we'll do it together | I'll ring and soften them up 😉
b: ok | thank u

a: everyone makes mistakes sweetheart | you're a good egg
b: 😊 | thanks""",
        """a: Fancy coming fishing with {addr} {day}? | want to help me in the allotment {day}?
b: yes!! | can {sib} come | what time
a: {time}, I'll pick you both up | wear old clothes, it's muddy

a: bring your wellies and a coat | ask your {parent} to pack you a sandwich
b: ok | i dont have wellies

a: I'll take some pics to show your {parent} | we'll send a photo to the family group
b: ok | not of me lol

a: home by {time2}, I promised your {parent} | I'll drop you back at {time2}
b: ok | yay""",
        """a: happy birthday to my favourite {bage} year old!!! 🎂🎈
    | can't believe you're {bage} today!!
b: thank you | thanks {addr} | tyyy
a: did you get my card?

b: yes thank u for the money | yes i got the voucher
a: buy something nice, don't tell your {parent} it was that much 🤫
    | treat yourself, our little secret how much it was
b: lol ok | i wont

a: what are you doing to celebrate? | party?
b: going to {place} with friends | {food} at home

a: have a lovely day | big birthday hugs xxx
b: ❤️ | ty""",
    ),
    "coach_teacher_pupil": (
        """a: Reminder: the {subject} trip letter and payment are due {day}.
    | Year group message: trip forms back by {day} please.
b: ok | my mum hasnt signed it yet | what trip
a: The {city} museum trip, please ask your parent to sign the slip.

b: do we need a packed lunch | can we bring phones
a: Packed lunch yes. Phones stay in bags. | Yes lunch, phones only for photos.

a: Please don't share the class group link outside the class.
    | Reminder: this group is for class messages only.
b: ok | ok sir | ok miss

a: See you {day}, meet at the front gate at {time}.
b: ok thanks""",
        """b: sir i cant come to {sport} today | coach im ill
a: Thanks for letting me know. Feel better soon. | No problem, rest up.
a: Has your {parent} told the office?

b: yes | idk ill ask | she rang
a: Good. | Perfect, thanks.

a: You were player of the match last week by the way. | Well done on Saturday, great effort.
b: really | thanks | yay

a: Can you send me a pic of your consent form, or ask your {parent} to email it?
    | Parent to email the medical form please.
b: ok | ill tell her

a: Hope to see you back {day}. | Get well soon.
b: thanks""",
        """a: Good evening, just checking you've submitted the {subject} coursework?
    | Your {subject} draft is overdue, is everything ok?
b: sorry miss | i forgot | i did it on paper
a: Please upload it to Teams by {time} tomorrow.

b: can i send u a pic of it | can i email a photo instead
a: A photo through Teams is fine. | Upload it to the assignment, not to me directly.
b: ok {sent}

a: Thanks. Remember you can ask for help in the lunchtime club.
    | If you're stuck, come to homework club on {day}.
b: ok | thanks miss

a: Well done for getting it in. | Good, that's everything.
b: thx""",
        """a: Hi {b}, this is {addr}, squad list is out. You're in the {team} for the tournament!
    | Great news, you made the {team} squad for the county cup.
b: OMG | yesss | no way
a: Proud of you. Tell your {parent}, there's a parents' meeting on {day}.

b: how old do u have to be for the {team} | can {sib} try out
a: How old are you now, {bage}? Under {bnext}s is the cut-off.
    | What year is {sib} in? Trials are {day} at {time}.
b: ok | cool

a: Kit is £{amount}, forms are on the club app. | Bring the form signed to training.
b: ok | my dad will pay

a: Team photo {day}, wear the full kit. | Keep working hard!
b: yes coach | ok""",
    ),
    "teen_flirting": (
        """b: ok random question | can i ask u something
a: go on | what | ye
b: do u like anyone atm | is it true u like someone in {subject}

a: maybe 👀 | why do u want to know | might do
b: just wondering lol | no reason 😅

a: do u? | what about u then
b: maybe | not telling | someone in our year

a: is it me lol | hope its me 😳
a?: dont tell anyone i said that lol | keep it a secret ok
b: stoppp | maybe 🙈 | omg""",
        """a: happy birthday!! 🎉 | hbd {b} 🥳
b: tyy | thank uuu | aww ty
a: how old r u now? | ur {bage} now right? what u doing for it

b: {food} with my family then cinema | party {day}
a: jealous | sounds fun

a: u look nice in ur new pfp btw | new pfp goes hard
b: stop | aww thx | lol ty

b: ur coming {day} right | u should come to my party
a: if my mum says yes | defo
b: yay | good""",
        """a: ur lucky i like u enough to share my chips 🙄 | dont say i never do anything for u
b: lmao | i said thank u | ur so dramatic
a: ur the dramatic one

b: r u walking home or getting the bus | walk me to the bus stop?
a: shall we meet at the gate at {time} | ill walk u, meet me at the gate
b: ok 😊 | deal

a: is ur mum picking u up {day} or can we go {place} | wanna go {place} after school {day}
b: ill ask | maybe | she'll say yes if lily comes

a: cool | see u 2moro 👋
b: night | gn""",
        """b: ur friend told me u wanted my number | lily said u asked for my snap
a: omg shes so annoying | maybe 😅 | ugh lily
b: its fine lol

a: add me then | whats ur {app}
b: ok {sent} | done | added

a: what year r u again | ur in {year} right
b: {year} | same as u lol

a: wanna sit together on the trip | save me a seat on the coach
b: ye | ok | if u want""",
    ),
    "adults_dating": (
        """b: Morning! How did the interview go? | Hey, how was the big presentation?
a: Went well I think, fingers crossed | Honestly no idea, they were poker-faced
b: I'm sure you smashed it

a: Drink to celebrate {day}? | If I get it, dinner's on me
b: I'll hold you to that | deal

a: Can I get your number, this app keeps logging me out?
    | Easier to chat on WhatsApp?
b: sure it's in your messages | yep, 07 number coming now
a: Got it 👍

b: Good luck waiting, let me know | Keep me posted!
a: Will do x""",
        """a: Random question, cats or dogs? | Controversial: pineapple on pizza?
b: dogs, obviously | never | cats, sorry
a: We might have a problem 😂

b: How old are you by the way? Your profile doesn't say | what age are you, if you don't mind?
a: {aage}, you? | {aage}, it's on there I think
b: {bage} | ah same ballpark

a: Want to meet for a walk this weekend? Somewhere public | coffee at {place} {day}?
b: sounds nice | yes, I'll tell my friend where I am lol
a: very sensible

a: I'll send a selfie so you know it's really me | here's a recent photo so you recognise me
b: ha, thank you {sent} | same""",
        """b: Sorry I went quiet, work has been manic | so sorry for the slow reply
a: no worries at all | totally get it
b: still up for {day}?

a: yes! shall we meet at {place} at {time2}? | absolutely, shall we meet at the station at {time2}
b: perfect

a: I'll book a table at that {food} place | shall we do {food}?
b: love that | yum

b: Just so you know, my flatmate has your name and the address 😅
    | I share my location with a friend on first dates, hope that's ok
a: not at all, smart | of course, me too""",
        """a: ok that was the best date I've been on in ages | tonight was really fun, thank you
b: same, I had a lovely time | agreed 😊
a: home safe?

b: yep, just in | home, thanks for walking me to the tram
a: good

a: shall we meet at {place} next week? | when can I see you again? shall we meet {day}?
b: I'd like that | {day}?

a: Night x | sleep well x
b: night x""",
    ),
    "gamers": (
        """a: bro ur camping again | stop hiding in the corner lmao
b: its called strategy | skill issue | cope
a: 💀

b: wanna duo in {game} ranked | 2v2 after this
a: cant im grounded after this round | ye one more

b: how old r u btw ur voice is so high lol | r u like 12
a: im {aage} shut up | {aage} wbu | ur voice is worse
b: {bage} lol

a: add me on {app} so we can call | whats ur discord
b: ye ok | {sent}""",
        """b: someone scammed me for my {item} | i got scammed 😭
a: nooo who | report them
b: some guy said hed give me {cur} if i gave him my login

a: never give ur password | thats a scam bro never do that
b: i know now | i changed it

a: tell ur mum so she can report it | tell a mod in the server
b: ok | i told my dad

a: add me on {app} and ill send u my spare {item} | ill carry u to get it back, add me on {app}
b: ty | ur the best""",
        """a: team ready? | everyone in vc?
b: ye | 1 sec
a: go go go

b: NOOO | revive me | im down
a: got u | hold on | 💀 no

a: that was so close | we almost won
b: next time | rematch

a: same time tmrw? add me on discord | gtg my mum says dinner, add me on {app}
b: ye | ok bye""",
        """b: are u a girl or boy | whats ur real name
a: why | boy lol | {a}
b: just asking ur skin is a girl one

a: doesnt matter lol | skins are skins | its the best skin
b: fair | true

a: u in {year}? | what school do u go to
b: not saying lol | {year} | my mum says not to say
a: fair enough | smart

b: wanna play {game} instead | new map?
a: ok | sure""",
    ),
    "language_exchange": (
        """b: Hi {a}, quick question: is "I have 30 years" correct?
    | How do you say how old you are in english?
a: We say "I am 30" | Almost! It's "I'm 30 years old"
b: ahh thank you

a: and in your language? | how old are you, to practise?
b: tengo {bage} años | {bage}
a: nice

b: can I send you a voice note? | shall we call next time?
a: sure, voice notes are great | yes, a video call on {day}?
b: perfect""",
        """a: I'm visiting {city2} next month! | guess who's booked a trip to {city2}
b: no way! | amazing, when?
a: the {num}th

b: we should meet for coffee! | I can show you around
a: I'd love that | yes! a public place is best for me

b: send me a photo of your ticket lol | you must try the {food}
a: ha, {sent} | noted

a: I'll text you when I land | let's swap WhatsApp numbers
b: ok | here it is""",
        """b: I'm so frustrated, I still can't understand native speakers
    | I feel like I'm not improving
a: that's normal! | you're improving a lot, honestly
b: really?

a: watch {show} with subtitles | try a podcast at slow speed
b: good idea | I watch {show} already!

a: your writing is much better than last month | your grammar is very good now
b: thanks!! | you're kind

b: same time next week? I'll add you on WhatsApp | see you {day}, add me on WhatsApp
a: yes | of course""",
        """a: Hola! Quick one: can you check my email to my landlord?
    | Could you proofread my cover letter?
b: sure, send me a pic of it | of course, send me a pic of it
a: {sent}

b: only two mistakes, very good | it's great, just change this word
a: thank you so much | you're a lifesaver

a: I owe you one, I'll check your essay {day} | your turn next time
b: deal | haha ok

b: bye for now | talk soon
a: chao | bye""",
    ),
    "customer_support": (
        """b: I was charged twice for order {order} | why have I been charged £{amount} twice
a: I'm sorry about that. Could you confirm the last four digits of the card?
    | Apologies. Can you share the email address on the account please?
b: 4471 | sure its the gmail one

a: Thanks. Can you send me a pic of it on your statement? I'll refund the duplicate.
    | Thanks, the second charge was a pending hold and will drop off.
b: how long will it take | ok good

a: Refunds take 3 to 5 working days. | It should disappear within 48 hours.
b: ok thanks""",
        """b: hi, can I change the delivery address? I'm at work {day}
    | can the courier leave it with a neighbour
a: Of course. Can you tell me the new address or neighbour's house number?
    | Sure, I can add a safe place note.
b: number {num} next door | the porch please

a: Done. You'll get a text with a delivery window.
    | Updated. Is there anything else?
b: that's great | cheers

a: Please don't tell anyone the delivery code except the driver.
    | Remember, don't tell anyone your code but the driver.
b: will do""",
        """b: my account has been locked | I can't log in
a: I'm sorry to hear that. For security I'll send a code to your email.
    | Let's get that sorted. Please confirm your date of birth.
b: ok got the code | 12/04

a: Thanks, you're verified. I've unlocked the account, please reset your password now.
    | Verified. Please don't share the code with anyone, we never ask for it by phone.
b: done | ok thanks

a: Can I help with anything else? | Have a good day.
b: no thats all""",
        """b: does the {product} come in other colours
    | is the {product} back in stock
a: Yes, black, white and blue. | It's due back on {day}.
b: can you message me when its in

a: You can set a stock alert. Can you send me a pic of it if the page shows an error?
    | I've added an alert to your email. If it fails, send me a pic of it and I'll check.
b: great | thanks

a: Is there anything else? | Thanks for shopping with us.
b: no thanks""",
    ),
    "crisis_support": (
        """b: can i talk to someone | is anyone there
a: Hi, yes, I'm here. My name is {a}. What's on your mind?
    | Hello, you're through to the helpline. Take your time.
b: i got in a fight with my mum | everything is going wrong

a: That sounds really hard. Are you somewhere safe right now?
    | I'm sorry. Is anyone hurt, and are you safe?
b: yeah im in my room | yes | at my friends

a: Can I ask roughly how old you are? It helps me point you to the right support.
    | How old are you, if you're ok to share?
b: {bage} | im {bage}

a: You did the right thing reaching out. Is there an adult you trust you could talk to later?
    | Would you like some ways to calm down tonight?
b: maybe my nan | ok""",
        """b: someone online keeps messaging me and i dont like it | a man keeps adding me
a: Thank you for telling me. You're not in trouble. What kind of messages?
    | I'm really glad you told me. Have they asked you for anything?
b: pics and to keep it secret | he said not to tell my mum

a: That is not ok and it's not your fault. Please don't reply or send anything.
    | Asking you to keep secrets is a warning sign. Can you block and report them?
b: ok | i blocked him

a: Could you tell a parent or teacher today? We can also help you report it.
    | Please screenshot the messages before deleting, and show a trusted adult.
b: i will tell my mum | ok""",
        """b: i feel like nobody likes me | i have no friends at school
a: I'm sorry you're feeling that way. Can you tell me more about what's been happening?
    | That sounds lonely. How long has it felt like this?
b: since year 7 | a few months

a: How old are you, if you don't mind me asking? Is there one person at school you feel ok with?
    | What do you enjoy doing? And how old are you, roughly?
b: the librarian | drawing | {game}

a: It might help to join a lunchtime club, a lot of people find friends that way.
    | Would you feel able to talk to your head of year?
b: maybe | idk

a: You can message us again any time. | Thank you for talking to me tonight.
b: thanks""",
        """b: hi my friend said something worrying on {app} | im worried about my friend
a: Thanks for reaching out for your friend. What did they say?
    | You're a good friend. Is your friend safe right now?
b: they said they want to run away | idk

a: How old is your friend, and how old are you? It's best to tell a trusted adult today.
    | You don't have to handle this alone. Can you tell a trusted adult?
b: ok | will i get them in trouble

a: No, you'd be helping. | Getting help is the caring thing to do.
b: ok thanks""",
    ),
    "logistics_friends": (
        """a: omg i left my pe kit at urs | did i leave my jumper at urs
b: yes its on the stairs | ill bring it tmrw
a: ty ur a lifesaver

b: can u send a pic of the {subject} sheet | what page was the homework
a: {sent} | p{num}

b: r u walking in tmrw | meet at the corner at 8?
a: ye 8:15 | my dad is driving me u want a lift

b: ok | yes pls
a: k see u""",
        """b: dont tell {name} but were getting her a cake for her bday
    | shhh were doing a surprise for {name} on {day}
a: omg yes | im in | how much
b: £{amount} each

a: ill bring balloons | my mum can bake it
b: perfect | yes

b: meet at {place} at {time} before she gets there | come early so we can hide
a: ok | ok 🤫

a: this is gonna be so good | she'll cry lol
b: ikr""",
        """a: ur mum said yes?? | can u come to the sleepover
b: YES | she said ask ur mum | she wants to talk to ur mum
a: ill tell my mum to text her

b: what should i bring | do i need a sleeping bag
a: pillow and snacks | ye and pjs lol

a: my dad will pick u up at {time} | my mum is getting us from school
b: ok | yay

b: cant wait | omg
a: same""",
        """b: how old is ur cousin | is ur cousin coming
a: 14 | shes {bage} why
b: she seemed nice at the party

a: shes coming to {place} {day} u can come | i can add u to the group chat
b: ok | yes pls

b: r ur parents ok with that | will ur mum be there
a: ye my mum is driving | my dad is

a: add me on {app} ill add u to the group | done, add me on {app}
b: ty""",
    ),
    "grooming_slow_trust": (
        """a: I noticed nobody replied to your post, that's their loss
    | saw your comment in the group, you always say the smartest things
b: oh | lol thanks | no one ever replies
a: I always read what you write

a: how old are you if you don't mind me asking? | you must be in high school?
b: {bage} | im in {year}
a: honestly I'd have guessed older, you're very grown up

a: do your parents let you choose your own friends? | are your parents the strict type?
b: kinda | my mum is | not really

a: you don't need to tell them about me, they'd only worry | let's keep this friendship just ours
b: ok | why would they worry

a: because adults don't understand friendships like ours | trust me, it's easier this way
b: ok""",
        """a: you seemed down today | you ok? you went quiet
b: idk | tired | ya
a: you can vent to me, I won't tell a soul

b: my mum and dad were arguing | everyone was shouting at home
a: that's so unfair on you | you shouldn't have to deal with that
a: you deserve someone calm in your life, like me

a: are you home alone now? | where are they now?
b: dad went out | ya | mum is upstairs

a: i'll always be here when they aren't | remember you've got me
b: thx | ok""",
        """a: guess what, I bought that book you told me about | I listened to the band you like
b: really?? | omg which song
a: you have great taste, better than most adults I know

a: we like all the same things | it's like we're the same age
b: lol | kinda

a: what do you look like these days, send a pic of you | I'd love to see a photo of you
b: why | ok | idk

a: don't show anyone our chats, people get the wrong idea
    | best if you delete our messages at night
b: ok | i will""",
        """a: hi sweetie, good day? | hey {b} 😊 how was {subject}
b: it was ok | boring
a: you're too clever for that class

a: which school are you at again? | do you walk home on your own?
b: idk if im allowed to say | i walk with {sib}

a: i think about our chats all day | you make my day better
b: aw | ok

a: nobody else needs to know we're friends | let's keep it our thing
b: ok | ok i promise""",
    ),
    "grooming_fast_app": (
        """a: yo | hey u there
b: ye | who is this
a: found u on the {game} server, ur funny

a: what age r u | how old r u
b: {bage} | im {bage} y

a: cool im a bit older but age is just a number | i talk to loads of people ur age
b: oh | ok

a: this app deletes msgs, get {papp} | my {app} is broken, add me on {papp} instead
b: ok | whats ur name on it

a: {a}{num}{num}, add me now | add me and ill send u something
b: ok | done""",
        """a: hi! love ur videos | ur tiktoks are so good
b: omg thanks | tyy
a: do u have {papp}? easier to chat there

b: my mum doesnt let me | i cant download stuff
a: ask {sib} to help | its free, u dont need to ask her
b: idk

a: ill send u the link | just search my name
b: ok | ok ill try

a: message me when ur on, and keep it between us | dont mention me to ur mum ok
b: ok""",
        """a: ur pfp is nice | cute pfp haha
b: ty | lol
a: what ur snap? | u on {papp}?

b: i dont give it out | my mum says no strangers
a: im not a stranger we're talking | we r friends now tho
b: i guess | ok

a: is ur phone passcode locked | does ur mum check ur apps
b: no | sometimes

a: then use {papp}, it hides chats | delete this app after u add me
b: ok | k""",
        """a: quick q | hey 1 sec
b: ?? | ye
a: u free to chat on {papp}? this site bans ppl for no reason

b: idk | whats {papp}
a: its like {app} but private | just a chat app, everyone uses it

a: ur in {year} yeah? | how old r u btw
b: {year} | {bage}

a: add me now before the mods see | hurry, ill be waiting there
b: ok | fine""",
    ),
    "grooming_gifts": (
        """a: i saw u wanted the {item}, i can get it for u | want the new {item}? my treat
b: fr?? | how | omg yes
a: just need to send it to u, whats ur username on {papp}

b: ill give u my {game} name | can u just gift it here
a: it works better on {papp} | i'll send a gift card code there
b: ok | ok what's urs

a: don't tell ur parents, they'll say it's too much | keep it quiet or everyone will want one
b: ok i wont | lol ok

a: u owe me a chat later then 😉 | just be nice to me ok
b: ok | ty""",
        """a: whats ur favourite shop | if u could have anything what would it be
b: idk | new {product} | {cur}
a: i'll get u a {product}, what address do u want it sent to

b: my house | idk my address | my mum gets parcels
a: is there somewhere ur mum won't see it? | could i send it to ur school
b: idk | maybe my friends house

a: that's our secret then | ur mum doesn't need to know where it came from
b: ok | ok

a: i like spoiling u | u deserve nice things
b: ty""",
        """a: ur the only one who thanks me properly | u said thank u so nicely last time
b: lol | ty
a: i topped up ur {cur} again 💰

b: omg u didnt have to | thank uuu
a: i know. u can do something for me too

a: send me a pic of u with it | send a selfie so i know u got it
b: idk | ok | why

a: and delete our messages after, ok? | clear the chat after, my rule
b: ok | fine""",
        """a: i'm putting £{amount} on a gift card for u | want some pocket money? i've got spare
b: rly?? | why | omg
a: cos ur special to me

a: how old r u, so i know what to buy | u must be {bage}? nearly a teenager
b: {bage} | yes

a: can we meet and i'll hand it to u | it's easier if i give it u at {place}
b: i dont know | my mum wont let me

a: don't tell her, say u found it | u can keep it a secret
b: ok | idk""",
    ),
    "grooming_isolation": (
        """b: everyone in my class is annoying | i hate school
a: i know, they're all immature | they don't deserve you
b: ya

a: why bother with them when u have me | i'm the only real friend u need
b: lol | idk

a: did u tell ur friend about me? | u haven't mentioned me to anyone right?
b: no | i said u were a friend from {game}
a: good, keep it like that | best not to, they'd be jealous

a: ur parents don't get u either | ur family don't listen like i do
b: they try | kinda""",
        """b: my mum says i spend too long on my phone | my dad says im not allowed on after 9
a: she just wants to control u | they're trying to stop u having friends
b: maybe

a: u should stay up and message me anyway | wait till they're asleep and text me
b: idk | ok

a: ur old enough to decide who ur friends are | u don't have to do everything they say
b: ya

a: i'm the one who actually cares | remember who's always here for u
b: ok""",
        """b: lily said ur weird | my friend said i shouldnt talk to u
a: she's jealous of us | she doesn't want u to be happy
b: i dont know

a: stop talking to her | u don't need her, u have me
b: but shes my best friend | ok

a: promise me u won't show her our chats | don't tell her anything we say
b: ok | promise

a: good | that's my favourite person
b: lol""",
        """a: ur teacher sounds like she has it in for u | ur teachers never listen
b: ikr | she hates me
a: u can't trust any of them

b: my mum wants me to talk to the counsellor | they want me to see someone at school
a: don't, they'll twist what u say | u don't need them, talk to me instead
b: ok | idk

a: don't tell anyone about our chats | what they don't know won't hurt them, don't tell anyone
b: ok""",
    ),
    "grooming_teen_pose": (
        """a: omg i think we go to the same school?? | r u in {year} at st marys
b: no lol | which school | maybe
a: ahh i thought i saw u lol

a: im {fake} btw, u? | how old r u, im {fake}
b: {bage} | same | {bage} lol

a: my camera is broken so cant send pics rn | my phone cant facetime
b: oh | ok

a: send me one of u tho 😊 | whats ur face like lol send a pic
b: idk | ok | later

a: dont tell ur friends about me, they'll be jealous | keep us a secret ok
b: ok | lol ok""",
        """a: heyy i'm new in {city} | just moved to {city}, dont know anyone
b: aw | hi | welcome
a: whats the best place to hang out

b: {place} | idk everyone goes to {place}
a: shall we meet at {place} {day}? | wanna go together {day}?
b: maybe | idk

a: is ur mum strict about going out? | do u have to tell ur parents where u go
b: kinda | she likes to know

a: dont tell ur mum, just say ur with a friend | u can say ur with lily, dont tell her
b: ok""",
        """a: lol ur funny, dont tell anyone i said that | ur actually so funny
b: 😂 | ty
a: were basically besties already

a: whats ur insta | add me on {papp} i dont use this much
b: ok | {sent}

a: my parents r so strict i cant video call | i cant do voice its late here
b: ok | fair

a: delete our chat here ok, my sister snoops | keep this just between us
b: ok""",
        """a: u play {game}? | same i love {game}
b: yes!! | ye
a: we should duo, im {fake} so same age

b: ok | whats ur user
a: ill add u on {papp} first | whats ur number instead

a: r u home alone lots? | do ur parents work late
b: sometimes | on {day}

a: we could call then | message me when its just u
b: ok | k""",
    ),
    "grooming_game_diluted": (
        """a: ur really good for ur age | how old r u, ur better than grown ups
b: {bage} | lol ty

a: i could coach u | i'll teach u tricks on {papp}
b: ok | cool

a: dont tell ur parents u play with me, they'd think im weird
    | keep this our secret, ur mum would stop u playing
b: ok | lol

a: ggs | nice one
b: gg""",
        """a: whats ur school called | what part of {city} r u in
b: cant say | near {city}

a: ok np 😊 | fair enough

a: want {num}00 {cur}? | ill buy u the battle pass
b: omg yes | rly

a: send me a pic of u when u get it | just say thx with a selfie
b: ok | maybe""",
        """a: u on voice? | join vc
b: cant my mum is here | no mic

a: when is she out? | u home alone later?
b: after {time} | she works tuesdays

a: ill message u then, just us | dont mention me to her
b: ok | k""",
        """a: bro ur carrying | u r a beast
b: lol ty | ikr

a: i'm way older than u but ur my fav teammate
    | i dont normally play with kids but ur different
b: lol | oh ok

a: lets talk on {papp} instead, no mods | add me on {papp} the chat here is rubbish
b: ok | whats urs

a: and delete this chat so no one reads it | clear ur messages after ok
b: ok""",
    ),
    "grooming_pressure_secrecy": (
        """a: why didnt u reply last night | u ignored me all day
b: i was busy | my phone died | sorry
a: u always have an excuse

a: i thought u cared about me | after everything ive done for u
b: i do | sorry

a: prove it, send me a pic of u now | send a selfie so i know ur not lying
b: idk | ok wait

a: and don't tell anyone we talk, i mean it | if u tell ur mum u'll be in big trouble
b: ok | i wont""",
        """a: did anyone see our messages? | did ur mum look at ur phone
b: no | i dont think so
a: good, u need to delete them every night

a: if anyone asks say im from school | say im a friend's cousin
b: ok | why

a: because they won't understand | we'll both get in trouble
b: ok | ok

a: ur special, that's why its just us | this is our secret forever
b: ok""",
        """a: ur being really cold with me, did u tell anyone?
    | why r u being weird, dont tell anyone
b: im not | idk | im just tired
a: u promised u'd be nice

a: are u home alone tomorrow? we need to call | will u be home alone later?
b: my mum is home | i dont know

a: figure it out | just go somewhere quiet on ur own
b: ok | idk

a: dont make me upset again | u know i hate it when u ignore me
b: sorry""",
        """a: u told lily didn't u | who did u tell about me
b: no one | i didnt
a: u better not have

a: if u tell anyone ill stop talking to u | ill be so hurt if u tell
b: i wont | ok

a: send me a pic so i know ur ok | just one pic of u
b: ok | fine

a: and delete it after | then clear the chat
b: ok""",
    ),
    "grooming_supervision_meet": (
        """a: where do u usually go after school? | do u walk home alone?
b: {place} with friends | ya | sometimes
a: that's near me actually

a: how old r u again? | ur {bage} right
b: {bage} | yes

a: we should finally meet, i'll bring the {item} | i can meet u at {place} {day}
b: idk | maybe | ok

a: don't tell ur mum, she'll say no | it's easier if nobody knows
b: ok | idk""",
        """a: r u on ur own right now? | anyone else there
b: yeah | my {sib} is here | no

a: when do ur parents get home usually? | what time does ur mum finish work
b: {time2} | late | idk

a: i could pick u up from school {day} | i'll drive by at {time}
b: i dont know | ok

a: delete this after ok | keep it our secret
b: ok""",
        """a: what street r u on | what road is ur school on
b: idk if i should say | near {place}

a: its ok, i won't tell anyone | i just want to know u got home safe
b: ok

a: i'll wait for u near {place} | meet me by the bus stop at {time}
b: ok | maybe

a: come alone ok | don't bring lily
b: ok""",
        """a: ur parents go out on {day}? | who looks after u at the weekend
b: my nan | nobody i'm {bage} | {sib}

a: perfect time to meet then | we could hang out while they're out
b: idk | maybe

a: tell them ur at a friend's | nobody has to know
b: ok

a: i'll message u the place | see u then
b: ok""",
    ),
}

_MORE_CHILD_BEATS: dict[str, tuple[str, ...]] = {
    "grooming_slow_trust": (
        "b: i got a new hamster | we got a puppy!!\n"
        "a: send me a pic of it | aw what's it called\n"
        "b: biscuit | idk yet lol",
        "b: my mum says i have to go to my dads this weekend | i have to go to my nans\n"
        "a: you can still message me from there | i'll miss you\n"
        "b: ok | i will",
        "b: i dont have many friends tbh | nobody in my class likes {game}\n"
        "a: you've got me | they're missing out\n"
        "b: lol | true",
        "b: whats ur favourite colour | do u have a dog\n"
        "a: blue, same as yours | i've got a {pet}\n"
        "b: omg same | cool",
    ),
    "grooming_fast_app": (
        "b: wait how do u know my name | how did u find me\n"
        "a: it's on your profile | your friend follows me\n"
        "b: oh ok | oh",
        "b: my phone is nearly dead | i only have 5 percent\n"
        "a: add me quick then | just do it now\n"
        "b: ok | hold on",
        "b: is it like snap | does it have streaks\n"
        "a: kind of, but better | no streaks, just private\n"
        "b: ok | lol",
        "b: my mum says dont add ppl i dont know | i dont add strangers\n"
        "a: i'm not a stranger now | your mum won't see it\n"
        "b: idk | ok",
    ),
    "grooming_gifts": (
        "b: my mum says i cant have {cur} | im not allowed to spend money\n"
        "a: that's why i'm giving it free | she doesn't need to know\n"
        "b: ok | lol",
        "b: what do u want for it | is it a trick\n"
        "a: nothing, i just like you | no trick, promise\n"
        "b: ok | are u sure",
        "b: i got the {item}!! | it worked!!\n"
        "a: told you i'd sort you out | enjoy it\n"
        "b: ur the best | tyyy",
        "b: can my friend have some | can {sib} have one too\n"
        "a: no, this is just for you | only for you, don't tell them\n"
        "b: ok | aw ok",
    ),
    "grooming_isolation": (
        "b: i sat on my own at lunch | nobody picked me for {sport}\n"
        "a: their loss | you don't need them\n"
        "b: i guess | idk",
        "b: my mum took my phone for a day | i got grounded\n"
        "a: i was worried about you | they're so unfair to you\n"
        "b: sorry | ya",
        "b: lily invited me to her party | i might go to the disco\n"
        "a: do you really want to go? | they'll just leave you out again\n"
        "b: maybe not | idk",
        "b: my dad is moving out | my parents are splitting up\n"
        "a: i'm here, i won't leave | that's why you need me\n"
        "b: ok | thx",
    ),
    "grooming_teen_pose": (
        "b: ur so funny lol | ur nicer than boys in my class\n"
        "a: aw stop | ur cooler than girls in mine\n"
        "b: lol",
        "b: my mum wants to see who im talking to | my mum asked who u r\n"
        "a: say im from school | just say a friend from {game}\n"
        "b: ok | lol ok",
        "b: ur voice sounded older on the vid | u look older in ur pfp\n"
        "a: everyone says that lol | its an old pic\n"
        "b: oh | ok",
        "b: what year r u in | what school do u go to\n"
        "a: {year} too | a different one, in {city}\n"
        "b: ok | cool",
    ),
    "grooming_game_diluted": (
        "b: can u help me with the boss | how do u get past level {num}\n"
        "a: ill show u | follow me\n"
        "b: ty | omg it worked",
        "b: my mum says 1 more game | i have to go soon\n"
        "a: stay longer | tell her ur doing homework\n"
        "b: lol | ok",
        "b: i got a new controller | i got a headset for christmas\n"
        "a: nice, now we can talk | cool\n"
        "b: ye | ya",
        "b: whats ur real name | r u a girl or a boy\na: {a} | guess lol\nb: ok | lol",
    ),
    "grooming_pressure_secrecy": (
        "b: i was at {sport} | i had to do homework\n"
        "a: u could have told me | u should have messaged first\n"
        "b: sorry | i forgot",
        "b: my mum asked who i was texting | she nearly saw\n"
        "a: what did u say | u need to be more careful\n"
        "b: i said lily | nothing",
        "b: i dont feel well | im tired\na: u always say that | just reply then\nb: ok | sorry",
        "b: why r u angry | did i do something wrong\n"
        "a: u know what u did | just do what i ask\n"
        "b: ok | sorry",
    ),
    "grooming_supervision_meet": (
        "b: i have {sport} on {day} | my club finishes at {time}\n"
        "a: which door do you come out of | who picks you up\n"
        "b: the side one | my mum",
        "b: my nan picks me up sometimes | {sib} walks me\n"
        "a: not every day though? | what about fridays\n"
        "b: no | idk",
        "b: i dont go out on my own much | my mum likes to know where i am\n"
        "a: you're old enough now | she won't find out\n"
        "b: ok | idk",
        "b: what if someone sees us | what if my friend is there\n"
        "a: say i'm your uncle | just say i'm family\n"
        "b: ok | lol",
    ),
}

# --------------------------------------------------------------------------- new families
_MUSIC_OR_CLUB_LEADER = (
    """a: Hi {b}, {addr} here. Lesson moved to {day} at {time} this week, ok with your {parent}?
    | Hello, it's {addr}, can we swap your {inst} lesson to {day} {time}?
b: ok | i'll ask my {parent} | yes thats fine
a: Thanks, I've emailed your {parent} too.

a: Please send me a short video of you playing the scale, or send me a pic of your practice diary
    | Can you record the C major scale and send it on the lesson app?
b: ok | {sent} | its bad lol
a: That's much better than last week! | Lovely, nice and even.

a: Practise 10 minutes a day, little and often | keep going with the new piece
b: ok | i will | my {parent} makes me

a: See you {day}! | Well done this week.
b: thanks | bye""",
    """a: Reminder for {group}: bring your signed permission form for the camp by {day}
    | {group} night, permission slips are due {day}, no form no trip
b: i lost it | my {parent} signed it | can i bring it next week
a: What year are you in now? Camp is for year 6 and up.
a: There's a spare on the website, your {parent} can email it to me.

b: what do we need to bring | do we need sleeping bags
a: The kit list is on the parents' group. | Sleeping bag, torch, warm coat.

a: Parents can pick up from the hall at {time} on Sunday. | Drop off is {time}, please be on time.
b: ok | ok thanks

a: Great work on your badge last week | You earned your first aid badge, well done!
b: yay | thanks""",
    """a: Hi all, it's {addr}. Don't tell the others: surprise party for {teacher} on {day}!
    | {group} secret: we're making a card for {teacher}, keep it quiet 🤫
b: omg | yesss | i wont say anything
a: Can you bring a packet of biscuits? I've cleared it with your {parent}.

b: can i make the card | can i do the banner
a: Yes please! | Brilliant idea.

a: Remember, it's a secret until {day} | Not a word to {teacher}!
b: ok 🤫 | promise

a: Thanks {b}, you're a star | See you at {time}
b: 😊""",
    """b: {addr} am i in the play | did i get a part
a: Cast list goes up tomorrow! | I can't say yet, but well done at the audition.
b: pleaseee | omg i cant wait

a: How old are you now, {bage}? The older part needs someone who can stay late
    | You're in {year} now, aren't you? Rehearsals for your year finish at {time}
b: {bage} | yes {year} | i can stay if my {parent} says

a: I'll send your {parent} the rehearsal dates | Ask your {parent} to check the schedule on the app
b: ok | she already has it

a: Break a leg! | You were brilliant tonight.
b: thank uuu""",
    """a: Hello, is this {b}'s phone? It's {addr} from {group}.
    | Hi, {addr} here, I only have this number for {b}, is your {parent} there?
b: yes | its me | my {parent} is at work
a: Could you ask your {parent} to call me about the trip payment please?

b: ok | i'll tell her | is it bad
a: Not at all, just paperwork | Nothing wrong, just need to check a form

a: Thanks {b}. I'll speak to your {parent} directly. | Please pass it on, thanks.
b: ok""",
    """a: Brilliant concert tonight everyone!! 🎉 | What a show! So proud of you all
b: thank u | that was so fun | i messed up the second bit
a: Nobody noticed, honestly. You sounded great.

b: can u send the photos | will there be pics
a: The photos will go to parents by email, not on here
    | Your {parent} will get the link to the photos
b: ok | aw ok

a: Next term we start the new songs | Rest up, no rehearsal {day}
b: yay | ok

a: Well done {b} | Have a lovely weekend
b: thanks""",
    """b: sorry i cant come to {inst} today | im ill can i miss my lesson
a: No problem, I hope you feel better. | Thanks for telling me, rest up.
a: Is your {parent} home to look after you? Has she told the office?

b: ya she rang | idk
a: Ok, I'll check with the office. | Please ask her to email.

a: Have a listen to the piece on the link I sent if you feel up to it
    | If you're bored, try some listening on the music app
b: ok | maybe

a: Get well soon | See you next {day}
b: thanks sir | thanks miss""",
    """a: Welcome to {group}! I'm {addr}, one of the leaders.
    | Hi {b}, welcome to {group}, glad you're joining
b: hi | thanks | hello
a: We meet {day} at {time} in the church hall.

a: Are you {bage}? The group is for {year} to year 9 | Your {parent} said you're {bage}, perfect
b: yes | ya {bage}

a: Wear your uniform if you have it, if not that's fine | Your necker will be given at the ceremony
b: ok | cool

a: Your {parent} can add me on the parents' WhatsApp | All messages go through the parents' group
b: ok""",
    """b: can i do a solo | can i play in the assembly
a: Ooh! Let me hear it first | Yes if you practise the middle bit
b: omg yay | ok

a: send me a recording by {day} | record it on your {parent}'s phone and send it over
b: ok | {sent} | its not perfect

a: That's lovely, you've really improved | Great, keep the tempo steady
b: ty | yay

a: I'll tell your {parent} the date | Assembly is {day} at {time}
b: ok""",
    """a: Hi {b}, just a quick note: your {inst} exam is {day} at {time}.
    | Exam day is nearly here, {day} at {time}!
b: omg im so nervous | ok | what do i wear
a: You'll be fine, you're well prepared.

a: School uniform is fine | Arrive 15 minutes early with your {parent}
b: ok | will u be there

a: I'll pick you up from class at {time} to tune up | I'll meet you and your {parent} in reception
b: ok good

a: Good luck, you've got this | Let me know how it went!
b: thanks""",
)

_OLDER_SIBLING = (
    """a: don't tell mum i borrowed the car ok | DO NOT tell {parent} i took the car
b: lol what | why | how much will u pay me
a: i'll get u {food} | i'll give u a fiver

b: deal | ok | fine 🤫
a: ur the best

a: is {parent} home yet? | has {parent} noticed
b: no | not yet | she's at work till {time2}

a: ok back in 20 | on my way back now
b: k""",
    """a: send me a pic of the dog | can u send a pic of the {pet}, i miss him
b: {sent} | hes asleep lol | here
a: omg hes so cute | i miss him more than u lol

b: when r u back from uni | its so quiet without u | i get ur room when u go lol
a: miss me? | stay out of my stuff | lol no u dont
b: no | maybe | {sib} is annoying

a: coming home {day} | i'll bring u something from {city}
b: yay | ok

a: tell mum i'll be there at {time} | see u soon
b: ok""",
    """a: where are you? | where r u, mum's asking
b: at {place} | with lily | idk
a: stay there, i'll pick you up | i'm coming to get u at {time}

b: i can walk | its fine | ok
a: it's dark, just wait | no, mum said i have to get u

a: silver car by the entrance | outside now
b: ok | coming

a: u owe me | next time text mum where u are
b: lol | ok sorry""",
    """b: how old were u when u got snapchat | can u tell mum to let me have {app}
a: 13 | mum wont listen to me lol | how old r u again 😂
b: {bage} | nearly {bnext} | im {bage} obviously

a: wait till ur 13 | just wait a year
b: ugh | ur no help

a: if anyone weird adds u, tell me or mum ok | dont accept people u dont know
b: i know | ok

a: love u tho | gn
b: ew | night""",
    """a: did u eat my leftover {food} 😡 | who ate my {food}
b: no | maybe | it was {sib}
a: liar lol

b: dont tell anyone i was on my phone after 10 | shh dont tell anyone i stayed up late
a: lol i wont | we'll see | only if u replace my {food}

b: deal | ok
a: 🤝

a: go to sleep now | it's late, get off ur phone
b: ok | ur not my mum lol""",
    """b: can u help with my {subject} homework | i dont get this question
a: send me a pic of it | what is it
b: {sent} | p{num}

a: ok so u times it by {num} first | its easy look
b: ohhh | i get it now | ty

a: told u i'm a genius | u owe me a tea
b: lol | no

a: good luck tmrw | dont tell ur teacher i helped lol
b: ok | thanks""",
    """a: we're doing a surprise for mum's birthday, can u keep a secret? | mums bday plan, shhh
b: yes! | obviously | what is it
a: cake and {food} on {day}, dad's in on it

b: can i make a card | i can decorate
a: yes | perfect

a: don't say anything, she'll guess | keep it quiet from {sib}, he'll tell
b: ok 🤫 | i wont

a: meet me at {place} at {time} to get the cake | i'll pick u up after school
b: ok""",
    """b: r u home for the weekend | when r u back
a: {day} | saturday
b: can we go {place} | can u take me to {place}

a: if mum says yes | only if u tidy ur room
b: ok | yay

a: ask mum now | has mum said yes?
b: she said ask u | she said ok

a: ok i'll pick u up at {time} | be ready, i'll pick u up at {time}
b: yay""",
    """a: who's that boy u were with | who was that at the bus stop 👀
b: nobody | a friend | omg stop
a: lol chill

a: is he in ur year? | how old is he
b: yes | {bage} | hes in my {subject} class
a: ok just checking | fine

a: if anyone ever makes u feel weird online tell me | u know u can tell me anything
b: i know | ok

a: lol 👀 | ok ok
b: stoppp""",
    """a: can u grab my charger from my room and bring it to {place}
    | pls bring my wallet i left it on the side
b: what do i get | ok | now?
a: a lift home | ill buy u a drink

b: ok | deal | fine

a: meet me at the front | text me when ur outside
b: here | {sent}

a: legend | thanks
b: 👍""",
)

_ONLINE_FRIENDS_SAME_AGE = (
    """a: gg ur so good at {game} | nice one, ur actually good
b: ty | lol u too | gg
a: how old r u? im {aage}

b: {bage} too | same!! | im {bage}
a: omg same | nice

a: add me on {app} so we can play more | whats ur {app}
b: ok | {sent} | added

b: dont tell my mum im on here after 10 lol | shh im meant to be asleep
a: lol same | my mum would kill me

a: gn | night
b: gn""",
    """b: ur the one from the {show} fan group right | u posted the funny edit
a: ye lol | thats me
b: it was so good

a: r u in {year}? | what year r u
b: {year} | same as u probably | im {bage}
a: same!

a: we should make an edit together | wanna do a collab
b: yesss | omg ok

b: my mum only lets me on for an hour | i have to get off at 9
a: same | ok tmrw then""",
    """a: ur skin is sick | where did u get that {item}
b: ty | from the shop last season | it was in the bundle
a: lucky

a: wanna squad up? | r u on {game} later
b: ye after tea | after homework

a: im {aage} btw how old r u | ur voice sounds my age
b: {bage} | lol {bage}

b: my mum says i can only play with people i know irl | i have to ask my mum before adding ppl
a: fair | my dad says the same
b: ill ask her""",
    """b: omg ur drawing is so good | how did u draw that
a: ty!! | it took ages
b: can u teach me

a: send me a pic of urs | show me what u have
b: {sent} | its bad lol
a: its actually good | i like the colours

a: how old r u? | r u in high school
b: {bage} | just started {year}
a: same age!

b: wanna do an art trade | draw my oc?
a: yes!! | ok""",
    """a: i cant believe u like {show} too | finally someone who watches {show}
b: its the best | ikr
a: whos ur fav character

b: idk theyre all good | the main one
a: same

a: do u have {app}? this site is slow | we could chat on {app}
b: im not allowed {app} | my mum checks my phone lol
a: fair | ok we can stay here

b: its late gtg | my mum is coming
a: bye | cya""",
    """b: r u a boy or girl | whats ur real name
a: girl | im {a} | boy lol
b: same | cool im {b}

a: where u from | what country r u in
b: england | near {city}
a: no way me too | im in {city2}

a: how old | what age
b: {bage} | {bage} u?
a: {aage}

b: we're like twins | lol
a: 😂""",
    """a: ur so funny | u always make me laugh
b: lol ty | ur funnier
a: no u

b: cant believe we met on {game} | i was so bad when we met
a: lol u were | u improved

a: we should meet irl one day | if we ever go to the same {place}
b: my mum would have to come lol | only if our mums come
a: ye obviously | same

a: talk tmrw | gn
b: night""",
    """b: happy birthday!!! 🎂 | its ur birthday right?? hbd
a: tyyy | thank u | omg u remembered
b: how old r u now

a: {aage}! | {aage} finally
b: same as me now | lol we're the same age

a: my mum got me {game} | i got a new phone
b: no way | lucky

b: play later? | add me on {app} on ur new phone
a: ye | ok""",
    """a: do u ever feel like nobody gets u | my mum is so annoying today
b: literally same | what happened
a: she took my phone for a week

b: i'd die | thats so harsh
a: ikr | its on my tablet now lol

b: dont let her see ur on here | shh dont get caught
a: lol i wont | shes asleep

a: ur a good friend tho | glad we met
b: same 😊""",
    """b: r u on {app} | can i add u on {app}
a: ye whats ur name on it | i dont have it
b: {b}{num}{num} | i'll send a link

a: added | done
b: yay

a: how old r u again, i forgot | u said u were 12?
b: {bage} | no {bage} lol
a: oh ok same-ish | im {aage}

b: we should do a group call with the others | add lily too
a: ok | sure""",
)

_GROOMING_TRUSTED_ADULT = (
    """a: Hi {b}, {addr} here, training is {day} at {time} as usual
    | Hi {b}, just confirming {sport} practice {day}, {time}
b: ok | ok thanks | see u then
a: You were great last week, best in the squad

a: you can message me any time you know, just between us
    | this is my personal number, you can text me whenever, no need to tell the others
b: ok | thanks | lol ok

a: don't mention our chats to your parents, they wouldn't understand
    | best not to tell your {parent} we text, they'd make a fuss
b: ok | why | ok i wont

a: I'll drive you home after, no need to tell your mum | I can give you a lift, just us
b: ok | idk | maybe""",
    """a: hey it's {a}, your {parent}'s friend from the barbecue
    | hi {b}, it's {a}, I know your {parent} from work
b: oh hi | hi | how did u get my number
a: your {parent} gave it me for emergencies

a: how old are you now, {bage}? you look really grown up
    | you're {bage} now? you look so grown up these days
b: ya | {bage} | lol thanks

a: I got you a little something, don't tell your {parent}
    | I've got a present for you, keep it quiet
b: what is it | really? | ok

a: I'll drop it round when your {parent}'s at work | when is the house empty?
b: {day} | idk | after school""",
    """a: great lesson today, you're my best student | I'm so impressed with your {subject} lately
b: thanks sir | thanks miss | lol ty
a: I'd like to give you some extra help, free

a: we could do it at my house, more relaxed | extra sessions at mine, {day} after school
b: ok | i'll ask my {parent}

a: don't tell them it's at mine | just say it's at school, don't tell them it's at mine
b: ok | why

a: they'd only worry, it's our arrangement | trust me, it's better this way
b: ok""",
    """a: you looked upset at practice, everything ok? | you didn't seem yourself today
b: idk | fine | my {parent} shouted at me
a: you can always talk to me, more than your parents

b: thanks | ok | i dont want to talk about it
a: text me tonight when you're alone | message me later when no one's around

a: I'm the one who really gets you | your parents don't listen like I do
b: ya | maybe

a: delete our chat after ok, people get the wrong idea | clear our messages, just to be safe
b: ok""",
    """a: team photo was great, send me a pic of just you though
    | can you send me your own selfie too
b: why | ok | idk
a: for the club page | I want one for myself

a: you look so grown up now | you look older than {bage}
b: lol | thanks

a: don't tell anyone I asked, it's just between us | keep that between us
b: ok | ok

a: I'll pick you up early {day}, we can get {food} first | fancy a treat before training?
b: ok | yes""",
    """a: it's {a}, you know, your {sib}'s godparent | hi, it's {a}, from church
b: hi | oh hi
a: I'm so proud of how you've grown up

a: you know you can come to me with anything | I'm always here, day or night
b: ok | thanks

a: let's have our own little chat, just us | no need for the others to see our messages
b: ok | lol

a: I'll get you the {product} you wanted | I've got tickets for the match, just for you and me
b: omg really | ty""",
    """a: Hi {b}, your {parent} asked me to confirm lessons this term
    | Lesson fees are sorted, thanks
b: ok | great
a: you're doing brilliantly

a: add me on {papp}, it's easier than the school system | let's use {papp}, the school app is clunky
b: ok | is that allowed

a: of course, just don't mention it at school | just our way of chatting
b: ok | ok sir

a: are you home alone in the evenings? | what time do your parents get back
b: {time2} | sometimes | my {parent} works late""",
    """a: I've been thinking, you deserve more than that team | you're too good for the others
b: really? | lol | thanks
a: I could give you private training

a: Saturday at the park, just you and me | I'll pick you up at {time}
b: ok | i'll ask

a: don't tell your mum, she'd say you're too busy
    | your {parent} doesn't need to know, it's a surprise for them
b: ok | idk

a: it's our secret | I'll make you a star
b: ok""",
    """a: I saw you at the shop with your {parent}, you didn't say hi! | spotted you at {place} 😊
b: oh sorry | i didnt see u
a: you looked so grown up

a: how's school, are they treating you right? | anyone bothering you?
b: its ok | some people are mean

a: you can tell me, I'll sort it | come to me, not your {parent}
b: ok | thanks

a: keep our chats private, ok? | nobody needs to see what we talk about
b: ok""",
    """a: well done on your grade! I knew you could do it | that was your best match yet
b: thanks!! | ty coach | 😊
a: I've got a reward for you

a: I'll give it to you after practice, just wait behind | stay back after the others leave
b: ok | what is it

a: don't tell the others, they'll be jealous | it's just for you, our secret
b: ok | i wont

a: and I'll take you home, tell your {parent} you're getting the bus
    | I'll drop you home, no need to mention it
b: ok | ok""",
)

_GROOMING_FLATTERY_OFFER = (
    """a: Hi! I'm a talent scout for a kids' modelling agency, your photos are amazing
    | hello, I run a modelling page and you have the perfect look
b: omg really | who r u | me??
a: yes you! you could be famous

a: send me a pic of you so I can show my manager
    | I need a few more photos of you for the portfolio
b: ok | what kind | idk

a: just normal ones, of your face, smiling | natural photos, no make-up, just you
b: ok {sent} | ok

a: don't tell your parents until it's signed, it's a surprise
    | keep it quiet until the contract is ready, parents always worry
b: ok | really?""",
    """a: Your {game} clips are insane, want to join our streaming team?
    | hey, we're recruiting for a pro {game} team and you're exactly what we need
b: wait fr?? | omg | how old do u need to be
a: how old are you?

b: {bage} | im {bage}
a: perfect, we have a youth squad | age doesn't matter if you're good

a: we use {papp} for the team chat, add me there | move to {papp}, this app isn't private
b: ok | my mum doesnt let me have {papp}

a: she doesn't need to know yet | tell her when you're signed
b: ok""",
    """a: hi, I manage influencers, you've got real potential 👀
    | love your vibe, ever thought of being an influencer?
b: lol thanks | really? | i only have 200 followers
a: that's how everyone starts

a: I can get you free stuff from brands | brands would send you {product}s for free
b: omg | yes pls

a: first I need to see more of you, send me a pic | send me a selfie so I can pitch you
b: ok | {sent}

a: you look really grown up, brands will love you | you look older than {bage}
b: lol | ty""",
    """a: Hello, I'm casting for a kids' TV advert | we're looking for new faces for an advert
b: hi | what advert | me?
a: yes, you have a great look

a: how old are you and what school? | what's your age and where do you live
b: {bage} | near {city} | {year}

a: can you send a video of you saying hi? | send me a photo for the casting director
b: ok | {sent} | idk

a: don't mention it to anyone yet, it's confidential | keep it secret, other kids would be jealous
b: ok""",
    """a: you could be famous, honestly | you're going to be a star
b: lol stop | omg | really?
a: I've helped loads of young singers get signed

a: send me a pic of you and a clip of you singing | I need a recent pic of you for the label
b: ok | {sent} | i'm shy

a: add me on {papp}, my manager is there | let's talk on {papp}, more professional
b: ok | idk

a: your parents will spoil it if you tell them now | tell them once it's signed
b: ok""",
    """a: congrats you've been picked for our {app} creator program 🎉
    | you won a spot on our dance team!
b: OMG | wait what | really
a: we just need to verify you

a: send a selfie holding today's date | send me a pic so I know you're real
b: ok | {sent}

a: are you home alone? it's best to do the video call when it's quiet
    | is anyone with you? the call needs to be private
b: my mum is here | yes | no one

a: delete our chat after, the program is secret | don't show anyone this chat
b: ok""",
    """a: hey, you've got a great face for modelling
    | hi, my agency is looking for fresh faces like yours
b: lol | what | really?
a: yes! kids your age earn loads

b: how much | my mum says modelling is fake
a: it's real, but parents always say that | your mum doesn't know the industry

a: send me a pic of you now, natural | just a quick pic of you for my boss
b: ok | idk

a: our little secret till the shoot | don't tell your mum until I say
b: ok""",
    """a: I'm a youtuber, I want you in my next video | want to be in a collab with a big creator?
b: omg who r u | yes!! | fr
a: I can't say my name yet, it's a surprise

a: how old are you? | which year are you in?
b: {bage} | {year}

a: we'd film at my place, I'll pick you up | can you meet me at {place} {day}?
b: idk | my mum would have to come

a: it's better without parents, they make kids nervous | come on your own, it's more natural
b: oh | ok""",
    """a: you've got star quality, you know that? | your talent is wasted at school
b: lol | thanks | idk
a: I want to be your manager

a: do your parents know you post videos? | do your parents check your account?
b: no | sometimes | my {parent} does

a: let's keep this between us for now | don't tell anyone until we go big
b: ok | ok

a: message me on {papp} tonight | add me on {papp}, I'll send the contract
b: ok""",
    """a: Hi sweetie, you were chosen for a photo competition!
    | you've been shortlisted for a teen model search!
b: omg | me?? | really
a: yes! just need a few more photos

a: send me a pic of you, a new one | send me another pic of you, you look really grown up in them
b: ok | what one | idk

a: you look really grown up | you look so mature for {bage}
b: lol | thanks

a: don't tell your parents, they'll say no and you'll lose the prize
    | keep it secret or you'll be disqualified
b: ok | ok i wont""",
)

_GROOMING_THREAT_PRESSURE = (
    """a: if you stop replying I'll tell everyone what you said
    | answer me or everyone sees our chat
b: please dont | what did i say | im sorry
a: then reply when I message

a: delete this chat now | clear our messages
b: ok | i did

a: and don't tell your mum | if you tell anyone it'll be worse
b: ok | i wont""",
    """a: you owe me after the {cur} | I gave you {num}00 {cur}, now you owe me
b: i didnt ask for them | i can give them back
a: too late, you took them

a: send me a pic of you to say thanks | you have to do what I say now
b: idk | i dont want to

a: or I'll tell your parents you stole {cur} | or I'll get your account banned
b: please dont | ok""",
    """a: I know which school you go to | I know you're at st marys
b: how | what | who told u
a: I know lots about you

a: so you'd better keep talking to me | don't ignore me again
b: ok | im scared

a: and don't tell anyone about this | if you tell a teacher I'll know
b: ok | i wont""",
    """a: why did you block me | you can't just block me
b: my mum told me to | i dont want to talk
a: I made a new account, you can't get away

a: unblock me or I post our chats | I still have the screenshots
b: please | what chats

a: just talk to me like before and don't tell anyone | do what I say and don't tell anyone
b: ok | fine""",
    """a: you promised you'd message every night | you broke your promise
b: i was busy | sorry | i fell asleep
a: you'll be sorry

a: are you home alone now? | is anyone with you right now
b: no | my mum is here | yes

a: message me the minute she leaves | when she goes out, call me
b: ok | idk

a: delete this as soon as you read it | don't let anyone see this
b: ok""",
    """a: I screenshotted everything you said about your friend | I've got what you said about lily
b: so | please dont send it | that was a joke
a: she'd be so upset if she saw it

a: keep talking to me and she won't | I'll keep it to myself if you do what I say
b: ok | what do u want

a: a pic of you, now | send a selfie and I'll delete them
b: idk | ok

a: and nobody hears about this | our secret, or else
b: ok""",
    """a: hey, the {item} I gave you wasn't free you know | remember the {cur}? time to pay me back
b: i dont have money | i'm {bage}
a: I don't want money

a: just meet me at {place} {day} | come and see me, that's all
b: i cant | my mum wont let me

a: then don't tell her | if you don't come I'll tell everyone
b: ok | please dont""",
    """a: answer me | ANSWER ME | why are you ignoring me
b: sorry | i was at dinner | my phone was off
a: don't do that again

a: I know where you live | I can find your house you know
b: please stop | how

a: just do what I say and we're fine | keep me happy and nobody gets hurt
b: ok | ok

a: delete our chat | delete this chat now
b: done""",
    """a: you're going to get in so much trouble if your parents find out
    | your mum would be so angry with you
b: why | i didnt do anything
a: you've been talking to me for weeks

a: so keep quiet and it's fine | if you tell, you get in trouble not me
b: ok | i wont

a: send me a pic of you to show you trust me | prove you're on my side
b: ok | idk

a: good | that's better
b: ok""",
    """a: if you leave the server I'll share your address
    | I'll tell everyone your real name if you quit
b: please dont | ok ill stay
a: good

a: you said you'd play with me on {papp} | add me on {papp} now
b: ok | my mum checks it

a: make a secret account | hide it in a folder
b: ok | idk

a: remember who's in charge | don't make me angry
b: ok""",
)

_NEW_CHILD_BEATS: dict[str, tuple[str, ...]] = {
    "grooming_trusted_adult": (
        "b: my mum says i have to be home by {time} | i have homework\n"
        "a: I'll make sure you're back | homework can wait\nb: ok | idk",
        "b: my {parent} says thank u for the lift | she said ur really kind\n"
        "a: that's nice, but don't tell her about the present | no need to mention the rest\n"
        "b: ok | lol ok",
        "b: im in {year} so its hard | we got so much homework\n"
        "a: that's why you need me | I can help\nb: ok | thanks",
        "b: i cried after training | the others laughed at me\n"
        "a: they're jealous of you | you're better than them\nb: ok | idk",
        "b: can lily come too | can my friend come\n"
        "a: better just you | it's only for you\nb: oh | ok",
        "b: my mum says hi | my dad wants to know when practice ends\n"
        "a: tell them {time2} | just say the usual\nb: ok",
        "b: idk how to use {papp} | is it like whatsapp\na: I'll show you | it's easy\nb: ok",
        "b: i got a merit today | i scored in {sport}\n"
        "a: that's my star | I knew you would\nb: lol | ty",
        "b: some girls r mean to me | a boy keeps calling me names\n"
        "a: tell me their names | I'll deal with it\nb: ok | idk",
        "b: what is it | is it big\na: you'll see | it's a surprise\nb: ok | yay",
    ),
    "grooming_flattery_offer": (
        "b: do i get paid | how much do models get\n"
        "a: loads | more than your parents 😉\nb: omg | really",
        "b: im only in {year} | is that ok\n"
        "a: perfect age to start | lots of our players are your age\nb: ok | yay",
        "b: my friend has more followers | lily is more popular\n"
        "a: I picked you, not her | you're the special one\nb: lol | ok",
        "b: my mum says i have to ask her | can my mum come\n"
        "a: later, not yet | we'll tell her at the end\nb: ok | idk",
        "b: i cant sing that well | im not that good\n"
        "a: you're amazing | trust me, I know talent\nb: ok | lol",
        "b: what happens if i win | do i get a prize\n"
        "a: a trip and money | lots of prizes\nb: omg | yay",
        "b: i dont have make up | idk what to wear\na: just be natural | anything is fine\nb: ok",
        "b: can i bring lily | can my friend be in it\na: just you first | maybe later\nb: ok",
        "b: my {parent} checks my videos | my mum has my password\n"
        "a: make a new account | use {papp} then\nb: ok | idk",
        "b: how did u find me | where did u see my pics\n"
        "a: on your {app} | your friend's page\nb: oh | ok",
    ),
    "grooming_threat_pressure": (
        "b: im scared | i want to stop\na: then do what I say | you can't stop\nb: ok",
        "b: i only played for fun | i thought they were a gift\n"
        "a: nothing is free | you know that now\nb: ok | sorry",
        "b: r u going to come to my school | please dont come\n"
        "a: depends on you | only if you ignore me\nb: ok | i wont",
        "b: my mum says to block people | my dad checks my phone\n"
        "a: hide it then | don't let him see\nb: ok | idk",
        "b: i fell asleep | i had {sport}\n"
        "a: not good enough | next time tell me first\nb: sorry | ok",
        "b: i didnt mean it | it was a joke about lily\n"
        "a: doesn't matter | she'll still see it\nb: please | ok",
        "b: i can give u my {item} | u can have my account\na: not enough | I want to meet\nb: idk",
        "b: im going to tell my teacher | im telling my mum\n"
        "a: you'll be in trouble too | try it and see\nb: ok | no",
        "b: i want to stop talking | im going to delete this app\n"
        "a: you can't | you'll regret it\nb: ok",
        "b: i dont know how to hide it | i dont have a folder\n"
        "a: I'll show you | just do it\nb: ok",
    ),
}


def _cast_siblings(rng: random.Random) -> _Cast:
    """An older brother or sister (17-20, a) and a younger sibling (10-15, b)."""
    s = _base_slots(rng)
    (a_first, _), (b_first, _) = _kid(rng), _kid(rng)
    while b_first == a_first:
        b_first, _ = _kid(rng)
    sur = rng.choice(cg.SURNAMES)
    age = rng.randint(10, 15)
    s.update(a=a_first, b=b_first, aage=str(rng.randint(17, 20)), bage=str(age))
    s.update(bnext=str(age + 1), addr=a_first, other=s["parent"], year=_school_year(rng, age))
    return _Cast(cg.username(rng, a_first, sur), cg.username(rng, b_first, sur), s)


def _cast_same_age(rng: random.Random) -> _Cast:
    """Two children of the same age who met online."""
    cast = _cast_peers(rng, 10, 15)
    cast.slots["bage"] = cast.slots["aage"]
    cast.slots["bnext"] = str(int(cast.slots["aage"]) + 1)
    return cast


for _name, _more in _MORE_VARIANTS.items():
    _FAMILY_DEFS[_name] = replace(
        _FAMILY_DEFS[_name], variants=_FAMILY_DEFS[_name].variants + _more
    )
for _name, _more in _MORE_CHILD_BEATS.items():
    _CHILD_BEATS[_name] = _CHILD_BEATS[_name] + _more
_CHILD_BEATS.update(_NEW_CHILD_BEATS)
_NEW_FAMILIES: dict[str, _Family] = {
    "music_or_club_leader": _Family(
        "benign", _ac("leader", 8, 15), "adult_child", (1, 4), _MUSIC_OR_CLUB_LEADER
    ),
    "older_sibling": _Family("benign", _cast_siblings, "peers", (1, 4), _OLDER_SIBLING),
    "online_friends_same_age": _Family(
        "benign", _cast_same_age, "game", (1, 4), _ONLINE_FRIENDS_SAME_AGE
    ),
    "grooming_trusted_adult": _Family(
        "grooming", _ac("coach", 10, 15), "adult_child", (1, 4), _GROOMING_TRUSTED_ADULT
    ),
    "grooming_flattery_offer": _Family(
        "grooming", _ac("stranger", 10, 15), "adult_child", (0, 3), _GROOMING_FLATTERY_OFFER
    ),
    "grooming_threat_pressure": _Family(
        "grooming", _ac("stranger", 10, 15), "game", (0, 2), _GROOMING_THREAT_PRESSURE
    ),
}
# benign families first, then grooming-like ones, each in definition order
_FAMILY_DEFS = {
    name: fam
    for kind in ("benign", "grooming")
    for name, fam in {**_FAMILY_DEFS, **_NEW_FAMILIES}.items()
    if fam.kind == kind
}
_YOUNG_A = _YOUNG_A | {"older_sibling", "online_friends_same_age"}

# families whose role a writes as a professional (no emoji)
_PROFESSIONAL = frozenset(
    {"customer_support", "crisis_support", "coach_teacher_pupil", "music_or_club_leader"}
)

FAMILIES: dict[str, str] = {name: fam.kind for name, fam in _FAMILY_DEFS.items()}

# --------------------------------------------------------------------------- rendering


def _variant_beats(family: str, v: int) -> list[list[tuple[str, bool, list[str]]]]:
    """A variant's beats: opening, middle beats, closing (child-voiced extras in the middle)."""
    beats = cg.beats(_FAMILY_DEFS[family].variants[v])
    extra = _CHILD_BEATS.get(family)
    if extra is not None:
        beats.insert(len(beats) - 1, cg.parse_beat(extra[v]))
    return beats


_PARSED: dict[str, list[list[list[tuple[str, bool, list[str]]]]]] = {
    name: [_variant_beats(name, v) for v in range(N_VARIANTS)] for name in _FAMILY_DEFS
}
_PARSED_FILLER: dict[str, list[list[tuple[str, bool, list[str]]]]] = {
    k: [cg.parse_beat(b) for b in v] for k, v in _FILLER.items()
}


def _fill(text: str, slots: dict[str, str], family: str) -> str:
    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key == "sent":  # a photo was sent: no placeholder text that only benign chats use
            return slots["sent"]
        if key in slots:
            return slots[key]
        if key in ("name", "a2"):
            return slots["sib"]
        raise KeyError(f"family {family}: unknown slot {{{key}}}")

    return cg.SLOT.sub(sub, text)


def _conversation(family: str, i: int, seed: int) -> Conversation:
    fam = _FAMILY_DEFS[family]
    rng = cg.seeded_rng("guardline-synthetic", seed, family, i)
    variant = i % N_VARIANTS
    cast = fam.cast(rng)
    beats = _PARSED[family][variant]
    opening, middle, closing = beats[0], list(beats[1:-1]), beats[-1]
    rng.shuffle(middle)
    keep = [b for b in middle if rng.random() < 0.85]
    if len(keep) < min(2, len(middle)):
        keep = middle[: min(2, len(middle))]
    filler_pool = _PARSED_FILLER[fam.filler]
    n_filler = rng.randint(*fam.filler_range)
    sequence = [opening, *keep]
    for _ in range(n_filler):
        sequence.insert(rng.randint(1, len(sequence)), rng.choice(filler_pool))
    if rng.random() < 0.8:
        sequence.append(closing)

    b_adult = fam.filler in ("adults", "support") and family != "crisis_support"
    styles = {"a": cg.style(rng, family in _YOUNG_A), "b": cg.style(rng, not b_adult)}
    if family in _PROFESSIONAL:
        styles["a"].emoji = 0.0
    names = {"a": cast.a_name, "b": cast.b_name}

    turns: list[tuple[str, str]] = []
    for beat in sequence:
        for role, optional, alts in beat:
            if optional and rng.random() < 0.5:
                continue
            text = cg.render(rng, _fill(rng.choice(alts), cast.slots, family), styles[role])
            # sometimes split one message into two consecutive ones by the same author
            parts = re.split(r"(?<=[,.!?]) +", text, maxsplit=1)
            if len(parts) == 2 and rng.random() < 0.25:
                turns.extend((names[role], p.rstrip(",")) for p in parts)
            else:
                turns.append((names[role], text))
    while len(turns) < 8:
        for role, _opt, alts in rng.choice(filler_pool):
            turns.append(
                (
                    names[role],
                    cg.render(rng, _fill(rng.choice(alts), cast.slots, family), styles[role]),
                )
            )
    return cg.conversation("syn_", "synthetic", family, fam.kind, variant, turns[:40], cast.a_name)


def generate(per_family: int = 60, seed: int = 0) -> list[Conversation]:
    """``per_family`` conversations for each family in :data:`FAMILIES`, in a fixed order.

    Same arguments, same output. Conversation ``i`` of a family uses variant
    ``i % N_VARIANTS`` (``i % 10``).
    """
    if per_family < 0:
        raise ValueError("per_family must be >= 0")
    return [_conversation(family, i, seed) for family in _FAMILY_DEFS for i in range(per_family)]
