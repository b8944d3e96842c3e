"""``LearnedModel``: the learned, streaming risk model behind the default Detector.

Per conversation the state is a :class:`~guardline.model.features.ConvAcc`: one
:class:`~guardline.model.features.AuthorAcc` per author. ``update`` folds ONE message in:

1. its normalised terms (unigrams + bigrams) are looked up in the vocabulary, a dict
   term -> (groomer weight, target weight) learned by two author-level linear models, and
   added to the author's running sums (the author's text score is sum / sqrt(terms + 1),
   exactly the linear model it was trained as);
2. the signs found in the message (from :mod:`guardline.signs`) add to the stage counts of
   the author they are attributed to;
3. message / question / word counters move on, and declared ages are folded in
   (:func:`~guardline.model.features.parse_age`: "im 32", "14/f", "13" answering "asl?",
   "in 8th grade"; plus the platform's ``Participant`` age context when the Detector has it);
4. a logistic head turns the author's features — own text scores, the other participants'
   scores (does the partner talk like a target?), behaviour, declared ages (an adult talking to
   someone who declared a minor age, who asked whom for their age) and own/partner sign
   stages — into
   a calibrated probability, the author's risk.

In a group chat (three or more authors) the model also keeps *addressed pairs*
(:mod:`guardline.model.addressing`): an author's messages to the one participant they name,
with that participant's own messages, scored as the two-person chat they are; the author's
risk is the larger of the group view and their pair views. Two-person chats never use them.

Only the speaking author's risk is returned: other authors' risks are refreshed when they
next write. A *sign gate* keeps the model from alerting on wording alone: an author with no
sign from a stage before 'sexual' has their risk multiplied by ``gate`` (from the model file).

Cost per message is proportional to its length (plus a loop over the conversation's
authors for the partner features); earlier messages are never re-read.
"""

from __future__ import annotations

import hashlib
import math
import sys
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from guardline.core.model import AgeBand, Message, Participant, Signal
from guardline.model import format as model_format
from guardline.model.addressing import (
    FOCUS_MIN,
    GROUP_MIN_AUTHORS,
    address,
    display_name_keys,
    pair_state,
)
from guardline.model.features import (
    BASE_FEATURES,
    MAX_REPEATS,
    N_STAGES,
    PRE_SEXUAL,
    STAGE_INDEX,
    AuthorAcc,
    ConvAcc,
    WordCache,
    author_features,
    embed_features,
    feature_names,
    is_backchannel,
    is_question,
    message_key,
    ngram_count,
    ngrams,
    normalise_words,
    parse_age,
    seen_recently,
    spelling_fixes,
)
from guardline.model.wordpiece import WordPieces
from guardline.signs.normalization import Corrector

DEFAULT_FILE = "default_model.json"
#: words whose static-embedding scores are remembered (past it, scores are recomputed)
_WORD_CACHE = 200_000


