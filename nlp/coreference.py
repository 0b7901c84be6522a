"""Which entities of one document name the same thing: a learned pairwise decision.

Recognisers find a thing under several names, and the id each name resolves to differs: a
company as "Acme Bio", "Acme Bio, Inc." and "Acme"; a trial as "ORION-2" and, in parentheses,
its registry number; a drug by its INN, its code ("ABC-123") and its clipped short name
("zelca-cel" for "zelcabtagene autoleucel"); an agency spelled out and by its initials. Each
such pair left apart is a wrong entity and splits the relations between two nodes.

For every pair of same-type entities of a document, `pair_features` describes how their names
and mentions relate (shared normalised form, one name a word prefix or suffix of the other,
initials, a clipped compound, a code-shaped name, the text between two mentions being an
opening parenthesis or "also known as", sentence distance, distinct ontology ids), and a
model of boosted trees (`CoreferenceModel`, learned from the annotation corpus by
`nlp/training/coreference.py`) gives the probability that they are one entity. Pairs are
joined best first; two clusters join only when every pair across them clears a lower bar, so
one likely pair cannot chain unrelated names together.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy

# Shipped next to a trained model's weights (nlp/models/therapy/).
COREFERENCE_FILE = "coreference.json"
TYPES = ("GENE", "DISEASE", "DRUG", "CELL_TYPE", "ORGANIZATION", "PERSON", "OUTCOME", "TRIAL")
# Features that matter differently by type get one copy per type (a shared prefix makes two
# company names one company, not two diseases one disease).
_BY_TYPE = (
    "norm_equal", "word_prefix", "word_suffix", "initials", "parenthesis", "code_pair",
    "words_differ",
)  # fmt: skip
FEATURES = (
    "bias",
    *(f"type_{t}" for t in TYPES),
    "norm_equal", "word_prefix", "word_suffix", "word_subset", "words_differ", "word_jaccard",
    "trigram_cosine",
    "first_word_equal", "initials", "clipped_compound", "code_pair", "one_code",
    "parenthesis", "alias_words", "comma_between", "same_sentence", "sentence_gap",
    "distinct_ids", "one_linked", "rivals", "mentions_min", "mentions_max", "length_ratio",
    *(f"{name}_{t}" for name in _BY_TYPE for t in TYPES),
)  # fmt: skip

_DASH = re.compile(r"[\-\u2010-\u2015\u2212\u00ad_/]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_MINOR = frozenset({"of", "and", "the", "for", "in", "on", "to", "with", "a", "an", "&"})
# A code name: letters then digits, or digits inside a hyphenated token (ABC-123, NCT01234567).
_CODE = re.compile(r"^(?=.*\d)[A-Za-z]{1,8}[-\s]?\d[\w.\-]*$")
# Words between two mentions that say the second names the first.
# Also across a description of the first ("zoretinib, a MEK inhibitor known internally as
# HB-771") -- but a bare "or" only right after it ("X, an EGFR inhibitor, or Y" is two drugs).
_ALIAS_WORDS = re.compile(
    r"^\W*(?:(?:(?:an?|the)\s+(?:[\w/-]+\s+){0,5}?)?"
    r"(?:also\s+(?:known\s+as|called|named|referred\s+to\s+as)"
    r"|(?:known|referred\s+to)(?:\s+internally)?\s+as|(?:internally\s+)?code[- ]?named"
    r"|(?:internally\s+)?(?:called|dubbed|designated)"
    r"|formerly(?:\s+known\s+as)?|previously(?:\s+known\s+as)?)|i\.e\.|or)\W*$",
    re.IGNORECASE,
)
# The second mention opens a parenthesis after the first, or follows another name inside it:
# "ORION-2 (NCT01234567)", "(ABC-123; NCT01234567)".
_PARENTHESIS = re.compile(r"^\s*[(\[]\s*(?:[^()\[\]]{0,40}[;,]\s*)?$")
_MAX_GAP = 60
_HYPHEN = re.compile(r"[-\u2010\u2011]")


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words_of(name: str) -> tuple[str, ...]:
    """A name's words, case-folded, with dashes as spaces, possessives, edge punctuation and
    plural endings removed: "Acme Bio, Inc." -> ("acme", "bio", "inc")."""
    form = unicodedata.normalize("NFKC", name).translate(_QUOTES).casefold()
    form = re.sub(r"'s\b", "", form)
    form = _DASH.sub(" ", form)
    words = (_singular(w.strip(" .,;:!?()[]{}\"'*")) for w in form.split())
    return tuple(w for w in words if w)


def _trigrams(name: str) -> dict[str, int]:
    padded = f"  {' '.join(words_of(name))} "
    grams: dict[str, int] = {}
    for i in range(len(padded) - 2):
        gram = padded[i : i + 3]
        grams[gram] = grams.get(gram, 0) + 1
    return grams


def _cosine(a: tuple[dict[str, int], float], b: tuple[dict[str, int], float]) -> float:
    (ga, na), (gb, nb) = (a, b) if len(a[0]) <= len(b[0]) else (b, a)
    if not na or not nb:
        return 0.0
    return sum(v * gb.get(k, 0) for k, v in ga.items()) / (na * nb)


def _initials_match(short: str, long_words: Sequence[str]) -> bool:
    """Whether `short` (one token, mostly capitals) is spelled by word-initial letters of
    `long_words` in order, each letter the start of a word or of a later letter run of the
    same word ("FDA" in "U.S. Food and Drug Administration"; "CHMP" is not in order)."""
    letters = [c for c in short.casefold() if c.isalnum()]
    content = [w for w in long_words if w not in _MINOR]
    if len(letters) < 2 or len(content) < 2 or len(letters) > len(content) + 2:
        return False
    last = len(content) - 1
    memo: dict[tuple[int, int, int], bool] = {}

    def match(i: int, w: int, c: int) -> bool:
        """letters[i:] from word w, at character c of it (c > 0: later letters of the word
        the previous letter opened, as in "HbA1c"); the last letter must fall in the last
        word, so the initials cover the whole name."""
        if w > last:
            return False
        key = (i, w, c)
        if key not in memo:
            word = content[w]
            spots = [0] if c == 0 else range(c, len(word))
            memo[key] = any(
                word[j : j + 1] == letters[i]
                and (
                    w == last
                    if i == len(letters) - 1
                    else match(i + 1, w + 1, 0) or match(i + 1, w, j + 1)
                )
                for j in spots
            )
        return memo[key]

    # The name may open with a word the initials skip ("U.S. Food and Drug Administration").
    return match(0, 0, 0) or match(0, 1, 0)


def _acronym_shaped(text: str) -> bool:
    core = re.sub(r"[^A-Za-z0-9]", "", text)
    return 2 <= len(core) <= 8 and " " not in text.strip() and sum(c.isupper() for c in core) >= 2


def _clipped(short: str, long_words: Sequence[str]) -> bool:
    """ "brexu-cel" of "brexucabtagene autoleucel": a hyphenated short form whose first part
    begins the long name's first word and whose last part ends its last word."""
    if not _HYPHEN.search(short):
        return False
    parts = [p for p in _HYPHEN.split(short.casefold()) if p]
    if len(parts) != 2 or len(long_words) < 1 or " " in short.strip():
        return False
    head, tail = parts
    return (
        len(head) >= 3
        and long_words[0].startswith(head)
        and long_words[0] != head
        and long_words[-1].endswith(tail)
    )


