"""The dense half of the FAQ's hybrid retrieval: entry vectors and a question's cosine to each entry.

Every title and phrasing has its own unit vector (questions match questions best), and each entry
one more for its title and answer together. A question costs one embedding and one matrix product
over those rows; an entry's score is its best phrasing's cosine plus a small share of its answer's.

Vectors are kept per text in a process-wide cache, so rebuilding the index after a manager edits
one entry (or adds a practitioner's phrasing to it) embeds only that entry's new texts.
"""
from __future__ import annotations

import math
import threading
from collections.abc import Sequence

import numpy as np

from faq.content import RenderedEntry, plain_text
from faq.embedding import StaticEmbedder, embedder
from faq.text import raw_words, readable

# Share of the answer's cosine added to the best phrasing's (as ANSWER_WEIGHT does for BM25).
ANSWER_SHARE = 0.3
# How many nearest titles and phrasings vote for their entries (a confidence feature, issue 22's
# fourth pass): 7 of about 440 rows; the 3 nearest did a little worse on the tuning sets.
VOTE_NEIGHBOURS = 7
_CACHE_LIMIT = 20000
_cache_lock = threading.Lock()
_cache: dict[str, np.ndarray] = {}


def model_text(text: str) -> str:
    """What the model reads: the words as written, text-speak and US forms replaced, abbreviations
    followed by their words (the same on both sides)."""
    return " ".join(filter(None, (readable(w) for w in raw_words(text))))


class DenseScorer:
    def __init__(self, entries: Sequence[RenderedEntry], model: StaticEmbedder | None = None) -> None:
        self.model = model or embedder()
        questions: list[str] = []
        owners: list[int] = []
        for i, entry in enumerate(entries):
            for text in (entry.title, *entry.phrasings):
                questions.append(model_text(text))
                owners.append(i)
        answers = [model_text(e.title + " " + plain_text(e.answer)) for e in entries]
        self.embedded = 0  # texts this build had to embed (the rest came from the cache)
        self._questions = self._vectors(questions)
        self._answers = self._vectors(answers)
        self._owners = np.asarray(owners, dtype=int)
        self._starts = np.flatnonzero(np.r_[True, self._owners[1:] != self._owners[:-1]]) if owners else np.array([], int)
        # One matrix for the one product a question costs: phrasings on top, answers below. Static
        # embeddings share a large common direction (every text is "a bit like" every other), so
        # the entries' mean is taken off both sides: cosines then spread out, off-topic ones lower.
        if len(entries):
            stacked = np.vstack([self._questions, self._answers])
            self._mean = stacked.mean(axis=0)
            self._matrix = _unit(stacked - self._mean)
        else:
            self._mean = np.zeros(self.model.dimensions, np.float32)
            self._matrix = np.zeros((0, self.model.dimensions), np.float32)
        self._split = len(questions)

    def _vectors(self, texts: list[str]) -> np.ndarray:
        with _cache_lock:
            missing = list(dict.fromkeys(t for t in texts if t not in _cache))
        if missing:
            fresh = self.model.embed_many(missing)
            self.embedded += len(missing)
            with _cache_lock:
                if len(_cache) + len(missing) > _CACHE_LIMIT:
                    _cache.clear()
                _cache.update(zip(missing, fresh, strict=False))
                found = {t: _cache[t] for t in texts if t in _cache}
            found.update(zip(missing, fresh, strict=False))
        else:
            with _cache_lock:
                found = {t: _cache[t] for t in texts}
        if not texts:
            return np.zeros((0, self.model.dimensions), np.float32)
        return np.vstack([found[t] for t in texts])

    def scores(self, words: Sequence[str]) -> np.ndarray:
        """Per entry, for a question's (spelling-corrected) raw words: best phrasing cosine plus
        ANSWER_SHARE x answer cosine. One embedding, one matrix product."""
        return self.scores_and_votes(words)[0]

    def scores_and_votes(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The scores above, and per entry the share of the question's VOTE_NEIGHBOURS nearest
        titles and phrasings (over every entry's) that are its own: a neighbour vote, high when
        the question sits among one entry's ways of asking, low when it is merely nearest."""
        if not self._split:
            return np.zeros(0), np.zeros(0)
        vector = _unit_vector(self.model.embed(" ".join(filter(None, (readable(w) for w in words)))) - self._mean)
        cosines: np.ndarray = self._matrix @ vector
        phrasings = cosines[: self._split]
        k = min(VOTE_NEIGHBOURS, self._split)
        nearest = np.argpartition(phrasings, -k)[-k:]  # the k largest, in no particular order
        votes = np.bincount(self._owners[nearest], minlength=len(self._starts)) / k
        return np.maximum.reduceat(phrasings, self._starts) + ANSWER_SHARE * cosines[self._split:], votes


def _unit_vector(x: np.ndarray) -> np.ndarray:
    norm = math.sqrt(float(x @ x))  # one vector: cheaper than np.linalg.norm's general path
    return x / norm if norm > 0 else x


def _unit(x: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.where(norm > 0, norm, 1.0)
