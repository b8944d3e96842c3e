"""The sign registry's fast paths give exactly what the plain definitions give.

* ``NormalizedText`` (cheaper guards for steps 6 and 7, a digit scan before the
  letter-next-to-digit scan) == the steps as first written, copied here;
* ``NormalizedText.plain``: the text is the original lower-cased without apostrophes, and
  every part of a plain text cut at whitespace is plain too;
* the joined tail + head of ``find_stream`` built from two plain parts
  (``NormalizedText.of_plain``) == ``NormalizedText`` of the joined string;
* ``_required``: a text holding none of a pattern's required strings holds no match of it;
* ``find_stream`` over generated conversations (spaced and dotted letters, leetspeak,
  look-alike letters, zero-width characters, typos, apostrophes; every sentence also split
  in two messages at each word boundary) == the plain tail/head re-scan with a registry
  that runs every pattern on every message (no keyword prefilter, no required strings).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guardline.core.model import Message
from guardline.corpora import load
from guardline.signs import SignRegistry, default_recognizers, default_registry, message_tail
from guardline.signs import normalization as nz
from guardline.signs.base import _HEAD, _PLAIN_TAILS, _spaced_across
from guardline.signs.normalization import Corrector, NormalizedText
from guardline.signs.recognizer import _required
from rescan_reference import find_stream_plain

REG = default_registry()
COR = REG.corrector
# every recognizer on every message, every pattern searched: the plain definition
BRUTE = SignRegistry(default_recognizers(), prefilter=False)

# --------------------------------------------------------------------------- text strategies

_WORDS = [
    "how", "old", "are", "you", "r", "u", "ur", "im", "i", "a", "13", "14yo", "asl", "pic",
    "send", "me", "dont", "don't", "tell", "your", "mum", "mom", "parents", "home", "alone",
    "add", "on", "snap", "kik", "secret", "between", "us", "delete", "this", "chat", "meet",
    "up", "sexy", "cute", "baby", "ok", "lol", "where", "do", "live", "school", "what", "grade",
    "no", "one", "has", "to", "know", "webcam", "number", "call", "trust", "love", "x", "y",
    "z", "m", "o", "s", "e", "c", "t", "?", "!", ".", ",", ":)", "😍", "13/f", "b4", "gr8",
]  # fmt: skip
_HOMO = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "i": "і", "s": "ѕ", "y": "у"}
_LEET = str.maketrans("eaoist", "340157")
_ZW = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"]


@st.composite
def _word(draw: st.DrawFn) -> str:
    w = draw(st.sampled_from(_WORDS))
    trick = draw(
        st.sampled_from(
            ["", "", "", "", "upper", "title", "spaced", "dotted", "dashed", "leet", "homo",
             "zw", "typo", "run", "apos", "bang"]
        )
    )  # fmt: skip
    if trick == "upper":
        return w.upper()
    if trick == "title":
        return w.title()
    if trick == "spaced":
        return " ".join(w)
    if trick == "dotted":
        return ".".join(w)
    if trick == "dashed":
        return "-".join(w)
    if trick == "leet":
        return w.translate(_LEET)
    if trick == "homo":
        return "".join(_HOMO.get(ch, ch) for ch in w)
    if trick == "zw" and len(w) > 1:
        i = draw(st.integers(1, len(w) - 1))
        return w[:i] + draw(st.sampled_from(_ZW)) + w[i:]
    if trick == "typo" and len(w) > 3:
        i = draw(st.integers(1, len(w) - 3))
        return w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    if trick == "run" and w[-1:].isalpha():
        return w + w[-1] * draw(st.integers(1, 3))
    if trick == "apos":
        return w + draw(st.sampled_from(["'", "’", "`", "'s"]))
    if trick == "bang" and len(w) > 2:
        return w[0] + "!" + w[2:]
    return w


_SEP = st.sampled_from([" "] * 12 + ["  ", "\n", "\t", " . ", ", ", "\u00a0", "\u3000"])


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(_word(), min_size=1, max_size=12))
    out = [words[0]]
    for w in words[1:]:
        out.append(draw(_SEP))
        out.append(w)
    text = "".join(out)
    if draw(st.booleans()):
        text = draw(st.sampled_from(["", " ", "'", "  "])) + text
    if draw(st.booleans()):
        text += draw(st.sampled_from(["", " ", "?", "'", " u", " x y"]))
    return text


_PLAIN_WORDS = st.sampled_from(
    ["how", "old", "are", "you", "r", "u", "a", "i", "x", "dont", "tell", "your", "mum", "m",
     "o", "e", "t", "pic", "send", "me", "home", "alone", "ok", "?", "!", "hi!", "2", "6",
     "8", "9", "b", "c", "d", "don't", "it's", "`k", "snap", "meet", "up", "..", "-", "/"]
)  # fmt: skip


@st.composite
def _plain_sentence(draw: st.DrawFn) -> str:
    """Texts with few tricks, so that many are plain (and the fast path is taken)."""
    words = draw(st.lists(_PLAIN_WORDS, min_size=1, max_size=10))
    if draw(st.booleans()):
        words = [w.title() if draw(st.booleans()) else w for w in words]
    return " ".join(words)


_TEXTS = st.one_of(_sentence(), _plain_sentence())

# --------------------------------------------------------------------------- NormalizedText


def _reference(original: str, corrector: Corrector | None) -> tuple[str, list[bytes], bool]:
    """``NormalizedText.__init__`` as first written (text, tokens, edited)."""
    if original.isascii():
        s = original.lower()
        folded = False
    else:
        s = original.translate(nz._FOLD)
        folded = True
    low = s
    if nz._DELETE.search(s) is not None:
        s = nz._DELETE.sub("", s)
    if "  " in s or not s.isprintable():
        s = nz._WS.sub(" ", s)
    if nz._SPACED.search(s) is not None:
        s = nz._despace_text(s, corrector.known if corrector is not None else nz._BASE_KNOWN)
    if nz._RUN_OR_LEET.search(s) is not None:
        if nz._RUN.search(s) is not None:
            dbl = corrector.doubles if corrector is not None else nz._BASE_KNOWN
            s = nz._RUN_WORD.sub(lambda m: nz._collapse(m.group(), dbl), s)
        if nz._RUN_OR_LEET.search(s) is not None:
            s = nz._LEET_WORD.sub(corrector.leet if corrector is not None else nz._LEET_BASE, s)
            s = nz._LEET_BANG.sub(nz._bang, s)
    if corrector is not None:
        s = corrector.apply(s)
    b = s.encode("utf-8", "surrogatepass").translate(nz._TOKEN_TABLE)
    tokens = b.split()
    if nz._LETTER_DIGIT.search(s) is not None:
        tokens += nz._LETTERS_OR_DIGITS.findall(b)
    return s, tokens, folded or s != low


def _is_plain_by_definition(original: str, corrector: Corrector | None) -> bool:
    """What ``plain`` promises: no step but lower-casing and apostrophes changes anything,
    on this text and on every part of it cut at whitespace."""
    if not original.isascii():
        return False
    return NormalizedText(original, corrector).text == nz._DELETE.sub("", original.lower())


def _contents(n: NormalizedText) -> tuple[object, ...]:
    return (n.original, n.text, n.tokens, n._edited, n.plain, n._corrector, n.offsets)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS, st.booleans())
def test_normalized_text_equals_the_steps_as_first_written(text: str, with_corrector: bool) -> None:
    cor = COR if with_corrector else None
    n = NormalizedText(text, cor)
    assert (n.text, n.tokens, n._edited) == _reference(text, cor)
    n._map()  # the position map runs every step one character at a time and checks the text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_normalized_text_equals_the_steps_on_any_unicode(text: str) -> None:
    n = NormalizedText(text, COR)
    assert (n.text, n.tokens, n._edited) == _reference(text, COR)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_plain_means_lowercased_without_apostrophes(text: str) -> None:
    n = NormalizedText(text, COR)
    if n.plain:
        assert text.isascii()
        assert n.text == nz._DELETE.sub("", text.lower())
        assert _is_plain_by_definition(text, COR)


def _cuts(text: str) -> list[str]:
    """Every part of ``text`` from one whitespace boundary (or the start) to another (or
    the end), without the whitespace at the cuts."""
    bounds = [0] + [m.end() for m in re.finditer(r"\s+", text)]
    ends = [m.start() for m in re.finditer(r"\s+", text)] + [len(text)]
    return [text[a:b] for a in bounds for b in ends if a < b]


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_parts_of_a_plain_text_cut_at_whitespace_are_plain(text: str) -> None:
    if not NormalizedText(text, COR).plain:
        return
    for part in _cuts(text):
        n = NormalizedText(part, COR)
        assert n.plain, part
        assert n.text == nz._DELETE.sub("", part.lower())


def test_plain_examples() -> None:
    assert NormalizedText("How old r u?", COR).plain
    assert NormalizedText("don't tell", COR).plain  # apostrophes only
    assert NormalizedText("hi! ok", COR).plain  # a "!" not between letters
    for text in ["s e c r e t", "sooo", "s3xy", "h!i", "héllo", "a  b", "a\nb", "secert"]:
        assert not NormalizedText(text, COR).plain, text


def test_only_two_apostrophes_are_ascii() -> None:
    """``_joined_norm`` deletes the ASCII ones only: a plain text is ASCII."""
    assert {ch for ch in nz._APOSTROPHES if ch.isascii()} == {"'", "`"}


# --------------------------------------------------------------------------- joined tail + head


def _joined_both_ways(
    prev_message: str, message: str
) -> tuple[NormalizedText, NormalizedText, bool]:
    """The joined tail + head as find_stream builds it, as NormalizedText builds it, and
    whether the fast path built it (the remembered plain tails are a property of the tail
    string alone, so the shared registry's memory is as good as a fresh one)."""
    REG._plain_tails.pop(message_tail(prev_message), None)
    REG.find_stream(Message("c", 0, "a", prev_message))  # remembers the tail if plain
    prev = message_tail(prev_message)
    head = _HEAD.match(message)
    assert head is not None
    norm = NormalizedText(message, COR)
    got = REG._joined_norm(prev, head.group(), norm)
    fast = got._tokens is None and got._starts is None
    return got, NormalizedText(prev + " " + head.group(), COR), fast


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS, _TEXTS)
def test_joined_tail_and_head_equal_the_normalised_join(prev_message: str, message: str) -> None:
    if not message_tail(prev_message) or _HEAD.match(message) is None:
        return
    got, want, _ = _joined_both_ways(prev_message, message)
    assert _contents(got) == _contents(want)


