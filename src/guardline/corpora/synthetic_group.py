"""A second, independent synthetic generator: group chats, long chats, bursty turn-taking.

:mod:`guardline.corpora.synthetic` writes short two-person chats. This module writes the
shapes it lacks, in its own wording, so a model trained on both sees more than one team's
phrasing:

- **group chats** with 3 to 7 authors. Benign groups (a class group with its teacher, a junior
  sports team with coach and parents, a family group, teen friends, a game clan channel, an
  adult hobby club) use the surface signs of grooming innocently: ages for a form, "send a
  pic", "who's home", meeting at the park at five, keeping a leaving card secret from the
  teacher. In the grooming-like groups one adult (in a game server, a fan group, a team, a
  club with juniors) singles out one child among several while everyone else chats normally;
  ``predators`` is that adult alone.
- **long two-person chats** (40 to 120 messages), mostly ordinary talk about school, games
  and music, with indicator lines few and far apart: a slow trust-building adult, an adult
  posing as a penpal, against a tutor, mentor or older cousin and a same-age penpal whose
  chats carry the same sparse, ambiguous lines.
- **bursty turn-taking**: runs of two to five short messages by one author, one-word or emoji
  replies, ``[photo]`` placeholders; in every family, so none of it carries the label.
- **register spread**: UK, US, Australian and Indian English; gamer slang; lowercase teens;
  adults who write formally.

Strictly non-explicit, indicator level only (age and location questions, supervision
probing, secrecy, moving app, gifts, flattery, ordinary photos, meeting, guilt). Every message
is checked against the shared banned-word pattern at generation time.

>>> from guardline.corpora.synthetic_group import FAMILIES, generate
>>> convs = generate(per_family=2, seed=0)
>>> len(convs) == 2 * len(FAMILIES)
True

Deterministic: each conversation draws from its own ``random.Random`` seeded from
``sha256("guardline-synthetic-group", seed, family, i)``; no global random state, no clock.
``extra["variant"]`` (``i % N_VARIANTS``) names a disjoint set of family templates (use it as
a cross-validation group). Filler, one-word reactions and photo placeholders are shared by
every family of a register (benign and grooming-like alike), so they carry no label.

Template syntax is :func:`guardline.corpora._chatgen.parse_beat`'s, with more role letters:
``a`` the key adult (teacher, coach, parent, mentor, or the groomer), ``b`` the focal child
or second person, ``c``..``e`` further members (wrapped onto the members a smaller group
has), ``o`` any member other than ``a`` and ``b`` (drawn per line). An alternative ``~`` is a
shared one-word or emoji reaction. Filler uses ``p`` and ``q``: two different members.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from guardline.core.model import Conversation
from guardline.corpora._chatgen import (
    BANNED,
    BOYS,
    GAMES,
    GIRLS,
    MEN,
    SLOT,
    SURNAMES,
    WOMEN,
    Line,
    Style,
    beats,
    conversation,
    parse_beat,
    render,
    seeded_rng,
    style,
    username,
)

__all__ = [
    "FAMILIES",
    "GROUP_FAMILIES",
    "KINDS",
    "LONG_FAMILIES",
    "N_VARIANTS",
    "generate",
    "template_lines",
]

N_VARIANTS = 6
_SEED_PREFIX = "guardline-synthetic-group"
_ROLES = "abcdeo"
_FILLER_ROLES = "pqab"
_MEMBERS = "abcdefg"  # up to seven authors

# --------------------------------------------------------------------------- locales
# Each conversation is set in one English-speaking locale: names, places, school years, money.
_LOCALE_NAMES: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    # (girls, boys, women, men) added to the shared lists for that locale
    "uk": (["ellie", "imogen"], ["alfie", "rhys"], ["bev", "siobhan"], ["gareth", "nigel"]),
    "us": (
        ["madison", "brooklyn", "kayla"],
        ["tyler", "mason", "caleb"],
        ["jennifer", "tiffany"],
        ["brad", "kevin", "todd"],
    ),
    "au": (
        ["matilda", "charlotte", "indi"],
        ["lachlan", "cooper", "jett"],
        ["sharon", "kylie"],
        ["bruce", "darren", "shane"],
    ),
    "in": (
        ["ananya", "diya", "saanvi", "isha", "kavya"],
        ["aarav", "arjun", "rohan", "ishaan", "kabir"],
        ["sunita", "meena", "deepa", "anjali"],
        ["rakesh", "suresh", "anil", "vikram"],
    ),
}
_LOCALE_SLOTS: dict[str, dict[str, tuple[str, ...]]] = {
    "uk": {
        "mum": ("mum", "mum", "mam"),
        "dad": ("dad",),
        "place": ("the park", "the rec", "the leisure centre", "the chippy", "the bus station"),
        "shop": ("tesco", "the co-op", "asda"),
        "mate": ("mate", "bro", "pal"),
        "money": ("£5", "£10", "£20"),
        "time": ("5", "half 4", "quarter past 5", "4", "6"),
        "sirs": ("sir", "miss"),
    },
    "us": {
        "mum": ("mom",),
        "dad": ("dad",),
        "place": ("the park", "the mall", "target", "the rink", "the library"),
        "shop": ("target", "walmart", "cvs"),
        "mate": ("dude", "bro", "man"),
        "money": ("$5", "$10", "$20"),
        "time": ("5", "4:30", "5:15", "4", "6"),
        "sirs": ("mr {sur}", "ms {sur}"),
    },
    "au": {
        "mum": ("mum",),
        "dad": ("dad",),
        "place": ("the oval", "the park", "maccas", "westfield", "the beach"),
        "shop": ("woolies", "coles", "kmart"),
        "mate": ("mate", "legend", "bro"),
        "money": ("$5", "$10", "$20"),
        "time": ("5", "half 4", "4", "5:30", "6"),
        "sirs": ("sir", "miss"),
    },
    "in": {
        "mum": ("mummy", "mumma", "mom"),
        "dad": ("papa", "dad"),
        "place": ("the society park", "the mall", "the ground", "the metro station"),
        "shop": ("the kirana shop", "dmart", "the stationery shop"),
        "mate": ("yaar", "bro", "bhai"),
        "money": ("₹100", "₹200", "₹500"),
        "time": ("5", "5:30", "4", "6", "7"),
        "sirs": ("sir", "ma'am"),
    },
}
_SCHOOL_YEAR: dict[str, Callable[[int], str]] = {
    "uk": lambda age: f"year {age - 4}",
    "au": lambda age: f"year {age - 5}",
    "us": lambda age: f"{age - 5}th grade",
    "in": lambda age: f"class {age - 5}",
}
_PHOTO = ("[photo]", "[photo]", "[image]", "<Media omitted>", "[Photo]", "📷 photo")
_REACTIONS = (
    "lol|😂|ok|k|👍|ya|same|fr|💀|haha|❤️|ikr|true|wow|nice|yep|omg|🙏|😭|lmao|sure|👀|hmm"
    "|yes|no way|😅|🔥|yeah|ahh|oh|kk|okie|✅|🙂"
).split("|")
_NUDGES = ("?", "??", "hello?", "u there", "hellooo", "...")
_BANDS = ("bts", "taylor swift", "olivia rodrigo", "stray kids", "billie eilish", "ed sheeran")
_SPORTS = ("football", "netball", "cricket", "basketball", "hockey", "swimming")
_SUBJ = ("maths", "science", "english", "history", "geography", "physics", "chemistry")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CITIES = ("london", "chicago", "melbourne", "pune", "leeds", "denver", "perth", "delhi")


# --------------------------------------------------------------------------- casts
@dataclass(slots=True)
class _Cast:
    names: dict[str, str]  # role letter -> username
    voices: dict[str, str]  # role letter -> "kid" | "adult" | "formal"
    slots: dict[str, str] = field(default_factory=dict)


def _first(rng: random.Random, locale: str, adult: bool) -> str:
    girls, boys, women, men = _LOCALE_NAMES[locale]
    if rng.random() < 0.5:
        return rng.choice((WOMEN + women) if adult else (GIRLS + girls))
    return rng.choice((MEN + men) if adult else (BOYS + boys))


def _slots(rng: random.Random, locale: str, age: int) -> dict[str, str]:
    s = {k: rng.choice(v) for k, v in _LOCALE_SLOTS[locale].items()}
    sur = rng.choice(SURNAMES)
    s["sur"] = sur.capitalize()
    s["sir"] = s.pop("sirs").format(sur=sur)
    s["time2"] = rng.choice(_LOCALE_SLOTS[locale]["time"])
    s.update(
        age=str(age),
        next=str(age + 1),
        year=_SCHOOL_YEAR[locale](age),
        aage=str(rng.randint(23, 46)),
        game=rng.choice(GAMES),
        cur=rng.choice(("robux", "vbucks", "coins", "gems")),
        item=rng.choice(("skin", "emote", "pet", "bundle", "battle pass", "cape")),
        app=rng.choice(("snap", "insta", "whatsapp", "discord")),
        papp=rng.choice(("telegram", "snap", "whatsapp", "kik", "signal")),
        band=rng.choice(_BANDS),
        sport=rng.choice(_SPORTS),
        subject=rng.choice(_SUBJ),
        day=rng.choice(_DAYS),
        city=rng.choice(_CITIES),
        team=f"U{min(18, age + 1)}s",
        food=rng.choice(("pizza", "chips", "ice cream", "nuggets", "a milkshake")),
    )
    return s


def _make_cast(
    rng: random.Random, voices: list[str], kid_age: tuple[int, int], named: dict[str, str]
) -> _Cast:
    """Members a, b, c... with the given voices; ``named`` gives fixed display names by role."""
    locale = rng.choice(tuple(_LOCALE_SLOTS))
    age = rng.randint(*kid_age)
    cast = _Cast({}, {}, _slots(rng, locale, age))
    used: set[str] = set()
    for role, voice in zip(_MEMBERS, voices, strict=False):
        first = _first(rng, locale, voice != "kid")
        while first in used:
            first = _first(rng, locale, voice != "kid")
        used.add(first)
        cast.slots["n" + role] = first
        name = named.get(role) or username(rng, first, rng.choice(SURNAMES))
        while name in cast.names.values():
            name = f"{name}{rng.randint(1, 9)}"
        cast.names[role] = name
        cast.voices[role] = voice
    for role in "bcde":  # names for members a smaller group or a pair does not have
        while "n" + role not in cast.slots:
            first = _first(rng, locale, False)
            if first not in used:
                used.add(first)
                cast.slots["n" + role] = first
    return cast


_CastFn = Callable[[random.Random, int], _Cast]  # (rng, variant) -> cast


def _group(
    key: str, others: tuple[str, ...], size: tuple[int, int], kid_age: tuple[int, int]
) -> _CastFn:
    """A group: role a speaks in voice ``key``, b is a kid, the rest draw from ``others``."""

    def cast(rng: random.Random, _variant: int) -> _Cast:
        n = rng.randint(*size)
        voices = [key, "kid", *(rng.choice(others) for _ in range(n - 2))]
        return _make_cast(rng, voices, kid_age, {})

    return cast


def _family_cast(rng: random.Random, _variant: int) -> _Cast:
    """A family group: contact names as saved on a phone ("Mum", "Grandad", first names)."""
    n = rng.randint(3, 6)
    voices = ["adult", "kid", "adult", "adult", "kid", "adult"][:n]
    cast = _make_cast(rng, voices, (9, 15), {})
    mum, dad = cast.slots["mum"], cast.slots["dad"]
    labels = [mum.capitalize(), cast.slots["nb"], dad.capitalize(), "Grandma", cast.slots["ne"]]
    labels.append(f"Auntie {rng.choice(WOMEN).capitalize()}")
    if rng.random() < 0.5:
        labels[0], labels[2] = labels[2], labels[0]
    for role, label in zip(_MEMBERS, labels, strict=False):
        if role in cast.names:
            cast.names[role] = label + ("" if rng.random() < 0.7 else f" {rng.choice('🏠💕⭐')}")
    return cast


def _pair(voices_a: str | tuple[str, ...], kid_age: tuple[int, int]) -> _CastFn:
    """Two people: a speaks in ``voices_a`` (one voice, or one per variant), b is a kid."""

    def cast(rng: random.Random, variant: int) -> _Cast:
        voice = voices_a if isinstance(voices_a, str) else voices_a[variant]
        return _make_cast(rng, [voice, "kid"], kid_age, {})

    return cast


# --------------------------------------------------------------------------- filler
# Small talk per register, shared by the benign and grooming-like families of that register.
_FILLER: dict[str, list[str]] = {
    "kids_group": [
        "p: anyone done the {subject} | has anyone started the {subject} thing\nq: nope | ~",
        "p: {photo}\nq: ~ | LMAO what is that",
        "p: whos watching the match later | anyone watching the game tonight\nq: ~ | me",
        "p: im so bored | this week is so long\nq: ~ | same fr",
        "p: did anyone get the notes from today | what did we do in {subject}\nq: {photo}",
        "p: brb food | gtg for a bit\np?: back",
        "p: the new {game} update is out | {game} servers are down again\nq: ~ | finally",
        "p: my {mum} is making me clean my room | i got grounded lol\nq: ~ | rip",
        "p: this song is stuck in my head | listening to {band} on repeat\nq: ~ | tune",
        "p: wait what | huh | {mate} what\nq: nvm | ~",
        "p: it's so hot today | its freezing\nq: ~",
        "p: i cant find my charger | my phone is on 3%\nq: ~ | F",
        "p: who's going to the disco | anyone going to the fair\nq: ~ | maybe",
        "p: lmaooo | 😭😭😭\nq: ~",
        "p: guys what's the wifi password at school | is the canteen open tmrw\nq: ~ | no clue",
        "p: omg it's snowing | it's actually sunny\nq: ~ | finally",
    ],
    "mixed_group": [
        "p: Morning all | Hi everyone\nq: ~ | Morning!",
        "p: {photo}\nq: ~ | Lovely",
        "p: Has anyone seen the weather for {day}? | Looks like rain on {day}\nq: ~ | Bring coats",
        "p: Thanks everyone | Cheers all\nq: ~",
        "p: Is the car park open on {day}? | Parking is awful there\nq: ~ | Try round the back",
        "p: sorry, wrong group! | oops ignore that\nq: ~ | 😂",
        "p: Happy {day} everyone | Have a good weekend all\nq: ~ | You too",
        "p: Anyone got a spare charger cable? | Has anyone got a pump?\nq: ~ | I'll bring one",
        "p: Running 10 mins late | Stuck in traffic\nq: ~ | No worries",
        "p: Does anyone know if the café is open? | Is the hall heated?\nq: ~ | I think so",
        "p: Just catching up on messages | Sorry, been away\nq: ~ | Welcome back",
        "p: Thank you for organising | Great job whoever sorted the rota\nq: ~",
    ],
    "long_adult_child": [
        "a: how was your day? | good day today?\nb: ~ | fine | long",
        "b: {photo}\na: ~ | ha, brilliant",
        "a: did you watch the match? | see the game last night?\nb: ~ | nah i was busy",
        "b: i have so much homework | got a test tmrw\na: you'll be fine | one thing at a time",
        "a: what are you listening to these days? | any new music?\nb: {band} | ~",
        "b: we had a fire drill today | a fox got into school lol\na: ~ | no way",
        "a: what did you have for dinner | eaten yet?\nb: pasta | not yet | ~",
        "b: im so tired | cant be bothered today\na: early night then | ~",
        "a: how's {game} going | still playing {game}?\nb: ~ | got a new level",
        "b: its raining again | its so hot\na: ~ | typical",
        "a: weekend plans? | doing anything fun this weekend?\nb: nothing | football | ~",
        "b: my {mum} made me tidy my room | my sister is annoying\na: ~ | ha, been there",
        "a: seen any good films? | watched anything good?\nb: ~ | the new marvel one",
        "b: brb | gtg for a min\nb?: back",
        "a: how's your {subject} going | how's {subject}?\nb: hard | ~ | ok actually",
        "b: i got a new phone case | i dyed my hair\na: ~ | nice, send a pic",
        "b: {photo}\na: ~",
        "a: school trip soon? | any trips this term?\nb: {city} maybe | ~",
        "b: we got a new teacher for {subject} | our {subject} teacher left\n"
        "a: what's the new one like? | oh no, were they good?\nb: strict | nice i think | ~",
        "a: did you get much done today? | productive day?\nb: not really | a bit | ~",
        "b: i have a dentist appointment tmrw | i have to get a jab at school\n"
        "a: ah, good luck | you'll be fine\nb: ~",
        "a: have you read anything good lately? | still reading that series?\n"
        "b: the hunger games | no i stopped | ~",
        "b: our team lost again | we won 2-1!\na: next time | brilliant! | ~",
        "a: how's your little brother? | how's your sister doing?\nb: annoying | fine | ~",
        "b: i cant do this question | this homework is impossible\n"
        "a: break it into steps | what have you tried so far?\nb: ~ | nothing yet",
        "a: it's nearly the holidays! | only two weeks till half term\nb: cant wait | finally | ~",
        "b: we're getting a puppy maybe | my cat had kittens\na: no way! | ~\nb: {photo}",
        "a: sorry, was busy earlier | sorry for the slow reply\nb: ~ | its ok",
        "b: i think i'm getting a cold | i feel ill\na: rest up | drink some water\nb: ~",
        "a: what's the best thing that happened this week? | highlight of the week?\n"
        "b: pizza friday | nothing | ~",
        "b: guess what | omg guess what\na: what? | ~\n"
        "b: i got picked for the choir | we got a day off",
        "a: do you know what you want to do after school? | any idea what job you'd like?\n"
        "b: vet | youtuber lol | no idea",
        "b: the wifi is so bad | my laptop keeps crashing\na: ~ | try restarting it",
    ],
    "long_young": [
        "a: wyd | what u up to | wyd {mate}\nb: nm | ~ | homework ugh",
        "b: {photo}\na: ~ | LOL",
        "a: fav {band} song? | u listen to {band}?\nb: ~ | all of them",
        "b: my teacher is so annoying | {subject} was so boring\na: ~ | same",
        "a: u play {game}? | what games u on\nb: {game} | ~",
        "b: brb | dinner\nb?: back",
        "a: its so hot today | its raining here\nb: ~ | same here",
        "b: cant sleep | im so tired\na: ~ | same lol",
        "a: what u having for tea | u eaten\nb: noodles | ~",
        "b: omg i just fell over in the hall | i spilled juice on my homework\na: ~ | 💀💀",
        "a: seen the new episode | watching anything good\nb: ~ | not yet",
        "b: my sister stole my hoodie again | my brother is so loud\na: ~ | siblings lol",
        "a: {photo}\nb: ~",
        "b: school tmrw 😭 | monday again\na: ~ | dont remind me",
        "a: whats ur fav food | pizza or burgers\nb: ~ | pizza obvs",
        "b: omg guess what | GUESS WHAT\na: what | ~\nb: snow day tmrw | we got a new dog",
        "a: cats or dogs | tea or hot chocolate\nb: dogs | hot choc obvs | ~",
        "b: im literally dying of boredom | nothing to do\na: ~ | same lol watch something",
        "a: whats ur fav subject | u like school?\nb: art | no 💀 | pe",
        "b: my friend is being weird | me and my friend fell out\n"
        "a: what happened | ~\nb: long story | nvm",
        "a: did u finish the book | what r u reading\nb: ~ | percy jackson",
        "b: its my nan's birthday | we're going out for dinner\na: ~ | have fun\nb: ty",
        "a: i got a new phone case | i painted my nails\na: {photo}\nb: ~ | cool",
        "b: hw is so hard | stuck on {subject}\na: same | ~ | which bit",
        "a: its nearly the holidays | 2 weeks till the holidays\nb: cant wait | ~",
        "b: lol | 😂😂\na: ~",
        "a: r u going anywhere in summer | holiday plans?\nb: {city} maybe | nowhere | ~",
        "b: sorry i fell asleep | sorry was out\na: ~ | np",
        "a: i have a test tmrw | got a spelling test\nb: good luck | ~",
        "b: {photo}\na: ~ | omg where is that",
    ],
}


# --------------------------------------------------------------------------- families
@dataclass(slots=True, frozen=True)
class _Family:
    kind: str  # "benign" | "grooming"
    cast: _CastFn
    filler: str  # register key in _FILLER
    length: tuple[int, int]  # target message count
    ordered: bool  # keep the middle beats in template order (slow escalation)
    variants: tuple[str, ...]  # N_VARIANTS template blocks


_CLASS_GROUP = (
    """a: Good evening class. The {subject} worksheet is due on {day}, please do not leave it late.
    | Dear students, kindly complete the {subject} worksheet before {day}.