class LearnedModel:
    """The learned risk model (implements :class:`guardline.detect.base.RiskModel`)."""

    name = "learned"

    def __init__(self, payload: dict[str, Any], *, pair_views: bool = True) -> None:
        self.payload = payload
        #: keep addressed-pair views of group chats (:mod:`guardline.model.addressing`)
        self.pair_views = pair_views
        vocab = payload["vocab"]
        # keys interned, as features.normalise_words's words are: a lookup then matches the
        # key by identity
        self.vocab: dict[str, tuple[float, float, float]] = {
            sys.intern(t): (float(g), float(v), float(r))
            for t, g, v, r in zip(
                vocab["terms"], vocab["wg"], vocab["wv"], vocab["wr"], strict=True
            )
        }
        #: the vocabulary by word (word_weights: one lookup per word, no bigram strings)
        self._words = word_index(self.vocab)
        self.sign_ids: tuple[str, ...] = tuple(payload["sign_ids"])
        #: the static-embedding text model (``guardline train --static-embeddings``): the
        #: biases of its two author models, or None for a file without one
        self.embed: tuple[float, float] | None = None
        self._word_emb: dict[str, tuple[float, float]] = {}
        emb = payload.get("static_embedding")
        if emb:
            tokens = list(emb["tokens"])
            if not len(tokens) == len(emb["g"]) == len(emb["r"]):
                raise model_format.ModelFileError(
                    "model file's static_embedding has tables of different lengths"
                )
            self.embed = (float(emb["bg"]), float(emb["br"]))
            self._pieces = WordPieces(tokens)
            self._tok_g = [float(x) for x in emb["g"]]
            self._tok_r = [float(x) for x in emb["r"]]
        head = payload["head"]
        names = feature_names(self.sign_ids, embed=self.embed is not None)
        if list(head["features"]) != names:
            raise model_format.ModelFileError(
                "model file's head features do not match this guardline version's features"
            )
        self.coef: list[float] = [float(c) for c in head["coef"]]
        self.intercept: float = float(head["intercept"])
        self.gate: float = float(payload.get("gate", 1.0))
        self.gate_other: bool = bool(payload.get("gate_other", False))
        pol = payload.get("policy")
        self.policy: dict[str, Any] | None = dict(pol) if pol else None
        self.meta: dict[str, Any] = dict(payload.get("meta", {}))
        #: misspellings of the model's own words -> the word (applied when streaming only);
        #: a file trained with spelling repair (``"spelling": 1``) also gets that table, as
        #: its training did. Read once: the word cache below holds words with it applied
        self.fix: dict[str, str] = vocab_fixes(self.vocab)
        spelling = payload.get("spelling")
        if spelling:
            if spelling != 1:
                raise model_format.ModelFileError(
                    f"model file uses spelling table version {spelling!r}; this guardline "
                    "version knows 1"
                )
            self.fix = {**self.fix, **spelling_fixes()}
        self.fix = {k: sys.intern(v) for k, v in self.fix.items()}
        #: a file trained with ``"backchannel": 1``: a message of reactions only ("ok",
        #: "lol") adds no text score and no terms (:func:`features.is_backchannel`)
        backchannel = payload.get("backchannel")
        if backchannel not in (None, 0, 1):
            raise model_format.ModelFileError(
                f"model file uses backchannel version {backchannel!r}; this guardline "
                "version knows 1"
            )
        self.backchannel: bool = backchannel == 1
        #: a file trained with ``"repeats": k``: a message with the same words as one of the
        #: author's last k distinct messages adds no text score (:func:`seen_recently`)
        repeats = payload.get("repeats", 0)
        if type(repeats) is not int or not 0 <= repeats <= MAX_REPEATS:
            raise model_format.ModelFileError(
                f"model file's repeats is {repeats!r}; expected a whole number 0-{MAX_REPEATS}"
            )
        self.repeats: int = repeats
        #: token -> its normalised words with ``fix`` applied (features.normalise_words)
        self._word_cache: WordCache = {}
        # author_risk adds only the sign features that are not log1p(0) = 0: coefficient
        # index of each sign's own count (its other-participants count is the next one)
        nb = len(BASE_FEATURES)
        self._sign_col: dict[str, int] = {k: nb + 2 * i for i, k in enumerate(self.sign_ids)}
        # c * 0.0 is a (signed) zero only when c is finite, and each id must have one pair of
        # columns: otherwise logit sums every term
        self._sparse_signs = (
            len(self.coef) == len(names)
            and len(self._sign_col) == len(self.sign_ids)
            and all(math.isfinite(c) for c in self.coef[nb:])
        )
        # the base features summed straight into the logit (_base_logit) when they are the
        # ones it was written for; otherwise through author_features
        self._inline_base = self._sparse_signs and _base_features_digest() == _INLINE_BASE_SHA256

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: str | Path | None = None, *, pair_views: bool = True) -> LearnedModel:
        """Load a model file (verified); ``None`` loads the model shipped in the package."""
        if path is None:
            ref = resources.files("guardline.model").joinpath(DEFAULT_FILE)
            payload = model_format.loads(ref.read_bytes(), source=f"guardline/model/{DEFAULT_FILE}")
        else:
            payload = model_format.read(path)
        return cls(payload, pair_views=pair_views)

    # ------------------------------------------------------------------ RiskModel
    def new_state(self) -> ConvAcc:
        return ConvAcc()

    def update(
        self,
        state: ConvAcc,
        message: Message,
        signals: list[Signal],
        participant: Participant | None = None,
    ) -> dict[str, float]:
        author = message.author
        text = message.text
        words = normalise_words(text, self.fix, self._word_cache)
        n_words = len(words)
        # key: the message's words, for a file with "repeats" (a reaction-only message of a
        # backchannel file has no terms to repeat)
        key: int | None = None
        if self.backchannel and is_backchannel(words):
            full: Weights = _NO_WEIGHTS
            n_terms = 0
        else:
            full = word_weights(words, self._words)
            n_terms = ngram_count(n_words)
            if self.repeats:
                key = message_key(words)
        weights, terms = full, n_terms
        if key is not None and self._repeated(state, author, message.index, key):
            weights, terms = _NO_WEIGHTS, 0
        question = is_question(text, words)
        age = parse_age(text)
        emb = None if self.embed is None else self.message_embedding(words)
        fold_weights(
            state, author, message.index, weights, terms, n_words, question, signals, age, emb
        )
        if participant is not None:
            apply_participant(state, author, participant)
            if participant.display_name and self.pair_views:
                keys = display_name_keys(participant.display_name)
                names = state.names
                if names is None:
                    names = state.names = {}
                known = names.get(author)
                if known is None or tuple(known) != keys:
                    names[author] = list(keys)
        risk = self.author_risk(state, author)
        if not self.pair_views or len(state.authors) < GROUP_MIN_AUTHORS:
            return {author: risk}
        # a group chat: the author's messages to the one participant they address, and
        # each participant's own messages, also go into the addressed pairs
        pairs = state.pairs
        if pairs is None:
            pairs = state.pairs = {}
        focus_of = state.focus
        if focus_of is None:
            focus_of = state.focus = {}
        target = address(state, author, text)
        # (pair, the signs it gets): pairs addressed to the author get the author's own signs,
        # the author's pair with the addressee also the signs attributed to the addressee
        folds: list[tuple[ConvAcc, list[Signal]]] = []
        own = [s for s in signals if s.author == author]
        for mine in pairs.values():
            ps = mine.get(author)
            if ps is not None:
                folds.append((ps, own))
        ps = None if target is None else pair_state(state, author, target)
        if ps is not None:
            folds.append((ps, [s for s in signals if s.author in (author, target)]))
        for ps, sigs in folds:
            # each pair is a conversation of its own: a repeat there, or not
            weights, terms = full, n_terms
            if key is not None and self._repeated(ps, author, message.index, key):
                weights, terms = _NO_WEIGHTS, 0
            fold_weights(
                ps, author, message.index, weights, terms, n_words, question, sigs, age, emb
            )
            if participant is not None:
                apply_participant(ps, author, participant)
        focus, top = None, FOCUS_MIN
        for p, ps in pairs.get(author, {}).items():
            if len(ps.authors) == 2:
                r = self.author_risk(ps, author)
                if r > risk:
                    risk = r
                if r >= top:
                    focus, top = p, r
        if focus is None:
            focus_of.pop(author, None)
        else:
            focus_of[author] = focus
        return {author: risk}

    def _repeated(self, state: ConvAcc, author: str, index: int, key: int) -> bool:
        """Whether the author sent a message with these words (``key``,
        :func:`message_key`) among their last ``repeats`` distinct ones in this state (and
        remember this one); as :func:`train.prepare` does."""
        acc = state.authors.get(author)
        if acc is None:  # as fold_weights would create it
            acc = state.authors[author] = AuthorAcc(first_index=index)
        recent = acc.recent
        if recent is None:
            recent = acc.recent = []
        return seen_recently(recent, key, self.repeats)

    def message_embedding(self, words: list[str]) -> tuple[float, float]:
        """A message's static-embedding scores (offender, role): the mean over its normalised
        words of each word's score, the mean of its WordPieces' scores (0 for no words)."""
        if not words:
            return (0.0, 0.0)
        cache = self._word_emb
        sg = 0.0
        sr = 0.0
        for w in words:
            hit = cache.get(w)
            if hit is None:
                ids = self._pieces.split(w)
                if ids:
                    tg, tr = self._tok_g, self._tok_r
                    hit = (sum(tg[i] for i in ids) / len(ids), sum(tr[i] for i in ids) / len(ids))
                else:
                    hit = (0.0, 0.0)
                if len(cache) < _WORD_CACHE:
                    cache[w] = hit
            sg += hit[0]
            sr += hit[1]
        n = len(words)
        return (sg / n, sr / n)

    def addressee(self, state: ConvAcc, author: str) -> str | None:
        """The participant ``author`` singles out: in a group chat, the one whose addressed
        pair scores the author highest, if that is at least ``FOCUS_MIN`` (the pair alone
        says the author is more likely than not grooming them); else None."""
        focus = state.focus
        return None if focus is None else focus.get(author)

    def author_risk(self, state: ConvAcc, author: str) -> float:
        """The current risk of one author (pure function of the state)."""
        p = _sigmoid(self.logit(state, author))
        if self.gate < 1.0 and not _has_pre_sexual(state, author, self.gate_other):
            p *= self.gate
        return p

    def logit(self, state: ConvAcc, author: str) -> float:
        """The head's ``intercept + coef . author_features(...)`` for one author.

        Summed in feature order like :meth:`logit_full`, but without building the feature
        vector: the base features go straight into the sum (:func:`_base_logit`), and the sign
        features whose count is 0 (``log1p(0) = 0.0``: most of them) are skipped. Adding
        ``c * 0.0`` (a signed zero for a finite ``c``) never changes a float sum except for
        the sign of an exact zero, so the result equals the full dot product, and the risk is
        bit-identical.
        """
        if not self._sparse_signs:
            return self.logit_full(state, author)
        coef = self.coef
        if self._inline_base:
            z = _base_logit(coef, self.intercept, state, author)
        else:
            z = self.intercept
            for c, v in zip(coef, author_features(state, author, ()), strict=False):
                z += c * v
        authors = state.authors
        cols = self._sign_col
        terms: list[tuple[int, int]] = []
        for k, n in authors[author].signs.items():
            j = cols.get(k)
            if j is not None and n:
                terms.append((j, n))
        if len(authors) > 1:
            others: dict[str, int] = {}
            for a, acc in authors.items():
                if a != author and acc.signs:
                    for k, n in acc.signs.items():
                        others[k] = others.get(k, 0) + n
            for k, n in others.items():
                j = cols.get(k)
                if j is not None and n:
                    terms.append((j + 1, n))
        if terms:
            if len(terms) > 1:
                terms.sort()
            log1p = math.log1p
            for j, n in terms:
                z += coef[j] * log1p(n)
        if self.embed is not None:
            j = len(BASE_FEATURES) + 2 * len(self.sign_ids)
            for v in embed_features(state, author, self.embed):
                z += coef[j] * v
                j += 1
        return z

    def logit_full(self, state: ConvAcc, author: str) -> float:
        """:meth:`logit` as the plain dot product over the whole feature vector."""
        x = author_features(state, author, self.sign_ids, self.embed)
        z = self.intercept
        for c, v in zip(self.coef, x, strict=False):
            z += c * v
        return z

    def dump_state(self, state: ConvAcc) -> dict[str, Any]:
        return state.to_dict()

    def load_state(self, data: dict[str, Any]) -> ConvAcc:
        return ConvAcc.from_dict(data)

    # ------------------------------------------------------------------ helpers
    def scores(
        self, messages: Iterable[Message], signals: Iterable[list[Signal]] | None = None
    ) -> list[float]:
        """Risk returned after each message, in a fresh state (for tests and tools)."""
        st = self.new_state()
        out: list[float] = []
        sig_iter = iter(signals) if signals is not None else None
        for m in messages:
            sig = next(sig_iter) if sig_iter is not None else []
            out.append(self.update(st, m, sig)[m.author])
        return out