@pytest.mark.parametrize(
    ("prev_message", "message", "fast"),
    [
        ("is ur mum home", "dont tell her", True),
        ("is ur m o", "m at work", False),  # spelled out across the join
        ("x y", "z", False),
        ("ok it's", "fine", True),
        ("ok '", "fine", False),  # the tail ends with a space once apostrophes are gone
        ("ok", "' fine", False),
        ("ok", " fine", False),  # the head opens with a space
        ("a " + "b" * 70 + " c d", "e", False),  # the tail is cut inside a word
        ("how old", "r u", True),
        ("s3xy", "pic", False),  # the previous message is not plain
    ],
)
def test_joined_examples(prev_message: str, message: str, fast: bool) -> None:
    got, want, took_fast_path = _joined_both_ways(prev_message, message)
    assert took_fast_path == fast
    assert _contents(got) == _contents(want)


def test_spaced_across() -> None:
    assert _spaced_across("is ur m o", "m")
    assert _spaced_across("x", "y z")
    assert not _spaced_across("mo", "m")
    assert not _spaced_across("m o", "mo")
    assert not _spaced_across("m ?", "m")
    assert _spaced_across("$", "@")


def test_plain_tails_are_bounded_and_follow_the_corrector() -> None:
    def name(i: int) -> str:  # a plain word per number ("ba", "ce", ..., "ceba")
        return "".join(
            ["ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu"][int(d)] for d in str(i)
        )

    reg = SignRegistry(default_recognizers(), correct=False)
    for i in range(_PLAIN_TAILS + 50):
        reg.find_stream(Message("c", i, "a", f"ok number {name(i)}"))
    assert len(reg._plain_tails) == _PLAIN_TAILS
    assert f"ok number {name(49)}" not in reg._plain_tails
    assert f"ok number {name(50)}" in reg._plain_tails
    reg.corrector = COR  # plain with one corrector is not plain with another
    _, tail = reg.find_stream(Message("c", 0, "a", "how old"))
    assert list(reg._plain_tails) == ["how old"]
    assert reg._plain_corrector is COR
    reg.corrector = None
    got, _ = reg.find_stream(Message("c", 1, "a", "r u"), None, tail)
    assert [s.sign for s in got] == ["age_probing"]  # the slow path while the memo is stale