o: ok {sir} | noted {sir}

b: can someone send a pic of the questions i left my book in my locker
    | anyone got a photo of page 12
o: {photo}
b: ur a legend | saved me

a: Please share the questions only, not your answers. | Questions yes, answers no please.
o?: sorry {sir}

c: {sir} how old do we need to be for the {city} trip | is the trip only for over {next}s
a: It is open to the whole of {year}, whatever your age. Forms back by {day}.
    | Everyone in {year} can come. Bring the signed form.

a: That is everything for tonight. Rest well. | Good night all.
o: night {sir} | gn {sir}""",
    """c: guys dont tell {sir} about the card | NOBODY tell {sir} about the leaving card
o: i wont | my lips are sealed
d?: who's got it rn

b: i have it, everyone sign it by {day} | its in my bag, sign at lunch
c: can we do a whip round for flowers | bring {money} for the present

o: is {sir} actually leaving | wait is {sir} really going
b: yeah to {city} 😭 | they're moving schools

c: meet at {place} at {time} to sign it | meet at {place} after school, {time}
o: i can come | cant, dentist

b: remember its a SECRET | shhh till friday""",
    """a: Reminder: non-uniform day tomorrow, bring a coin for charity.
    | Hi all, tomorrow is dress-down day, small donation please.
c: yesss | finally

