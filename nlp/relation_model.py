"""`biokg_relation_model`: a trained classifier for the relation between two entity mentions.

Every ordered pair of entity mentions in one sentence whose types fit some predicate's signature
(`SIGNATURES`, the ten predicates of GUIDE.md) is a candidate. The model reads the candidate
through the token vectors of the pipeline's tok2vec (`doc.tensor` at run time, a listener in
training), mean-pooled over four stretches of the sentence -- the subject's tokens, the object's
tokens, the words between them, and the words on the dependency path between their heads --
plus what the surface says plainly (the two types, how far apart they are, which comes first,
how many other entities lie between). A hidden layer and a softmax give the probability of
each predicate and of "none".

Its output is plain data for multiprocessing: `doc._.biokg_relation_scores`, one entry per
candidate, `[subject start, subject end, object start, object end, probabilities]` (character
offsets; probabilities in `LABELS` order, rounded). What becomes a relation, and how mentions
group into entities, is decided per document in `biokg.nlp.assemble`.

Training (`nlp/training/configs/therapy.cfg`) takes the candidates from the reference
entities, and their labels from the annotation corpus (`doc.user_data["biokg_gold"]`,
`biokg.nlp.training.therapy_corpus`): a candidate whose entities the corpus relates, in a
sentence cited as evidence, has that predicate; one related only elsewhere in the text is not
trained; every other candidate is "none". A brand's mentions count as its generic's for every
predicate but BRAND_OF, as GUIDE.md attaches clinical relations to the generic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from thinc.api import Model, Relu, Softmax, chain, with_array  # noqa: F401
from thinc.types import Floats2d

SCORES_EXT = "biokg_relation_scores"
GOLD_KEY = "biokg_gold"
# A training document whose relation candidates are not its `doc.ents` (a corpus with other
# entity conventions, trained for relations only) keeps them in this span group.
RELATION_ENTS_KEY = "biokg_relation_ents"
TYPES = ("GENE", "DISEASE", "DRUG", "CELL_TYPE", "ORGANIZATION", "PERSON", "OUTCOME", "TRIAL")
PREDICATES = (
    "TARGETS", "TREATS", "HAS_OUTCOME", "BRAND_OF", "DEVELOPED_BY", "AFFILIATED_WITH",
    "INVESTIGATES", "EXPRESSED_IN", "RESISTANT_TO", "ASSOCIATED_WITH",
)  # fmt: skip
LABELS = ("NONE", *PREDICATES)
_BIO = frozenset({"GENE", "DISEASE", "DRUG", "CELL_TYPE"})
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "TARGETS": (frozenset({"DRUG"}), frozenset({"GENE"})),
    "TREATS": (frozenset({"DRUG"}), frozenset({"DISEASE"})),
    "HAS_OUTCOME": (frozenset({"DRUG"}), frozenset({"OUTCOME"})),
    "BRAND_OF": (frozenset({"DRUG"}), frozenset({"DRUG"})),
    "DEVELOPED_BY": (frozenset({"DRUG"}), frozenset({"ORGANIZATION"})),
    "AFFILIATED_WITH": (frozenset({"PERSON"}), frozenset({"ORGANIZATION"})),
    "INVESTIGATES": (frozenset({"PERSON", "TRIAL"}), frozenset({"DRUG"})),
    "EXPRESSED_IN": (frozenset({"GENE"}), frozenset({"DISEASE", "CELL_TYPE"})),
    "RESISTANT_TO": (frozenset({"DISEASE"}), frozenset({"DRUG"})),
    "ASSOCIATED_WITH": (_BIO, _BIO),
}


def fits(predicate: str, subject_type: str, object_type: str) -> bool:
    subjects, objects = SIGNATURES[predicate]
    return subject_type in subjects and object_type in objects


# label index -> allowed for (subject type, object type)
_ALLOWED = {
    (a, b): numpy.array([True] + [fits(p, a, b) for p in PREDICATES]) for a in TYPES for b in TYPES
}
CANDIDATE_PAIRS = frozenset(pair for pair, ok in _ALLOWED.items() if ok[1:].any())
MAX_DISTANCE = 60  # tokens between the two mentions' starts
_DISTANCE_BUCKETS = (1, 2, 3, 5, 8, 12, 20, 35)
_BETWEEN_BUCKETS = (0, 1, 2, 4)
N_FEATURES = len(TYPES) * len(TYPES) + len(_DISTANCE_BUCKETS) + 1 + 1 + len(_BETWEEN_BUCKETS) + 1


class Candidate:
    """An ordered pair of mentions in one sentence, with the token stretches the model pools."""

    __slots__ = ("subject", "object", "between", "path", "features")

    def __init__(self, subject: Span, obj: Span, n_between_ents: int, path: list[int]) -> None:
        self.subject = subject
        self.object = obj
        first, second = (subject, obj) if subject.start < obj.start else (obj, subject)
        self.between = range(first.end, second.start)
        self.path = path
        features = numpy.zeros(N_FEATURES, dtype="float32")
        features[_TYPE_INDEX[subject.label_] * len(TYPES) + _TYPE_INDEX[obj.label_]] = 1
        offset = len(TYPES) * len(TYPES)
        distance = second.start - first.end
        features[offset + _bucket(distance, _DISTANCE_BUCKETS)] = 1
        offset += len(_DISTANCE_BUCKETS)
        features[offset] = float(subject.start < obj.start)
        features[offset + 1] = float(not path)
        offset += 2
        features[offset + _bucket(n_between_ents, _BETWEEN_BUCKETS)] = 1
        offset += len(_BETWEEN_BUCKETS)
        features[offset] = 1.0  # bias-like constant
        self.features = features

    @property
    def allowed(self) -> numpy.ndarray:
        return _ALLOWED[(self.subject.label_, self.object.label_)]


_TYPE_INDEX = {t: i for i, t in enumerate(TYPES)}


def _bucket(value: int, bounds: tuple[int, ...]) -> int:
    return sum(value > b for b in bounds[:-1])


def _root(heads: list[int], start: int, end: int) -> int:
    """The span's syntactic head as spaCy's `Span.root` finds it: of the tokens whose head
    lies outside the span, the one closest to the sentence root (the first on a tie)."""
    best, best_depth = start, None
    for i in range(start, end):
        if start <= heads[i] < end and heads[i] != i:
            continue
        depth, t = 0, i
        while heads[t] != t and depth < 200:
            t, depth = heads[t], depth + 1
        if best_depth is None or depth < best_depth:
            best, best_depth = i, depth
    return best


def _path_between(heads: list[int], a: int, b: int) -> list[int]:
    """Token indices on the dependency path from a to b, both included ([] if none)."""
    up_a = [a]
    while heads[up_a[-1]] != up_a[-1] and len(up_a) < 200:
        up_a.append(heads[up_a[-1]])
    up_b = [b]
    while heads[up_b[-1]] != up_b[-1] and len(up_b) < 200:
        up_b.append(heads[up_b[-1]])
    index_b = {t: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t in index_b:
            return up_a[: k + 1] + up_b[: index_b[t]][::-1]
    return []


def candidates(doc: Doc, ents: Sequence[Span] | None = None) -> list[Candidate]:
    """Every candidate pair of `ents` (default `doc.ents`) within one sentence of `doc`."""
    ents = [e for e in (doc.ents if ents is None else ents) if e.label_ in TYPES]
    if not ents:
        return []
    # Sentence of each token, read once (span.sent scans the doc on every call). A doc without
    # sentence boundaries (a training corpus' bare predicted doc) is one sentence.
    sentence_of = [0] * len(doc)
    if doc.has_annotation("SENT_START"):
        for k, sent in enumerate(doc.sents):
            sentence_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
    heads = [t.head.i for t in doc] if doc.has_annotation("DEP") else list(range(len(doc)))
    by_sentence: dict[int, list[Span]] = {}
    for ent in ents:
        by_sentence.setdefault(sentence_of[ent.start], []).append(ent)
    out = []
    for group in by_sentence.values():
        group.sort(key=lambda e: e.start)
        roots = [_root(heads, e.start, e.end) for e in group]
        folded = [e.text.casefold() for e in group]
        for i, a in enumerate(group):
            for j, b in enumerate(group):
                if i == j or (a.label_, b.label_) not in CANDIDATE_PAIRS:
                    continue
                if abs(a.start - b.start) > MAX_DISTANCE or folded[i] == folded[j]:
                    continue
                inside = set(range(a.start, a.end)) | set(range(b.start, b.end))
                path = [t for t in _path_between(heads, roots[i], roots[j]) if t not in inside]
                out.append(Candidate(a, b, abs(i - j) - 1, path))
    return out


@registry.architectures("biokg.RelationModel.v1")
def build_relation_model(
    tok2vec: Model[list[Doc], list[Floats2d]], hidden_width: int = 128, dropout: float = 0.1
) -> Model:
    """tok2vec -> four mean-pooled stretches + surface features -> hidden layer -> softmax."""
    from thinc.api import Dropout

    width = tok2vec.maybe_get_dim("nO")
    head = chain(Relu(nO=hidden_width, dropout=dropout), Dropout(dropout), Softmax(nO=len(LABELS)))
    return Model(
        "biokg_relation_model",
        _forward,
        init=_init,
        layers=[tok2vec, head],
        dims={"width": width},
        attrs={"n_features": N_FEATURES},
    )


def _segments(cands_per_doc: list[list[Candidate]], lengths: list[int]):
    """Row indices into the docs' stacked token vectors (plus one zero row at the end, which
    stands for an empty stretch) and their lengths, per stretch kind."""
    pad = sum(lengths)
    index: list[list[int]] = [[], [], [], []]
    sizes: list[list[int]] = [[], [], [], []]
    offset = 0
    for cands, n in zip(cands_per_doc, lengths, strict=True):
        for c in cands:
            stretches = (
                range(c.subject.start, c.subject.end),
                range(c.object.start, c.object.end),
                c.between,
                c.path,
            )
            for k, rows in enumerate(stretches):
                rows = [offset + r for r in rows] or [pad]
                index[k].extend(rows)
                sizes[k].append(len(rows))
        offset += n
    return (
        [numpy.asarray(ix, dtype="int32") for ix in index],
        [numpy.asarray(sz, dtype="int32") for sz in sizes],
    )


def _forward(model: Model, inputs, is_train: bool):
    docs, cands_per_doc = inputs
    tok2vec, head = model.layers
    ops = model.ops
    tokvecs, backprop_tok2vec = tok2vec(docs, is_train)
    lengths = [len(doc) for doc in docs]
    width = tokvecs[0].shape[1] if tokvecs else model.get_dim("width")
    stacked = ops.xp.vstack([*tokvecs, ops.alloc2f(1, width)]) if tokvecs else ops.alloc2f(1, width)
    indices, sizes = _segments(cands_per_doc, lengths)
    pooled = [
        ops.reduce_mean(ops.as_contig(stacked[ix]), sz)
        for ix, sz in zip(indices, sizes, strict=True)
    ]
    features = [c.features for cands in cands_per_doc for c in cands]
    n = len(features)
    extra = ops.asarray2f(numpy.vstack(features)) if n else ops.alloc2f(0, N_FEATURES)
    X = ops.xp.hstack([*pooled, extra]) if n else ops.alloc2f(0, 4 * width + N_FEATURES)
    if n == 0:
        return ops.alloc2f(0, len(LABELS)), lambda d: []
    scores, backprop_head = head(X, is_train)

    def backprop(d_scores):
        d_X = backprop_head(d_scores)
        d_stacked = ops.alloc2f(*stacked.shape)
        for k, (ix, sz) in enumerate(zip(indices, sizes, strict=True)):
            d_pooled = ops.as_contig(d_X[:, k * width : (k + 1) * width])
            d_rows = ops.backprop_reduce_mean(d_pooled, sz)
            ops.xp.add.at(d_stacked, ix, d_rows)
        d_tokvecs = []
        start = 0
        for length in lengths:
            d_tokvecs.append(d_stacked[start : start + length])
            start += length
        backprop_tok2vec(d_tokvecs)
        return []

    return scores, backprop


def _init(model: Model, X=None, Y=None) -> None:
    tok2vec, head = model.layers
    if X is not None:
        docs, _ = X
        tok2vec.initialize(X=docs)
    else:
        tok2vec.initialize()
    width = tok2vec.get_dim("nO")
    model.set_dim("width", width)
    sample = model.ops.alloc2f(2, 4 * width + N_FEATURES)
    head.initialize(X=sample, Y=model.ops.alloc2f(2, len(LABELS)))


def gold_labels(example: Example, cands: list[Candidate]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(label index, weight) per candidate from the reference's `biokg_gold` (module docstring)."""
    gold = example.reference.user_data.get(GOLD_KEY) or {}
    mention_entity = {(s, e): eid for s, e, eid in gold.get("mentions", [])}
    brands = gold.get("brands", {})
    relations: dict[tuple[str, str, str], list] = {}
    for subject, predicate, obj, evidence in gold.get("relations", []):
        relations[(subject, predicate, obj)] = evidence
    # A corpus that states only some relations (BC5CDR's chemical-induced diseases) trains no
    # "none": an unstated pair may still be related.
    exhaustive = gold.get("exhaustive", True)
    unknown = {frozenset(pair) for pair in gold.get("unknown", [])}
    labels = numpy.zeros(len(cands), dtype="int32")
    weights = numpy.ones(len(cands), dtype="float32") * (1.0 if exhaustive else 0.0)
    for k, c in enumerate(cands):
        a = mention_entity.get((c.subject.start_char, c.subject.end_char))
        b = mention_entity.get((c.object.start_char, c.object.end_char))
        if a is None or b is None or frozenset((a, b)) in unknown:
            weights[k] = 0.0
            continue
        sentence = (
            c.subject.sent if example.reference.has_annotation("SENT_START") else c.subject.doc[:]
        )
        for index, predicate in enumerate(PREDICATES, start=1):
            if not c.allowed[index]:
                continue
            if predicate == "BRAND_OF":
                key = (a, predicate, b)
            else:
                key = (brands.get(a, a), predicate, brands.get(b, b))
            if key[0] == key[2] or key not in relations:
                continue
            cited = relations[key]
            if not cited or any(
                s < sentence.end_char and sentence.start_char < e for s, e in cited
            ):
                labels[k] = index
                weights[k] = 1.0
            else:
                weights[k] = 0.0
            break
    return labels, weights


