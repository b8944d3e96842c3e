"""Synthetic, non-explicit, modern-register two-person chats, labelled, for training mixes.

The learned detector is trained on 2000s-era transcripts against benign corpora, so it can
learn era and register instead of context. This module writes the missing contrast, in
today's chat register, from hand-written templates:

- **benign hard negatives** that carry the surface indicators of grooming in an innocent
  context (a parent asking for a photo, an aunt's "our secret 🤫" about a party, a crisis-line
  volunteer asking "are you safe at home? how old are you?", teens of the same age flirting,
  adults moving a date to WhatsApp);
- **grooming-like chats** at indicator level only (an adult, or an adult posing as a teen,
  toward a child: trust building, moving to a private app, gifts, isolation, supervision
  probing, secrecy, arranging to meet). Nothing sexual, no body words, ever.

The words alone do not decide the label; who talks to whom, and why, does.

>>> from guardline.corpora.synthetic import FAMILIES, generate
>>> convs = generate(per_family=6, seed=0)
>>> len(convs) == 6 * len(FAMILIES)
True

Generation is deterministic: each conversation draws from its own ``random.Random`` seeded
from ``sha256(seed, family, i)``; no global random state, no clock. ``extra["variant"]``
(0..5) names the disjoint set of templates a conversation was built from (use it as a
cross-validation group). Small-talk filler is shared across variants and families by
register (adult-child, peers, adults, game chat), so filler carries no label.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from guardline.core.model import Conversation, Message

__all__ = ["FAMILIES", "N_VARIANTS", "generate"]

N_VARIANTS = 6

# --------------------------------------------------------------------------- slot fillers
_GIRLS = (
    "mia ella lily ava grace zara amara chloe sophie isla maya freya leah jess aisha priya nina"
    " rosie evie holly ruby poppy amelia hana layla keira tilly megan"
).split()
_BOYS = (
    "tom jack leo max sam ollie noah ethan kai ryan liam josh adam ben dylan harry omar theo"
    " finn alex zak reece callum jayden arlo yusuf"
).split()
_WOMEN = (
    "sarah emma claire rachel helen karen lisa nicola jo anna gemma laura kate vicky sam"
    " natalie amy louise fatima priya"
).split()
_MEN = (
    "dan mark chris paul steve gary rob james david mike tony neil ian martin kev lee andy"
    " alex matt jon imran raj"
).split()
_SURNAMES = (
    "evans khan smith patel jones brown wilson taylor murphy walker hughes ali clarke wright"
    " green hall wood lewis roberts okafor nowak kelly price shah moore"
).split()
_HANDLES = (
    "gamer shadow pixel star wolf blaze frost ninja sky moon storm ghost sunny lucky flash"
    " vibes bee fox cat dino"
).split()
_PLACES = (
    "the park|the shops|the library|the leisure centre|mcdonalds|the bus stop|the cinema"
    "|costa|the station|the rec|the high street|greggs|the retail park|the skate park"
).split("|")
_TIMES = "3:15|4|half 4|5|half 5|6|quarter to 4|10 past 3|7|6:30|3:30|4:45".split("|")
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the weekend".split("|")
_GAMES = (
    "minecraft|roblox|fortnite|among us|rocket league|fifa|valorant|apex|brawl stars"
    "|stardew|adopt me|overwatch|fall guys"
).split("|")
_CURRENCY = "robux|vbucks|gems|coins|points".split("|")
_ITEMS = (
    "skin|pet|emote|glider|sword|dragon|hat|wrap|bundle|battle pass|unicorn pet|pickaxe"
).split("|")
_PUBLIC_APPS = "snap|snapchat|whatsapp|discord|insta|instagram|tiktok".split("|")
_PRIVATE_APPS = "telegram|kik|snap|snapchat|whatsapp|discord|signal app|wickr".split("|")
_SPORTS = "football|netball|swimming|hockey|basketball|rugby|gymnastics|cricket".split("|")
_SUBJECTS = "maths|science|history|geography|french|art|english|drama|music|computing".split("|")
_CITIES = (
    "leeds|bristol|cardiff|glasgow|manchester|york|brighton|norwich|madrid|lyon|osaka|seoul"
    "|porto|krakow|dublin|taipei"
).split("|")
_FOODS = "pizza|pasta|tacos|chips|curry|noodles|burgers|fajitas|roast|pancakes".split("|")
_SHOWS = "stranger things|bluey|the traitors|love island|wednesday|one piece|bake off".split("|")
_PETS = "dog|cat|hamster|rabbit|guinea pig|puppy".split("|")
_PRODUCTS = (
    "headphones|kettle|phone case|smart watch|blender|speaker|trainers|tablet|hoodie|lamp"
).split("|")
_EMOJI = "😂|😊|👍|❤️|🙃|😭|😅|🙂|✨|🔥|👀|🥲|😆|🙏|💀".split("|")
_RELATIVES = (
    ("auntie", "f"),
    ("aunt", "f"),
    ("nan", "f"),
    ("grandma", "f"),
    ("uncle", "m"),
    ("grandad", "m"),
    ("grandpa", "m"),
)


def _username(rng: random.Random, first: str, surname: str) -> str:
    """A varied username; digits for anyone, never a hint at the role."""
    digits = rng.choice(
        [str(rng.randint(1, 99)), str(rng.randint(100, 999)), str(rng.randint(1978, 2015))]
    )
    style = rng.randrange(10)
    if style == 0:
        return f"{first}.{surname[0]}"
    if style == 1:
        return f"{first}_{surname[0]}"
    if style == 2:
        return f"{first}{digits}"
    if style == 3:
        return f"{first.capitalize()} {surname.capitalize()}"
    if style == 4:
        return f"{first[0]}{rng.choice(_HANDLES)}{digits}"
    if style == 5:
        return f"{rng.choice(_HANDLES)}_{first}"
    if style == 6:
        return f"{first}{surname}"
    if style == 7:
        return f"{first}.{surname}{digits[-2:]}"
    if style == 8:
        return f"x{first}x{digits[-1]}"
    return f"{rng.choice(_HANDLES)}{rng.choice(_HANDLES)}{digits}"


# --------------------------------------------------------------------------- casts
@dataclass(slots=True)
class _Cast:
    a_name: str  # username of role a (the initiator: adult, groomer, or first peer)
    b_name: str
    slots: dict[str, str]


def _kid(rng: random.Random) -> tuple[str, str]:
    g = rng.random() < 0.5
    return rng.choice(_GIRLS if g else _BOYS), ("f" if g else "m")


def _adult(rng: random.Random) -> tuple[str, str]:
    f = rng.random() < 0.5
    return rng.choice(_WOMEN if f else _MEN), ("f" if f else "m")


def _base_slots(rng: random.Random) -> dict[str, str]:
    sib, _ = _kid(rng)
    return {
        "time": rng.choice(_TIMES),
        "time2": rng.choice(_TIMES),
        "day": rng.choice(_DAYS),
        "place": rng.choice(_PLACES),
        "game": rng.choice(_GAMES),
        "cur": rng.choice(_CURRENCY),
        "item": rng.choice(_ITEMS),
        "app": rng.choice(_PUBLIC_APPS),
        "papp": rng.choice(_PRIVATE_APPS),
        "sport": rng.choice(_SPORTS),
        "subject": rng.choice(_SUBJECTS),
        "city": rng.choice(_CITIES),
        "city2": rng.choice(_CITIES),
        "food": rng.choice(_FOODS),
        "show": rng.choice(_SHOWS),
        "pet": rng.choice(_PETS),
        "product": rng.choice(_PRODUCTS),
        "sib": sib,
        "parent": rng.choice(["mum", "mum", "dad", "mom"]),
        "amount": str(rng.choice([5, 10, 15, 20, 25, 50])),
        "num": str(rng.randint(2, 9)),
        "order": str(rng.randint(100000, 999999)),
        "teacher": f"{rng.choice(['mr', 'miss', 'mrs', 'ms'])} {rng.choice(_SURNAMES)}",
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
    sur = rng.choice(_SURNAMES)
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
    a_user = _username(rng, a_first, sur)
    b_user = _username(rng, b_first, rng.choice(_SURNAMES))
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
        _username(rng, a_first, rng.choice(_SURNAMES)),
        _username(rng, b_first, rng.choice(_SURNAMES)),
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
        _username(rng, a_first, rng.choice(_SURNAMES)),
        _username(rng, b_first, rng.choice(_SURNAMES)),
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

# families whose role a writes as a professional (no emoji)
_PROFESSIONAL = frozenset({"customer_support", "crisis_support", "coach_teacher_pupil"})

FAMILIES: dict[str, str] = {name: fam.kind for name, fam in _FAMILY_DEFS.items()}

# --------------------------------------------------------------------------- rendering
_SLOT = re.compile(r"\{(\w+)\}")
# Words that must never appear in any generated text (checked at generation time too).
_BANNED = re.compile(
    r"\b(?:sex\w*|naked|nudes?|body|bra|kiss\w*|touch\w*|bed|bedroom|undress\w*|boobs?|porn\w*"
    r"|horny|underwear|bikini|lingerie|strip)\b",
    re.IGNORECASE,
)
_CHAT_SUBS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{a}\b", re.IGNORECASE), b)
    for a, b in (
        ("you're", "ur"),
        ("your", "ur"),
        ("you", "u"),
        ("are", "r"),
        ("I don't know", "idk"),
        ("don't", "dont"),
        ("can't", "cant"),
        ("won't", "wont"),
        ("I'm", "im"),
        ("I'll", "ill"),
        ("it's", "its"),
        ("okay", "ok"),
        ("because", "cos"),
        ("please", "pls"),
        ("thanks", "thx"),
        ("really", "rly"),
        ("tomorrow", "tmrw"),
        ("oh my god", "omg"),
        ("to be honest", "tbh"),
    )
)


@dataclass(slots=True)
class _Style:
    lower: float
    chat: float
    emoji: float
    typo: float
    strip_punct: float


def _style(rng: random.Random, young: bool) -> _Style:
    if young:
        return _Style(
            rng.uniform(0.5, 1.0),
            rng.uniform(0.2, 0.8),
            rng.uniform(0.0, 0.3),
            rng.uniform(0.0, 0.08),
            rng.uniform(0.3, 0.9),
        )
    return _Style(
        rng.uniform(0.0, 0.8),
        rng.uniform(0.0, 0.5),
        rng.uniform(0.0, 0.2),
        rng.uniform(0.0, 0.05),
        rng.uniform(0.0, 0.6),
    )


def _typo(rng: random.Random, text: str) -> str:
    words = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]{5,}", text)]
    if not words:
        return text
    s, e = rng.choice(words)
    w = text[s:e]
    i = rng.randrange(1, len(w) - 1)
    if rng.random() < 0.5:
        w2 = w[:i] + w[i + 1 :]  # dropped letter
    else:
        w2 = w[: i - 1] + w[i] + w[i - 1] + w[i + 1 :]  # swapped letters
    out = text[:s] + w2 + text[e:]
    return text if _BANNED.search(out) else out


def _render(rng: random.Random, text: str, st: _Style) -> str:
    if rng.random() < st.chat:
        for pat, rep in _CHAT_SUBS:
            if rng.random() < 0.8:
                text = pat.sub(rep, text)
    if rng.random() < st.lower:
        text = text.lower()
    if rng.random() < st.strip_punct:
        text = text.rstrip(".!")
    if rng.random() < st.typo:
        text = _typo(rng, text)
    if rng.random() < st.emoji:
        text = f"{text} {rng.choice(_EMOJI)}"
    return text.strip() or "ok"


def _parse_beat(block: str) -> list[tuple[str, bool, list[str]]]:
    """A beat: (role, optional, alternatives) per line."""
    out: list[tuple[str, bool, list[str]]] = []
    for line in block.strip().splitlines():
        if line.strip().startswith("|") and out:  # more alternatives for the line above
            out[-1][2].extend(alt.strip() for alt in line.strip()[1:].split(" | ") if alt.strip())
            continue
        head, _, body = line.partition(":")
        head = head.strip()
        role, optional = head[0], head.endswith("?")
        if role not in "ab" or not body.strip():
            raise ValueError(f"bad template line: {line!r}")
        out.append((role, optional, [alt.strip() for alt in body.split(" | ") if alt.strip()]))
    return out


def _beats(variant: str) -> list[list[tuple[str, bool, list[str]]]]:
    return [_parse_beat(b) for b in re.split(r"\n\s*\n", variant.strip()) if b.strip()]


def _variant_beats(family: str, v: int) -> list[list[tuple[str, bool, list[str]]]]:
    """A variant's beats: opening, middle beats, closing (child-voiced extras in the middle)."""
    beats = _beats(_FAMILY_DEFS[family].variants[v])
    extra = _CHILD_BEATS.get(family)
    if extra is not None:
        beats.insert(len(beats) - 1, _parse_beat(extra[v]))
    return beats


