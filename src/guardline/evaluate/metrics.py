"""Evaluation metrics: author, line and conversation level, eSPD latency, false alerts by source.

Everything here is pure: no file I/O, no printing. The inputs are the labelled truth
(:class:`guardline.core.Conversation`) and the detector's output, either
:class:`guardline.core.ConversationAssessment` objects or scan rows (the dicts written by
``ConversationAssessment.to_scan_row()``). Both sides are reduced to small records
(:class:`TruthRecord`, :class:`ScanRecord`) that hold no message text, so a whole corpus can
be scored while only one conversation's messages are in memory at a time.

The figures, and the choices behind them:

- **Authors.** One unit per (conversation id, author) by default; predicted positive =
  ``flagged``, truth = listed in ``predators``. With ``pan12=True`` (PAN12 problem 1) one unit
  per distinct author id across the corpus: predicted if flagged in any conversation, a
  predator if listed in any conversation's ``predators``.
- **Lines** (PAN12 problem 2), only over conversations whose truth has ``predator_lines``:
  the predicted lines of a conversation are all messages written by its flagged authors.
  F3 (recall weighs three times precision) as in PAN12.
- **Conversations.** Label = ``predators`` non-empty. ROC-AUC and average precision on
  ``risk``; precision/recall/F1 on ``alert``.
- **eSPD latency** (Vogt et al. 2021): over detected positives, ``k = first_alert_index + 1``
  messages read at the first alert, penalty(k) = -1 + 2 / (1 + exp(-p (k - 1))) with
  p = ln 3 / 89, speed = 1 - median penalty, F_latency = F1 x speed.
- **False alerts by source**: among negatives, the share alerted and alerts per 1,000
  negative messages; among positives, recall; and the decoy-flagged rate (a positive where a
  participant who is not a predator was flagged).

A truth conversation with no scan row counts as "no alert, risk 0, nobody flagged" and is
counted in ``missing_rows``; scan rows whose id is not in the truth are counted in
``unknown_rows`` and otherwise ignored. Truth conversations with ``predators is None``
(unlabelled) are counted in ``unlabelled`` and not scored.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from guardline.core.model import Conversation, ConversationAssessment

#: eSPD penalty steepness: penalty(90) = 0.5 (Vogt et al. 2021 chose the median length 90).
ESPD_P = math.log(3) / 89
#: "Early" for the within-k share: the first alert after at most this many messages.
EARLY_K = 10
#: Source name used when a truth record has none.
UNKNOWN_SOURCE = "unknown"


# --------------------------------------------------------------------------- basic figures


def precision(tp: int, fp: int) -> float:
    """tp / (tp + fp); 0.0 when nothing was predicted."""
    return tp / (tp + fp) if tp + fp else 0.0


def recall(tp: int, fn: int) -> float:
    """tp / (tp + fn); 0.0 when there is nothing to find."""
    return tp / (tp + fn) if tp + fn else 0.0


def f_beta(p: float, r: float, beta: float = 1.0) -> float:
    """(1 + b²) p r / (b² p + r); 0.0 when both are 0. beta > 1 weighs recall more."""
    b2 = beta * beta
    denom = b2 * p + r
    return (1 + b2) * p * r / denom if denom else 0.0


@dataclass(slots=True, frozen=True)
class Counts:
    """A confusion count with its precision, recall and F-scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return precision(self.tp, self.fp)

    @property
    def recall(self) -> float:
        return recall(self.tp, self.fn)

    def f(self, beta: float = 1.0) -> float:
        return f_beta(self.precision, self.recall, beta)

    @property
    def f1(self) -> float:
        return self.f(1.0)

    @property
    def f05(self) -> float:
        return self.f(0.5)

    @property
    def f3(self) -> float:
        return self.f(3.0)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f0.5": self.f05,
            "f1": self.f1,
            "f3": self.f3,
        }


def confusion(pairs: Iterable[tuple[bool, bool]]) -> Counts:
    """Count (truth, predicted) pairs into tp/fp/fn (true negatives are not needed)."""
    tp = fp = fn = 0
    for truth, pred in pairs:
        if pred and truth:
            tp += 1
        elif pred:
            fp += 1
        elif truth:
            fn += 1
    return Counts(tp, fp, fn)