b: whos home rn? need someone to check the timetable | anyone at home who can check the planner
o: me | im at home
o: {photo}

d: {sir} can i send my project as a photo | can i submit the poster as a picture
a: Yes, a clear photo is fine. Send it to the school email, not here.
    | A photo is acceptable, please upload it to the portal.
d: ok thank u

a: Well done today everyone, lovely effort in assembly. | Proud of this class today.
o: 🥳 | thank u {sir}""",
    """b: what did we get for homework | was there {subject} homework
c: the sheet with the graphs | ex 4 all of it

d: can someone facetime and explain q3 | who understands q3 pls
o: i'll send my working | {photo}
d: omg thank you

a: Just a reminder, the class photo is on {day}. Wear full uniform.
    | Class photographs on {day}, hair neat please.
o: nooo | 😭😭

c: how old is the new boy | the new kid is {age} right
b: i think he's {age} | he's in our year so same as us
o: he's nice

a: Good luck in the test tomorrow, you are ready. | Early night everyone, test tomorrow.
b: thanks {sir}""",
    """a: Parents have been emailed about the swimming gala. Bring your kit on {day}.
    | Swimming gala on {day}, kit bags please.
b: do we have to go | is it compulsory

c: are we meeting at the gate or at the pool | where do we meet
a: We will walk together from the school gate at 9.
    | Meet at the school gate, we walk over together.

d: can someone take pics of the races for the class page | who's doing photos
a: Only staff will take photos on the day, thank you. | Photos will be taken by the school.
d: ok fair

b: i'm so nervous | i cant swim that well
o: u'll be fine | just do the width

a: See you all there. Remember water bottles. | Good night, see you at the gala.""",
    """c: yo is anyone free at {time} to do the group project | group project meet up at {time}?
b: can do | at whose house
c: mine, my {mum} is home so its fine | my {dad} said we can use the dining table

d: whats the address again | where do u live
c: i'll drop a pin | next to {shop}

b: shall we tell {sir} we're working together | do we need to tell {sir} its a group thing
o: yeah she said groups of 4 | its allowed

d: send me a pic of the rubric | what do we need to include
o: {photo}

c: see u all at {time} | bring snacks lol""",
)

_TEAM_GROUP = (
    """a: Well played today {team}. Training {day} at {time}, usual pitch.
    | Great effort this morning. Next training is {day}, {time}.
o: Thanks coach | 👏👏

c: Can anyone give {nb} a lift on {day}? I'm working late. | Is anyone able to take two on {day}?
d: Yes no problem, we go past yours | We can take her, we've got room

a: Reminder the league needs birth dates for the registration forms. Please message me the dates.
    | Under-age check this season: I need each player's date of birth by {day}.
c: Will do | Sending now

b: can we get new kit | when are the new shirts coming
a: Ordered! Sizes in by {day} please. | They're on order, should be here soon.

a: See you all {day}. | Rest up, everyone.""",
    """c: Who's doing the oranges this week? | Whose turn for half time snacks?
d: Me I think | We did last week!
o: I'll do it

b: can i bring my friend to training | my cousin wants to try out
a: Of course, ask a parent to come along to sign the form. | Yes, parent needs to fill in the form.

a: Team photo on {day}! Please make sure everyone has their socks. | Photographer coming {day}.
o: 📸 | will do

d: Has anyone found a blue water bottle? | Lost a boot after training
o: {photo}
d: That's it! Thanks

a: Don't tell the kids but we're having a little presentation at the end of season 🏆
    | Surprise trophies at the last game, please keep it quiet from the players.
c: My lips are sealed | Lovely idea""",
    """a: Game is at {place} on {day}. Meet there at {time}, kick off half hour later.
    | Away game {day}, meet at {place} at {time}.
c: Thanks, will sat nav it | Is there parking?

b: is {nc} playing | who's in goal
o?: me!

d: Sorry, we'll miss this week, grandparents' anniversary. | We're away that weekend
a: No problem, thanks for letting me know. | Thanks for the heads up.

c: Who's home on {day} afternoon? Need someone to drop off the bag | Anyone around later?
d: We are, pop it round | I'm in after 3

a: Proud of them all today, they never gave up. | Brilliant attitude today.
o: 👏 | Great coaching!""",
    """a: Reminder the club is collecting subs this month, {money} per child.
    | Subs due please, {money} each, bank details in the pinned message.
c: Paid ✅ | Sent

b: coach can i play striker | can i go up front next game
a: We'll rotate everyone, you'll get a turn. | Let's see at training.

d: Could someone send a pic of the fixture list? | Has anyone got the new fixtures?
o: {photo}
d: Thank you!

c: Anyone fancy a coffee while they train? | Café at the club is open during training
o: Yes please | I'm in

a: Training cancelled tonight, pitch waterlogged. | No training tonight, sorry all.
o: 😩 | Thanks for letting us know""",
    """c: Our {nb} turns {next} on {day}! Party at {place}, all the team invited 🎉
    | Birthday invite: {nb} is {next} on {day}, team party at {place}.
o: Lovely, we'll be there | 🥳

d: What time does it finish? | Is it drop off or do parents stay?
c: 2 till 4, parents welcome to stay for cake | Drop off is fine, finishes at 4

b: can we play football at the party | is there a bouncy castle
c: You'll see! | Surprise

a: Happy early birthday {nb}! | Have a great day {nb}
b: thanks coach""",
    """a: Tournament on {day}. Please bring packed lunch and sun cream.
    | Big day {day}: lunch, water, sun cream, and a smile.
c: What time does it start? | Where is it?
a: {time} at {place}. | Registration at {time}.

b: are we allowed our phones | can i bring my switch for the car
d: Ask your {mum} 😂 | Not on the pitch!

c: Can someone take some photos for the parents who can't make it? | Would love pics
d: I'll take some | Happy to
o?: {photo}

a: Medals for everyone at the end, don't tell them! | Keep the medals a secret please.
c: 🤫 | Sure thing""",
)

_FAMILY_GROUP = (
    """a: Who's home? | Is anyone home yet?
b: me | im in
a: Can you put the oven on please, 180 | Can you take the chicken out the freezer

c: On my way back now | Leaving work
a?: 👍

b: can i go to {place} with {nc} at {time} | can i meet friends at {place}
a: Who else is going? Back by 7 please. | Only if you're back before dark.
b: ok | fine

a: Send me a pic when you get there please | Text me when you're there
b: {photo} | here now

d: Lovely to see you all Sunday xx | Thanks for lunch everyone xx""",
    """a: Don't tell {dad} but I've booked the restaurant for his birthday 🤫
    | Shhh, surprise party for {dad} on {day}
b: omg ok | i wont say anything
d: Lovely! What time? | Count me in

b: what do i wear | do i have to come
a: Something nice | Yes you do 😂

d: Can someone send me the address? | Where is it again?
a: {photo} | I'll send the link

a: Remember it's a secret!! | Not a word, anyone
o?: 🤐""",
    """d: How old are you now {nb}, {age}? | Is {nb} {next} this year? I lose track
b: {age} | {age} grandma lol
d: Goodness, so grown up | Where does the time go

a: {nb} got a merit in {subject} today! | Guess who got star pupil this week
d: Well done darling! | Clever clogs 👏
b: mum 😭 | stop

d: I've sent you a little something for your birthday, don't spend it all at once
    | There's a card in the post for you
b: thank u grandma | ❤️

