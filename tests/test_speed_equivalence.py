"""The streaming fast paths give exactly the results of the plain definitions they replace.

* ``LearnedModel.logit`` (sign features with a zero count skipped) == ``logit_full`` (the dot
  product over the whole ``author_features`` vector), compared with ``==``, on every state of
  a real stream and on generated states;
* ``message_tail`` (str.rsplit) == the regex it replaced, on generated and real text;
* ``SignRegistry.find_stream`` == the plain tail/head re-scan written out here, on a real
  stream;
* ``fold_terms`` sums == a plain term loop; ``word_weights`` (one lookup per word in a
  word index, no bigram strings) == ``term_weights`` of the n-grams;
* ``parse_age``'s substring fast path never hides an age or an age question;
* the registry runs a plain ``RegexRecognizer``'s patterns itself, and the recognizer's own
  methods wherever a subclass overrides them;
* every match of a trigger / recognizer pattern begins with one of its ``_first_chars`` (the
  registry skips a trigger's search in a text that has none of them).
"""

from __future__ import annotations

import copy
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guardline.core.model import Message, Signal, Stage
from guardline.corpora import load
from guardline.detect import Detector
from guardline.model.features import (
    _TOKEN,
    N_STAGES,
    AuthorAcc,
    ConvAcc,
    _age_fields,
    _tokens,
    ngram_count,
    ngrams,
    normalise_words,
    parse_age,
)
from guardline.model.learned import (
    LearnedModel,
    fold_terms,
    term_weights,
    word_index,
    word_weights,
)
from guardline.signs import RegexRecognizer, SignRegistry, default_registry, message_tail
from guardline.signs.normalization import NormalizedText, normalized
from guardline.signs.recognizer import _first_chars
from rescan_reference import find_stream_plain

MODEL = LearnedModel.load()
#: the same model, its logit through author_features (the compiled build cannot copy a model)
NOT_INLINE = LearnedModel(MODEL.payload)
NOT_INLINE._inline_base = False

# --------------------------------------------------------------------------- message_tail

_TAIL_REGEX = re.compile(r"\S+(?:\s+\S+){0,3}\s*$")


def _tail_by_regex(text: str) -> str:
    m = _TAIL_REGEX.search(text[-60:])
    return m.group().rstrip() if m else ""


# ASCII and Unicode whitespace (incl. separators str.split knows: \x1c-\x1f, NEL, NBSP, ...),
# and characters that are not whitespace although they look like it (ZWSP, BOM)
_WS = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2007\u2028\u2029\u202f\u3000"
_ALPHABET = _WS + "\u200b\ufeffab1?.é😀"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=90))
def test_message_tail_equals_regex_definition(text: str) -> None:
    assert message_tail(text) == _tail_by_regex(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "ok",
        "  ok  ",
        "one two three four five six",
        "dont tell\u00a0your mum\n",
        "x" * 70 + " a b",
        "a b c d e " + "y" * 58,
        "hi\u200bthere you ok",
    ],
)
def test_message_tail_examples(text: str) -> None:
    assert message_tail(text) == _tail_by_regex(text)


# --------------------------------------------------------------------------- real stream


@pytest.fixture(scope="module")
def stream(shared_data: Path) -> list[Message]:
    path = shared_data / "groombench" / "test.jsonl.gz"
    if not path.exists():
        pytest.skip(f"groombench test not found at {path}")
    return [m for c in load(path) for m in c.messages]


def test_message_tail_on_real_messages(stream: list[Message]) -> None:
    for m in stream:
        assert message_tail(m.text) == _tail_by_regex(m.text)


def test_logit_equals_full_dot_product_on_real_states(stream: list[Message]) -> None:
    """After every message of a real stream, for every author of the conversation."""
    det = Detector(model=MODEL)
    assert det.model is MODEL
    checked = with_signs = 0
    for m in stream:
        det.update(m)
        state = det._open[m.conversation_id].model_state
        for author in state.authors:
            fast = MODEL.logit(state, author)
            assert fast == MODEL.logit_full(state, author), (m.conversation_id, m.index)
            checked += 1
            with_signs += any(a.signs for a in state.authors.values())
        risks = {a.author: a.risk for a in det.assessment(m.conversation_id).authors}
        assert risks[m.author] == MODEL.author_risk(state, m.author)
    assert checked > len(stream)
    assert with_signs > 1000  # the sparse sign path ran on many states with signs