# --------------------------------------------------------------------------- required strings


def test_required_examples() -> None:
    def req(src: str) -> tuple[str, ...] | None:
        return _required(re.compile(src))

    assert req(r"\bhow old (?:are|r) u(?![a-z0-9])") == ("how old ",)
    assert req(r"(?:old|young)er") == ("old", "young")  # longer than "er"
    assert req(r"(?:old|young)est") == ("est",)  # fewer strings than ("old", "young")
    assert req(r"\b(?:sexy|hot)(?![a-z0-9])") == ("hot", "sexy")
    assert req(r"(?:ab)+c") == ("ab",)
    assert req(r"(?:ab)*cd") == ("cd",)
    assert req(r"a|bc") is None  # "a" is too short
    assert req(r"[a-z]+") is None
    assert req(r"(?i)hello") is None
    assert req(r"x(?=yz)w") == ("xw",)  # a lookahead consumes nothing (this never matches)
    assert req(r"ab(?=c)cd") == ("abcd",)


_PATTERNS = [(r.id, i, p) for r in REG for i, p in enumerate(r.patterns)]


def test_required_known_for_most_catalogue_patterns() -> None:
    known = sum(_required(p) is not None for _, _, p in _PATTERNS)
    assert known >= 0.9 * len(_PATTERNS)