def set_counts(truth: Iterable[Any], predicted: Iterable[Any]) -> Counts:
    """Confusion counts of a predicted set against a true set (PAN12 style)."""
    t, p = set(truth), set(predicted)
    return Counts(len(t & p), len(p - t), len(t - p))


# --------------------------------------------------------------------------- records


@dataclass(slots=True, frozen=True)
class TruthRecord:
    """What scoring needs from one labelled conversation: no message text.

    ``message_authors`` (the author of each message, in order) is kept only when
    ``predator_lines`` is present, because only line scoring needs it.
    """

    id: str
    source: str
    predators: frozenset[str] | None
    authors: tuple[str, ...]
    n_messages: int
    predator_lines: frozenset[int] | None = None
    message_authors: tuple[str, ...] | None = None

    @property
    def positive(self) -> bool:
        return bool(self.predators)

    @classmethod
    def from_conversation(cls, c: Conversation) -> TruthRecord:
        lines = frozenset(c.predator_lines) if c.predator_lines is not None else None
        return cls(
            id=c.id,
            source=str(c.extra.get("source") or UNKNOWN_SOURCE),
            predators=frozenset(c.predators) if c.predators is not None else None,
            authors=tuple(c.authors),
            n_messages=len(c.messages),
            predator_lines=lines,
            message_authors=(tuple(m.author for m in c.messages) if lines is not None else None),
        )


@dataclass(slots=True, frozen=True)
class ScanRecord:
    """What scoring needs from one scan row or assessment: no evidence, no text."""

    id: str
    risk: float
    alert: bool
    first_alert_index: int | None
    flagged: frozenset[str]
    authors: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ScanRecord:
        """From a scan row (``ConversationAssessment.to_scan_row()``) or ``to_dict()``."""
        authors = row.get("authors") or []
        fai = row.get("first_alert_index")
        return cls(
            id=str(row["id"]),
            risk=float(row.get("risk") or 0.0),
            alert=bool(row.get("alert")),
            first_alert_index=int(fai) if fai is not None else None,
            flagged=frozenset(str(a["author"]) for a in authors if a.get("flagged")),
            authors=tuple(str(a["author"]) for a in authors),
        )

    @classmethod
    def from_assessment(cls, a: ConversationAssessment) -> ScanRecord:
        return cls(
            id=a.id,
            risk=float(a.risk),
            alert=bool(a.alert),
            first_alert_index=a.first_alert_index,
            flagged=frozenset(a.flagged_authors),
            authors=tuple(x.author for x in a.authors),
        )

    @classmethod
    def coerce(cls, obj: ScanRecord | ConversationAssessment | Mapping[str, Any]) -> ScanRecord:
        if isinstance(obj, ScanRecord):
            return obj
        if isinstance(obj, ConversationAssessment):
            return cls.from_assessment(obj)
        return cls.from_row(obj)


#: Stand-in for a truth conversation that has no scan row.
def _missing(cid: str) -> ScanRecord:
    return ScanRecord(id=cid, risk=0.0, alert=False, first_alert_index=None, flagged=frozenset())


# --------------------------------------------------------------------------- per-level pieces


def author_units(truth: TruthRecord, scan: ScanRecord) -> Iterator[tuple[str, bool, bool]]:
    """(author, is predator, flagged) for every participant of one conversation.

    The participants are the truth's authors plus any author the scan names that the
    truth does not (a flagged stranger is a false positive, not silently dropped).
    """
    predators = truth.predators or frozenset()
    seen = set(truth.authors)
    for a in truth.authors:
        yield a, a in predators, a in scan.flagged
    for a in (*scan.authors, *sorted(scan.flagged)):
        if a not in seen:
            seen.add(a)
            yield a, a in predators, a in scan.flagged


def predicted_lines(message_authors: Sequence[str], flagged: Iterable[str]) -> frozenset[int]:
    """Indices of all messages written by a flagged author (PAN12 problem 2 prediction)."""
    f = set(flagged)
    return frozenset(i for i, a in enumerate(message_authors) if a in f)


def line_counts(truth: TruthRecord, scan: ScanRecord) -> Counts | None:
    """Problem 2 counts of one conversation, or None when the truth has no line labels."""
    if truth.predator_lines is None or truth.message_authors is None:
        return None
    return set_counts(truth.predator_lines, predicted_lines(truth.message_authors, scan.flagged))