def clipped_form(a: str, b: str) -> bool:
    """Whether one name is the other's clipped short form ("rivo-cel", "rivocabtagene
    autoleucel")."""
    return _clipped(a, words_of(b)) or _clipped(b, words_of(a))


def acronym_or_code(text: str) -> bool:
    """Whether a mention is initials ("FDA") or a code name ("ABC-123", "NCT01234567"): a
    name to list as an alias, not to name the entity by."""
    return _acronym_shaped(text) or bool(_CODE.match(text.strip()))


@dataclass
class Candidate:
    """One entity of a document as the coreference step sees it: its type, the texts and
    offsets of its mentions (start, end, sentence index), and its ontology id if linked."""

    key: str
    type: str
    mentions: list[tuple[str, int, int, int]] = field(default_factory=list)
    curie: str | None = None

    @cached_property
    def texts(self) -> list[str]:
        return sorted({m[0] for m in self.mentions})

    @cached_property
    def words(self) -> list[tuple[str, ...]]:
        return sorted({w for w in map(words_of, self.texts) if w})

    @cached_property
    def trigrams(self) -> list[tuple[dict[str, int], float]]:
        """Each name's letter trigrams with their vector's norm."""
        grams = [_trigrams(t) for t in self.texts]
        return [(g, math.sqrt(sum(v * v for v in g.values()))) for g in grams]

    @cached_property
    def sentences(self) -> list[int]:
        return sorted({m[3] for m in self.mentions})