#: sha256 of ",".join(BASE_FEATURES) as _base_logit was written for: any change to the base
#: features (a name added, removed or moved) sends the logit back through author_features
_INLINE_BASE_SHA256 = "2d5ab07dcb6cd8b9c8c48b7847a5533c378d0f93cc09fb8d78cf0a4ff2c17427"


def _base_features_digest() -> str:
    return hashlib.sha256(",".join(BASE_FEATURES).encode()).hexdigest()


def _base_logit(coef: list[float], intercept: float, conv: ConvAcc, author: str) -> float:
    """``intercept + coef[:n] . author_features(conv, author, ())``, summed in the same order
    with the same values, without building the vector.

    Each value below is computed exactly as in
    :func:`~guardline.model.features.author_features` (same operations, same order), so the
    sum is bit-identical; tests/test_speed_equivalence.py checks it on real and generated
    states. Used only while ``BASE_FEATURES`` is unchanged (:data:`_INLINE_BASE_SHA256`).
    """
    sqrt = math.sqrt
    log1p = math.log1p
    me = conv.authors[author]
    n_terms = me.n_terms
    tg = me.s_g / sqrt(n_terms + 1.0)
    sq = sqrt(n_terms + 1.0)
    tv = me.s_v / sq
    tr = me.s_r / sq
    og = -3.0
    ov = -3.0
    orr = -3.0
    o_q = 0
    o_m = 0
    o_st = [0] * N_STAGES
    o_lo = 0
    o_hi = 0
    o_aq = 0
    for a, acc in conv.authors.items():
        if a == author:
            continue
        sqo = sqrt(acc.n_terms + 1.0)
        g = acc.s_g / sqo
        v = acc.s_v / sqo
        r = acc.s_r / sqo
        if g > og:
            og = g
        if v > ov:
            ov = v
        if r > orr:
            orr = r
        o_q += acc.n_q
        o_m += acc.n_msgs
        st = acc.stages
        for i in range(N_STAGES):
            if st[i]:
                o_st[i] += st[i]
        if acc.age_lo and (not o_lo or acc.age_lo < o_lo):
            o_lo = acc.age_lo
        if acc.age_hi > o_hi:
            o_hi = acc.age_hi
        o_aq += acc.n_age_q
    n_auth = len(conv.authors)
    if n_auth == 1:
        og = 0.0
        ov = 0.0
        orr = 0.0
    nm = me.n_msgs
    st = me.stages
    self_pre = 0
    other_pre = 0
    for i in PRE_SEXUAL:
        if st[i]:
            self_pre += 1
        if o_st[i]:
            other_pre += 1
    dy = 1.0 if n_auth == 2 else 0.0
    rr = tr - orr
    c = coef
    z = intercept
    z += c[0] * tg
    z += c[1] * tv
    z += c[2] * tr
    z += c[3] * og
    z += c[4] * ov
    z += c[5] * orr
    z += c[6] * (tg - og)
    z += c[7] * (ov - tv)
    z += c[8] * rr
    z += c[9] * dy
    z += c[10] * (dy * rr)
    z += c[11] * (tg * ov)
    z += c[12] * (tg * abs(tg))
    z += c[13] * (rr * log1p(nm))
    z += c[14] * log1p(nm)
    z += c[15] * (nm / conv.n_msgs if conv.n_msgs else 0.0)
    z += c[16] * math.log(n_auth)
    z += c[17] * (me.n_q / nm if nm else 0.0)
    z += c[18] * (o_q / o_m if o_m else 0.0)
    z += c[19] * log1p(me.n_words / nm if nm else 0.0)
    z += c[20] * (1.0 if conv.first_author == author else 0.0)
    z += c[21] * log1p(conv.n_msgs)
    z += c[22] * float(self_pre)
    z += c[23] * float(other_pre)
    z += c[24] * (1.0 if self_pre else 0.0)
    s_minor = 1.0 if 0 < me.age_lo < 18 else 0.0
    s_adult = 1.0 if me.age_hi >= 18 else 0.0
    o_minor = 1.0 if 0 < o_lo < 18 else 0.0
    gap = min(max((me.age_hi - o_lo) / 10.0, 0.0), 5.0) if me.age_hi and o_lo else 0.0
    z += c[25] * s_minor
    z += c[26] * s_adult
    z += c[27] * o_minor
    z += c[28] * (1.0 if o_hi >= 18 else 0.0)
    z += c[29] * (s_adult * o_minor)
    z += c[30] * gap
    z += c[31] * log1p(me.n_age_q)
    z += c[32] * log1p(o_aq)
    z += c[33] * (o_minor if me.n_age_q else 0.0)
    nosign = 0.0 if self_pre else 1.0
    lt = log1p(n_terms)
    z += c[34] * lt
    z += c[35] * (tg * nosign)
    z += c[36] * ((tg - og) * nosign)
    z += c[37] * (rr * nosign)
    z += c[38] * (tg * lt)
    return z


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _has_pre_sexual(state: ConvAcc, author: str, include_others: bool) -> bool:
    st = state.authors[author].stages
    for i in PRE_SEXUAL:
        if st[i]:
            return True
    if include_others:
        for a, acc in state.authors.items():
            if a != author and any(acc.stages[i] for i in PRE_SEXUAL):
                return True
    return False


