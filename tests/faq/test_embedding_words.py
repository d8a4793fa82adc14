"""A question is embedded word by word from a cache (issue 23): the same vector as the tokenizer's
whole-text path, for the texts the FAQ embeds and for any text Hypothesis makes of words."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from faq import embedding
from faq.content import plain_text
from faq.dense import model_text
from faq.service import current_index


def _by_tokenizer(model: embedding.StaticEmbedder, text: str) -> np.ndarray:
    return model._pool(model.tokenizer.encode(text, add_special_tokens=False).ids)


def test_the_vocabulary_has_no_token_that_joins_two_words():
    # What the word-by-word path rests on: "\u2581" starts a word, and no token has it anywhere but
    # first (runs of it only, for runs of spaces, which the word path never sends).
    vocabulary = embedding.embedder().tokenizer.get_vocab()
    joining = [t for t in vocabulary if "\u2581" in t[1:] and set(t) != {"\u2581"}]
    assert joining == []


def test_every_entry_text_embeds_the_same_word_by_word():
    model = embedding.embedder()
    texts = [model_text(t) for e in current_index().entries for t in (e.title, *e.phrasings, plain_text(e.answer))]
    assert len(texts) > 100
    for text in texts:
        assert " " in text
        np.testing.assert_allclose(model.embed(text), _by_tokenizer(model, text), atol=2e-6)


_word = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Z", "Cc")), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_word, min_size=1, max_size=8))
def test_any_words_embed_as_the_tokenizer_embeds_them(words):
    model = embedding.embedder()
    text = " ".join(words)
    np.testing.assert_allclose(model.embed(text), _by_tokenizer(model, text), atol=2e-6)


def test_a_repeated_word_is_read_from_the_cache_not_the_tokenizer():
    model = embedding.StaticEmbedder()
    model.embed("referral waiting time")
    before = model._word_vector.cache_info()
    model.embed("waiting time for a referral")
    after = model._word_vector.cache_info()
    assert after.hits - before.hits == 3 and after.misses - before.misses == 2


def test_texts_with_doubled_spaces_or_special_marks_take_the_tokenizer_path():
    model = embedding.StaticEmbedder()
    for text in ("two  spaces", " leading", "a <s> mark", ""):
        np.testing.assert_allclose(model.embed(text), _by_tokenizer(model, text), atol=2e-6)
    assert model._word_vector.cache_info().currsize == 0
