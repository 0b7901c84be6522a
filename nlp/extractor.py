"""`Extractor`: Documents in, Extractions out, through one spaCy pipeline loaded once.

Example:
    >>> from biokg.config import Settings
    >>> ex = Extractor.from_settings(Settings())                      # doctest: +SKIP
    >>> ex.extract(Document(text="Kymriah targets CD19.")).entities   # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import spacy
from biokg.nlp import factories as _factories  # noqa: F401 - registers the biokg_* factories
from biokg.nlp.assemble import assemble
from biokg.nlp.blas import one_blas_thread, use_numpy_blas
from biokg.nlp.coreference import COREFERENCE_FILE, CoreferenceModel
from biokg.nlp.digest import digest_of, source_text
from biokg.nlp.entity_filter import ENTITY_FILTER_FILE, EntityFilter
from biokg.nlp.fingerprint import RECIPE_ENV, pipeline_fingerprint, recipe_fingerprint
from biokg.nlp.pair_proposer import PAIR_PROPOSER_FILE, PairProposer
from biokg.nlp.processes import resolve_processes
from biokg.nlp.recognisers import load_lexicon
from biokg.nlp.relation_filter import RELATION_FILTER_FILE, RelationFilter
from biokg.nlp.serialisation import resolve_msgpack_entry_points
from biokg.nlp.text_prep import mask_markup
from spacy.language import Language
from spacy.tokens import Doc

from biokg.config import Settings
from biokg.errors import ConfigError, ExtractionError
from biokg.model import Document, Extraction, Failure

log = logging.getLogger(__name__)
M = TypeVar("M")

PIPELINE_CONFIG = Path(__file__).resolve().parent / "data" / "biokg_pipeline_v1.cfg"
MODELS_DIR = Path(__file__).resolve().parent / "models"
VERSION = "biokg.nlp.v1"
# spaCy refuses texts over 1,000,000 chars, and the parser's memory grows with doc length:
# longer texts are processed in chunks cut at line or sentence ends.
CHUNK_CHARS = 100_000
# Texts longer than this are not articles (books, dumps, logs): they get the lean pipeline --
# punctuation sentences, lexicon, rules and surface-window relations, no tagger/parser/NER --
# which is about 20x faster than the full one.
LEAN_CHARS = 200_000
LEAN_PIPES = [
    "sentencizer",
    "biokg_line_breaks",
    "biokg_abbreviations",
    "biokg_lexicon_ner",
    "biokg_rule_ner",
    "biokg_entity_merger",
    "biokg_linker",
    "biokg_descriptions",
    "biokg_relations",
    "biokg_compact",
]
_ERROR_KEY = "biokg_error"
# A worker process logs the component's error itself; the main process sees only the gap.
_WORKER_FAILED = "in an nlp worker process, whose warning says which component and why"


@dataclass(eq=False)
class _Chunk:
    """The context riding with each piece of a document through `nlp.pipe(as_tuples=True)`:
    which document it is from (its index in the group and its id) and where it starts. Compared
    by identity: the same object comes back with the doc. `error` is what `_record_error` saw."""

    index: int
    offset: int
    source: str
    error: str | None = None

    def __str__(self) -> str:
        return f"{self.source} (the chunk from char {self.offset})"


def _record_error(proc_name: str, proc, docs: list[Doc], exc: Exception) -> None:
    """spaCy error handler: log and keep the batch going. spaCy drops the failed doc from the
    stream; `Extractor.pipe` reports every document that did not come back as a Failure, with
    the reason recorded here on the doc's `_Chunk`."""
    if docs is None:  # a worker process failed: spaCy passes only the error
        log.warning("an nlp worker failed: %s", exc)
        return
    for doc in docs:
        context = getattr(doc, "_context", None)
        # In a worker process the doc has no context (workers get plain texts): its start.
        where = context if context is not None else repr(doc.text[:60])
        log.warning("component %s failed on %s: %s: %s", proc_name, where,
                    type(exc).__name__, exc)  # fmt: skip
        # The first failure is the cause; later components may fail only because of it.
        reason = doc.user_data.setdefault(_ERROR_KEY, f"{proc_name}: {type(exc).__name__}: {exc}")
        if isinstance(context, _Chunk) and context.error is None:
            context.error = reason