def vocab_fixes(vocab: Mapping[str, Any]) -> dict[str, str]:
    """One-letter misspellings of the model's single words (four or more letters) -> the word,
    built like the sign registry's :class:`~guardline.signs.Corrector` (interior swaps,
    doubled, dropped or neighbouring letters; never a word the model knows, an English word
    or a listed chat abbreviation; a misspelling of two words only for the far more frequent).

    The text models were fitted on the words as written, where a misspelt word simply counted
    for nothing; when streaming, a misspelt word counts as the word, so an offender's typos
    (deliberate or not) do not wash out their text score.
    """
    words = [t for t in vocab if " " not in t and t.isascii() and t.isalpha() and len(t) >= 4]
    known = [t for t in vocab if " " not in t]
    return Corrector(known, common=0, targets=words).fixes()


def fold_message(
    state: ConvAcc,
    author: str,
    index: int,
    text: str,
    signals: list[Signal],
    vocab: dict[str, tuple[float, float, float]],
    fix: Mapping[str, str] | None = None,
) -> None:
    """Fold one message into the conversation's accumulators (the streaming step); ``fix``
    maps misspellings of the model's words onto them (:func:`vocab_fixes`)."""
    words = normalise_words(text, fix)
    fold_terms(
        state,
        author,
        index,
        ngrams(words),
        len(words),
        is_question(text, words),
        signals,
        vocab,
        parse_age(text),
    )