class RelationClassifier(TrainablePipe):
    """The trainable component (see the module docstring)."""

    def __init__(self, vocab, model: Model, name: str = "biokg_relation_model", *,
                 none_weight: float = 1.0, scorer: Callable | None = None) -> None:  # fmt: skip
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg = {"labels": list(LABELS), "none_weight": none_weight}
        self.scorer = scorer
        if not Doc.has_extension(SCORES_EXT):
            Doc.set_extension(SCORES_EXT, default=None)

    @property
    def labels(self) -> tuple[str, ...]:
        return LABELS

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        cands = [candidates(doc) for doc in docs]
        if not any(cands):
            return cands, None
        scores = self.model.predict((docs, cands))
        return cands, self.model.ops.to_numpy(scores)

    def set_annotations(self, docs: Iterable[Doc], predictions) -> None:
        cands_per_doc, scores = predictions
        row = 0
        for doc, cands in zip(docs, cands_per_doc, strict=True):
            out = []
            if cands:
                block = scores[row : row + len(cands)] * numpy.vstack([c.allowed for c in cands])
                totals = block.sum(axis=1, keepdims=True)
                block = numpy.round(block / numpy.where(totals > 0, totals, 1.0), 4).tolist()
                for c, probs in zip(cands, block, strict=True):
                    out.append([c.subject.start_char, c.subject.end_char, c.object.start_char,
                                c.object.end_char, probs])  # fmt: skip
                row += len(cands)
            doc._.set(SCORES_EXT, out)

    def _examples_candidates(self, examples: Sequence[Example]):
        docs, cands, labels, weights = [], [], [], []
        for eg in examples:
            reference = eg.reference
            ents = reference.spans.get(RELATION_ENTS_KEY)
            c = candidates(reference, ents)
            lab, w = gold_labels(eg, c)
            docs.append(eg.predicted)
            cands.append(c)
            labels.append(lab)
            weights.append(w)
        return docs, cands, numpy.concatenate(labels or [[]]), numpy.concatenate(weights or [[]])

    def update(self, examples: Iterable[Example], *, drop: float = 0.0, sgd=None,
               losses: dict[str, float] | None = None) -> dict[str, float]:  # fmt: skip
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        docs, cands, labels, weights = self._examples_candidates(examples)
        if not any(cands):
            return losses
        scores, backprop = self.model.begin_update((docs, cands))
        loss, d_scores = self._loss(scores, labels.astype("int32"), weights)
        backprop(d_scores)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def _loss(self, scores, labels: numpy.ndarray, weights: numpy.ndarray):
        ops = self.model.ops
        weights = weights * numpy.where(labels == 0, self.cfg["none_weight"], 1.0)
        truth = numpy.zeros((len(labels), len(LABELS)), dtype="float32")
        truth[numpy.arange(len(labels)), labels] = 1.0
        w = ops.asarray2f(weights[:, None].astype("float32"))
        d_scores = (scores - ops.asarray2f(truth)) * w
        denominator = max(1.0, float(weights.sum()))
        probs = ops.to_numpy(scores)[numpy.arange(len(labels)), labels]
        loss = float(-(numpy.log(numpy.clip(probs, 1e-9, 1.0)) * weights).sum() / denominator)
        return loss, d_scores / denominator

    def get_loss(self, examples, scores):
        _docs, _cands, labels, weights = self._examples_candidates(list(examples))
        return self._loss(scores, labels, weights)

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp=None) -> None:
        examples = list(islice(get_examples(), 10))
        docs = [eg.predicted for eg in examples]
        cands = [candidates(eg.reference) for eg in examples]  # the corpus' own documents first
        self.model.initialize(X=(docs, cands))

    def score(self, examples: Iterable[Example], **kwargs) -> dict[str, Any]:
        """Micro P/R/F1 over candidate pairs of the reference entities (predicates, not none)."""
        tp = fp = fn = 0
        examples = list(examples)
        docs, cands, labels, weights = self._examples_candidates(examples)
        if not any(cands):
            return {"rel_micro_p": 0.0, "rel_micro_r": 0.0, "rel_micro_f": 0.0}
        scores = self.model.ops.to_numpy(self.model.predict((docs, cands)))
        flat = [c for cs in cands for c in cs]
        for k, c in enumerate(flat):
            if weights[k] == 0:
                continue
            guess = int((scores[k] * c.allowed).argmax())
            gold = int(labels[k])
            if guess and guess == gold:
                tp += 1
            else:
                fp += guess != 0
                fn += gold != 0
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"rel_micro_p": p, "rel_micro_r": r, "rel_micro_f": f}


@Language.factory(
    "biokg_relation_model",
    assigns=[f"doc._.{SCORES_EXT}"],
    requires=["doc.ents", "token.dep", "token.head", "doc.sents"],
    default_config={"none_weight": 1.0},
    default_score_weights={"rel_micro_f": 1.0, "rel_micro_p": 0.0, "rel_micro_r": 0.0},
)
def make_relation_classifier(nlp: Language, name: str, model: Model, none_weight: float
                             ) -> RelationClassifier:  # fmt: skip
    return RelationClassifier(nlp.vocab, model, name, none_weight=none_weight)