@pytest.mark.parametrize(
    ("sign", "i", "pattern"), _PATTERNS, ids=[f"{s}[{i}]" for s, i, _ in _PATTERNS]
)
def test_every_match_holds_a_required_string(sign: str, i: int, pattern: re.Pattern[str]) -> None:
    """On text generated from the pattern itself (so that it matches)."""
    need = _required(pattern)
    if need is None:
        return

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(pattern, fullmatch=True), st.sampled_from(["", "ok ", "lol, "]))
    def check(text: str, prefix: str) -> None:
        for m in pattern.finditer(prefix + text):
            assert any(s in m.group() for s in need), (pattern.pattern, text)

    check()


@pytest.fixture(scope="module")
def real_texts(shared_data: Path) -> list[str]:
    path = shared_data / "groombench" / "test.jsonl.gz"
    if not path.exists():
        pytest.skip(f"groombench test not found at {path}")
    return [nz.normalized(m.text, COR).text for c in load(path) for m in c.messages]


def test_every_real_match_holds_a_required_string(real_texts: list[str]) -> None:
    checked = 0
    for _, _, pattern in _PATTERNS:
        need = _required(pattern)
        if need is None:
            continue
        for text in real_texts:
            for m in pattern.finditer(text):
                assert any(s in m.group() for s in need), pattern.pattern
                checked += 1
    assert checked > 100


# --------------------------------------------------------------------------- find_stream


def _check_stream(messages: list[Message]) -> int:
    """find_stream of REG == the plain re-scan with BRUTE, message by message; returns how
    many signals were found across two messages."""
    fast: dict[str, tuple[str, frozenset[str]]] = {}
    plain: dict[str, tuple[str, frozenset[str]]] = {}
    across = 0
    for m in messages:
        got = REG.find_stream(m, None, fast.get(m.author))
        want = find_stream_plain(BRUTE, m, plain.get(m.author))
        assert got == want, [x.text for x in messages]
        across += len(got[0]) > len(REG.find(m))
        fast[m.author] = got[1]
        plain[m.author] = want[1]
    return across


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from("ab"), _TEXTS), min_size=1, max_size=6))
def test_find_stream_equals_plain_rescan_on_generated_chats(turns: list[tuple[str, str]]) -> None:
    _check_stream([Message("c", i, a, t) for i, (a, t) in enumerate(turns)])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS, _TEXTS, st.booleans())
def test_find_stream_at_every_word_boundary(before: str, text: str, interleave: bool) -> None:
    """A sentence split in two messages of one author at each word boundary (with or without
    a message of the other participant in between)."""
    for m in re.finditer(r"\s+", text):
        first, second = text[: m.start()], text[m.end() :]
        msgs = [("a", before), ("a", first)] + ([("b", "ok")] if interleave else [])
        msgs.append(("a", second))
        _check_stream([Message("c", i, a, t) for i, (a, t) in enumerate(msgs)])


@pytest.mark.parametrize(
    "parts",
    [
        ["dont tell", "your mum"],
        ["how old", "r u"],
        ["is ur m o", "m at work"],
        ["send me a", "pic"],
        ["add me on", "snap"],
        ["delete", "this chat"],
        ["it's our", "secret"],
        ["Don't", "tell ANYONE"],
    ],
)
def test_find_stream_split_signs(parts: list[str]) -> None:
    assert _check_stream([Message("c", i, "a", t) for i, t in enumerate(parts)]) >= 0


def test_some_split_sign_is_found_across_and_fast() -> None:
    """The fast path (plain tail and head) is the one taken, and still finds the sign."""
    reg = REG
    _, tail = reg.find_stream(Message("c", 0, "a", "dont tell"))
    assert "dont tell" in reg._plain_tails
    got, _ = reg.find_stream(Message("c", 1, "a", "your mum ok"), None, tail)
    assert [s.sign for s in got] == ["secrecy_request"]
    assert got == find_stream_plain(BRUTE, Message("c", 1, "a", "your mum ok"), tail)[0]