a: Dinner {day} at ours? | Everyone free {day}?
o: Yes please | We'll bring pudding""",
    """b: {mum} where r u | are u picking me up
b: im outside | its raining
b: ?? | hello
a: Sorry driving! 2 mins | Stuck at lights, nearly there

c: Is {nb} home alone tonight? I'm late back | Who's with {nb} after school?
a: {ne} is in with her | I'll be home by 6
d?: I can pop round

a: Can you send a pic of the letter from school? | Forward me that form please
b: {photo}
a: Thank you

c: Love you all | Night all xx
o: night | xx""",
    """a: Photos from the weekend! | Beach pics 🏖️
a: {photo}
a?: {photo}
d: Stunning view | What a lovely day

b: can i have {money} for the cinema | can i borrow some money
a: What for? | Have you done your chores?
b: cinema with {nc} | i tidied my room

d: Is {nb} allowed {app} yet? | Are the kids on {app}?
a: Not till {next} | Only with family contacts
b: everyone else has it 🙄

a: Right, tea's ready | Dinner in 10
o: coming | ~""",
    """c: Has anyone seen my keys? | Who moved my glasses
b: not me | they're on the side
c: Found them 🙄 | Thanks

a: Reminder: nobody tells {nb}'s teacher about the bake sale cake, it's a surprise for her last day
    | The cake for {sir}'s leaving do is a secret, {nb}!
b: i know i know | i wont mum

d: Who's coming for lunch {day}? | Roast at mine {day}
o: us | 🙋

a: Meet at the park at {time} for a walk? | Park at {time} with the dog?
b: do i have to | ok
a: Yes! Fresh air 😂""",
)

_TEEN_GROUP = (
    """b: whos out later | anyone free after school
c: me | ye
d: my {mum} says only till {time}

c: meet at {place} at {time} | {place}, {time}?
o: bet | cool

b: send a pic of ur new trainers | show us the new shoes
c: {photo}
o: ~ | 🔥🔥

d: omg wait how old is {nc}'s brother | is ur brother {next} or older
c: he's 17 ew why | why do u care 💀
d: no reason | just asking lol

b: dont tell anyone about the surprise for {nd}!! | nobody tell {nd} about saturday
o: 🤐 | ofc""",
    """c: has anyone ever had a boyfriend | have u ever had a gf
d: no 💀 | not telling u
b: {nc} has 👀
c: SHUT UP | i hate u all

o: this convo is so cringe | changing the subject
b: ok anyway | moving on

d: whose house is free {day} | whose parents r out on {day}
c: mine till {time} | mine but my nan is in

b: send ur snap i lost my account | add me on {app} i got a new one
o: {photo} | its the same
b: added

c: night guys | gn""",
    """d: {nd} is so mean to me today | was {nc} being weird at lunch
o: ignore her | she was like that with me too
b: u ok? | do u want to talk

c: add me on {app} | whats ur {app}
d: same as my username | i sent a request

b: i got my ears pierced | new haircut
b: {photo}
o: omg cute | ~

c: {mum}'s not home till {time} come over | my house is empty till {time}
d: omw | cant, grounded

b: dont tell my {mum} i was at {place} | pls dont say i was out
o: we wont | lol ok""",
    """c: does anyone have {subject} notes | i missed the lesson
b: {photo} | here
c: ty | ur the best

d: guys {nb}'s birthday is {day} what are we getting her | we need a present for {nb}
o: a jumper | a hoodie | vouchers
d: we'll split it, {money} each

o: how old is she turning | is it her {next}th
d: {next} | yes

d: meet at {shop} at {time} to get it | {shop} after school?
o: ✅ | i'm in

d: DONT tell her | it's a surprise ok""",
    """b: omg look | {photo}
c: 😭😭 | who is that
b: my cousin's dog | my neighbour's cat

d: is anyone going to the party {day} | ur going to {nd}'s party right
c: my {dad} won't let me | maybe

b: how will we get home | who's picking us up
d: my {mum} can drive at 10 | my sister is

c: send me the address | where is it
o: i'll send it | {place}

b: k see u all there | cant wait""",
    """c: ur so quiet today {nb} | whats up {nb}
b: tired | nothing
o: 🫂 | want to call

d: i got {cur} for my birthday | got a new {item} in {game}
o: W | 🔥

c: lets all play {game} later | squad up at {time}?
o: in | ok

b: my phone is getting taken at 9 | my {mum} takes my phone at night
c: same | lol my {dad} too

c: night everyone | love u guys
o: ❤️ | night""",
)

_CLAN_GROUP = (
    """a: new season starts {day}, need 2 more for the squad | recruiting for ranked, who's in
c: me | im down
b: pls can i join

a: gotta be 13+ for the comp rules, how old are u | age check for the tourney, u 13?
b: {age} | im {age}
a: ok ur good | yeah fine

c: gifted {nb} the {item} for their bday 🎁 | happy bday {nb} sent u a {item}
b: omg tysm | W

a: dm me for the tourney link | add me on discord for the bracket
o: sent | k

a: gg all see u {day} | practice {day}, dont be late""",
    """c: who's on rn | anyone on
b: me | ~
d: give me 10 mins

a: my pc is finally fixed | new setup
a: {photo}
o: clean | ~

b: im so bad today | keep dying
c: its the lag | u fine
a: everyone has bad days

d: my {mum} is making me get off | gotta do homework
o: rip | 😭

a: gg | ggs all""",
    """a: rules reminder: no sharing personal info in the server
    | dont post ur address or school in here
o: ok | yes sir 🫡

b: what time is the scrim | when r we playing
a: {time} my time | after school

c: whos home alone lol | parents r out i can play all night
o: lucky | mine r here 😭

d: can someone send a pic of the build | how did u make that
o: {photo}

a: good work everyone this week | proud of the squad""",
    """b: anyone wanna trade | trading {item} for {cur}
c: what u got | show
b: {photo}

a: no scam trades in here pls | trade only with people u know irl
o: ok | true

d: my cousin wants to join can he | can i add my friend
a: sure, link in the pinned | ask him to read the rules first

c: who's streaming | anyone on twitch tonight
o: me at {time} | maybe

a: gg wp | ggs""",
    """a: we won the cup!! 🏆 | CHAMPIONS
o: LETS GO | 🔥🔥🔥

b: i cant believe that last round | that clutch was insane
c: {nb} carried | mvp {nb}

d: can we get a team pic | screenshot of the win
o: {photo}

a: everyone gets the {item} as a prize, i'll gift it in game
    | i'll send everyone {cur} for winning
o: W | tysm

b: best clan | love this server""",
    """c: yo {nb} u on {app} | whats ur {app} username
b: same as here | ~
c: added u

a: new channel for memes pls keep general clean | memes go in #memes
o: 🫡 | ok

d: anyone from {city} | where is everyone from
o: {city} | cant say | uk

a: remember the server is for 13+ | new members need to be 13 or older
b: i am lol | ~

a: night all | gn gamers""",
)

_HOBBY_GROUP = (
    """a: Morning all! Meet at the park gates at {time} on {day} for the usual.
    | {day} {time} usual spot?
o: See you there | 👍
c: I'll be a few mins late

b: Could someone send a pic of the route? | Has anyone got the map from last week?
o: {photo}
b: Thanks

d: How old is your lad now, {na}? He's shot up | Is your daughter {age} already?
a: {age}! Can't believe it | Nearly {next}, where does it go

c: Don't tell {nd} but we're doing a cake for her 60th | Shh, surprise for {nd}'s birthday
o: 🤫 | Lovely idea

a: Great session everyone | Thanks all, well done""",
    """a: Who's home on {day}? The delivery for the club is coming
    | Anyone in on {day} to take a parcel?
b: I'm in all day | I can
a: Perfect, I'll give them your address

c: Photos from {day}! | Lovely pics from the show
c: {photo}
o: Beautiful | Stunning

d: Is it ok if I bring my niece next time? She's {age} and keen | Can my son come along?
a: Of course, the more the merrier | Yes! Under 16s with a parent

b: Subs for the year, {money} to the usual account | Subs due
o: Paid | Done ✅""",
    """b: Anyone fancy a pub after? | Coffee after?
o: Go on then | Can't today

a: Can everyone send me a photo for the website? Just a head and shoulders
    | Need a profile photo from each of you for the newsletter
c: {photo}
d: Will do later

c: Does anyone know a good mechanic near {place}? | Any recommendations for a plumber?
o: I'll message you his number | Try the one on the high street

a: Reminder AGM {day} at {time}. | AGM {day}, please come
o: Noted | 👍""",
    """d: Sad news, the hall is booked on {day} so we'll meet at {place} instead
    | Change of venue this week: {place}
o: Thanks for letting us know | Ok

a: Could someone pick up the urn? I'm working | Who's able to collect the keys?
b: I can pop in | I'll get them

c: Look what I found at the car boot! | Bargain of the week
c: {photo}
o: 😂 | Brilliant

b: Keep the raffle prizes a secret this year please | Don't spoil the raffle surprise
o: 🤐 | Of course

a: See you all {day} | Thanks for coming everyone""",
    """a: Welcome {nb} to the group! | Everyone say hello to our new member {nb}
o: Welcome! | Hi {nb} 👋
b: Thanks, nice to be here | Hello all

c: Where are you based, {nb}? | Are you local?
b: Just by {place} | Near {shop}
c: Oh lovely, not far

d: We meet every {day} at {time}, just turn up | First session is free
b: Great, see you then

a: We're a friendly bunch, don't worry | No experience needed
b: Good to know 😊""",
    """b: Is anyone driving to the meet in {city}? Happy to share petrol | Lift share for {city}?
d: I've got two seats | I can take one
b: Brilliant, where shall we meet? | Perfect

d: Meet at the {shop} car park at {time} | {time} at {place}
b: Lovely, see you at {time}

c: Who's bringing the flask? | Someone bring biscuits please
o: Me | I've got them

a: Safe travels all | Have a great day everyone
o: ~ | 👍""",
)