_authors = st.sampled_from(["a", "b", "c", "d"])
_sign_ids = st.sampled_from([*MODEL.sign_ids[:8], "not_a_sign_id"])


@st.composite
def _states(draw: st.DrawFn) -> tuple[ConvAcc, str]:
    names = draw(st.lists(_authors, min_size=1, max_size=4, unique=True))
    conv = ConvAcc(n_msgs=draw(st.integers(0, 500)), first_author=draw(st.sampled_from(names)))
    small = st.integers(0, 40)
    fl = st.floats(-50, 50, allow_nan=False)
    for a in names:
        conv.authors[a] = AuthorAcc(
            s_g=draw(fl),
            s_v=draw(fl),
            s_r=draw(fl),
            n_terms=draw(st.integers(0, 2000)),
            n_msgs=draw(small),
            n_q=draw(small),
            n_words=draw(st.integers(0, 400)),
            stages=draw(st.lists(st.integers(0, 3), min_size=N_STAGES, max_size=N_STAGES)),
            signs=draw(st.dictionaries(_sign_ids, st.integers(0, 5), max_size=5)),
            age_lo=draw(st.sampled_from([0, 12, 14, 30])),
            age_hi=draw(st.sampled_from([0, 14, 25, 40])),
            n_age_q=draw(st.integers(0, 3)),
        )
    return conv, draw(st.sampled_from(names))


@settings(max_examples=500, deadline=None)
@given(_states())
def test_logit_equals_full_dot_product_on_generated_states(state: tuple[ConvAcc, str]) -> None:
    conv, author = state
    assert MODEL.logit(conv, author) == MODEL.logit_full(conv, author)


@settings(max_examples=300, deadline=None)
@given(_states())
def test_logit_through_author_features_equals_full(state: tuple[ConvAcc, str]) -> None:
    """The path taken when the base features are not the ones _base_logit was written for."""
    conv, author = state
    assert NOT_INLINE.logit(conv, author) == MODEL.logit_full(conv, author)


def test_inline_base_only_for_the_features_it_was_written_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import guardline.model.learned as learned

    assert MODEL._inline_base  # the equality tests above ran the inline path
    monkeypatch.setattr(learned, "BASE_FEATURES", learned.BASE_FEATURES[:-1])
    assert not LearnedModel(MODEL.payload)._inline_base


def test_logit_sums_every_term_when_a_sign_coefficient_is_not_finite() -> None:
    """c * 0.0 is NaN for an infinite c: the sparse sum would hide it, so it is not used."""
    payload = copy.deepcopy(MODEL.payload)
    coef = payload["head"]["coef"]
    coef[len(coef) - 1] = math.inf  # the last sign's other-participants column
    model = LearnedModel(payload)
    conv = ConvAcc(n_msgs=1, first_author="a", authors={"a": AuthorAcc(n_msgs=1, n_terms=3)})
    assert math.isnan(model.logit_full(conv, "a"))
    assert math.isnan(model.logit(conv, "a"))
    assert math.isfinite(MODEL.logit(conv, "a"))


# --------------------------------------------------------------------------- fold_terms


def test_fold_terms_sums_equal_a_plain_term_loop(stream: list[Message]) -> None:
    vocab = MODEL.vocab
    conv = ConvAcc()
    expect: dict[str, list[float]] = {}
    from guardline.model.features import message_terms

    for m in stream[:4000]:
        terms = message_terms(m.text)
        fold_terms(conv, m.author, m.index, terms, len(terms), False, [], vocab)
        sums = expect.setdefault(m.author, [0.0, 0.0, 0.0])
        sg = sv = sr = 0.0
        for t in terms:
            w = vocab.get(t)
            if w is not None:
                sg += w[0]
                sv += w[1]
                sr += w[2]
        sums[0] += sg
        sums[1] += sv
        sums[2] += sr
        acc = conv.authors[m.author]
        assert [acc.s_g, acc.s_v, acc.s_r] == sums


def test_word_weights_equal_term_weights_of_the_ngrams(stream: list[Message]) -> None:
    vocab = MODEL.vocab
    index = word_index(vocab)
    hits = 0
    for m in stream[:6000]:
        words = normalise_words(m.text, MODEL.fix)
        terms = ngrams(words)
        assert word_weights(words, index) == term_weights(terms, vocab)
        assert ngram_count(len(words)) == len(terms)
        hits += any(" " in t and t in vocab for t in terms)
    assert hits > 1000  # the bigram path was taken