@contextlib.contextmanager
def _digest_last(nlp: Language) -> Iterator[None]:
    """`biokg_digest` as the last component for the block, after any a user added."""
    nlp.add_pipe("biokg_digest", last=True).set_error_handler(_record_error)
    try:
        yield
    finally:
        nlp.remove_pipe("biokg_digest")


# The trained models the default pipeline loads: the therapy model (biokg's eight types and its
# relations, nlp/models/README.md) reads the BioRED model's spans as one of its inputs, and the
# BioRED model still fills GENE/DISEASE/DRUG gaps. Adding the BC5CDR and gene models (each with
# its own tok2vec, ~20% of the time apiece) was measured no better: see nlp/merging.py.
DEFAULT_NER_MODELS = ("biored", "therapy")


# Predicates the rule-based relation extractor still decides beside the trained models, each
# because it measured better on the real-text dev set (python bench/eval_real_dev.py, with
# BIOKG_RULE_PREDICATES naming each predicate in turn; relation F1 of that predicate):
# BRAND_OF rules 0.83, model 0.62; EXPRESSED_IN rules 0.27, model 0.00. The model stayed for
# TARGETS (0.29 vs 0.23), DEVELOPED_BY (0.18 vs 0.08), ASSOCIATED_WITH (0.29 vs 0.16),
# INVESTIGATES (0.43 vs 0.27); RESISTANT_TO is 0 either way.
RULE_PREDICATES: tuple[str, ...] = ("BRAND_OF", "EXPRESSED_IN")
# A therapy-model entity whose least sure token tag has less probability than this is dropped:
# 0.5 gave the best entity F1 on the corpus' dev split (0.699 at 0.5 and 0.6, 0.697 at 0).
THERAPY_MIN_CONFIDENCE = 0.5
# Added to the therapy model's OUTCOME tag scores before decoding: it found too few outcomes
# (recall 0.60 at precision 0.81 on the corpus' dev split), and the entity filter judges each
# one after it. On the corpus dev split (bench/eval_corpus.py) OUTCOME F1 went 0.692 -> 0.716,
# entities 0.798 -> 0.802, relations 0.496 -> 0.500; 1.5 and 2 found more at lower precision,
# and the same bias on the other types gave no more than noise.
THERAPY_LABEL_BIAS: tuple[tuple[str, float], ...] = (("OUTCOME", 1.0),)


def default_ner_models(models_dir: Path = MODELS_DIR) -> list[Path]:
    """`DEFAULT_NER_MODELS` found under `models_dir`, else every pipeline discovered there."""
    found = discover_ner_models(models_dir)
    chosen = [p for p in found if p.name in DEFAULT_NER_MODELS]
    return chosen or found


def discover_ner_models(models_dir: Path = MODELS_DIR) -> list[Path]:
    """Trained spaCy pipelines under `nlp/models/<name>/` (those with a config.cfg and a `ner`)."""
    if not models_dir.is_dir():
        return []
    return sorted(
        p for p in models_dir.iterdir() if (p / "config.cfg").is_file() and (p / "ner").is_dir()
    )


