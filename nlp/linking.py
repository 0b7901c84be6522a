"""`biokg_linker`: ground entities that no exact lexicon entry named, with scispacy's machinery.

The exact path (lexicon keys) already gave curies to most GENE/DISEASE/DRUG/CELL_TYPE spans. Spans
without one (from a trained `ner`, or long forms like "acute lymphoblastic leukaemia of B cells")
go through scispacy's `CandidateGenerator` over a `KnowledgeBase` built from the same compiled
tables. scispacy's `create_tfidf_ann_index` refuses to run on Python >= 3.11, so the index is
built the same way by hand: a char-3-gram TF-IDF (`analyzer="char_wb"`, float32) over every alias
and an nmslib HNSW index in the `cosinesimil_sparse` space (Malkov & Yashunin 2016).

Building takes minutes on a shared 2-core machine, so it is never shipped (tens of MB) and never
built behind the user's back: `fuzzy = "auto"` (the default) uses the index only if it is already
in `<cache_dir>/nlp/linker-<tables hash>/` -- built by `python -m biokg.nlp.linking` -- and
otherwise leaves such spans with their `biokg:` key; `"always"` builds it on first need,
`"never"` skips it. Loading a built index takes about a second, once, on first need.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from pathlib import Path

from biokg.nlp import patterns as P
from biokg.nlp.component import Component
from biokg.nlp.lexicon import DATA_DIR, Lexicon, ci_key, cs_key
from biokg.nlp.recognisers import NAMES_EXT, load_lexicon
from spacy.language import Language
from spacy.tokens import Doc, Span

log = logging.getLogger(__name__)

GROUNDED_TYPES = ("GENE", "DISEASE", "DRUG", "CELL_TYPE")


def _tables_hash(data_dir: Path) -> str:
    h = hashlib.sha256()
    for name in ("concepts.tsv.gz", "terms.tsv.gz"):
        h.update((data_dir / name).read_bytes())
    return h.hexdigest()[:12]


def build_candidate_generator(lexicon: Lexicon, index_dir: Path | None = None):
    """A scispacy `CandidateGenerator` over the lexicon's concepts and ci aliases.

    Args:
        lexicon: the compiled tables.
        index_dir: where to save (or load) the built index; None keeps it in memory only.
    Returns:
        `scispacy.candidate_generation.CandidateGenerator`.
    """
    import numpy as np

    try:
        import nmslib
        from scispacy.candidate_generation import CandidateGenerator
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError as exc:
        if "static TLS" not in str(exc):
            raise
        # See biokg.runtime: the `biokg` command raises the reserve itself; Python callers must.
        raise ImportError(
            f"{exc}. Start Python with GLIBC_TUNABLES=glibc.rtld.optional_static_tls=4096 "
            "(the biokg command does this itself), or call biokg.runtime.ensure_static_tls() "
            "first thing in your program."
        ) from exc
    from scispacy.linking_utils import Entity, KnowledgeBase

    aliases: dict[str, set[str]] = {}
    for key, (curie, etype) in lexicon.ci.items():
        if etype in GROUNDED_TYPES:
            aliases.setdefault(curie, set()).add(key)
    entities = [
        Entity(curie, lexicon.concepts[curie][1], sorted(keys), [lexicon.concepts[curie][0]])
        for curie, keys in aliases.items()
        if curie in lexicon.concepts
    ]
    kb = KnowledgeBase(entities)
    alias_list = sorted(kb.alias_to_cuis)
    if index_dir is not None and (index_dir / "ann.bin").exists():
        with open(index_dir / "tfidf.pkl", "rb") as fh:
            vectorizer = pickle.load(fh)
        index = nmslib.init(method="hnsw", space="cosinesimil_sparse",
                            data_type=nmslib.DataType.SPARSE_VECTOR)  # fmt: skip
        index.loadIndex(str(index_dir / "ann.bin"), load_data=True)
    else:
        log.info("building the linker index over %d aliases (once)", len(alias_list))
        # min_df=2 drops 3-grams seen in one alias only: a smaller index, same neighbours.
        vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 3),
            min_df=2 if len(alias_list) > 10_000 else 1,
            dtype=np.float32,
        )
        vectors = vectorizer.fit_transform(alias_list)
        index = nmslib.init(method="hnsw", space="cosinesimil_sparse",
                            data_type=nmslib.DataType.SPARSE_VECTOR)  # fmt: skip
        index.addDataPointBatch(vectors)
        index.createIndex({"M": 24, "efConstruction": 100, "post": 0}, print_progress=False)
        if index_dir is not None:
            index_dir.mkdir(parents=True, exist_ok=True)
            index.saveIndex(str(index_dir / "ann.bin"), save_data=True)
            with open(index_dir / "tfidf.pkl", "wb") as fh:
                pickle.dump(vectorizer, fh)
    index.setQueryTimeParams({"efSearch": 100})
    return CandidateGenerator(
        ann_index=index, tfidf_vectorizer=vectorizer, ann_concept_aliases_list=alias_list, kb=kb
    )


class Linker(Component):
    """Set `kb_id` on entity spans of grounded types that have none (or only a biokg key)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        data_dir: str | None,
        cache_dir: str | None,
        fuzzy: str,
        threshold: float,
    ) -> None:
        self.name = name
        self.data_dir = Path(data_dir) if data_dir else DATA_DIR
        self.lexicon = load_lexicon(data_dir)
        self.cache_dir = Path(cache_dir).expanduser() if cache_dir else None
        if fuzzy not in ("auto", "always", "never"):
            raise ValueError(f"biokg_linker: fuzzy must be auto, always or never, not {fuzzy!r}")
        self.fuzzy = fuzzy
        self.threshold = threshold
        self._generator = None
        self._auto_ready: bool | None = None

    @property
    def index_dir(self) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"linker-{_tables_hash(self.data_dir)}"

    def fuzzy_enabled(self) -> bool:
        """`always` builds the index on first need; `auto` uses it only once it is built."""
        if self.fuzzy == "never":
            return False
        if self.fuzzy == "always":
            return True
        if self._generator is None and self._auto_ready is None:
            index_dir = self.index_dir
            self._auto_ready = bool(index_dir and (index_dir / "ann.bin").exists())
        return self._generator is not None or bool(self._auto_ready)

    @property
    def generator(self):
        if self._generator is None:
            self._generator = build_candidate_generator(self.lexicon, self.index_dir)
        return self._generator

    def _exact(self, span: Span) -> str | None:
        """The curie an exact lexicon entry of the span's type gives its text (or, for a
        disease or outcome, its text without qualifying words)."""
        texts = [span.text]
        if span.label_ == "DISEASE":
            base = P.QUALIFIER.sub("", span.text)
            if base and base != span.text:
                texts.append(base)
        for text in texts:
            hit = self.lexicon.ci.get(ci_key(text)) or self.lexicon.cs.get(cs_key(text))
            if hit and hit[1] == span.label_:
                return hit[0]
        return None

    def __call__(self, doc: Doc) -> Doc:
        todo = [
            i
            for i, e in enumerate(doc.ents)
            if e.label_ in GROUNDED_TYPES and (not e.kb_id_ or e.kb_id_.startswith("biokg:"))
        ]
        if not todo:
            return doc
        ents = list(doc.ents)
        names = doc._.get(NAMES_EXT) if doc.has_extension(NAMES_EXT) else {}
        # Spans that share a biokg key (an abbreviation and its long form) are one entity: the
        # first exact hit among them, longest name first, grounds them all, so "B-ALL" is not
        # linked apart from "relapsed B-cell acute lymphoblastic leukemia". A disease or
        # outcome is also looked up without its qualifiers ("relapsed", "metastatic").
        groups: dict[str, list[int]] = {}
        for i in todo:
            groups.setdefault(ents[i].kb_id_ or f"span:{i}", []).append(i)
        fuzzy_needed = []
        for members in groups.values():
            hit = None
            for i in sorted(members, key=lambda k: -len(ents[k].text)):
                hit = self._exact(ents[i])
                if hit:
                    break
            for i in members:
                span = ents[i]
                if hit:
                    ents[i] = Span(doc, span.start, span.end, label=span.label_, kb_id=hit)
                elif len(span.text) >= 6 and span.kb_id_ not in names and self.fuzzy_enabled():
                    # Rule-made names (constructs, brands) have no ontology concept to find.
                    fuzzy_needed.append(i)
        if fuzzy_needed:
            texts = [ci_key(ents[i].text) for i in fuzzy_needed]
            for i, cands in zip(fuzzy_needed, self.generator(texts, 10), strict=True):
                span = ents[i]
                best = None
                for cand in cands:
                    score = max(cand.similarities)
                    etype = self.lexicon.concepts.get(cand.concept_id, ("",))[0]
                    ok = etype == span.label_ and score >= self.threshold
                    if ok and (best is None or score > best[1]):
                        best = (cand.concept_id, score)
                if best:
                    ents[i] = Span(doc, span.start, span.end, label=span.label_, kb_id=best[0])
        doc.ents = ents
        return doc


def main() -> None:
    """`python -m biokg.nlp.linking [CACHE_DIR]`: build the fuzzy linker's index once."""
    import sys
    import time

    from biokg.config import load_settings

    cache = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(load_settings().cache_dir) / "nlp"
    index_dir = cache / f"linker-{_tables_hash(DATA_DIR)}"
    t0 = time.perf_counter()
    build_candidate_generator(load_lexicon(None), index_dir)
    print(f"linker index in {index_dir} ({time.perf_counter() - t0:.0f}s)")


if __name__ == "__main__":
    main()