_BAND_AGE = {AgeBand.CHILD: 11, AgeBand.TEEN: 15}


def apply_participant(state: ConvAcc, author: str, participant: Participant) -> None:
    """Platform context about the author's age counts as a declared age (O(1))."""
    age = participant.declared_age
    if age is None or not 8 <= age <= 99:
        band = participant.age_band
        age = _BAND_AGE.get(band, 0) if band != AgeBand.ADULT else 30
    if not age:
        return
    acc = state.authors[author]
    acc.age_lo = age if not acc.age_lo else min(acc.age_lo, age)
    acc.age_hi = max(acc.age_hi, age)


Weights = tuple[float, float, float]
_NO_WEIGHTS: Weights = (0.0, 0.0, 0.0)


def term_weights(terms: list[str], vocab: dict[str, Weights]) -> Weights:
    """The weights of the terms in the vocabulary, summed in term order."""
    # weights are non-empty tuples, so filter(None) drops exactly the misses
    return _summed(filter(None, map(vocab.get, terms)))


def _summed(weights: Iterable[Weights]) -> Weights:
    sg = 0.0
    sv = 0.0
    sr = 0.0
    for g, v, r in weights:
        sg += g
        sv += v
        sr += r
    return sg, sv, sr


#: what :func:`word_weights` looks a word up in: its own weights, if it is a term, and the
#: weights of the bigrams it opens by their second word (either ``None``)
WordEntry = tuple[Weights | None, dict[str, Weights] | None]