def _ner_models_from(settings: Settings, ner_models: Iterable[str | Path] | None) -> list[Path]:
    if ner_models is None:
        ner_models = getattr(settings, "ner_models", None)
    if ner_models is None and os.environ.get("BIOKG_NER_MODELS") is not None:
        raw = os.environ["BIOKG_NER_MODELS"]
        ner_models = [p for p in raw.replace(",", os.pathsep).split(os.pathsep) if p.strip()]
    if ner_models is None:
        return default_ner_models()
    paths = []
    for entry in ner_models:
        path = Path(entry).expanduser()
        if not path.is_absolute() and not path.exists():
            path = MODELS_DIR / path
        if not (path / "config.cfg").is_file():
            raise ConfigError(f"ner model {entry!r}: no spaCy pipeline at {path}")
        paths.append(path)
    return paths


def build_pipeline(
    ner_models: list[Path] = (),
    cache_dir: Path | None = None,
    fuzzy_linking: str = "auto",
    relations: str | None = None,
) -> Language:
    """The default pipeline from `biokg_pipeline_v1.cfg`, plus each trained `ner` in order.

    Each trained `ner` gets its own copy of the tok2vec it listened to (`replace_listeners`) and
    is followed by a `biokg_stash_ents` that files its predictions under `biokg_model_<name>`,
    where `biokg_entity_merger` merges them with the lexicon and rule candidates.
    """
    relations = relations or os.environ.get("BIOKG_RELATIONS", "model")
    config = spacy.util.load_config(PIPELINE_CONFIG)
    config["components"]["biokg_linker"]["cache_dir"] = str(cache_dir) if cache_dir else None
    config["components"]["biokg_linker"]["fuzzy"] = fuzzy_linking
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    after = "biokg_stash_base"
    relation_models = []
    needs_base = True
    for path in ner_models:
        name = path.name
        source = spacy.load(path)
        if "relations" in source.pipe_names:
            # A model of biokg's own schema (nlp/training/therapy.py): one tok2vec whose output
            # (doc.tensor) its `ner` and its relation classifier both read, so the relation
            # classifier must run before anything else sets doc.tensor (biokg_compact clears it).
            # After the other recognisers, whose candidate spans it reads (architectures.py).
            nlp.add_pipe("tok2vec", name=f"tok2vec_{name}", source=source,
                         after="biokg_rule_ner")  # fmt: skip
            ner = nlp.add_pipe("ner", name=f"ner_{name}", source=source, after=f"tok2vec_{name}")
            ner.min_confidence = THERAPY_MIN_CONFIDENCE
            ner.label_bias = THERAPY_LABEL_BIAS
            nlp.add_pipe("biokg_stash_ents", name=f"biokg_stash_{name}",
                         config={"key": f"biokg_model_{name}"}, after=f"ner_{name}")  # fmt: skip
            sources = source.config["components"]["tok2vec"]["model"].get("candidate_sources")
            if sources is not None and "biokg_base_ner" not in sources:
                # Nothing reads the base model's names any more: the therapy model tags people
                # and organisations itself, and the merger fills no gap from them.
                needs_base = False
            nlp.add_pipe("relations", name=f"relations_{name}", source=source,
                         before="biokg_relations")  # fmt: skip
            nlp.get_pipe("biokg_entity_merger").primary_models.append(name)
            relation_models.append(f"relations_{name}")
            continue
        if "ner" not in source.pipe_names:
            raise ConfigError(f"ner model {path}: its pipeline has no 'ner' component")
        ner = source.get_pipe("ner")
        if any(
            node.name.startswith("tok2vec_listener") or "listener" in node.name
            for node in ner.model.walk()
        ):
            tok2vec_name = next(
                (n for n in source.pipe_names if n in ("tok2vec", "transformer")), None
            )
            if tok2vec_name:
                source.replace_listeners(tok2vec_name, "ner", ["model.tok2vec"])
        nlp.add_pipe("ner", name=f"ner_{name}", source=source, after=after)
        nlp.add_pipe(
            "biokg_stash_ents",
            name=f"biokg_stash_{name}",
            config={"key": f"biokg_model_{name}"},
            after=f"ner_{name}",
        )
        after = f"biokg_stash_{name}"
    if not needs_base:
        nlp.remove_pipe("biokg_name_gate")
    if relation_models and relations != "rules":
        # The trained relation model decides; the rule-based extractor stays for comparison
        # (BIOKG_RELATIONS=rules) and for the passes `biokg_model_relations` still borrows.
        config: dict[str, object] = {}
        for path in ner_models:
            if (path / "document_relations.json").is_file() and relations != "sentence":
                config["document_model"] = str(path / "document_relations.json")
                # Figures stated without the drug are the document model's to attribute; a
                # target or maker stated of "it" is not (no pair in the sentence to score), nor
                # an author's affiliation (stated by the layout of an author block).
                config["extras"] = ["brands", "constructs", "named_targets", "anaphora", "authors"]
            if (path / "number_roles.json").is_file():
                config["number_model"] = str(path / "number_roles.json")
        rule_predicates = os.environ.get("BIOKG_RULE_PREDICATES")
        config["rule_predicates"] = (
            rule_predicates.split(",") if rule_predicates is not None else list(RULE_PREDICATES)
        )
        nlp.replace_pipe("biokg_relations", "biokg_model_relations", config=config)
    # What `nlp.set_error_handler` does, minus the parser, which cannot take one in spaCy 3.8.
    nlp.default_error_handler = _record_error
    for _name, proc in nlp.pipeline:
        # spaCy 3.8's DependencyParser cannot take one (AttributeError); it rarely fails.
        with contextlib.suppress(AttributeError):
            proc.set_error_handler(_record_error)
    use_numpy_blas(nlp)
    return nlp