def espd_penalty(k: int, p: float = ESPD_P) -> float:
    """eSPD latency penalty after reading ``k`` messages: 0 at k=1, 0.5 at k=90, → 1."""
    return -1.0 + 2.0 / (1.0 + math.exp(-p * (k - 1)))


def espd_speed(ks: Sequence[int], p: float = ESPD_P) -> float | None:
    """1 - median penalty over the detected positives' ``k``; None when there are none."""
    if not ks:
        return None
    return 1.0 - statistics.median(espd_penalty(k, p) for k in ks)


def alert_k(scan: ScanRecord, n_messages: int) -> int | None:
    """1-based count of messages read at the first alert; None when there was no alert.

    A row with ``alert`` but no ``first_alert_index`` is taken to have alerted at its
    last message (the latest it could have).
    """
    if not scan.alert:
        return None
    if scan.first_alert_index is None:
        return max(n_messages, 1)
    return scan.first_alert_index + 1


def roc_auc(labels: Sequence[bool], scores: Sequence[float]) -> float | None:
    """Area under the ROC curve; None unless both classes are present."""
    if not labels or len(set(labels)) < 2:
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(list(labels), list(scores)))


def average_precision(labels: Sequence[bool], scores: Sequence[float]) -> float | None:
    """PR-AUC as average precision (step-wise, no interpolation); None without positives."""
    if not labels or len(set(labels)) < 2:
        return None
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(list(labels), list(scores)))


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class Latency:
    """eSPD figures over the positives."""

    positives: int = 0
    detected: int = 0
    median_k: float | None = None
    speed: float | None = None  # 1 - median penalty over detected positives
    f_latency: float | None = None  # conversation alert F1 x speed
    within_early: float | None = None  # share of positives with k <= EARLY_K
    never_alerted: float | None = None  # share of positives without any alert
    early_k: int = EARLY_K
    p: float = ESPD_P

    def to_dict(self) -> dict[str, Any]:
        return {
            "positives": self.positives,
            "detected": self.detected,
            "median_k": self.median_k,
            "speed": self.speed,
            "f_latency": self.f_latency,
            f"within_{self.early_k}": self.within_early,
            "never_alerted": self.never_alerted,
            "p": self.p,
        }


@dataclass(slots=True)
class SourceStats:
    """Alert figures of one source (or of all sources together)."""

    conversations: int = 0
    positives: int = 0
    detected: int = 0  # positives with an alert
    negatives: int = 0
    negatives_alerted: int = 0
    negative_messages: int = 0
    decoy_flagged: int = 0  # positives where a non-predator participant was flagged

    def add(self, truth: TruthRecord, scan: ScanRecord) -> None:
        self.conversations += 1
        if truth.positive:
            self.positives += 1
            self.detected += scan.alert
            preds = truth.predators or frozenset()
            self.decoy_flagged += any(a not in preds for a in scan.flagged)
        else:
            self.negatives += 1
            self.negatives_alerted += scan.alert
            self.negative_messages += truth.n_messages

    @property
    def recall(self) -> float | None:
        return self.detected / self.positives if self.positives else None

    @property
    def negative_alert_share(self) -> float | None:
        return self.negatives_alerted / self.negatives if self.negatives else None

    @property
    def alerts_per_1000_negative_messages(self) -> float | None:
        if not self.negative_messages:
            return None
        return 1000.0 * self.negatives_alerted / self.negative_messages

    @property
    def decoy_flagged_rate(self) -> float | None:
        return self.decoy_flagged / self.positives if self.positives else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversations": self.conversations,
            "positives": self.positives,
            "detected": self.detected,
            "recall": self.recall,
            "negatives": self.negatives,
            "negatives_alerted": self.negatives_alerted,
            "negative_alert_share": self.negative_alert_share,
            "negative_messages": self.negative_messages,
            "alerts_per_1000_negative_messages": self.alerts_per_1000_negative_messages,
            "decoy_flagged": self.decoy_flagged,
            "decoy_flagged_rate": self.decoy_flagged_rate,
        }