@settings(max_examples=2000, deadline=None)
@given(st.text(max_size=80) | st.text(alphabet="ab09 Z.-\u00e9\ud800\U0001f600", max_size=40))
def test_tokens_equal_the_token_regex(text: str) -> None:
    # any str, lone surrogates and characters outside the BMP included
    assert _tokens(text) == [w.encode() for w in _TOKEN.findall(text)]
    assert NormalizedText(text).runs == _tokens(NormalizedText(text).text)


def test_normalise_words_with_a_cache_equals_without(stream: list[Message]) -> None:
    model = LearnedModel(MODEL.payload)  # its own, empty word cache
    changed = 0
    for _ in range(2):  # the second pass reads every token from the cache
        for m in stream[:6000]:
            plain = normalise_words(m.text)
            fixed = normalise_words(m.text, model.fix)
            assert normalise_words(m.text, model.fix, model._word_cache) == fixed
            t = normalized(m.text, default_registry().corrector).text
            assert _tokens(t) == [w.encode() for w in _TOKEN.findall(t)]
            changed += fixed != plain
    assert changed > 10  # the fix table was applied


_VOCAB = {
    "a": (0.5, -1.0, 0.25),
    "b": (0.125, 2.0, -0.5),
    "a b": (1e-3, 3.0, 7.0),
    "b a": (-2.5, 0.1, 0.3),
    "c a": (1e16, 1.0, -1e16),
    "a c": (0.7, 0.2, 0.1),
}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=12))
def test_word_weights_equal_term_weights_on_generated_words(words: list[str]) -> None:
    # "c" is only the first word of a bigram, "d" is nowhere: misses on both sides, and a
    # huge weight that makes the order of the additions show
    assert word_weights(words, word_index(_VOCAB)) == term_weights(ngrams(words), _VOCAB)
    assert ngram_count(len(words)) == len(ngrams(words))


def test_parse_age_fast_path_hides_nothing(stream: list[Message]) -> None:
    found = 0
    for m in stream:
        t = m.text.lower()
        assert parse_age(m.text) == _age_fields(t)
        found += _age_fields(t) != (0, 0, False)
    assert found > 20
    for line in ["im fourteen", "how old r u", "asl?", "13", "age 15", "in 8th grade", "a/s/l"]:
        assert parse_age(line) == _age_fields(line) != (0, 0, False)


# --------------------------------------------------------------------------- find_stream


def _find_stream_plain(
    reg: SignRegistry, message: Message, tail: tuple[str, frozenset[str]] | None
) -> tuple[list[Signal], tuple[str, frozenset[str]]]:
    """The reference, with the regex tail and every joined text through the shared cache."""

    def through_cache(text: str) -> None:
        assert normalized(text, reg.corrector).text

    return find_stream_plain(reg, message, tail, _tail_by_regex, through_cache)


def test_find_stream_equals_plain_rescan(stream: list[Message]) -> None:
    reg = default_registry()
    tails: dict[tuple[str, str], tuple[str, frozenset[str]]] = {}
    across = 0
    for m in stream:
        key = (m.conversation_id, m.author)
        got = reg.find_stream(m, None, tails.get(key))
        want = _find_stream_plain(reg, m, tails.get(key))
        assert got == want, (m.conversation_id, m.index)
        across += len(got[0]) > len(reg.find(m))
        tails[key] = got[1]
    assert across > 0  # some sign was only found across two messages


def test_find_stream_across_spelled_out_letters() -> None:
    """Letters spelled out across two messages ("m o" + "m") read as one word only in the
    joined text: the tail/head scan normalises the joined text as a whole."""
    reg = default_registry()
    first = Message("c", 0, "a", "is ur m o")
    second = Message("c", 1, "a", "m at work")
    signals, tail = reg.find_stream(first)
    assert signals == [] and tail == ("is ur m o", frozenset())
    got, _ = reg.find_stream(second, None, tail)
    assert got == _find_stream_plain(reg, second, tail)[0]
    assert [(s.sign, s.span) for s in got] == [("supervision_probing", (0, 9))]


# --------------------------------------------------------------------------- trigger pre-check

