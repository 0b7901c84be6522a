"""Model architectures of biokg's trained therapy model, registered for spaCy's config system.

`biokg.Tok2VecWithBase.v1` is spaCy's CNN tok2vec whose embedding also reads two things the
running pipeline has already computed before the therapy model, at no extra cost:

- the token vectors the base tok2vec (en_core_web_sm's, trained on OntoNotes news and web
  text) left in `doc.tensor`: what that model learnt about English names, numbers and syntax
  from far more text than biokg's corpus;
- the candidate spans of biokg's other recognisers (`doc.spans`: the lexicons of HGNC, DOID,
  Cell Ontology, MeSH/ChEBI/DrugBank names, the rules, the base model's PERSON/ORG, the BioRED
  model), one feature per source, type and place in the span (`candidate_features`): the model
  learns when to trust a lexicon hit or a rule, so it knows names no training text contains.

In training both come from the same components (`therapy_corpus.py` stores the candidate spans
with each training document; the base tok2vec is a frozen, annotating component).
"""

from __future__ import annotations

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Maxout, Model, chain, concatenate, with_array
from thinc.types import Floats2d


@registry.layers("biokg.DocTensor.v1")
def doc_tensor(width: int) -> Model[list[Doc], list[Floats2d]]:
    """The vectors another component left in `doc.tensor` (zeros where there are none)."""

    def forward(model: Model, docs: list[Doc], is_train: bool):
        ops = model.ops
        out = []
        for doc in docs:
            tensor = doc.tensor
            if tensor is None or tensor.size == 0 or tensor.shape != (len(doc), width):
                out.append(ops.alloc2f(len(doc), width))
            else:
                out.append(ops.asarray2f(tensor))
        return out, lambda d_out: []

    return Model("doc_tensor", forward, dims={"nO": width})


# The span groups other components leave in doc.spans (recognisers.py, merging.py), and the
# labels they use; a candidate of another label counts as "other".
CANDIDATE_SOURCES = ("biokg_lexicon", "biokg_rules", "biokg_base_ner", "biokg_model_biored")
CANDIDATE_LABELS = (
    "GENE", "DISEASE", "DRUG", "CELL_TYPE", "ORGANIZATION", "PERSON", "OUTCOME", "TRIAL",
    "ORG", "VARIANT", "SPECIES", "CELL_LINE", "other",
)  # fmt: skip
_PLACES = ("B", "I", "L", "U")


@registry.layers("biokg.CandidateFeatures.v1")
def candidate_features(
    sources: tuple[str, ...] = CANDIDATE_SOURCES,
) -> Model[list[Doc], list[Floats2d]]:
    """Per token, one binary feature per (source, label, place in the span) of the candidate
    spans in `doc.spans` (see the module docstring)."""
    width = len(sources) * len(CANDIDATE_LABELS) * len(_PLACES)
    label_index = {label: i for i, label in enumerate(CANDIDATE_LABELS)}

    def forward(model: Model, docs: list[Doc], is_train: bool):
        out = []
        for doc in docs:
            x = numpy.zeros((len(doc), width), dtype="float32")
            for s, key in enumerate(sources):
                if key not in doc.spans:
                    continue
                for span in doc.spans[key]:
                    label = label_index.get(span.label_, label_index["other"])
                    base = (s * len(CANDIDATE_LABELS) + label) * len(_PLACES)
                    if len(span) == 1:
                        x[span.start, base + 3] = 1.0
                        continue
                    x[span.start, base] = 1.0
                    x[span.start + 1 : span.end - 1, base + 1] = 1.0
                    x[span.end - 1, base + 2] = 1.0
            out.append(model.ops.asarray2f(x))
        return out, lambda d_out: []

    return Model("candidate_features", forward, dims={"nO": width})


@registry.architectures("biokg.Tok2VecWithBase.v1")
def tok2vec_with_base(
    embed: Model[list[Doc], list[Floats2d]],
    encode: Model[list[Floats2d], list[Floats2d]],
    base_width: int,
    candidates: bool = False,
    candidate_sources: list[str] | None = None,
) -> Model[list[Doc], list[Floats2d]]:
    """`embed`'s vectors concatenated with the base tok2vec's (and, with `candidates`, the
    other recognisers' candidate spans), mixed down to the encoder's width, then `encode`d
    (spaCy's Tok2Vec.v2 with more inputs)."""
    width = encode.maybe_get_dim("nO") or embed.maybe_get_dim("nO")
    sources = tuple(candidate_sources) if candidate_sources else CANDIDATE_SOURCES
    inputs = [embed, doc_tensor(base_width)] + ([candidate_features(sources)] if candidates else [])
    mixed = chain(
        concatenate(*inputs),
        with_array(Maxout(nO=width, nP=3, normalize=True)),
    )
    model = chain(mixed, encode)
    if width:
        model.set_dim("nO", width)
    model.set_ref("embed", embed)
    model.set_ref("encode", encode)
    return model


__all__ = ["candidate_features", "doc_tensor", "tok2vec_with_base"]