def _gaps(a: Candidate, b: Candidate, text: str) -> list[str]:
    """The texts between a mention of one and a following mention of the other (close ones)."""
    found = []
    for first, second in ((a, b), (b, a)):
        for _t, _s, end, _ in first.mentions:
            for _t2, start, _e, _ in second.mentions:
                if 0 <= start - end <= _MAX_GAP:
                    found.append(text[end:start])
    return found


def pair_features(a: Candidate, b: Candidate, text: str, rivals: int) -> numpy.ndarray:
    """The features (`FEATURES`) of two same-type entities of one document; `rivals` is how
    many other entities of that type the document has."""
    x = dict.fromkeys(FEATURES, 0.0)
    x["bias"] = 1.0
    x[f"type_{a.type}"] = 1.0
    aw, bw = a.words, b.words
    pairs = [(u, v) for u in aw for v in bw]
    x["norm_equal"] = float(any(u == v for u, v in pairs))
    x["word_prefix"] = float(
        any(u != v and (v[: len(u)] == u or u[: len(v)] == v) for u, v in pairs)
    )
    x["word_suffix"] = float(
        any(u != v and (v[-len(u) :] == u or u[-len(v) :] == v) for u, v in pairs)
    )
    x["word_subset"] = float(
        any(u != v and (set(u) <= set(v) or set(v) <= set(u)) for u, v in pairs)
    )
    # Names that share a word but each have one the other lacks ("lung cancer", "breast
    # cancer"; two INNs with one stem word) are mostly two things.
    x["words_differ"] = float(
        not x["norm_equal"]
        and not x["word_subset"]
        and any(set(u) & set(v) and set(u) - set(v) and set(v) - set(u) for u, v in pairs)
    )
    x["word_jaccard"] = max(
        (len(set(u) & set(v)) / len(set(u) | set(v)) for u, v in pairs), default=0.0
    )
    x["trigram_cosine"] = max((_cosine(u, v) for u in a.trigrams for v in b.trigrams), default=0.0)
    x["first_word_equal"] = float(any(u[0] == v[0] for u, v in pairs))
    x["initials"] = float(
        any(_acronym_shaped(s) and _initials_match(s, v) for s in a.texts for v in bw)
        or any(_acronym_shaped(s) and _initials_match(s, u) for s in b.texts for u in aw)
    )
    x["clipped_compound"] = float(
        any(_clipped(s, v) for s in a.texts for v in bw)
        or any(_clipped(s, u) for s in b.texts for u in aw)
    )
    a_code = any(_CODE.match(t) for t in a.texts)
    b_code = any(_CODE.match(t) for t in b.texts)
    x["code_pair"] = float(a_code and b_code)
    x["one_code"] = float(a_code != b_code)
    gaps = _gaps(a, b, text)
    x["parenthesis"] = float(any(_PARENTHESIS.match(g) for g in gaps))
    x["alias_words"] = float(any(_ALIAS_WORDS.match(g) for g in gaps))
    x["comma_between"] = float(any(g.strip() == "," for g in gaps))
    shared = set(a.sentences) & set(b.sentences)
    x["same_sentence"] = float(bool(shared))
    gap = min((abs(s - t) for s in a.sentences for t in b.sentences), default=0)
    x["sentence_gap"] = math.log1p(gap)
    x["distinct_ids"] = float(bool(a.curie and b.curie and a.curie != b.curie))
    x["one_linked"] = float(bool(a.curie) != bool(b.curie))
    x["rivals"] = math.log1p(rivals)
    counts = sorted((len(a.mentions), len(b.mentions)))
    x["mentions_min"], x["mentions_max"] = math.log1p(counts[0]), math.log1p(counts[1])
    la = max((len(t) for t in a.texts), default=1)
    lb = max((len(t) for t in b.texts), default=1)
    x["length_ratio"] = min(la, lb) / max(la, lb, 1)
    for name in _BY_TYPE:
        x[f"{name}_{a.type}"] = x[name]
    return numpy.fromiter(x.values(), dtype="float64", count=len(FEATURES))


def candidate_pairs(candidates: Sequence[Candidate]) -> list[tuple[int, int, int]]:
    """(i, j, rivals) for every same-type pair i < j."""
    by_type: dict[str, list[int]] = {}
    for i, c in enumerate(candidates):
        by_type.setdefault(c.type, []).append(i)
    pairs = []
    for members in by_type.values():
        rivals = len(members) - 2
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                pairs.append((i, j, rivals))
    return pairs


