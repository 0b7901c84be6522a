"""The committed trained pipelines in `nlp/models/` load and find known entities.

No training here: these tests load the shipped weights and check predictions on sentences
written for these tests (facts stated in our own words, not corpus text).
"""

from __future__ import annotations

import json
from pathlib import Path

import biokg.nlp
import pytest
import spacy
from biokg.nlp.training.biluo_tagger import entity_labels

MODELS = Path(biokg.nlp.__file__).parent / "models"
EXPECTED_LABELS = {
    "bc5cdr": ["DISEASE", "DRUG"],
    "genes": ["GENE"],
    "biored": ["CELL_LINE", "DISEASE", "DRUG", "GENE", "SPECIES", "VARIANT"],
}


@pytest.fixture(scope="module", params=sorted(EXPECTED_LABELS))
def model(request) -> tuple[str, spacy.language.Language]:
    return request.param, spacy.load(MODELS / request.param)


def _ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_model_is_a_self_contained_ner_plus_consistency_rules(model) -> None:
    name, nlp = model
    assert nlp.pipe_names == ["ner", "biokg_ner_consistency"]
    assert sorted(entity_labels(nlp.get_pipe("ner"))) == EXPECTED_LABELS[name]


def test_meta_names_the_training_data_licences(model) -> None:
    name, _ = model
    meta = json.loads((MODELS / name / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == f"biokg_ner_{name}"
    assert meta["sources"] and all(source["license"] for source in meta["sources"])
    assert meta["biokg_training"]["rebuild"].endswith(f"--only {name}")


def test_tokenizer_rules_are_saved_with_the_model(model) -> None:
    _, nlp = model
    assert [t.text for t in nlp.make_doc("(PAN)-induced")] == ["(", "PAN", ")", "-", "induced"]


def test_empty_text_gives_no_entities(model) -> None:
    _, nlp = model
    assert _ents(nlp, "") == []


def test_entity_free_text_gives_no_entities(model) -> None:
    # The transition-based biored model tagged "sunny" here as DRUG; its BILUO tagger does not.
    _, nlp = model
    assert _ents(nlp, "The committee met on a sunny Tuesday and adjourned at noon.") == []


def test_all_models_fit_the_size_budget() -> None:
    total = sum(f.stat().st_size for f in MODELS.rglob("*") if f.is_file())
    assert total <= 60 * 1024 * 1024


@pytest.fixture(scope="module")
def bc5cdr():
    return spacy.load(MODELS / "bc5cdr")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Cisplatin-induced nephrotoxicity was seen in three of ten patients.",
            [("Cisplatin", "DRUG"), ("nephrotoxicity", "DISEASE")],
        ),
        (
            "Warfarin raised the risk of intracranial hemorrhage in elderly people with "
            "atrial fibrillation.",
            [
                ("Warfarin", "DRUG"),
                ("intracranial hemorrhage", "DISEASE"),
                ("atrial fibrillation", "DISEASE"),
            ],
        ),
        (
            "Long-term lithium therapy can cause hypothyroidism.",
            [("lithium", "DRUG"), ("hypothyroidism", "DISEASE")],
        ),
        (
            "Haloperidol produced catalepsy in rats.",
            [("Haloperidol", "DRUG"), ("catalepsy", "DISEASE")],
        ),
    ],
)
def test_bc5cdr_finds_drugs_and_diseases(bc5cdr, text: str, expected) -> None:
    assert _ents(bc5cdr, text) == expected


def test_bc5cdr_offsets_index_the_original_text(bc5cdr) -> None:
    text = "Patients with Parkinson disease who took levodopa often developed dyskinesia."
    doc = bc5cdr(text)
    assert [(text[e.start_char : e.end_char], e.label_) for e in doc.ents] == [
        ("Parkinson disease", "DISEASE"),
        ("levodopa", "DRUG"),
        ("dyskinesia", "DISEASE"),
    ]


@pytest.fixture(scope="module")
def biored():
    return spacy.load(MODELS / "biored")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mutations in BRCA1 raise the risk of breast cancer in women.",
            [("BRCA1", "GENE"), ("breast cancer", "DISEASE"), ("women", "SPECIES")],
        ),
        (
            "The BRAF V600E mutation was found in melanoma cells from mice treated with "
            "vemurafenib.",
            [
                ("BRAF", "GENE"),
                ("V600E", "VARIANT"),
                ("melanoma", "DISEASE"),
                ("mice", "SPECIES"),
                ("vemurafenib", "DRUG"),
            ],
        ),
        (
            "HeLa cells were transfected with a plasmid encoding TP53.",
            [("HeLa", "CELL_LINE"), ("TP53", "GENE")],
        ),
        (
            "Loss of CFTR function causes cystic fibrosis in humans.",
            [("CFTR", "GENE"), ("cystic fibrosis", "DISEASE"), ("humans", "SPECIES")],
        ),
    ],
)
def test_biored_finds_its_six_types(biored, text: str, expected) -> None:
    assert _ents(biored, text) == expected


@pytest.fixture(scope="module")
def genes():
    return spacy.load(MODELS / "genes")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mutations in BRCA1 raise the risk of breast cancer in women.", [("BRCA1", "GENE")]),
        ("HeLa cells were transfected with a plasmid encoding TP53.", [("TP53", "GENE")]),
        (
            "The interleukin-6 receptor binds to gp130 and activates STAT3.",
            [("interleukin-6 receptor", "GENE"), ("gp130", "GENE"), ("STAT3", "GENE")],
        ),
    ],
)
def test_genes_finds_genes_and_proteins(genes, text: str, expected) -> None:
    assert _ents(genes, text) == expected