_REG = default_registry()
_EXAMPLES = {
    r"[0-9]{3}|#": frozenset("0123456789#"),
    r"a?b": frozenset("ab"),
    r"(?:x|)y": frozenset("xy"),
    r"(?=q)[a-c]x": frozenset("abc"),
    r"\bfoo": frozenset("f"),
    r"(?<!x)[-\]^]z": frozenset("-]^"),
    r"(a)\1": frozenset("a"),
    r"(?:ab)*c|d{0,2}e": frozenset("acde"),
    r"\d+": None,  # a category: not spelled out
    r"(?i)abc": None,  # case folding
    r"a*": None,  # matches the empty string
    r"[^a]b": None,  # a negated class
    r".x": None,
}


@pytest.mark.parametrize("src", list(_EXAMPLES))
def test_first_chars_examples(src: str) -> None:
    assert _first_chars(re.compile(src)) == _EXAMPLES[src]


_SAMPLE = [p for r in _REG for p in r.patterns][::7]
_ANALYSED = [
    (p, f)
    for p in [*(re.compile(s) for s in _EXAMPLES), *(t for t, _, _ in _REG._triggers), *_SAMPLE]
    if (f := _first_chars(p)) is not None
]


def test_first_chars_known_for_the_catalogue() -> None:
    pats = [p for r in _REG for p in r.patterns] + [t for t, _, _ in _REG._triggers]
    assert all(_first_chars(p) for p in pats)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdxyz#-]^ 0123456789eqf", max_size=30))
def test_every_match_begins_with_a_first_char(text: str) -> None:
    """So a text with none of them cannot match: the registry skips the trigger search."""
    for pattern, chars in _ANALYSED:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                assert text[m.start()] in chars, (pattern.pattern, text)
        if chars.isdisjoint(text):
            assert pattern.search(text) is None


def test_every_real_match_begins_with_a_first_char(stream: list[Message]) -> None:
    texts = [normalized(m.text, _REG.corrector).text for m in stream[::3]]
    checked = 0
    for pattern in [p for r in _REG for p in r.patterns]:
        chars = _first_chars(pattern)
        assert chars is not None
        for text in texts:
            for m in pattern.finditer(text):
                assert m.end() == m.start() or text[m.start()] in chars, pattern.pattern
                checked += 1
    assert checked > 100


# --------------------------------------------------------------------------- kernels


def _two_recognizers(cls: type[RegexRecognizer]) -> SignRegistry:
    return SignRegistry(
        [
            cls("secrecy_test", Stage.EXCLUSIVITY, "test", [r"don'?t tell (?:your )?mum"], ["mum"]),
            RegexRecognizer(
                "gift_test",
                Stage.RELATIONSHIP,
                "test",
                [(r"a gift (?:card|for you)", 0.5)],
                ["gift"],
            ),
        ]
    )


def test_registry_runs_plain_regex_recognizers_as_their_own_methods_do() -> None:
    reg = _two_recognizers(RegexRecognizer)
    m = Message("c", 0, "a", "Don't tell mum, I have a gift for you and a gift card")
    got = reg.find(m)
    assert [(s.sign, s.span, s.strength) for s in got] == [
        ("secrecy_test", (0, 14), 1.0),
        ("gift_test", (23, 37), 0.5),
        ("gift_test", (42, 53), 0.5),
    ]
    norm = normalized(m.text, reg.corrector)
    by_methods = sorted((s for r in reg for s in r.find(norm, m)), key=lambda s: (s.span, s.sign))
    assert got == by_methods


def test_registry_honours_overridden_matching_methods() -> None:
    class Halved(RegexRecognizer):
        def signal(self, norm, message, start, end, strength=1.0):  # type: ignore[no-untyped-def]
            return super().signal(norm, message, start, end, strength / 2)

    class FirstOnly(RegexRecognizer):
        def _run(self, norm, message, which, needs=True):  # type: ignore[no-untyped-def]
            return super()._run(norm, message, which, needs)[:1]

    m = Message("c", 0, "a", "dont tell your mum. dont tell mum")
    halved = _two_recognizers(Halved).find(m)
    assert [(s.sign, s.strength) for s in halved] == [("secrecy_test", 0.5)] * 2
    first = _two_recognizers(FirstOnly).find(m)
    assert [(s.sign, s.span) for s in first] == [("secrecy_test", (0, 18))]