_PARSED: dict[str, list[list[list[tuple[str, bool, list[str]]]]]] = {
    name: [_variant_beats(name, v) for v in range(N_VARIANTS)] for name in _FAMILY_DEFS
}
_PARSED_FILLER: dict[str, list[list[tuple[str, bool, list[str]]]]] = {
    k: [_parse_beat(b) for b in v] for k, v in _FILLER.items()
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

    return _SLOT.sub(sub, text)


def _conversation(family: str, i: int, seed: int) -> Conversation:
    fam = _FAMILY_DEFS[family]
    digest = hashlib.sha256(f"guardline-synthetic|{seed}|{family}|{i}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
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
    styles = {"a": _style(rng, family in _YOUNG_A), "b": _style(rng, not b_adult)}
    if family in _PROFESSIONAL:
        styles["a"].emoji = 0.0
    names = {"a": cast.a_name, "b": cast.b_name}

    turns: list[tuple[str, str]] = []
    for beat in sequence:
        for role, optional, alts in beat:
            if optional and rng.random() < 0.5:
                continue
            text = _render(rng, _fill(rng.choice(alts), cast.slots, family), styles[role])
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
                    _render(rng, _fill(rng.choice(alts), cast.slots, family), styles[role]),
                )
            )
    turns = turns[:40]
    for _author, text in turns:
        if _BANNED.search(text):
            raise AssertionError(f"family {family}: a banned word slipped into a template")

    content = json.dumps([family, variant, turns], ensure_ascii=False)
    cid = "syn_" + hashlib.sha256(content.encode()).hexdigest()[:12]
    messages = [Message(cid, k, author, text, None) for k, (author, text) in enumerate(turns)]
    return Conversation(
        id=cid,
        messages=messages,
        predators=[cast.a_name] if fam.kind == "grooming" else [],
        extra={"source": "synthetic", "family": family, "kind": fam.kind, "variant": variant},
    )


def generate(per_family: int = 60, seed: int = 0) -> list[Conversation]:
    """``per_family`` conversations for each family in :data:`FAMILIES`, in a fixed order.

    Same arguments, same output. Conversation ``i`` of a family uses variant ``i % 6``.
    """
    if per_family < 0:
        raise ValueError("per_family must be >= 0")
    return [_conversation(family, i, seed) for family in _FAMILY_DEFS for i in range(per_family)]