def _chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[str, int]]:
    """(chunk, offset) pieces of at most `size` chars, cut after a newline or sentence end."""
    if len(text) <= size:
        return [(text.rstrip(), 0)]
    pieces = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            # After the newline, or after the full stop and its space: a chunk that began with
            # the space gave its first sentence (an evidence text) a leading space.
            cut = max(text.rfind("\n", start, end) + 1, text.rfind(". ", start, end) + 2)
            if cut > start + size // 2:
                end = cut
        pieces.append((text[start:end].rstrip(), start))
        start = end
    return pieces


class _DocumentStep(Generic[M]):
    """An Extractor attribute holding a document step's model, or the path it loads from on
    first use, or None."""

    def __init__(self, load: Callable[[Path], M]) -> None:
        self.load = load

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, extractor: object, owner: type | None = None) -> M | None:
        if extractor is None:  # looked up on the class
            return self  # type: ignore[return-value]
        value = getattr(extractor, self.slot)
        if isinstance(value, Path):
            value = self.load(value)
            setattr(extractor, self.slot, value)
        return value

    def __set__(self, extractor: object, value: Path | M | None) -> None:
        setattr(extractor, self.slot, value)


class Extractor:
    """The NLP stage: `extract` one Document, or `pipe` many through `Language.pipe`.

    Args:
        nlp: a pipeline built by `build_pipeline`.
        batch_size, n_process: passed to `nlp.pipe`.
    """

    def __init__(
        self,
        nlp: Language | Callable[[], Language],
        batch_size: int = 64,
        n_process: int = 1,
        *,
        fingerprint: str | None = None,
        coreference: Path | CoreferenceModel | None = None,
        entity_filter: Path | EntityFilter | None = None,
        relation_filter: Path | RelationFilter | None = None,
        pair_proposer: Path | PairProposer | None = None,
    ) -> None:
        if isinstance(nlp, Language):
            self._nlp: Language | None = nlp
            self._build: Callable[[], Language] | None = None
        else:
            self._nlp, self._build = None, nlp
        self.batch_size = batch_size
        self.n_process = n_process
        self.version = VERSION
        self._lexicon = None
        self._fingerprint = fingerprint
        # Which entities of a document name one thing (`coreference.py`), which entities the
        # text names as their type (`entity_filter.py`), which relations it states
        # (`relation_filter.py`), which relations it states across sentences that nothing found
        # yet (`pair_proposer.py`).
        self.coreference = coreference
        self.entity_filter = entity_filter
        self.relation_filter = relation_filter
        self.pair_proposer = pair_proposer

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, built on first use (a run in which every document is unchanged
        never builds it)."""
        if self._nlp is None:
            assert self._build is not None
            self._nlp = self._build()
        return self._nlp

    @property
    def lexicon(self):
        if self._lexicon is None:
            self._lexicon = load_lexicon(None)
        return self._lexicon

    # The document steps after recognition (see `assemble`), each loaded from its file on first
    # use; None switches a step off.
    coreference = _DocumentStep(CoreferenceModel.load)
    entity_filter = _DocumentStep(EntityFilter.load)
    relation_filter = _DocumentStep(RelationFilter.load)
    pair_proposer = _DocumentStep(PairProposer.load)

    @property
    def fingerprint(self) -> str:
        """What this extractor's output depends on (`nlp/fingerprint.py`); it is stamped on each
        Extraction so that a re-run can skip documents it has already read the same way."""
        if self._fingerprint is None:
            self._fingerprint = pipeline_fingerprint(self.nlp, VERSION)
        return self._fingerprint

    @classmethod
    def from_settings(
        cls,
        settings: Settings | None = None,
        *,
        ner_models: Iterable[str | Path] | None = None,
        fuzzy_linking: str | bool = "auto",
    ) -> Extractor:
        """The default pipeline (offline), loaded on first use.

        Trained NER models come from `ner_models`, else `settings.ner_models` if that setting
        exists, else env `BIOKG_NER_MODELS` (paths separated by `:` or `,`; empty = none), else
        `DEFAULT_NER_MODELS` under `nlp/models/` (the BioRED and therapy models).
        `fuzzy_linking`: "auto" (use the fuzzy linker's index if `python -m biokg.nlp.linking`
        built it in `settings.cache_dir`), "always"/True (build it on first need, minutes),
        "never"/False.
        """
        settings = settings or Settings()
        models = _ner_models_from(settings, ner_models)
        if isinstance(fuzzy_linking, bool):
            fuzzy_linking = "always" if fuzzy_linking else "never"
        cache = Path(settings.cache_dir) / "nlp"
        processes = resolve_processes(settings.nlp_processes)
        choices = {name: os.environ.get(name, "") for name in RECIPE_ENV}
        choices["BIOKG_FILTERS"] = choices["BIOKG_FILTERS"] or "on"
        if choices["BIOKG_FILTERS"] not in ("on", "off"):
            raise ConfigError(
                f"BIOKG_FILTERS must be 'on' or 'off', not {choices['BIOKG_FILTERS']!r}"
            )
        # With "auto" the linker is fuzzy once its index has been built: that changes output.
        fuzzy_ready = fuzzy_linking == "auto" and any(cache.glob("linker-*/ann.bin"))
        choices["fuzzy_linking"] = f"{fuzzy_linking}:{fuzzy_ready}"
        code = sorted(Path(__file__).resolve().parent.glob("*.py"))
        fingerprint = recipe_fingerprint(VERSION, [PIPELINE_CONFIG.parent, *code, *models], choices)
        coreference, entity_filter, relation_filter, pair_proposer = (
            next((p / name for p in models if (p / name).is_file()), None)
            for name in (
                COREFERENCE_FILE, ENTITY_FILTER_FILE, RELATION_FILTER_FILE, PAIR_PROPOSER_FILE
            )
        )  # fmt: skip
        if choices["BIOKG_FILTERS"] == "off":  # every recognised entity and proposed relation stays
            entity_filter = relation_filter = None
        return cls(
            lambda: build_pipeline(models, cache, fuzzy_linking),
            settings.nlp_batch_size,
            processes,
            fingerprint=fingerprint,
            coreference=coreference,
            entity_filter=entity_filter,
            relation_filter=relation_filter,
            pair_proposer=pair_proposer,
        )

    def extract(self, document: Document) -> Extraction:
        """The Extraction of one document; raises `ExtractionError` naming it on failure."""
        for item in self.pipe([document]):
            if isinstance(item, Failure):
                raise ExtractionError(document.id, item.reason)
            return item
        raise ExtractionError(document.id, "no result")  # pragma: no cover

    def pipe(self, documents: Iterable[Document]) -> Iterator[Extraction | Failure]:
        """One Extraction or Failure(stage="nlp") per document, in order; never aborts.

        Documents are read in groups (8 batches); within a group the articles stream through
        `nlp.pipe(as_tuples=True, batch_size, n_process)` and huge texts take the lean path.
        """
        # Worker processes are started per group (each loads the pipeline, seconds): with
        # several, groups are larger so that start-up is paid rarely.
        group_size = max(self.batch_size * 8, 256) * max(1, self.n_process) * 2
        iterator = iter(documents)
        while group := list(itertools.islice(iterator, group_size)):  # batched() is 3.12+
            yield from self._pipe_group(group)

    def _pipe_group(self, group: list[Document]) -> Iterator[Extraction | Failure]:
        """One result per document of `group`, in order. Each document is cut into chunks; the
        chunks of texts over `LEAN_CHARS` go through the lean pipeline, the others through the
        full one, each stream in its own order; a document is finished once each of its chunks
        came back or was dropped (spaCy drops a doc a component failed on)."""
        tasks: list[tuple[str, _Chunk]] = []
        lean_tasks: list[tuple[str, _Chunk]] = []
        left: dict[int, int] = {}  # chunks of each document not yet back or known dropped
        for index, document in enumerate(group):
            pieces = _chunks(mask_markup(document.text))
            left[index] = len(pieces)
            target = lean_tasks if len(document.text) > LEAN_CHARS else tasks
            target += [(piece, _Chunk(index, offset, document.id)) for piece, offset in pieces]
        # Too few texts to keep several workers busy: starting them costs more than it saves.
        n_process = self.n_process if len(tasks) >= 2 * self.batch_size * self.n_process else 1
        # The lean stream first: then only its few results wait for the articles before them,
        # never a whole group of articles for a huge text's minutes.
        streams = [(lean_tasks, self._lean), (tasks, lambda ts: self._pipe_tasks(ts, n_process))]
        back: dict[int, list[tuple[Doc, int]]] = {}
        dropped: dict[int, list[_Chunk]] = {}
        done: dict[int, Extraction | Failure] = {}

        def settle(chunk: _Chunk, doc: Doc | None) -> None:
            if doc is None:
                dropped.setdefault(chunk.index, []).append(chunk)
            else:
                back.setdefault(chunk.index, []).append((doc, chunk.offset))
            left[chunk.index] -= 1
            if left[chunk.index] == 0:
                index = chunk.index
                done[index] = self._finish(
                    group[index], back.pop(index, []), dropped.pop(index, [])
                )

        next_index = 0
        for stream_tasks, run in streams:
            if not stream_tasks:
                continue
            position = 0  # every task of this stream before it came back or was dropped
            for doc, chunk in run(stream_tasks):
                # A stream returns its tasks in order, minus those spaCy dropped: the ones
                # between the last that came back and this one. Only this stream's tasks.
                while stream_tasks[position][1] is not chunk:
                    settle(stream_tasks[position][1], None)
                    position += 1
                position += 1
                settle(chunk, doc)
                while next_index in done:
                    yield done.pop(next_index)
                    next_index += 1
            for _text, chunk in stream_tasks[position:]:
                settle(chunk, None)  # dropped at the end of the stream
        while next_index < len(group):
            yield done.pop(next_index)
            next_index += 1

    def _pipe_tasks(self, tasks: list[tuple[str, object]], n_process: int):
        """(doc, context) for each task spaCy did not drop, in order."""
        # One BLAS thread per process: spaCy's matrices are too small for OpenBLAS's threads to
        # pay (they spin, measured as ~1.5x the CPU time for the same work), and each worker
        # process is already one core's worth. Forked workers inherit the limit.
        with one_blas_thread():
            if n_process == 1:
                yield from self.nlp.pipe(tasks, as_tuples=True, batch_size=self.batch_size)
                return
            resolve_msgpack_entry_points()  # before the workers fork: both sides (de)serialise
            # Plain texts, not (text, context) tuples: with tuples, spaCy makes each Doc in this
            # process and ships it to a worker as bytes, so every document was tokenised here
            # and serialised twice. Docs come back in order, minus any a component failed on;
            # a doc's text is its input's, which finds its context.
            # The workers end with `biokg_digest`: what `assemble` needs, without the tokens.
            pending = iter(tasks)
            texts = (text for text, _context in tasks)
            with _digest_last(self.nlp):
                docs = self.nlp.pipe(texts, batch_size=self.batch_size, n_process=n_process)
                for doc in docs:
                    text = source_text(doc)
                    for task_text, context in pending:
                        if task_text == text:
                            yield doc, context
                            break

    def _lean(self, tasks: list[tuple[str, _Chunk]]) -> Iterator[tuple[Doc, _Chunk]]:
        """(doc, context) for each task the lean pipeline did not drop, in order.

        Its sentences come from the `sentencizer` (punctuation) and line breaks, in place of the
        parser: the config keeps the sentencizer disabled for the full pipeline, and
        `select_pipes(enable=...)` only disables, so it is enabled here for the block. (Without
        it, a chunk without line breaks had no sentence boundaries and the relation step failed
        with E030.) Its cost is within the noise: 3.3-4.1 against 3.5-3.7 CPU-s for a 230 kB text;
        running `tok2vec` + `biokg_parser` on the chunks instead took 8.2-9.8 s and twice the RSS.
        """
        nlp = self.nlp
        enable = [name for name in LEAN_PIPES if name in nlp.disabled]
        for name in enable:
            nlp.enable_pipe(name)
        try:
            with nlp.select_pipes(enable=LEAN_PIPES):
                yield from nlp.pipe(tasks, as_tuples=True, batch_size=1)
        finally:
            for name in enable:
                nlp.disable_pipe(name)

    def _finish(
        self, document: Document, chunks: list[tuple[Doc, int]], dropped: Iterable[_Chunk] = ()
    ) -> Extraction | Failure:
        """The document's Extraction from its chunks' docs; a Failure, logged with its reason
        and the document's id, if a component failed on any chunk (`dropped`, or a doc that
        came back marked by `_record_error`)."""
        errors = [c.error or _WORKER_FAILED for c in dropped]
        errors += [d.user_data[_ERROR_KEY] for d, _ in chunks if d.user_data.get(_ERROR_KEY)]
        if errors:
            reason = f"a pipeline component failed on this document ({errors[0]})"
            log.warning("nlp failed on %s: %s", document.id, reason)
            return Failure(source=document.id, stage="nlp", reason=reason)
        try:
            chunks = sorted(chunks, key=lambda item: item[1])
            digests = [(digest_of(doc), offset) for doc, offset in chunks]
            extraction = assemble(
                document,
                digests,
                self.lexicon,
                self.version,
                coreference=self.coreference,
                entity_filter=self.entity_filter,
                relation_filter=self.relation_filter,
                pair_proposer=self.pair_proposer,
            )
            return extraction.model_copy(update={"extractor_version": self.fingerprint})
        except Exception as exc:  # noqa: BLE001 - one bad document must not abort the batch
            log.warning("nlp failed on %s: %s", document.id, exc)
            return Failure(source=document.id, stage="nlp", reason=f"{type(exc).__name__}: {exc}")