def word_index(vocab: dict[str, Weights]) -> dict[str, WordEntry]:
    """The vocabulary by word for :func:`word_weights`: one lookup per word gives its unigram
    weights and the bigrams (``"a b"``) it opens, as ``{b: weights}``. Keys are interned."""
    follow: dict[str, dict[str, Weights]] = {}
    for term, w in vocab.items():
        parts = term.split(" ")
        if len(parts) == 2:
            follow.setdefault(sys.intern(parts[0]), {})[sys.intern(parts[1])] = w
    out: dict[str, WordEntry] = {}
    for term, w in vocab.items():
        if " " not in term:
            out[sys.intern(term)] = (w, follow.get(term))
    for first, after in follow.items():
        if first not in out:
            out[first] = (None, after)
    return out


def word_weights(words: list[str], index: dict[str, WordEntry]) -> Weights:
    """``term_weights(ngrams(words), vocab)`` (:func:`~guardline.model.features.ngrams`)
    without building the bigram strings: the same sums, added in the same order (unigrams,
    then bigrams), for ``index = word_index(vocab)`` and words without spaces."""
    hits: list[Weights] = []
    pairs: list[Weights] = []
    after: dict[str, Weights] | None = None
    for w in words:
        if after is not None:
            x = after.get(w)
            if x is not None:
                pairs.append(x)
        e = index.get(w)
        if e is None:
            after = None
            continue
        u, after = e
        if u is not None:
            hits.append(u)
    if pairs:
        hits += pairs
    return _summed(hits)