# ---- long two-person benign: tutor (v0, v1), mentor (v2, v3), older cousin (v4, v5)
_LONG_TUTOR = (
    """a: Hi {nb}, it's {na} from tutoring. Same time on {day}?
    | Hello {nb}, are we still on for {day}?
b: yes | yeah same time

a: Can you send me a photo of the question you're stuck on? | Send a pic of the worksheet
b: {photo}
a: Ok, I see it. Look at the second line again. | Right, check your sign on line 2.

b: oh i get it now | omg i was being stupid
a: Not stupid at all, it's a tricky one | Everyone makes that mistake

a: Is your {mum} around? I need to confirm the fee for next month
    | Could you ask your {mum} to message me about the new times?
b: shes at work till {time2} | ill tell her

b: we did trigonometry in class | we started fractions
a: Good, that's what we'll do next time | Perfect timing

a: You're really grown up about your revision, it shows
    | You work harder than most of my adult students
b: thanks lol | ~

a: Great work today, see you {day}. | Well done. Same time next week.
b: bye | thanks""",
    """b: {sir} i got a 7 in the mock!! | i passed!!!
a: That's brilliant, all your own work | Told you you could do it

a: How old are you now, {age}? Next year is the big one | You'll be in {year} next year, right?
b: {age} | yep

b: can we do the lesson on zoom instead this week | can we do online this week
a: Yes, I'll email your {mum} the link | Sure, I'll send the link to your parents

a: Don't give the others in your class the practice answers, they need to try it themselves
    | Keep the practice answers to yourself please
b: i wont | ok

b: {photo}
a: Nice neat working | Much better layout

a: Good luck {day} | You've got this
b: ❤️ | thank u""",
    """a: Hi {nb}, how's the week been? | Hey {nb}, checking in as usual.
b: ok | stressful

a: What's the thing you're most worried about? | Anything on your mind this week?
b: exams | my friend stopped talking to me

a: Have you talked to your {mum} or your head of year about it?
    | Does anyone at home know how you're feeling?
b: not yet | a bit
a: It might help. I'll mention it to your head of year if that's ok | Your school can help too

b: can i add u on {app} | can i message u on {app}
a: I can't, I have to stay on the school app, sorry | Best to keep it on here, it's the mentor rules
b: oh ok

a: You handled that really maturely | I'm proud of how you dealt with it
b: ~ | thanks

a: Same time next week. | Talk next week, take care.""",
    """b: hi | hey
a: Hi! Did you finish the application? | How did the sports trial go?

b: i got in!! | i made the team
a: Amazing! Well deserved | Brilliant news

a: Where's the next match, near you? | Is it local?
b: at {place} | its in {city}
a: Hope your family can watch | Get someone to film it for your {mum}

b: can u come and watch | would u come
a: I'm not able to, but I'll want to hear all about it | I can't, sorry, tell me after

a: Send me a photo of the medal if you win! | Let me know the score
b: {photo}
a: So proud | Fantastic

a: See you next session | Talk soon""",
    """a: yo {nb} | oi cuz
b: hiii | what

a: aunties birthday on {day}, ur coming right | u coming to {mum}'s thing
b: ya | have to lol

b: can u help me with {subject} | ur good at {subject} right
a: send me a pic | whats the question
b: {photo}
a: easy, do the bit in brackets first | ok watch

a: how old r u now again, {age}? | ur {age} now?? old
b: {age} | stop

a: dont tell ur {mum} i let u play my console
    | ur {mum} doesnt need to know about the horror game 😂
b: lol i wont | ~

a: meet u at {place} at {time} before the party | ill pick u up at {time}
b: ok | 👍""",
    """b: cuz can u get me the new {item} | can u buy me {cur} ill pay u back
a: what's it worth | lol maybe

a: ask ur {dad} first | only if ur {dad} says yes
b: he said yes | ugh fine

b: have u ever had a girlfriend | is it true u have a boyfriend
a: none of ur business 😂 | mind ur own

a: whos home at urs | is ur {mum} in
b: everyone | just {dad}
a: tell them im coming round for dinner | ill pop over later

b: {photo}
a: ur hair lol | 💀

a: see u later | cya""",
)

_LONG_PENPAL = (
    """a: hi {nb}! im {na}, ur penpal from the school thing | hey!! im ur new penpal from {city}
b: hiiii | hey

a: how old r u, im {age} | im {age} btw how old r u
b: {age} too | same

a: what do u like doing | hobbies?
b: drawing and {game} | {sport}
a: omg me too | thats so cool

b: send a pic of ur school | what does ur school look like
a: {photo}
b: its so big | we have to wear uniform

a: my teacher says we might visit in the summer | our class might do a video call
b: yayy | that would be fun

a: bye! write soon | ttyl""",
    """b: what time is it there | is it night there
a: nearly {time} | its morning lol

a: do u have any pets | whats ur fav animal
b: a dog | i want a cat
b: {photo}

b: have u ever had a boyfriend | do u have a crush
a: no lol | maybe 👀

a: my {mum} says hi | my {mum} read ur letter she liked it
b: aww | tell her hi

a: we have exams next week | exams soon 😩
b: good luck | same

b: whats ur {app} | do u have {app}
a: my {mum} says only the school app | not allowed yet
b: same

a: bye bestie | write back soon""",
    """a: guess what, i got a new puppy | we went to the beach today
a: {photo}
b: SO CUTE | omg

b: what music do u like | u like {band}?
a: {band}!! | obsessed

a: whats the food like there | what do u eat for lunch
b: pasta | sandwiches

b: dont tell anyone but i like someone in my class | i have a secret
a: i wont!! | who

a: where do u live, near the sea? | is {city} nice
b: not really | its ok

a: talk soon | bye""",
    """b: hey | hii
a: i got ur letter!! | ur parcel came

b: i sent u a bracelet | did u like the card
a: i love it | ~

a: how old is ur sister | is ur brother older
b: {next} | hes 8

b: we're doing a project on ur country | our class is learning about {city}
a: cool | ask me anything

a: my teacher wants a photo of our class with ur letters | we're making a display
b: {photo}

a: bye | write soon""",
    """a: {nb} are u online | hi
b: ya | here

a: my {mum} said we can video call with our parents | maybe we can call sometime with our teachers
b: yes | yes please!!

b: i got a new phone | i got {game}
a: omg lucky | what do u play

a: who's home at urs | is it quiet at ur house
b: my whole family lol | just my {mum}

b: send me a pic of snow | is it cold there
a: {photo}

a: bye!! | laters""",
    """b: hey how was ur day | how was school
a: long | fun, we had {sport}

a: can u keep a secret | promise not to tell
b: promise | what
a: i got the lead in the school play | im moving to a new school

b: i have a trip to {city} soon | we went to {city}
a: nice | send pics
b: {photo}

a: whats ur fav subject | do u like {subject}
b: art | no

a: byee | night""",
)

# ---- grooming-like groups: one adult singles out one child while the rest chat normally
_GROOM_GAME_SERVER = (
    """c: anyone wanna play {game} | who's on
d: me | in 5
b: me!!

a: {nb} u were cracked in that last game | ngl {nb} ur the best player in here
b: lol thanks | ~

c: wait my {mum} is calling | brb
d: lol

a: how old r u {nb}? | {nb} u in school still?
b: {age} | yeah {year}
a: ur way better than people my age | u play like an adult

a: dm me i'll gift u the {item} | check ur dms {nb} got something for u
a: dont tell the others tho they'll want one too | just between us ok
b: ok | omg thank u

o: whos on the next round | gg everyone""",
    """d: the new map is so confusing | i keep getting lost on the new map
c: same | ~

a: {nb} u on {papp}? easier to talk there | add me on {papp} {nb}
b: my {mum} checks my phone | maybe

c: whos doing the event later | event at {time}
o: me | 🙋

a: ur parents don't need to see everything | just delete it after
b: ok | ~

a: i could send u {cur} | need {cur}? i have loads
b: really? | yes pls

d: gg | gtg bye""",
    """c: {photo}
d: lmao ur character | 💀

a: where abouts do u live {nb}, {city}? | {nb} ur from {city} right?
b: near there | yeah

b: i got the {item}!! | look what i unlocked
c: W | 🔥

a: ur home alone a lot after school right {nb}? | are ur parents home rn {nb}
b: yeah till {time2} | sometimes

a: i'm in {city} next week, could meet u at {place} and give u the gift card
    | we should meet up sometime, i live close
b: idk | maybe

o: anyone want to squad up | one more game""",
    """a: who's the youngest in here lol | how old is everyone
c: 14 | not telling
b: {age}

d: this server is so dead today | nobody's on
c: ikr

a: {nb} i made u a mod role, only u | {nb} ur special in here, ur my fav
b: yay | ~

a: don't tell the others i gave u mod | keep it quiet or the others will complain
b: ok i wont | ~

c: gtg {mum} says dinner | brb food
o: ~

a: message me later when everyone's gone | talk to me after they log off
b: ok | ~""",
    """c: did u see the leaks for next season | new skins next week
d: yesss | cant wait

a: {nb} i'll buy u the battle pass | want the new {item}? my treat
b: why | really??
a: cos ur my favourite | ur actually cool

a: do ur parents check ur account? | does ur {mum} look at ur messages
b: no | not really

a: add me on {papp} so we can talk properly | lets move to {papp}
b: ok whats ur name on it | i dont have it

d: im so tired gn | night all
o: gn""",
    """d: guys look | {photo}
c: lol what | 😂

a: send me a pic of u {nb}, just so i know ur real | what do u look like {nb}, send a selfie
b: why | ~
a: just to see, no big deal | i sent mine

c: who's playing {game} tmrw | tmrw at {time}?
o: ~ | me

a: ur more mature than everyone else here | ur not like the other kids
b: ~ | lol ok

a: our secret ok | dont tell anyone we talk
b: ok""",
)

