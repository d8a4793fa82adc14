"""BM25's term scores regrouped for the FAQ's search (faq/index.py): one posting list per term.

    Postings(models, sizes).scores(terms) -> (per phrasing, per answer)
"""
from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np


class Postings:
    """The BM25 indexes' precomputed term scores (bm25s's), regrouped once per build as one posting
    list per term over every document of both indexes (phrasings, then answers). A question's scores
    are then one bincount over its terms' postings, where bm25s adds each term's postings with its
    own np.add.at: a dozen small numpy calls per question, the costliest part of the search (issue 23).
    A term the question repeats counts again, as it does in bm25s."""

    def __init__(self, models: Sequence[bm25s.BM25], sizes: Sequence[int]) -> None:
        parts: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
        offset = 0
        for model, size in zip(models, sizes, strict=True):
            if size:
                if getattr(model, "nonoccurrence_array", None) is not None:
                    raise ValueError("a BM25 variant with non-occurrence scores is not supported")
                indptr, indices, data = (model.scores[k] for k in ("indptr", "indices", "data"))
                for term, tid in model.vocab_dict.items():
                    if tid + 1 >= len(indptr):  # bm25s's placeholder for the empty token: no postings
                        continue
                    start, end = int(indptr[tid]), int(indptr[tid + 1])
                    if end > start:
                        parts.setdefault(term, []).append((indices[start:end].astype(np.intp) + offset, data[start:end]))
            offset += size
        self._split, self._size = sizes[0], offset
        self._terms = {t: (np.concatenate([p[0] for p in ps]), np.concatenate([p[1] for p in ps]).astype(np.float64))
                       for t, ps in parts.items()}

    def scores(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per phrasing and per answer, the question's BM25 score (float32, as bm25s gives it)."""
        found = [self._terms[t] for t in terms if t in self._terms]
        if not found:
            total = np.zeros(self._size, np.float32)
        else:
            total = np.bincount(np.concatenate([f[0] for f in found]), weights=np.concatenate([f[1] for f in found]),
                                minlength=self._size).astype(np.float32)
        return total[: self._split], total[self._split:]