def fold_terms(
    state: ConvAcc,
    author: str,
    index: int,
    terms: list[str],
    n_words: int,
    question: bool,
    signals: list[Signal],
    vocab: dict[str, Weights],
    age: tuple[int, int, bool] = (0, 0, False),
    emb: tuple[float, float] | None = None,
) -> None:
    """:func:`fold_message` on an already normalised message (training reuses the terms);
    ``age`` is :func:`~guardline.model.features.parse_age` of the message; ``emb`` its
    static-embedding scores (offender, role), for a file with ``static_embedding``."""
    fold_weights(
        state,
        author,
        index,
        term_weights(terms, vocab),
        len(terms),
        n_words,
        question,
        signals,
        age,
        emb,
    )


def fold_weights(
    state: ConvAcc,
    author: str,
    index: int,
    weights: Weights,
    terms: int,
    n_words: int,
    question: bool,
    signals: list[Signal],
    age: tuple[int, int, bool] = (0, 0, False),
    emb: tuple[float, float] | None = None,
) -> None:
    """:func:`fold_terms` given the message's summed term ``weights`` and number of
    ``terms``."""
    acc = state.authors.get(author)
    if acc is None:
        acc = state.authors[author] = AuthorAcc(first_index=index)
    if state.first_author is None:
        state.first_author = author
    state.n_msgs += 1
    sg, sv, sr = weights
    acc.s_g += sg
    acc.s_v += sv
    acc.s_r += sr
    acc.n_terms += terms
    acc.n_msgs += 1
    if emb is not None:
        acc.s_eg += emb[0]
        acc.s_er += emb[1]
    acc.n_words += n_words
    if question:
        acc.n_q += 1
    declared, bare, asks = age
    asker = state.age_q_by
    if not declared and bare and asker is not None and asker != author:
        declared = bare  # "13" answering the partner's "asl?"
    if declared:
        acc.age_lo = declared if not acc.age_lo else min(acc.age_lo, declared)
        if declared > acc.age_hi:
            acc.age_hi = declared
    if asks:
        acc.n_age_q += 1
        state.age_q_by = author
    elif asker is not None and asker != author:
        state.age_q_by = None
    for s in signals:
        target = acc if s.author == author else state.authors.get(s.author)
        if target is None:
            target = state.authors[s.author] = AuthorAcc(first_index=index)
        target.stages[STAGE_INDEX[s.stage.value]] += 1
        target.signs[s.sign] = target.signs.get(s.sign, 0) + 1