@dataclass(slots=True)
class EvalResult:
    """Every figure of one evaluation. ``to_dict()`` gives plain JSON."""

    pan12: bool  # author unit: distinct ids (True) or (conversation, author) (False)
    authors: Counts  # F0.5 and F1 are the author-level figures
    lines: Counts | None  # PAN12 problem 2 (F3); None when the truth has no line labels
    conversations: Counts  # on ``alert``
    roc_auc: float | None
    pr_auc: float | None  # average precision
    latency: Latency
    totals: SourceStats
    sources: dict[str, SourceStats]
    truth_conversations: int = 0  # every truth record read, labelled or not
    unlabelled: int = 0  # truth records with predators=None: not scored
    line_conversations: int = 0  # conversations with line labels
    line_label_errors: int = 0  # conversations whose predator lines exceed their messages
    scan_rows: int = 0
    missing_rows: int = 0  # truth conversations without a scan row
    unknown_rows: int = 0  # scan rows whose id is not in the truth
    duplicate_rows: int = 0  # scan rows whose id was seen before (the last one counts)
    warnings: list[str] = field(default_factory=list)

    @property
    def author_unit(self) -> str:
        return "author" if self.pan12 else "conversation_author"

    def to_dict(self) -> dict[str, Any]:
        return {
            "pan12": self.pan12,
            "author_unit": self.author_unit,
            "authors": self.authors.to_dict(),
            "lines": self.lines.to_dict() if self.lines is not None else None,
            "conversations": {
                **self.conversations.to_dict(),
                "roc_auc": self.roc_auc,
                "pr_auc": self.pr_auc,
            },
            "latency": self.latency.to_dict(),
            "totals": self.totals.to_dict(),
            "sources": {k: v.to_dict() for k, v in sorted(self.sources.items())},
            "counts": {
                "truth_conversations": self.truth_conversations,
                "unlabelled": self.unlabelled,
                "line_conversations": self.line_conversations,
                "line_label_errors": self.line_label_errors,
                "scan_rows": self.scan_rows,
                "missing_rows": self.missing_rows,
                "unknown_rows": self.unknown_rows,
                "duplicate_rows": self.duplicate_rows,
            },
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------- accumulation


class Evaluator:
    """Streaming accumulator: ``add`` one (truth, scan) pair at a time, then ``result``.

    Holds per conversation only a risk, a label and (for detected positives) a message
    count; with ``pan12=True`` also the sets of flagged authors and of predators.
    """

    def __init__(self, *, pan12: bool = False, early_k: int = EARLY_K, p: float = ESPD_P):
        self.pan12 = pan12
        self.early_k = early_k
        self.p = p
        self.truth_conversations = 0
        self.unlabelled = 0
        self.missing_rows = 0
        self.line_label_errors = 0
        self._author_pairs = Counts()
        self._flagged_ids: set[str] = set()
        self._predator_ids: set[str] = set()
        self._lines: Counts | None = None
        self._line_conversations = 0
        self._labels: list[bool] = []
        self._scores: list[float] = []
        self._ks: list[int] = []
        self._alerts = Counts()
        self.totals = SourceStats()
        self.sources: dict[str, SourceStats] = {}

    def add(
        self,
        truth: TruthRecord | Conversation,
        scan: ScanRecord | ConversationAssessment | Mapping[str, Any] | None,
    ) -> None:
        """Score one truth conversation against its scan row (None: the row is missing)."""
        t = truth if isinstance(truth, TruthRecord) else TruthRecord.from_conversation(truth)
        self.truth_conversations += 1
        if t.predators is None:
            self.unlabelled += 1
            return
        if scan is None:
            self.missing_rows += 1
            s = _missing(t.id)
        else:
            s = ScanRecord.coerce(scan)

        # authors
        units = list(author_units(t, s))
        self._author_pairs += confusion((is_pred, flagged) for _, is_pred, flagged in units)
        self._flagged_ids.update(s.flagged)
        self._predator_ids.update(t.predators)

        # lines
        lc = line_counts(t, s)
        if t.predator_lines and max(t.predator_lines) >= t.n_messages:
            self.line_label_errors += 1  # e.g. the messages were dropped before scoring
        if lc is not None:
            self._lines = lc if self._lines is None else self._lines + lc
            self._line_conversations += 1

        # conversations
        label = t.positive
        self._labels.append(label)
        self._scores.append(s.risk)
        self._alerts += confusion([(label, s.alert)])
        if label:
            k = alert_k(s, t.n_messages)
            if k is not None:
                self._ks.append(k)

        # sources
        self.totals.add(t, s)
        self.sources.setdefault(t.source, SourceStats()).add(t, s)

    def author_counts(self) -> Counts:
        """Author-level counts in the configured unit."""
        if self.pan12:
            return set_counts(self._predator_ids, self._flagged_ids)
        return self._author_pairs

    def latency(self, f1: float) -> Latency:
        n_pos = sum(self._labels)
        ks = self._ks
        speed = espd_speed(ks, self.p)
        return Latency(
            positives=n_pos,
            detected=len(ks),
            median_k=float(statistics.median(ks)) if ks else None,
            speed=speed,
            f_latency=f1 * speed if speed is not None else None,
            within_early=(sum(k <= self.early_k for k in ks) / n_pos) if n_pos else None,
            never_alerted=((n_pos - len(ks)) / n_pos) if n_pos else None,
            early_k=self.early_k,
            p=self.p,
        )

    def result(
        self, *, scan_rows: int = 0, unknown_rows: int = 0, duplicate_rows: int = 0
    ) -> EvalResult:
        warnings: list[str] = []
        if self.missing_rows:
            warnings.append(
                f"{self.missing_rows} truth conversation(s) have no scan row; "
                "counted as no alert, risk 0"
            )
        if unknown_rows:
            warnings.append(f"{unknown_rows} scan row(s) have an id not in the truth; ignored")
        if duplicate_rows:
            warnings.append(f"{duplicate_rows} scan row(s) repeat an id; the last one counts")
        if self.line_label_errors:
            warnings.append(
                f"{self.line_label_errors} conversation(s) have predator lines beyond their "
                "last message; line figures are wrong (were the messages dropped?)"
            )
        if self.unlabelled:
            warnings.append(f"{self.unlabelled} truth conversation(s) are unlabelled; not scored")
        conv = self._alerts
        return EvalResult(
            pan12=self.pan12,
            authors=self.author_counts(),
            lines=self._lines,
            conversations=conv,
            roc_auc=roc_auc(self._labels, self._scores),
            pr_auc=average_precision(self._labels, self._scores),
            latency=self.latency(conv.f1),
            totals=self.totals,
            sources=dict(self.sources),
            truth_conversations=self.truth_conversations,
            unlabelled=self.unlabelled,
            line_conversations=self._line_conversations,
            line_label_errors=self.line_label_errors,
            scan_rows=scan_rows,
            missing_rows=self.missing_rows,
            unknown_rows=unknown_rows,
            duplicate_rows=duplicate_rows,
            warnings=warnings,
        )


def index_scans(
    scans: Iterable[ScanRecord | ConversationAssessment | Mapping[str, Any]],
) -> tuple[dict[str, ScanRecord], int, int]:
    """Reduce scan rows to ``{id: ScanRecord}``; also return (rows read, duplicate ids)."""
    index: dict[str, ScanRecord] = {}
    rows = dups = 0
    for obj in scans:
        rec = ScanRecord.coerce(obj)
        rows += 1
        if rec.id in index:
            dups += 1
        index[rec.id] = rec
    return index, rows, dups


def evaluate(
    truth: Iterable[Conversation | TruthRecord],
    scans: Iterable[ScanRecord | ConversationAssessment | Mapping[str, Any]],
    *,
    pan12: bool = False,
    early_k: int = EARLY_K,
) -> EvalResult:
    """Score a labelled corpus against scan rows or assessments.

    ``scans`` is read first into a small index (no evidence, no text); ``truth`` is then
    streamed once, one conversation at a time.
    """
    index, rows, dups = index_scans(scans)
    ev = Evaluator(pan12=pan12, early_k=early_k)
    seen: set[str] = set()
    for c in truth:
        ev.add(c, index.get(c.id))
        seen.add(c.id)
    unknown = sum(1 for cid in index if cid not in seen)
    return ev.result(scan_rows=rows, unknown_rows=unknown, duplicate_rows=dups)
