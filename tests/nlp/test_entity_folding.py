"""One entity per disease and per measure; no OUTCOME without a number (GUIDE.md)."""

from __future__ import annotations

from biokg.nlp.assemble import ChunkDigest, assemble
from biokg.nlp.recognisers import load_lexicon

from biokg.identity import entity_key
from biokg.model import Document


def extract(text: str, ents: list[tuple[str, str]], relations=()) -> dict:
    """Assemble an Extraction from hand-made chunk data: `ents` as (surface, label), each at
    its first occurrence after the previous one."""
    spans, cursor = [], 0
    for surface, label in ents:
        start = text.index(surface, cursor)
        spans.append((entity_key(label, surface), label, start, start + len(surface)))
        cursor = start + 1
    sentences, start = [], 0
    for part in text.split(". "):
        sentences.append((start, start + len(part)))
        start += len(part) + 2
    digest = ChunkDigest(sentences, spans, {}, [], [], list(relations))
    extraction = assemble(Document(text=text), [(digest, 0)], load_lexicon(None), "test")
    return {e.name: e for e in extraction.entities}


def test_a_qualified_disease_or_measure_is_the_same_entity():
    text = (
        "Patients with relapsed or refractory multiple myeloma were enrolled. "
        "In multiple myeloma, median progression-free survival was 12 months. "
        "Progression-free survival was longer than before"
    )
    entities = extract(
        text,
        [
            ("relapsed or refractory multiple myeloma", "DISEASE"),
            ("multiple myeloma", "DISEASE"),
            ("median progression-free survival", "OUTCOME"),
            ("Progression-free survival", "OUTCOME"),
        ],
    )
    assert set(entities) == {"multiple myeloma", "progression-free survival"}
    myeloma = entities["multiple myeloma"]
    assert "relapsed or refractory multiple myeloma" in myeloma.aliases
    assert len(entities["progression-free survival"].mentions) == 2


def test_a_disease_qualified_by_a_range_of_severity_is_named_by_its_base():
    text = "Adults with moderate-to-severe plaque psoriasis were enrolled"
    entities = extract(text, [("moderate-to-severe plaque psoriasis", "DISEASE")])
    assert set(entities) == {"plaque psoriasis"}, set(entities)
    assert "moderate-to-severe plaque psoriasis" in entities["plaque psoriasis"].aliases


def test_a_disease_qualified_by_its_stage_is_named_by_its_base():
    text = "Adults with extensive-stage small cell lung cancer were enrolled"
    entities = extract(text, [("extensive-stage small cell lung cancer", "DISEASE")])
    assert set(entities) == {"small cell lung cancer"}, set(entities)


def test_a_subtype_stays_its_own_disease():
    text = "HER2-positive breast cancer differs from breast cancer. Both were studied"
    entities = extract(
        text, [("HER2-positive breast cancer", "DISEASE"), ("breast cancer", "DISEASE")]
    )
    assert set(entities) == {"HER2-positive breast cancer", "breast cancer"}


def test_an_outcome_the_text_gives_no_number_for_is_dropped():
    text = "The response rate was not reported. Overall survival was 14 months"
    entities = extract(text, [("response rate", "OUTCOME"), ("Overall survival", "OUTCOME")])
    assert set(entities) == {"Overall survival"}


def _one_disease(text: str, surfaces: list[str], curie: str):
    """Assemble `surfaces`, in order, as mentions of one disease `curie` (the steps before
    naming joined them) and return the one entity."""
    spans, cursor = [], 0
    for surface in surfaces:
        start = text.index(surface, cursor)
        spans.append((curie, "DISEASE", start, start + len(surface)))
        cursor = start + len(surface)
    sentences, start = [], 0
    for part in text.split(". "):
        sentences.append((start, start + len(part)))
        start += len(part) + 2
    digest = ChunkDigest(sentences, spans, {}, [], [], [])
    extraction = assemble(Document(text=text), [(digest, 0)], load_lexicon(None), "test")
    [disease] = extraction.entities
    return disease


def test_an_entity_is_named_by_its_fullest_name_not_by_the_head_it_shares():
    # Mentions the steps before naming joined into one entity (as coreference does with "the
    # leukemia" after the full name): the node is named by the specific name, not the head.
    text = (
        "Children with relapsed B-cell acute lymphoblastic leukemia were treated. "
        "The leukemia cells lost CD19. The leukemia relapsed in 3 patients"
    )
    surfaces = ["relapsed B-cell acute lymphoblastic leukemia", "leukemia", "leukemia"]
    disease = _one_disease(text, surfaces, "DOID:0080638")
    assert disease.name == "B-cell acute lymphoblastic leukemia"
    assert "leukemia" in disease.aliases and len(disease.mentions) == 3


def test_a_headline_names_no_disease_the_text_writes_otherwise():
    # The headline's capitals ran the recogniser's span into the word before the disease.
    text = (
        "Large Bladder Cancer Trial Shows Benefit. A trial with 300 bladder cancer patients "
        "found a benefit. Bladder cancer is common"
    )
    surfaces = ["Large Bladder Cancer", "bladder cancer", "Bladder cancer"]
    disease = _one_disease(text, surfaces, "DOID:11054")
    assert disease.name == "bladder cancer"
    assert len(disease.mentions) == 3


def test_a_relation_whose_ends_no_longer_fit_its_predicate_is_dropped():
    # "Fry" was once tagged as a drug that treats B-ALL; the surname joins the person "Terry
    # Fry" (two PERSON mentions outvote it), and a person treats nothing.
    text = "Terry Fry led the study. Fry induced remission in B-ALL. Fry spoke"
    spans = []
    for surface, label, nth in (("Terry Fry", "PERSON", 0), ("Fry", "DRUG", 1),
                                ("Fry", "PERSON", 2)):  # fmt: skip
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        spans.append(("biokg:person:terry fry", label, start, start + len(surface)))
    ball = text.index("B-ALL")
    spans.append((entity_key("DISEASE", "B-ALL"), "DISEASE", ball, ball + 5))
    sentences = [(0, 24), (25, 55), (56, len(text))]
    drug = spans[1]
    treats = {"subject": (drug[2], drug[3]), "object": (ball, ball + 5), "predicate": "TREATS",
              "confidence": 0.9, "negated": False, "attributes": {}, "sentence": sentences[1],
              "trigger": "model", "distance": 0}  # fmt: skip
    digest = ChunkDigest(sentences, spans, {}, [], [], [treats])
    extraction = assemble(Document(text=text), [(digest, 0)], load_lexicon(None), "test")
    types = {e.name: e.type.value for e in extraction.entities}
    assert types.get("Terry Fry") == "PERSON" and "B-ALL" in types
    assert extraction.relations == []


def test_a_concept_is_named_by_its_own_name_over_a_headline_word(default_extractor):
    text = (
        "Harwell Bio's cell therapy wins approval for lupus\n\nThe FDA approved renocabtagene "
        "autoleucel for adults with severe lupus nephritis on Tuesday.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    diseases = [e.name for e in extraction.entities if str(e.type) == "DISEASE"]
    assert diseases == ["lupus nephritis"], diseases
