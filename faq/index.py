"""The answer engine: hybrid retrieval, BM25 (bm25s) over titles, phrasings and answers plus a
dense score from a static embedding model (faq/dense.py), spelling tolerance (rapidfuzz against
the entries' words, for words that are not English), and a calibrated confidence, from features of
both scores, that decides whether to answer at all.

Pure and in-memory: built once from rendered entries, then each `search()` is a few vector
operations and one embedding (well under a millisecond for a few hundred phrasings).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from faq.content import RenderedEntry, plain_text
from faq.dense import DenseScorer
from faq.embedding import StaticEmbedder
from faq.postings import Postings
from faq.text import ACTIONS, asked_action, is_known_form, raw_words, stem, stemmed_terms

# Weight of the answer text against the titles and phrasings (questions match questions best).
ANSWER_WEIGHT = 0.35
# The hybrid score: BM25 and the dense score, each as a share of its own best, the dense one with
# this weight (swept on the tuning set: 0.3-0.7 rank the same, 0.5 best on it).
DENSE_WEIGHT = 0.5
# Logistic calibration fitted by benchmarks/faq_calibrate.py on benchmarks/data/faq-rephrasings.jsonl
# and faq-rephrasings-more.jsonl (382 of our own realistic questions, not the dev list):
# confidence = sigmoid(b + w·features). Re-fitted in issue 22's fourth pass with two more features,
# the phrasing-neighbour vote and whether the dense half alone ranks the entry first: 10-fold
# cross-validated on the 382, 262/292 in scope right with 9 wrong at 0.75 (260 and 8 without them),
# 236 with 2 at 0.9 (230 with 4); in-sample no worse on either tuning file (see docs/benchmarks.md).
# Re-fitted in the fifth pass after 172 more phrasings (same features): cross-validated 265/292 with
# 8 wrong at 0.75, 254 with 3 at 0.85, 243 with 2 at 0.9 (264/8, 246/4, 237/2 before them).
CALIBRATION = {"bias": -5.52, "coverage": 3.13, "overlap": 0.64, "margin": 0.6, "strength": 2.19, "unknown": -1.61,
               "length": -0.74, "dense": 1.8, "dense_margin": 0.26, "bm25_margin": 0.33, "agree": 0.12,
               "vote": 1.03, "dense_first": 1.12}
# An entry that never mentions an action the question asks for ("book", "cancel", "refer", "become")
# keeps this share of its score: it may still be right, but a rival that does mention it wins.
ACTION_PENALTY = 0.5
# The best few by BM25 are re-ranked by how much of the question (IDF-weighted) each entry covers:
# BM25 takes the best single phrasing, so "why cant perinatal mental health refer yet" went to the
# entry with a phrasing on perinatal mental health, though only the phasing entry says "why ... yet".
# An entry keeps COVERAGE_FLOOR of its score plus the rest in proportion to its coverage.
SHORTLIST = 8
COVERAGE_FLOOR = 0.5
# Below this confidence the engine declines and the caller offers a consultation. Chosen on the
# tuning set from cross-validated confidences (benchmarks/faq_calibrate.py, 10 folds): 0.7 -> 160/169
# in scope right and 4 wrong answers, 0.75 -> 158/169 and 2 wrong, 0.8 -> 153/169 and 2 wrong.
# Kept in the fourth pass (on all 382, cross-validated: 0.75 -> 264/292 and 8 wrong, 0.9 -> 237 and
# 2): a higher bar would trade about 25 answers on the tuning sets for 6 fewer wrong ones.
THRESHOLD = 0.75
# The "did you mean" band (issue 22, fourth pass): from this confidence up to THRESHOLD the engine
# still declines (the caller still offers a consultation), but offers its top entry by name, first
# among the suggestions, rather than listing it among "might be close" links. Chosen on the tuning
# sets from cross-validated confidences (benchmarks/faq_calibrate.py prints the band's sweep).
OFFER_THRESHOLD = 0.4
# Decline when the runner-up scores within this fraction of the top and shares no tag with it
# (Rasa's ambiguity rule: two unrelated answers are equally plausible, so ask a person).
AMBIGUITY_MARGIN = 0.08
# A candidate is worth suggesting when it scores at least this share of the top score.
SUGGESTION_FLOOR = 0.45
# ...and has at least this confidence: below it a "might be close" link is noise.
SUGGESTION_MIN_CONFIDENCE = 0.15
MAX_SUGGESTIONS = 3
# Words this long may be two edits from the entry word they mean; shorter ones only one.
LONG_WORD = 7


@dataclass(frozen=True)
class Candidate:
    entry: RenderedEntry
    raw: float
    confidence: float


@dataclass(frozen=True)
class Match:
    """What the index thinks of a question; the service turns it into an Answer."""

    best: Candidate | None
    answered: bool
    reason: str  # answered | low_confidence | ambiguous | no_match
    suggestions: tuple[Candidate, ...]
    features: dict[str, float]
    corrected: dict[str, str]
    # Declined, but the best entry is confident enough to offer ("did you mean ...?"); never when
    # answered, ambiguous (two unrelated entries alike: a person decides) or nothing matched.
    offered: bool = False


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def confidence(features: dict[str, float]) -> float:
    z = CALIBRATION["bias"] + sum(weight * features[name] for name, weight in CALIBRATION.items() if name != "bias")
    return _sigmoid(z)


class FaqIndex:
    def __init__(self, entries: Sequence[RenderedEntry], model: StaticEmbedder | None = None) -> None:
        self.entries = list(entries)
        self._dense = DenseScorer(self.entries, model)
        question_docs: list[list[str]] = []
        owners: list[int] = []
        self.vocabulary: set[str] = set()
        entry_terms: list[set[str]] = []
        answer_docs: list[list[str]] = []
        self._action_support: dict[str, np.ndarray] = {a: np.zeros(len(self.entries), bool) for a in set(ACTIONS.values())}
        for i, entry in enumerate(self.entries):
            for word in raw_words(" ".join((entry.title, *entry.phrasings, entry.answer))):
                if word in ACTIONS:
                    self._action_support[ACTIONS[word]][i] = True
            texts = (entry.title, *entry.phrasings)
            for text in texts:
                question_docs.append(self._index_terms(text))
                owners.append(i)
            answer_terms = self._index_terms(entry.title + " " + plain_text(entry.answer))
            entry_terms.append(set(answer_terms).union(*map(set, question_docs[-len(texts):])))
            answer_docs.append(answer_terms)
        self._owners = np.asarray(owners)
        self._starts = np.flatnonzero(np.r_[True, self._owners[1:] != self._owners[:-1]]) if owners else np.array([], int)
        self._question_sets = [set(d) for d in question_docs]
        self._question_sizes = [len(d) for d in self._question_sets]
        self._questions = bm25s.BM25()
        self._answers = bm25s.BM25()
        if self.entries:
            self._questions.index(question_docs, show_progress=False)
            self._answers.index(answer_docs, show_progress=False)
        self._postings = Postings((self._questions, self._answers), (len(question_docs), len(answer_docs)))
        self._no_misses = np.zeros(len(self.entries))
        self._no_misses.flags.writeable = False
        # Entry-level inverse document frequency, for how much of a question an entry covers.
        n = max(len(self.entries), 1)
        df: dict[str, int] = {}
        for terms_ in entry_terms:
            for t in terms_:
                df[t] = df.get(t, 0) + 1
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        # Which entries use each term, one row per term: a question's coverage of every entry is then
        # one product over its terms' rows, not a loop per shortlisted entry (issue 23).
        # Its keys are also every term some entry uses, which the spelling check reads (_query).
        self._term_rows = {t: row for row, t in enumerate(df)}
        self._uses = np.zeros((len(df), len(self.entries)))
        for i, terms_ in enumerate(entry_terms):
            self._uses[[self._term_rows[t] for t in terms_], i] = 1.0
        self._uses.flags.writeable = False
        self._unknown_idf = math.log(1 + (n + 0.5) / 0.5)
        self._vocab_by_initial: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            self._vocab_by_initial.setdefault(word[0], []).append(word)
        self._correct = lru_cache(maxsize=4096)(self._correct_uncached)

    def _index_terms(self, text: str) -> list[str]:
        words = raw_words(text)
        self.vocabulary.update(w for w in words if w.isalpha())
        return [t for w in words for t in stemmed_terms(w)]

    # --- query side ------------------------------------------------------------------------
    def _correct_uncached(self, word: str) -> str | None:
        # Typos rarely touch the first letter, and short words have too many neighbours:
        # without these limits "weather" became "father" and "test" became "best".
        limit = 1 if len(word) < LONG_WORD else 2
        pool = self._vocab_by_initial.get(word[0], ())
        found = process.extractOne(word, pool, scorer=OSA.distance, score_cutoff=limit)
        return found[0] if found else None

    def query_terms(self, question: str) -> tuple[list[str], dict[str, str]]:
        """Terms of a question, with misspelt words corrected against the entries' vocabulary."""
        return self._query(question)[:2]

    @property
    def embedded(self) -> int:
        """How many texts this build had to embed (unchanged entries come from the cache)."""
        return self._dense.embedded

    def _query(self, question: str) -> tuple[list[str], dict[str, str], frozenset[str], list[str]]:
        out: list[str] = []
        words: list[str] = []
        corrected: dict[str, str] = {}
        wanted: set[str] = set()
        for word in raw_words(question):
            if (len(word) >= 5 and word.isalpha() and word not in self.vocabulary and not is_known_form(word)
                    and stem(word) not in self._term_rows):
                fixed = self._correct(word)
                if fixed:
                    corrected[word] = fixed
                    word = fixed
            if action := asked_action(word):
                wanted.add(action)
            words.append(word)
            out.extend(stemmed_terms(word))  # cached per word: the same few hundred words recur
        return out, corrected, frozenset(wanted), words

    def _action_misses(self, wanted: frozenset[str]) -> np.ndarray:
        """Per entry, the share of the question's actions the entry never mentions."""
        if not wanted:
            return self._no_misses
        misses = np.zeros(len(self.entries))
        for action in wanted:
            misses += ~self._action_support[action]
        return misses / max(len(wanted), 1)

    def _penalised(self, scores: np.ndarray, action_misses: np.ndarray) -> np.ndarray:
        """Scores lowered for the entries that never mention what the asker wants to do; as they are
        when the question asks for no action (most do: no arithmetic then)."""
        if action_misses is self._no_misses:
            return scores
        return scores * (1 - (1 - ACTION_PENALTY) * action_misses)

    def _question_weight(self, query: set[str]) -> float:
        return sum(self._idf.get(t, self._unknown_idf) for t in query) or 1.0

    def _coverages(self, query: set[str], corrected_terms: set[str]) -> np.ndarray:
        """Per entry, the share of the question's weight (IDF) that the entry's words cover."""
        known = [t for t in query if t in self._term_rows]
        if not known:
            return np.zeros(len(self.entries))
        # A corrected word counts a little less: the correction may be wrong.
        weights = np.array([self._idf[t] * (0.8 if t in corrected_terms else 1.0) for t in known])
        matched: np.ndarray = weights @ self._uses[[self._term_rows[t] for t in known]]
        return matched / self._question_weight(query)

    def _overlap(self, i: int, query: set[str]) -> float:
        """The best Jaccard overlap of the question's terms with one of the entry's phrasings (the
        union's size from the intersection's: one set built per phrasing, not two)."""
        first = int(self._starts[i])
        last = int(self._starts[i + 1]) if i + 1 < len(self._starts) else len(self._owners)
        size, best = len(query), 0.0
        for d, d_size in zip(self._question_sets[first:last], self._question_sizes[first:last], strict=True):
            if d_size:
                shared = len(query & d)
                best = max(best, shared / (size + d_size - shared))
        return best

    def _features(self, i: int, query: set[str], coverage: float, scores: _Scores, unknown: float) -> dict[str, float]:
        overlap = self._overlap(i, query)
        bm25, dense = scores.bm25, scores.dense
        own_bm25 = bm25[i]
        return {"coverage": coverage, "overlap": overlap, "margin": scores.fused_top.margin(scores.fused[i]),
                "strength": math.log1p(own_bm25), "unknown": unknown,
                # Long, rambling questions cover less of themselves with any one entry; let the fit know.
                "length": math.log(len(query)),
                # The meaning side: how close the question is to the entry's best phrasing, how far
                # ahead of the next entry, and whether both rankings put this entry first.
                "dense": dense[i], "dense_margin": scores.dense_top.gap(dense[i]),
                "bm25_margin": scores.bm25_top.margin(own_bm25),
                "agree": float(i == scores.bm25_top.first and i == scores.dense_top.first),
                # Issue 22, fourth pass: the phrasing-neighbour vote, and whether the dense half
                # alone ranks this entry first (the hybrid may have lifted it from lower down).
                "vote": scores.votes[i], "dense_first": float(i == scores.dense_top.first)}

    def _bm25(self, terms: list[str], query: set[str], corrected: dict[str, str],
              action_misses: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """BM25 per entry (best phrasing + a share of the answer), action rule, coverage re-ranking;
        and every entry's coverage of the question."""
        q_scores, a_scores = self._postings.scores(terms)
        raw = np.maximum.reduceat(q_scores, self._starts) + ANSWER_WEIGHT * a_scores
        raw = self._penalised(raw, action_misses)
        corrected_terms = {t for w in corrected.values() for t in stemmed_terms(w)}
        coverage = self._coverages(query, corrected_terms)
        score = raw * COVERAGE_FLOOR
        if raw.max(initial=0.0) > 0:
            shortlist = np.argsort(-raw, kind="stable")[:SHORTLIST]
            # The factor in float32, as raw is: the same rounding as scaling each entry's score alone.
            score[shortlist] = raw[shortlist] * (COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * coverage[shortlist]).astype(raw.dtype)
        return score, coverage

    def _score(self, question: str) -> tuple[
            tuple[set[str], np.ndarray, np.ndarray, _Scores] | None, dict[str, str]]:
        """Both halves' scores for every entry, or None when nothing in the question is searchable."""
        terms, corrected, wanted, words = self._query(question)
        query = set(terms)
        if not self.entries or not query:
            return None, corrected
        action_misses = self._action_misses(wanted)
        bm25, coverage = self._bm25(terms, query, corrected, action_misses)
        dense, votes = self._dense.scores_and_votes(words)
        # Each array once as Python floats (exactly their values): the candidates' features read
        # them entry by entry, where indexing a numpy array costs a scalar object each time.
        bm25_values, dense_values = bm25.tolist(), dense.tolist()
        top_bm25, top_dense = max(bm25_values), max(dense_values)
        if top_bm25 <= 0 and top_dense <= 0:
            return None, corrected
        # Each half as a share of its own best, so neither scale dominates; the dense half obeys the
        # action rule too (a question to book must not be answered by the cancel entry's meaning).
        # np.maximum, not np.clip: the same values, without clip's few microseconds of dispatch.
        dense_share = np.maximum(dense, 0.0) / top_dense if top_dense > 0 else np.zeros_like(dense)
        fused = (bm25 / top_bm25 if top_bm25 > 0 else 0.0) + DENSE_WEIGHT * self._penalised(dense_share, action_misses)
        return (query, action_misses, coverage, _Scores.of(bm25_values, dense_values, fused, votes.tolist())), corrected

    def closest(self, question: str, limit: int = 3) -> list[RenderedEntry]:
        """The entries nearest a question by the hybrid score, however unsure (for the manager)."""
        scored, _ = self._score(question)
        if scored is None:
            return []
        fused = scored[-1].fused_array
        return [self.entries[i] for i in np.argsort(-fused, kind="stable")[:limit] if fused[i] > 0]

    def search(self, question: str) -> Match:
        scored, corrected = self._score(question)
        if scored is None:
            return Match(None, False, "no_match", (), {}, corrected)
        query, action_misses, coverage, scores = scored
        fused = scores.fused
        order: list[int] = np.argsort(-scores.fused_array, kind="stable")[: MAX_SUGGESTIONS + 2].tolist()
        # In float32, as the scores are: the same rounding as comparing with the array's own values.
        floor = float(SUGGESTION_FLOOR * scores.fused_array[order[0]])
        # Words no entry uses at all ("printer", "canteen") are the surest sign of an off-topic question.
        unknown = sum(1 for t in query if t not in self._idf) / len(query)
        candidates = []
        for i in order:
            if fused[i] <= 0 or fused[i] < floor:
                break
            feats = self._features(i, query, float(coverage[i]), scores, unknown)
            # Not a calibration feature (too rare in our set to be learnt): an entry that never
            # mentions what the asker wants to do cannot answer them, however well the rest matches.
            conf = confidence(feats) * (1 - float(action_misses[i]))
            candidates.append((Candidate(self.entries[i], fused[i], conf), feats))
        best, features = candidates[0]
        ambiguous = (
            len(candidates) > 1
            and candidates[1][0].raw >= (1 - AMBIGUITY_MARGIN) * best.raw
            and not set(best.entry.tags) & set(candidates[1][0].entry.tags)
        )
        answered = best.confidence >= THRESHOLD and not ambiguous
        reason = "answered" if answered else ("ambiguous" if ambiguous and best.confidence >= THRESHOLD else "low_confidence")
        others = [c for c, _ in candidates[1:] if c.confidence >= SUGGESTION_MIN_CONFIDENCE]
        offered = not answered and not ambiguous and best.confidence >= OFFER_THRESHOLD
        return Match(best, answered, reason, tuple(others[:MAX_SUGGESTIONS]), features, corrected, offered)


@dataclass(frozen=True)
class _Top:
    """An array's best two values and where the best is, found once per question: each
    candidate's margins are read from them rather than by partitioning the array again."""

    first: int  # where the best value is (the first such, as np.argmax)
    best: float
    second: float  # the second-best value (equal to `best` on a tie)
    alone: bool  # fewer than two entries: nobody else to be ahead of

    @staticmethod
    def of(values: list[float]) -> _Top:
        if len(values) < 2:
            return _Top(0, max([*values, 0.0]), 0.0, alone=True)
        # In Python over the list: for the few dozen entries, cheaper than np.partition and np.argmax.
        rest = list(values)
        best = max(rest)
        first = rest.index(best)  # the first such, as np.argmax
        rest[first] = -math.inf
        return _Top(first, best, max(rest), alone=False)

    def best_other(self, own: float) -> float:
        """The best value among the other entries, for an entry that scores `own`."""
        if self.alone:
            return 0.0
        return self.best if own < self.best else self.second

    def margin(self, own: float) -> float:
        """How far an entry scoring `own` is ahead of the best other, as a share of its own score (-1..1)."""
        if own <= 0:
            return -1.0
        return max(-1.0, (own - self.best_other(own)) / own)

    def gap(self, own: float) -> float:
        """An entry's score minus the best other entry's (for cosines, already on one scale)."""
        return own - self.best_other(own)


@dataclass(frozen=True)
class _Scores:
    """Per entry, as Python floats (the arrays' exact values): each half's score, the fused score
    (also kept as the array, for ranking) and the neighbour vote; and each score's best two."""

    bm25: list[float]
    dense: list[float]
    fused: list[float]
    fused_array: np.ndarray
    votes: list[float]  # per entry, its share of the question's nearest phrasings (faq.dense)
    bm25_top: _Top
    dense_top: _Top
    fused_top: _Top

    @staticmethod
    def of(bm25: list[float], dense: list[float], fused: np.ndarray, votes: list[float]) -> _Scores:
        fused_values = fused.tolist()
        return _Scores(bm25, dense, fused_values, fused, votes, _Top.of(bm25), _Top.of(dense), _Top.of(fused_values))