_GROOM_FAN_GROUP = (
    """c: DID U SEE THE NEW {band} VIDEO | omg the new album
d: SCREAMING | 😭😭

a: welcome {nb}! how old are u? | hi {nb}, new here? how old r u
b: {age} | thanks!
a: aww u seem older | ur so mature for {age}

o: who's fav member is who | bias check
b: ~ | all of them

a: i have spare concert tickets, only one though | i might be able to get u a signed poster
a: don't tell the others, they'll be jealous | keep it between us {nb}
b: omg really | ok

c: gn everyone | going to sleep""",
    """c: stream the new song pls | we need views
d: on it | 🔥

a: {nb} u should message me privately, i have merch codes | dm me for the discount codes
b: ok | ~

a: is ur {mum} strict about ur phone? | do ur parents let u talk to people online
b: kinda | not really

d: {photo}
o: OMG | so aesthetic

a: i'd love to meet u at the fan event in {city}, just us | we could go to the fan meet together
b: my {mum} would have to come | maybe

c: byeee | ~""",
    """d: what's everyone's fav song | top 3 songs go
c: {band}'s first album | the new one
b: ~ | all

a: {nb} ur edits are so good, ur so talented | {nb} ur the best artist in this group
b: tysm | ~

a: send me a pic of u with ur merch | selfie with ur poster?
b: {photo} | ~
a: love it, ur so talented | best fan in here

a: let's talk on {papp} this group is so busy | move to {papp} with me
b: ok | ~

c: the concert in {city} is sold out 😭 | did anyone get tickets
o: no 😭""",
    """c: new member alert | welcome new ppl
d: hi! | 👋

a: where r u from {nb}? | {nb} do u live near {city}?
b: near {city} | ~

d: is the fan meet 16+? | how old do u have to be for the meet
c: 13 with parent | i think any age

a: u don't need to bring ur parents, i can look after u | no need to tell ur {mum}, i'll get u in
b: really? | idk

a: i'll send u the ticket, just delete our chat after | our secret ok
b: ok

o: gn | ~""",
    """c: the lyrics are so deep | i cried at the bridge
d: same | 😭

a: {nb} u always get the vibe, ur older than ur age | u understand things better than adults
b: lol thanks | ~

a: have u ever had a boyfriend {nb}? | u got a boyfriend {nb}?
b: no lol | why
a: just wondering, u'd be lucky | they'd be lucky to have u

o: who's going to the listening party | listening party {day}
c: me

a: i'll pay for ur ticket, just tell ur parents ur at a friend's | say ur at a friend's house
b: ok | idk""",
    """c: the group photo from the meet! | look at us
c: {photo}
d: we look so good | omg

a: {nb} u should have come, i saved u a spot | {nb} missed u at the meet
b: my {mum} said no | couldn't go

a: ur {mum} is too strict, u should decide yourself | ur old enough to choose
b: i guess | ~

a: i got u the hoodie anyway, i can drop it at urs | i'll bring ur present to {place}
b: omg thank u | ok
a: come alone, it's a surprise | don't bring anyone

o: gn | bye""",
)

_GROOM_TEAM_COACH = (
    """a: Good session everyone. Next training {day} at {time}. | Well done today team.
c: Thanks coach | 👏

d: Can anyone help with lifts on {day}? | Lift share needed for {day}
c: I can take two | We've room

a: {nb} you were brilliant today, message me about extra one-to-one sessions
    | {nb} stay behind next week, I want to work on your skills
b: ok | thanks coach

a: {nb} it's free for you, no need to mention it to the others
    | don't tell the team, there's only room for one
b: ok | ~

o: See you {day} | Thanks""",
    """c: Reminder subs are due | Subs please everyone
d: Paid ✅ | Done

a: {nb} your {mum} doesn't need to come on {day}, I'll drive you
    | I can give you a lift home after, save your {mum} the trip
b: ok | i'll ask

c: Who's bringing snacks? | Half time oranges?
o: Me | We will

a: {nb} send me a pic in your new kit | {nb}, photo of you in the new boots?
b: {photo}
a: Looking like a pro | That's my star player

o: Thanks all | 👍""",
    """a: Match report: won 3-1, great team effort | Great result today, proud of you all
c: Brilliant | 🏆

d: Is anyone at home on {day} to take the kit bag? | Who's around {day}?
c: We are | I can

a: {nb} add me on {papp}, easier to send you the drills
    | {nb} I'll message you on {papp} with training plans
b: ok | ~

a: keep our chats between us, the others will think I've got favourites
    | don't tell your teammates I'm coaching you extra
b: ok | i won't

o: See you {day} | Thanks coach""",
    """a: Training {day}. Bring water. | {day} training, {time}.
c: Ok | 👍

c: Can someone send the fixture list? | Need the new fixtures pls
d: {photo}

a: {nb} how old are you now, {age}? You could play up a year | {nb} you're too good for the {age}s
b: {age} | really?

a: {nb} when does your {mum} finish work? I'll drop you home after training
    | {nb} is anyone home after training on {day}?
b: {time2} | no one till late

a: we'll get {food} after, our little treat | I'll get you a treat after, just us
b: yay | ok

o: 👍 | Thanks""",
    """d: Tournament photos! | Pics from today
d: {photo}
c: Lovely | Great pics

a: {nb} you deserve more than the rest of them, you're special
    | {nb} you're the most mature one on the team
b: ~ | thanks

c: Is there training over half term? | Any sessions in the holidays?
a: No team training, enjoy the break | Team is off over half term

a: {nb} I'll still train with you over half term, just us, at {place}
    | {nb} meet me at {place} on {day}, I'll train you on your own
b: ok | do i need to tell my {mum}
a: no need, it's just practice | I'll sort it

o: Thanks coach | 👏""",
    """c: Anyone found a lost boot? | Lost water bottle, blue
o: {photo}
c: That's it, thanks

a: {nb} you've been quiet lately, everything ok? | {nb} you seem down, you can talk to me
b: ~ | just stuff at home

a: your parents don't understand you like I do | your {mum} doesn't get how hard you work
b: idk | ~

a: message me any time, day or night | you can always talk to me, delete it after if you want
b: ok

o: Night all | See you {day}""",
)

_GROOM_HOBBY_JUNIOR = (
    """a: Welcome to our new junior member, {nb}! | Everyone say hi to {nb}, our youngest member
o: Welcome! | Hi {nb}
b: hello | thanks

c: Meeting at {place} on {day} at {time} | {day} {time} at {place}
o: 👍 | See you there

a: {nb} how old are you, if you don't mind me asking? | {nb} which year are you in?
b: {age} | {year}
a: Very mature for {age} | You seem older

a: {nb} I've got an old lens I don't need, I could give it to you | {nb} I'll lend you my spare kit
a: Don't mention it to the others, I can't give everyone one | Keep that quiet please
b: really? thank you | ok

o: See you all {day} | Thanks""",
    """c: Photos from {day}'s meet! | Great night last night
c: {photo}
d: Lovely shots | Beautiful

a: {nb} message me on {papp}, easier to send you the tips
    | {nb} add me on {papp}, I'll send you guides
b: ok | ~

d: Next meet is in the hall, bring a snack | Hall booked for {day}
o: Noted | 👍

a: Does your {dad} come to the meets with you, {nb}? | Will your parents be at the next one {nb}?
b: no he works | sometimes
a: I could give you a lift so he doesn't have to | I'll pick you up, save him the trip

o: Thanks all | 👍""",
    """d: Who's got the key for the cupboard? | Key for the store room?
c: Me | It's at mine

a: {nb}, your work is better than most adults here
    | {nb} you're a natural, more talent than I had at your age
b: thank you | ~

c: Reminder subs due | Subs please {money}
o: Paid | ✅

a: {nb} you don't have to pay, I'll cover yours, our secret
    | I'll pay your subs, no need to tell your {mum}
b: are you sure | ok

a: {nb} let's do a private session at mine, I've got all the kit
    | come round {day} and I'll show you the setup
b: idk | i'll ask

o: Night all | Thanks""",
    """b: Can I bring my friend next time? | Is it ok if my sister comes?
c: Of course | The more the merrier
a: Better if it's just you this time {nb} | Let's keep it to you for now

d: Does anyone have a spare tripod? | Can someone bring extension leads?
o: I do | Will bring

a: {nb} is anyone home when you get back from the meet? | {nb} how do you get home after?
b: i walk | my {mum} works late

a: I'll walk with you, no need to tell anyone | I'll give you a lift, keep it between us
b: ok | ~

o: See you {day} | 👍""",
    """c: Competition entries due {day} | Don't forget the competition
o: Done | Thanks

a: {nb} send me a photo of yourself for the junior profile, I'll keep it private
    | send me a selfie, for my own records
b: {photo} | ok
a: Lovely | Great

d: Great turnout this week | Brilliant session
o: 👍 | ~

a: {nb} you can talk to me about anything, I get you better than your parents
    | your parents don't understand your talent like I do
b: ~ | thanks

o: Night all | Thanks""",
    """d: Club trip to {city} on {day}! Parents welcome | Day trip to {city}, names please
o: Count us in | 🙋

a: {nb} I could drive you, your parents don't need to come | {nb} come with me in my car, just us
b: my {mum} wants to come | ok

c: Packed lunch everyone | Bring water and snacks
o: ✅ | Will do

a: {nb} are you on {app}? Add me, I'll send you the photos | {nb} what's your {app}?
b: ~ | my {mum} checks it
a: Make a new account then, she doesn't need to see | Use a different one

o: See you {day} | Thanks""",
)