class CoreferenceModel:
    """Boosted regression trees over `FEATURES` (log-odds `base` plus each tree's leaf value),
    the probability to join a pair (`threshold`) and the lower one every pair across two
    clusters must clear for them to join (`link_floor`).

    Each tree is given as parallel arrays over its nodes, as scikit-learn stores it: `feature`
    and `cut` of a split (go left when the value, as float32, is at most the cut), `left` and
    `right` children (-1 at a leaf) and the leaf `value`.
    """

    def __init__(
        self, base: float, trees: Sequence[dict], threshold: float, link_floor: float
    ) -> None:
        self.base = float(base)
        self.trees = [dict(t) for t in trees]
        self.threshold = threshold
        self.link_floor = link_floor
        # All trees in one set of arrays, children shifted to global node numbers, so that a
        # document's pairs walk every tree at once.
        offsets = numpy.cumsum([0] + [len(t["feature"]) for t in trees])
        self._roots = offsets[:-1]
        self._feature = numpy.concatenate([numpy.asarray(t["feature"], "int64") for t in trees])
        self._cut = numpy.concatenate([numpy.asarray(t["cut"], "float64") for t in trees])
        self._value = numpy.concatenate([numpy.asarray(t["value"], "float64") for t in trees])
        children = []
        for side in ("left", "right"):
            children.append(numpy.concatenate([
                numpy.where(numpy.asarray(t[side]) < 0, -1, numpy.asarray(t[side]) + o)
                for t, o in zip(trees, offsets[:-1], strict=True)
            ]))  # fmt: skip
        self._left, self._right = children
        self._leaf = self._left < 0
        self._feature[self._leaf] = 0
        self._depth = max((t.get("depth", 8) for t in trees), default=0)

    def probabilities(self, features: numpy.ndarray) -> numpy.ndarray:
        """P(one thing) for each row of `features` (pairs × `FEATURES`)."""
        x = numpy.asarray(features, dtype="float32")
        rows = numpy.arange(x.shape[0])[:, None]
        node = numpy.broadcast_to(self._roots, (x.shape[0], len(self._roots))).copy()
        for _ in range(self._depth):
            leaf = self._leaf[node]
            if leaf.all():
                break
            go_left = x[rows, self._feature[node]] <= self._cut[node]
            node = numpy.where(leaf, node, numpy.where(go_left, self._left[node],
                                                       self._right[node]))  # fmt: skip
        raw = self.base + self._value[node].sum(axis=1)
        return 1.0 / (1.0 + numpy.exp(-raw))

    def clusters(
        self,
        candidates: Sequence[Candidate],
        text: str,
        apart: Collection[tuple[int, int]] = (),
    ) -> list[list[int]]:
        """Groups of candidate indices that name one thing (each of two or more). Pairs in
        `apart` (i < j) never end up in one group: the text relates them to each other (a
        brand and its generic), so it names two things."""
        pairs = candidate_pairs(candidates)
        if not pairs:
            return []
        features = numpy.vstack([pair_features(candidates[i], candidates[j], text, r)
                                 for i, j, r in pairs])  # fmt: skip
        probs = self.probabilities(features)
        prob = {(i, j): p for (i, j, _), p in zip(pairs, probs, strict=True)}
        cluster = {i: {i} for i in range(len(candidates))}
        for (i, j, _), p in sorted(zip(pairs, probs, strict=True), key=lambda t: -t[1]):
            if p < self.threshold:
                break
            ci, cj = cluster[i], cluster[j]
            if ci is cj:
                continue
            if all(
                prob[min(u, v), max(u, v)] >= self.link_floor
                and (min(u, v), max(u, v)) not in apart
                for u in ci
                for v in cj
            ):
                merged = ci | cj
                for k in merged:
                    cluster[k] = merged
        unique = {id(c): c for c in cluster.values() if len(c) > 1}
        return [sorted(c) for c in unique.values()]

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "base": self.base,
            "trees": self.trees,
            "threshold": self.threshold,
            "link_floor": self.link_floor,
        }

    @classmethod
    def from_json(cls, data: dict) -> CoreferenceModel:
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError("coreference weights were trained on other features")
        return cls(data["base"], data["trees"], data["threshold"], data["link_floor"])

    @classmethod
    def load(cls, path: Path) -> CoreferenceModel:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
