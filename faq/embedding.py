"""Sentence vectors from a static embedding model shipped inside a PyPI package (wordllama).

A static model is a table of token vectors: a sentence's vector is the mean of its tokens'
vectors, so embedding a question is one tokenizer call and one table look-up, well under a
millisecond, with no GPU and no torch. The weights (256 dimensions) and the tokenizer come from
the installed wheel itself; nothing is ever downloaded.

We read the two packaged files directly rather than through `wordllama.WordLlama.load`:
- its loader looks for the packaged tokenizer in `wordllama/tokenizer/` while the wheel ships it in
  `wordllama/tokenizers/`, then falls back to a download from the Hugging Face hub;
- importing `wordllama` calls `logging.basicConfig(level=INFO)`, which would change the app's
  logging. `importlib.util.find_spec` finds the package folder without importing it.
"""
from __future__ import annotations

import importlib.util
import math
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

PACKAGE = "wordllama"
WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
DIMENSIONS = 256
# Distinct words whose summed token vectors are kept (1 KB each): practitioners' questions reuse a
# few thousand words, so nearly every question is embedded from this cache, not by the tokenizer.
WORD_CACHE = 8192


class ModelMissing(RuntimeError):
    """The embedding package is not installed (or its files are missing): install the project."""


def package_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(f"the {PACKAGE} package is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations)))


class StaticEmbedder:
    """Mean-pooled, unit-length sentence vectors from the packaged token table."""

    def __init__(self, folder: Path | None = None) -> None:
        # Belt and braces: nothing below downloads, and these make sure a library that might
        # consult the hub (tokenizers' from_pretrained) would refuse instead.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from safetensors import safe_open
        from tokenizers import Tokenizer

        folder = folder or package_dir()
        weights, tokenizer = folder / WEIGHTS, folder / TOKENIZER
        for path in (weights, tokenizer):
            if not path.is_file():
                raise ModelMissing(f"{path} is missing from the installed {PACKAGE} package")
        with safe_open(str(weights), framework="np", device="cpu") as f:
            table = f.get_tensor("embedding.weight")
        self.table = np.ascontiguousarray(table, dtype=np.float32)
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        if self.tokenizer.get_vocab_size() > len(self.table):  # every token id must have a row
            raise ModelMissing(f"{tokenizer} has more tokens than {weights} has vectors")
        self.dimensions = self.table.shape[1]
        self._word_vector = lru_cache(maxsize=WORD_CACHE)(self._word_vector_uncached)

    def _pool(self, ids: list[int]) -> np.ndarray:
        if not ids:
            return np.zeros(self.dimensions, np.float32)
        # The sum, not the mean: the vector is scaled to unit length next, so the count cancels.
        # Few numpy calls, each on arrays this small, is what a question's embedding costs (issue 23).
        vector: np.ndarray = self.table[np.asarray(ids, np.intp)].sum(axis=0)
        norm = math.sqrt(float(vector @ vector))
        return vector / norm if norm > 0 else vector

    def embed(self, text: str) -> np.ndarray:
        """One unit vector (zeros for a text with no tokens)."""
        pieces = text.split(" ")
        if "" in pieces or "<" in text:  # doubled spaces, or what may be a special token: the tokenizer's own way
            return self._pool(self.tokenizer.encode(text, add_special_tokens=False).ids)
        return self.embed_words(pieces)

    def embed_words(self, words: Sequence[str]) -> np.ndarray:
        """embed(" ".join(words)) for words without spaces, each word's tokens' sum read from a cache.

        Exact (to float rounding) because the tokenizer has no pre-tokenizer and its only normalising
        marks each word's start with "▁", a mark no token of its vocabulary carries after its
        first character: no BPE merge can join two words, so a text's tokens are its words' tokens
        in order (tests/faq/test_embedding_words.py checks this against the tokenizer). Per question this
        saves the tokenizer's call and the gather from the 32 MB table, which cost more than the
        rest of the dense score in a server, where neither stays in the CPU's caches (issue 23)."""
        if not words:
            return np.zeros(self.dimensions, np.float32)
        vector: np.ndarray = np.add.reduce([self._word_vector(w) for w in words])
        norm = math.sqrt(float(vector @ vector))
        return vector / norm if norm > 0 else vector

    def _word_vector_uncached(self, word: str) -> np.ndarray:
        ids = self.tokenizer.encode(word, add_special_tokens=False).ids
        vector = self.table[np.asarray(ids, np.intp)].sum(axis=0) if ids else np.zeros(self.dimensions, np.float32)
        vector.flags.writeable = False  # shared by every question that uses the word
        return vector

    def embed_many(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), np.float32)
        encoded = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        return np.vstack([self._pool(e.ids) for e in encoded]).astype(np.float32)


_lock = threading.Lock()
_model: dict[str, StaticEmbedder] = {}


def embedder() -> StaticEmbedder:
    """The process's one embedder (16 MB of weights, loaded on first use)."""
    with _lock:
        if "model" not in _model:
            _model["model"] = StaticEmbedder()
        return _model["model"]