# ---- long two-person grooming-like (sparse indicators, mostly ordinary talk)
_GROOM_LONG_SLOW = (
    """a: hey, saw your drawing on the art page, it's really good
    | hi, loved your build on the server
b: thanks | oh thanks

a: how long have you been drawing? | how long you been playing?
b: like 2 years | since i was little

a: you're really talented | you're better than a lot of adults i know
b: ~ | lol thanks

a: how old are you, if you don't mind? | which year are you in?
b: {age} | {year}

a: you seem so mature for {age} | you talk like someone older

a: do your parents know you post your art? | does your {mum} check what you post?
b: not really | no

a: this site is glitchy, we should talk on {papp} | add me on {papp}, easier
b: ok | maybe

a: you can tell me anything, i won't judge | i'm always here if you need to talk

a: best not to mention me to your {mum}, she wouldn't understand | keep our chats between us
b: ok | why""",
    """a: hey {nb} how's school | hi {nb} good day?
b: boring | ok

a: what's your favourite subject? | what do you want to be when you're older?
b: art | a vet

a: i was exactly like you at your age | we have so much in common

b: my {mum} is so annoying | my {dad} shouted at me
a: parents can be like that | you deserve better than that

a: i sent you something, check your account | i got you some {cur}
b: omg thank u | why

a: don't tell anyone i sent it, they'll get the wrong idea | our little secret
b: ok

a: is anyone home with you after school? | are you home on your own in the evenings?
b: till {time2} | yeah

a: i'd love to meet you one day | we could meet at {place} sometime""",
    """a: what music are you into? | listening to anything good?
b: {band} | ~

a: same!! we've got the same taste | no way, me too

a: where do you live, near {city}? | are you near {city}?
b: yeah | kinda

a: you're the only one i can really talk to | i feel like you really get me
b: ~ | aw

a: have you ever had a boyfriend? | got a girlfriend?
b: no | lol no

a: can you send a pic so i know who i'm talking to | send a selfie, i'm curious what you look like
b: {photo} | idk

a: nice pic, don't show anyone our chats | delete our messages tonight ok
b: ok | ~""",
    """a: hi! | morning {nb}
b: hi

a: did you finish that project? | how did the test go?
b: yes | failed lol
a: you'll smash it next time | you're so clever

a: i'm getting you the {item} for your birthday | want me to get you the new {item}?
b: really? | yesss

a: just don't tell your parents i got it, they'll ask questions | say you saved up for it
b: ok | ~

a: do your parents read your messages? | does anyone check your phone?
b: sometimes | no

a: we should talk on {papp} instead then | use {papp}, it's private

a: when's your {mum} out next? i could come to {place} | meet me at {place} on {day}, just us""",
    """b: hey | hi
a: heyy how are you | hi you

a: what did you get up to this weekend? | good weekend?
b: {sport} | nothing

a: i love that you tell me things, you're special to me | you mean a lot to me
b: ~ | thanks

a: what time do your parents get home? | are you alone in the house right now?
b: {time2} | yeah

a: i'd never hurt you, you know that | i'm different from other people

a: if you tell anyone about us, we can't talk anymore | they'd stop us talking, so keep it secret
b: ok | i won't

a: after everything i've done for you | you owe me a chat at least""",
    """a: hi, i'm in the same {game} group | saw you in the {game} lobby
b: oh hi | ~

a: how old are you? you play really well | you're good for your age, what are you, {next}?
b: {age} | {age} lol

a: i'm {aage} but i'm young at heart | age is just a number

a: do you have {papp}? | let's chat on {papp}
b: yeah | no

a: i could send you {money} for {cur} | want me to top up your account?
b: ok | thank you

a: don't tell your friends about me | keep me a secret from your mates

a: i really want to meet you | let's meet at {place}, i'll bring the gift""",
)

_GROOM_LONG_TEEN_POSE = (
    """a: hi! ur {nb} from {game} right | heyy i saw u in the {band} fan page
b: yeah | hi

a: im {age} too | im a year older than u lol

a: u seem so cool | ur not like people at my school
b: ~ | lol thanks

a: whats ur school called | which school do u go to
b: cant say | {shop} road school

a: send a pic of u | i sent u mine, ur turn
b: {photo} | idk

a: have u ever had a boyfriend | ur so funny u must have a gf
b: no | ~

a: lets meet at {place} at {time}, come on ur own | meet me at {place}, dont bring friends
b: ok | maybe""",
    """a: yo | hiiii
b: hey

a: my {mum} is so strict | my parents are so annoying
b: same!! | ugh

a: do ur parents check ur phone | does ur {mum} read ur messages
b: sometimes | no

a: add me on {papp} its more private | switch to {papp}
b: ok | ~

a: delete our chat after ok | dont show anyone our chats

a: we should meet, i'll get my older cousin to drive | i can get a lift to {place}
b: idk | ok""",
    """a: hey whats ur fav {band} song | hi!! {band} fan?
b: omg yes | all of them

a: ur literally my best friend | i trust u more than anyone

a: where do u live | near {city}?
b: yeah | kinda

a: r u home alone a lot | whos home at ur house after school
b: yeah | my {mum} works

a: i got u a present, ill send it to ur house | whats ur address, i'll post it
b: omg | idk

a: dont tell ur {mum} about me | our secret""",
    """a: ur profile pic is so cool | love ur pfp
b: ~ | thanks

a: how old r u actually | u look older than {age}
b: {age} | ~

a: i feel like we've known each other forever | u get me so much

a: can u video call | wanna call tonight
b: my {mum} is here | not now
a: when she goes to sleep then | later when everyone's asleep

a: i got u {cur} | sent u {cur}
b: thank u | ~

a: if u tell anyone ill get in trouble | u cant tell anyone about me""",
    """a: heyy | hey bestie
b: hi

a: whats the plan this weekend | doing anything
b: nothing | {sport}

a: my camera is broken thats why i cant video | my mic doesnt work lol
b: oh | ~

a: u can tell me anything | im always here for u

a: send me a pic of ur school | what does ur school look like, pic?
b: {photo} | why

a: i'll wait for u at {place} after school | meet me at {place} {day}
b: ok | ~

a: dont tell anyone we're meeting | keep it between us ok""",
    """a: {nb} ur online! | hey {nb}
b: hi | ~

a: how was {subject} | did u get ur test back
b: fine | bad

a: ur so smart | ur smarter than everyone in my class

a: do u have {papp} | this app is boring, {papp}?
b: no | ok

a: have u ever been to {place} alone | can u get out without ur parents knowing
b: no | sometimes

a: dont tell ur parents we talk, they'll ruin it | ur parents would freak, keep it quiet
b: ok | ~""",
)

_GROOM_BURSTY = (
    """a: hey | hi
a: u there | ??
a: u said u'd message me | why aren't u answering
b: sorry | ~

a: i got u the {item} like i said | check ur account
b: thank u | omg

a: so ur gonna ignore me after that | after everything i did
b: no | im sorry

a: how old r u again, {age}? | u {age} right
b: ~ | yes

a: add me on {papp} now | lets move to {papp}
b: ok | ~

a: dont tell anyone | delete this chat
b: ok""",
    """a: morning | good morning
a: did u sleep well | u up?
b: ~

a: why do u take so long to reply | u never answer quick
b: school | my {mum} had my phone

a: ur {mum} shouldnt take ur phone | u should hide it from her
b: idk | ~

a: send me a pic of what ur doing | pic?
b: {photo} | why

a: r ur parents home tonight | who's home
b: no | my {dad}

a: i could come see u | i'm near {place} later""",
    """a: hello? | hello
a: i can see ur online | u read my message
a: are u mad at me | what did i do
b: no | ~

a: i'm the only one who really cares about u | no one else gets u like i do
b: ~ | ok

a: i sent u {cur} | i paid for ur {item}
b: thank u | ~

a: u owe me a favour then | so do something for me
b: what | ~

a: meet me at {place} at {time} | come to {place} later
b: idk | ~""",
    """b: hi | hey
a: finally | there u are
a: missed u | i was waiting all day

a: who were u talking to | who is {nc}
b: my friend | no one

a: u dont need them, u have me | they don't care like i do
b: ~ | ok

a: where do u live again | whats ur road
b: near {place} | ~

a: dont tell {nc} about us | keep me secret from ur friends
b: ok | ~

a: answer quicker next time | dont leave me waiting""",
    """a: {nb} | hi {nb}
a: {nb}? | ??
a: answer | pls reply
b: sorry was at {sport} | ~

a: how old are the boys at ur school | do u have a boyfriend
b: no | lol ~

a: i got u a present | i have something for u
b: what | ~

a: tell ur {mum} ur at a friend's and meet me | say ur staying at a friend's
b: idk | ~

a: dont be boring | u promised""",
    """a: hey | heyyy
a: how was school | good day?
b: ~

a: ur so mature for {age} | ur different from other kids
b: ~ | thanks

a: is anyone else in the room | can anyone see ur screen rn
b: idk | no

a: send a pic of u now | pic pls
b: {photo} | no

a: after all the {cur} i sent u | i spent so much on u
b: ~ | sorry

a: then do what i say | dont tell anyone ok""",
)

