"""Every biokg spaCy component, registered under its `biokg_<step>` factory name.

Importing this module registers them (as `spacy/pipeline/factories.py` does for spaCy's own);
the default pipeline is described by `nlp/data/biokg_pipeline_v1.cfg`.
"""

from __future__ import annotations

from biokg.nlp import (
    architectures,  # noqa: F401 - registers the therapy model's layers
    tokenization,  # noqa: F401 - registers biokg.Tokenizer.v1
)
from biokg.nlp.abbreviations import Abbreviations
from biokg.nlp.compact import Compact
from biokg.nlp.descriptions import Descriptions
from biokg.nlp.digest import Digest
from biokg.nlp.linking import Linker
from biokg.nlp.merging import EntityMerger, StashEntities
from biokg.nlp.model_relations import DEFAULT_EXTRAS, ModelRelations
from biokg.nlp.name_gate import NameGate
from biokg.nlp.parsing import ParserRunner
from biokg.nlp.recognisers import LexiconRecogniser, RuleRecogniser
from biokg.nlp.relation_model import make_relation_classifier  # noqa: F401 - registers it
from biokg.nlp.relations import RelationExtractor
from biokg.nlp.sentences import LineBreaks
from spacy.language import Language

Language.factory("biokg_line_breaks", assigns=["token.is_sent_start"], default_config={})(
    LineBreaks
)

Language.factory(
    "biokg_parser",
    assigns=["token.dep", "token.head", "token.is_sent_start", "doc.sents"],
    requires=["token.is_sent_start"],
    # from_python null: step the parser's loop from Python where spaCy's wheels are profiled.
    default_config={"parser": "parser", "batch_size": 64, "from_python": None},
)(ParserRunner)

Language.factory(
    "biokg_name_gate",
    assigns=["doc.ents"],
    requires=["token.tag", "token.is_sent_start"],
    default_config={"ner": "ner", "batch_size": 256},
)(NameGate)

Language.factory(
    "biokg_stash_ents",
    assigns=["doc.spans", "doc.ents"],
    requires=["doc.ents"],
    default_config={"key": "biokg_base_ner"},
)(StashEntities)

Language.factory(
    "biokg_abbreviations",
    assigns=["doc._.biokg_abbreviations"],
    default_config={"make_serializable": True},
)(Abbreviations)

Language.factory(
    "biokg_lexicon_ner",
    assigns=["doc.spans"],
    requires=["token.is_sent_start"],
    default_config={"data_dir": None, "max_tokens": 12},
)(LexiconRecogniser)

Language.factory(
    "biokg_rule_ner",
    assigns=["doc.spans", "doc._.biokg_targets", "doc._.biokg_brands", "doc._.biokg_names"],
    default_config={"data_dir": None},
)(RuleRecogniser)

Language.factory(
    "biokg_entity_merger",
    assigns=["doc.ents"],
    requires=["doc.spans"],
    default_config={
        # Corpus labels a trained `ner` may use, mapped onto biokg entity types.
        "label_map": {
            "Chemical": "DRUG",
            "ChemicalEntity": "DRUG",
            "CHEMICAL": "DRUG",
            "Disease": "DISEASE",
            "DiseaseOrPhenotypicFeature": "DISEASE",
            "GeneOrGeneProduct": "GENE",
            "Gene": "GENE",
            "protein": "GENE",
            "cell_type": "CELL_TYPE",
        },
        # False: trained-model spans only fill gaps. True: a model span may also replace the
        # shorter lexicon spans of its type inside it -- measured worse (bench/therapy_dev).
        "model_extends": False,
        # Trained models of biokg's own schema whose spans win (see EntityMerger), and which
        # other sources may fill what they leave: "all", "none", or sources joined by "+",
        # each optionally limited to a type ("rules", "base:PERSON+lexicon:CELL_TYPE").
        # Measured with the therapy model (python bench/eval_real_dev.py, bench/eval_nlp.py):
        # filling from the rules and the lexicons' genes, diseases and drugs costs 0.01 entity
        # F1 on the real-text dev set (0.73 -> 0.72) and gains 0.02 relation F1 (0.44 -> 0.46),
        # and it restores the corpora's mentions that GUIDE.md leaves out of the annotation
        # corpus (a drug's side effects, measured chemicals): BC5CDR test 73.1 -> 80.4 F1,
        # BioRED dev 70.7 -> 75.7, entity pairs 32.3 -> 38.8, NCBI-disease 71.5 -> 76.3. Every
        # lexicon type ("rules+lexicon") cost 0.01 more entity F1 for nothing on the corpora.
        # With the entity filter reading an outcome's stated figures, the lexicon's OUTCOME
        # terms fill too ("four had stable disease" where the model tagged nothing): corpus dev
        # 0.792 / 0.504 -> 0.791 / 0.505 (outcome numbers right 266 -> 271), real dev OUTCOME
        # 58 -> 61 of 90 found, HAS_OUTCOME 43 -> 45.
        "primary_models": [],
        "primary_fill": "rules+lexicon:DISEASE+lexicon:DRUG+lexicon:GENE+lexicon:OUTCOME",
    },
)(EntityMerger)

Language.factory(
    "biokg_linker",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"data_dir": None, "cache_dir": None, "fuzzy": "auto", "threshold": 0.85},
)(Linker)

Language.factory(
    "biokg_descriptions",
    assigns=["doc.ents"],
    requires=["doc.ents", "token.dep", "token.head"],
    default_config={},
)(Descriptions)

Language.factory(
    "biokg_relations",
    assigns=["doc._.biokg_relations"],
    requires=["doc.ents", "token.dep", "token.tag", "token.is_sent_start"],
    default_config={"extractor_version": "biokg.relations.v1"},
)(RelationExtractor)

Language.factory(
    "biokg_model_relations",
    assigns=["doc._.biokg_relations"],
    requires=["doc.ents", "doc.sents"],
    default_config={
        "threshold": 0.5,
        "extras": list(DEFAULT_EXTRAS),
        "document_model": None,
        "number_model": None,
        "rule_predicates": [],
    },
)(ModelRelations)

Language.factory("biokg_compact", assigns=["doc.tensor", "doc.spans"], default_config={})(Compact)

Language.factory("biokg_digest", assigns=["doc.user_data"], default_config={})(Digest)
