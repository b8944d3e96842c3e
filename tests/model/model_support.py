"""Shared by the learned-model tests: a model's risk recomputed from scratch (the slow way)."""

from __future__ import annotations

from guardline.core.model import Conversation, Message, Signal
from guardline.model import LearnedModel
from guardline.model import train as training
from guardline.model.features import (
    STAGE_INDEX,
    AuthorAcc,
    ConvAcc,
    author_features,
    is_question,
    ngrams,
    normalise_words,
    parse_age,
)
from guardline.model.learned import _has_pre_sexual, _sigmoid


def _counted(mine: list[Message], keep: int) -> list[bool]:
    """Which of one author's messages carry text (a file with ``"repeats": keep``): a message
    does not when its words are among the ``keep`` distinct earlier messages of the author
    used most recently."""
    words = [tuple(normalise_words(m.text)) for m in mine]
    out = []
    for j, w in enumerate(words):
        last = {x: i for i, x in enumerate(words[:j]) if x}
        recent = sorted(last, key=lambda x: last[x])[-keep:] if keep else []
        out.append(not (w and w in recent))
    return out


def reference_risk(
    model: LearnedModel, msgs: list[Message], sigs: list[list[Signal]], author: str
) -> float:
    """Recompute one author's risk from scratch over a whole prefix (the slow way)."""
    conv = ConvAcc(n_msgs=len(msgs), first_author=msgs[0].author)
    for a in dict.fromkeys(m.author for m in msgs):
        mine = [m for m in msgs if m.author == a]
        counted = [m for m, c in zip(mine, _counted(mine, model.repeats), strict=True) if c]
        terms = [t for m in counted for t in ngrams(normalise_words(m.text))]
        w = [model.vocab.get(t, (0.0, 0.0, 0.0)) for t in terms]
        acc = AuthorAcc(
            s_g=sum(x[0] for x in w),
            s_v=sum(x[1] for x in w),
            s_r=sum(x[2] for x in w),
            n_terms=len(terms),
            n_msgs=len(mine),
            n_q=sum(1 for m in mine if "?" in m.text or _is_q_words(normalise_words(m.text))),
            n_words=sum(len(normalise_words(m.text)) for m in mine),
            first_index=mine[0].index,
        )
        conv.authors[a] = acc
    for ss in sigs:
        for s in ss:
            acc = conv.authors.setdefault(s.author, AuthorAcc())
            acc.stages[STAGE_INDEX[s.stage.value]] += 1
            acc.signs[s.sign] = acc.signs.get(s.sign, 0) + 1
    asker: str | None = None  # declared ages: one plain pass over the prefix
    for m in msgs:
        age, bare, asks = parse_age(m.text)
        if not age and bare and asker not in (None, m.author):
            age = bare
        acc = conv.authors[m.author]
        if age:
            acc.age_lo = min(acc.age_lo or age, age)
            acc.age_hi = max(acc.age_hi, age)
        if asks:
            acc.n_age_q += 1
            asker = m.author
        elif asker not in (None, m.author):
            asker = None
    x = author_features(conv, author, model.sign_ids)
    p = _sigmoid(model.intercept + sum(c * v for c, v in zip(model.coef, x, strict=True)))
    if model.gate < 1.0:
        if not _has_pre_sexual(conv, author, model.gate_other):
            p *= model.gate
    return p


def _is_q_words(words: list[str]) -> bool:
    return is_question("", words)


def training_record(lines: list[tuple[str, str]]) -> training.Rec:
    """One benign synthetic conversation of (author, text) lines as a training record (not
    yet prepared), as ``train.conversation_records`` makes it."""
    conv = Conversation(
        "c",
        [Message("c", i, a, t) for i, (a, t) in enumerate(lines)],
        predators=[],
        extra={"source": "synthetic", "family": "x"},
    )
    return training.conversation_records([conv], 1.0)[0]