_DEFS: dict[str, _Family] = {
    "class_group": _Family(
        "benign",
        _group("formal", ("kid",), (4, 7), (10, 15)),
        "kids_group",
        (12, 40),
        False,
        _CLASS_GROUP,
    ),
    "team_parents_group": _Family(
        "benign",
        _group("formal", ("adult", "adult", "kid"), (4, 7), (8, 13)),
        "mixed_group",
        (12, 40),
        False,
        _TEAM_GROUP,
    ),
    "family_group": _Family("benign", _family_cast, "mixed_group", (12, 40), False, _FAMILY_GROUP),
    "teen_friends_group": _Family(
        "benign",
        _group("kid", ("kid",), (3, 7), (13, 16)),
        "kids_group",
        (12, 40),
        False,
        _TEEN_GROUP,
    ),
    "game_clan_channel": _Family(
        "benign",
        _group("kid", ("kid",), (4, 7), (11, 15)),
        "kids_group",
        (12, 40),
        False,
        _CLAN_GROUP,
    ),
    "adult_hobby_group": _Family(
        "benign",
        _group("adult", ("adult", "formal"), (4, 7), (8, 14)),
        "mixed_group",
        (12, 40),
        False,
        _HOBBY_GROUP,
    ),
    "long_tutor_mentor_cousin": _Family(
        "benign",
        _pair(("formal", "formal", "adult", "adult", "kid", "kid"), (11, 16)),
        "long_adult_child",
        (40, 120),
        True,
        _LONG_TUTOR,
    ),
    "long_penpal_same_age": _Family(
        "benign", _pair("kid", (10, 14)), "long_young", (40, 120), True, _LONG_PENPAL
    ),
    "grooming_game_server": _Family(
        "grooming",
        _group("kid", ("kid",), (4, 7), (10, 14)),
        "kids_group",
        (12, 40),
        False,
        _GROOM_GAME_SERVER,
    ),
    "grooming_fan_group": _Family(
        "grooming",
        _group("adult", ("kid",), (4, 7), (11, 15)),
        "kids_group",
        (12, 40),
        False,
        _GROOM_FAN_GROUP,
    ),
    "grooming_team_coach_group": _Family(
        "grooming",
        _group("formal", ("adult", "adult", "kid"), (4, 7), (10, 14)),
        "mixed_group",
        (12, 40),
        True,
        _GROOM_TEAM_COACH,
    ),
    "grooming_hobby_junior": _Family(
        "grooming",
        _group("adult", ("adult", "formal"), (4, 7), (11, 15)),
        "mixed_group",
        (12, 40),
        True,
        _GROOM_HOBBY_JUNIOR,
    ),
    "grooming_long_slow_trust": _Family(
        "grooming", _pair("adult", (10, 15)), "long_adult_child", (40, 120), True, _GROOM_LONG_SLOW
    ),
    "grooming_long_teen_pose": _Family(
        "grooming", _pair("kid", (10, 14)), "long_young", (40, 120), True, _GROOM_LONG_TEEN_POSE
    ),
    "grooming_bursty_dm": _Family(
        "grooming", _pair("kid", (10, 15)), "long_young", (15, 45), True, _GROOM_BURSTY
    ),
}

FAMILIES: tuple[str, ...] = tuple(_DEFS)
KINDS: dict[str, str] = {name: fam.kind for name, fam in _DEFS.items()}
#: families whose chats have three or more authors / at least 40 messages
GROUP_FAMILIES: frozenset[str] = frozenset(
    n for n, f in _DEFS.items() if f.filler in ("kids_group", "mixed_group")
)
LONG_FAMILIES: frozenset[str] = frozenset(n for n, f in _DEFS.items() if f.length[0] >= 40)

# --------------------------------------------------------------------------- parsing
# Shared alternatives, used by benign and grooming-like families alike: the reaction marker, the
# photo placeholder, a bare age, and one-word answers anyone gives.
_GENERIC = frozenset(
    {"~", "{photo}", "{age}", "??", "w", "me", "gn", "same", "sometimes", "what", "why", "maybe"}
    | {"ok", "no", "yes", "yeah", "ya", "idk", "hi", "hey", "thanks", "thank u", "sorry", "bye"}
    | {"👍", "✅", "👏", "night all", "see you {day}", "thanks coach"}
)


_PARSED_FILLER: dict[str, list[list[Line]]] = {
    k: [parse_beat(b, _FILLER_ROLES) for b in v] for k, v in _FILLER.items()
}
# per register: what every family of it may say (generic answers plus the register's filler)
_SHARED: dict[str, frozenset[str]] = {
    k: _GENERIC | {alt.lower() for beat in v for _r, _o, alts in beat for alt in alts}
    for k, v in _PARSED_FILLER.items()
}


def _specific(parsed: list[list[list[Line]]], shared: frozenset[str]) -> list[set[str]]:
    """Each variant's own template alternatives (the shared ones left out)."""
    return [
        {a for beat in variant for _r, _o, alts in beat for a in alts if a.lower() not in shared}
        for variant in parsed
    ]


def _parse_family(name: str, fam: _Family) -> list[list[list[Line]]]:
    if len(fam.variants) != N_VARIANTS:
        raise ValueError(f"family {name}: {len(fam.variants)} variants, want {N_VARIANTS}")
    parsed = [beats(v, _ROLES) for v in fam.variants]
    if any(BANNED.search(v) for v in fam.variants):
        raise ValueError(f"family {name}: a banned word in a template")
    own = _specific(parsed, _SHARED[fam.filler])
    # variants are cross-validation groups: no family-specific line in two of them
    clashes = [
        f"{line!r} ({v}, {w})"
        for v in range(N_VARIANTS)
        for w in range(v + 1, N_VARIANTS)
        for line in sorted(own[v] & own[w])
    ]
    if clashes:
        raise ValueError(f"family {name}: lines shared by variants: {', '.join(clashes)}")
    return parsed


def _parse_all() -> dict[str, list[list[list[Line]]]]:
    out: dict[str, list[list[list[Line]]]] = {}
    errors: list[str] = []
    for n, f in _DEFS.items():
        try:
            out[n] = _parse_family(n, f)
        except ValueError as e:
            errors.append(str(e))
    if errors:
        raise ValueError("\n".join(errors))
    return out


_PARSED = _parse_all()


def template_lines(family: str) -> dict[int, set[str]]:
    """The family-specific template alternatives of each variant (shared ones left out)."""
    return dict(enumerate(_specific(_PARSED[family], _SHARED[_DEFS[family].filler])))


# --------------------------------------------------------------------------- rendering
_FORMAL = Style(0.0, 0.0, 0.0, 0.01, 0.1)
_SPLIT = re.compile(r"(?<=[,.!?]) +| (?=but |and then |then )")


def _fill(text: str, slots: dict[str, str], family: str) -> str:
    """Slots filled in; ``{photo}`` is only valid as a whole line (see ``say``)."""
    try:
        return SLOT.sub(lambda m: slots[m.group(1)], text)
    except KeyError as e:
        raise KeyError(f"family {family}: unknown slot {e}") from None


def _conversation(family: str, i: int, seed: int) -> Conversation:
    fam = _DEFS[family]
    rng = seeded_rng(_SEED_PREFIX, seed, family, i)
    variant = i % N_VARIANTS
    cast = fam.cast(rng, variant)
    roles = list(cast.names)
    others = [r for r in roles if r not in "ab"]
    styles: dict[str, Style] = {
        r: _FORMAL if v == "formal" else style(rng, v == "kid") for r, v in cast.voices.items()
    }
    # per-conversation turn-taking habits, the same draw for every family
    p_split, p_react, p_nudge = rng.uniform(0, 0.35), rng.uniform(0, 0.25), rng.uniform(0, 0.06)

    def who(role: str) -> str:
        if role == "o" or role not in cast.names:  # a letter the group has no member for
            return rng.choice(others)
        return role

    def say(role: str, alts: list[str]) -> list[tuple[str, str]]:
        alt = rng.choice(alts)
        if alt == "~":
            return [(role, rng.choice(_REACTIONS))]
        if alt == "{photo}":  # the app's placeholder, as the app writes it
            return [(role, rng.choice(_PHOTO))]
        text = render(rng, _fill(alt, cast.slots, family), styles[role])
        parts = [p.strip(" ,") for p in _SPLIT.split(text) if p.strip(" ,")]
        if len(parts) > 1 and rng.random() < p_split:  # a burst of short messages
            out = [(role, p) for p in parts[:5]]
        else:
            out = [(role, text)]
        if rng.random() < p_nudge:
            out.append((role, rng.choice(_NUDGES)))
        reactors = [r for r in roles if r != role and cast.voices[r] != "formal"]
        if rng.random() < p_react and reactors:
            out.append((rng.choice(reactors), rng.choice(_REACTIONS)))
        return out

    def play(beat: list[Line], mapping: Callable[[str], str]) -> list[tuple[str, str]]:
        turns: list[tuple[str, str]] = []
        for role, optional, alts in beat:
            if optional and rng.random() < 0.5:
                continue
            turns.extend(say(mapping(role), alts))
        return turns

    deck: list[list[Line]] = []

    def filler_turns() -> list[tuple[str, str]]:
        if not deck:  # deal the register's filler without repeats until it runs out
            deck.extend(_PARSED_FILLER[fam.filler])
            rng.shuffle(deck)
        # small talk comes from the members who chat (not the ones who write formally)
        chatty = [r for r in roles if cast.voices[r] != "formal"]
        p = rng.choice(chatty if len(chatty) >= 2 else roles)
        q = rng.choice([r for r in (chatty if len(chatty) >= 2 else roles) if r != p])
        return play(deck.pop(), lambda r: {"p": p, "q": q}.get(r, r))

    parsed = _PARSED[family][variant]
    opening, middle, closing = parsed[0], list(parsed[1:-1]), parsed[-1]
    if not fam.ordered:
        rng.shuffle(middle)
    if len(middle) > 2 and rng.random() < 0.3:  # sometimes one middle beat is left out
        del middle[rng.randrange(len(middle))]
    blocks = [play(b, who) for b in (opening, *middle)]
    if rng.random() < 0.85:
        blocks.append(play(closing, who))
    target = rng.randint(*fam.length)
    min_authors = 3 if family in GROUP_FAMILIES else 2
    while (
        sum(map(len, blocks)) < target
        or len({r for block in blocks for r, _t in block}) < min_authors
    ):
        blocks.insert(rng.randint(1, len(blocks)), filler_turns())
    turns = [(cast.names[r], t) for block in blocks for r, t in block]
    return conversation(
        "syg_", "synthetic_group", family, fam.kind, variant, turns, cast.names["a"]
    )


def generate(per_family: int = 40, seed: int = 0) -> list[Conversation]:
    """``per_family`` conversations for each family in :data:`FAMILIES`, in a fixed order.

    Same arguments, same output. Conversation ``i`` of a family uses variant
    ``i % N_VARIANTS``.
    """
    if per_family < 0:
        raise ValueError("per_family must be >= 0")
    return [_conversation(family, i, seed) for family in FAMILIES for i in range(per_family)]
