"""Entities of one document that name one thing become one entity (`nlp/coreference.py`), and
names of different things stay apart (own sentences, the shipped default pipeline)."""

from __future__ import annotations

import numpy
import pytest
from biokg.nlp.coreference import (
    FEATURES,
    Candidate,
    CoreferenceModel,
    acronym_or_code,
    pair_features,
    words_of,
)

from biokg.model import Document


def _by_type(extraction, type_: str) -> list:
    return [e for e in extraction.entities if e.type.value == type_]


def _forms(entity) -> set[str]:
    return {entity.name, *entity.aliases}


def test_a_company_named_three_ways_is_one_organisation(default_extractor) -> None:
    text = (
        "Harwick Biologics, Inc. said on Monday that zelcabtagene autoleucel induced complete "
        "remission in 40 of 52 patients with B-cell lymphoma. Harwick plans to file for "
        "approval next year, Harwick Biologics said.\n"
    )
    extraction = default_extractor.extract(Document(id="coref-company", text=text))
    harwick = [e for e in _by_type(extraction, "ORGANIZATION") if "Harwick" in e.name]
    assert len(harwick) == 1, [(e.name, e.aliases) for e in extraction.entities]
    assert _forms(harwick[0]) >= {"Harwick Biologics, Inc.", "Harwick", "Harwick Biologics"}
    # The full name without its legal form, which the text also writes; not the short one.
    assert harwick[0].name == "Harwick Biologics"
    drug = next(e for e in _by_type(extraction, "DRUG") if "zelcabtagene" in e.name)
    developers = {r.object for r in extraction.relations
                  if r.subject == drug.id and r.predicate.value == "DEVELOPED_BY"}  # fmt: skip
    assert developers == {harwick[0].id}


def test_a_trial_and_its_registry_number_are_one_trial(default_extractor) -> None:
    text = (
        "The phase 3 ORION-7 trial (NCT01234567) enrolled 400 patients with metastatic breast "
        "cancer. In ORION-7, the median progression-free survival was 11.2 months.\n"
    )
    extraction = default_extractor.extract(Document(id="coref-trial", text=text))
    trials = _by_type(extraction, "TRIAL")
    assert len(trials) == 1, [(e.name, e.aliases) for e in trials]
    assert trials[0].name == "ORION-7"  # named by its name, the number is an alias
    assert "NCT01234567" in trials[0].aliases


def test_a_drug_its_code_and_its_short_name_are_one_drug(default_extractor) -> None:
    text = (
        "Torvalimab (KX-4410) was given to 80 patients with lung cancer. KX-4410 was well "
        "tolerated. Separately, zelcabtagene autoleucel (zelca-cel) was infused in 30 adults; "
        "zelca-cel induced remission in 21 of them.\n"
    )
    extraction = default_extractor.extract(Document(id="coref-drug", text=text))
    drugs = {e.name.lower(): e for e in _by_type(extraction, "DRUG")}
    assert "KX-4410" in drugs["torvalimab"].aliases, list(drugs)
    assert "zelca-cel" in drugs["zelcabtagene autoleucel"].aliases, list(drugs)
    assert "kx-4410" not in drugs and "zelca-cel" not in drugs


def test_a_short_name_given_as_an_alternative_is_the_drug(default_extractor) -> None:
    # ", or" reads as a list, but a short name clipped from the INN is no second product.
    text = (
        "The experimental product, rivocabtagene autoleucel, or rivo-cel, is made by Northgate "
        "Cell Therapeutics. Rivo-cel produced complete responses in 9 of 14 patients.\n"
    )
    extraction = default_extractor.extract(Document(id="coref-or", text=text))
    drugs = {e.name.lower(): e for e in _by_type(extraction, "DRUG")}
    assert list(drugs) == ["rivocabtagene autoleucel"], list(drugs)
    assert "rivo-cel" in {a.lower() for a in drugs["rivocabtagene autoleucel"].aliases}


def test_two_products_sharing_a_word_and_their_brands_stay_apart(default_extractor) -> None:
    text = (
        "The U.S. Food and Drug Administration approved Zorvia (abcaglogene autotemcel) and "
        "Belvix (defrotibeglogene autotemcel) for sickle cell disease. The FDA said both gene "
        "therapies carry a boxed warning.\n"
    )
    extraction = default_extractor.extract(Document(id="coref-apart", text=text))
    names = {e.name for e in _by_type(extraction, "DRUG")}
    assert {"Zorvia", "Belvix", "abcaglogene autotemcel",
            "defrotibeglogene autotemcel"} <= names  # fmt: skip
    brands = {
        (r.subject, r.object) for r in extraction.relations if r.predicate.value == "BRAND_OF"
    }
    assert ("biokg:drug:zorvia", "biokg:drug:abcaglogene_autotemcel") in brands
    fda = [e for e in _by_type(extraction, "ORGANIZATION") if "FDA" in _forms(e)]
    assert len(fda) == 1 and fda[0].name == "U.S. Food and Drug Administration"


def test_two_diseases_sharing_a_head_word_stay_apart(default_extractor) -> None:
    text = "Patients with breast cancer or lung cancer received torvalimab for 12 months.\n"
    extraction = default_extractor.extract(Document(id="coref-diseases", text=text))
    names = {e.name for e in _by_type(extraction, "DISEASE")}
    assert {"breast cancer", "lung cancer"} <= names


def test_name_shapes() -> None:
    assert words_of("Acme Bio, Inc.") == ("acme", "bio", "inc")
    assert words_of("endometrial cancers") == words_of("Endometrial cancer")
    assert acronym_or_code("NCT01234567") and acronym_or_code("KX-4410")
    assert acronym_or_code("FDA") and not acronym_or_code("Kymriah")


def _pair(a: str, b: str, text: str, type_: str = "ORGANIZATION") -> dict[str, float]:
    ca = Candidate("a", type_, [(a, text.index(a), text.index(a) + len(a), 0)])
    start = text.index(b, text.index(a) + len(a))
    cb = Candidate("b", type_, [(b, start, start + len(b), 0)])
    return dict(zip(FEATURES, pair_features(ca, cb, text, 0), strict=True))


@pytest.mark.parametrize(
    ("a", "b", "feature"),
    [
        ("U.S. Food and Drug Administration", "FDA", "initials"),
        ("Radiation Therapy Oncology Group", "RTOG", "initials"),
        ("brexucabtagene autoleucel", "brexu-cel", "clipped_compound"),
        ("ORION-7", "NCT01234567", "parenthesis"),
        ("Acme Bio", "Acme Bio, Inc.", "word_prefix"),
        ("abcaglogene autotemcel", "defrotibeglogene autotemcel", "words_differ"),
    ],
)
def test_pair_features_see_the_relation_between_names(a: str, b: str, feature: str) -> None:
    text = f"{a} ({b}) was named here; {a} and {b} again."
    assert _pair(a, b, text)[feature] == 1.0


def test_initials_out_of_order_are_not_initials() -> None:
    text = "The Committee for Medicinal Products for Human Use (CHMP) met."
    assert _pair("Committee for Medicinal Products for Human Use", "CHMP", text)["initials"] == 0


def _stump(feature: str, cut: float, low: float, high: float) -> dict:
    return {"feature": [FEATURES.index(feature), -2, -2], "cut": [cut, -2.0, -2.0],
            "left": [1, -1, -1], "right": [2, -1, -1], "value": [0.0, low, high],
            "depth": 1}  # fmt: skip


def test_clusters_join_best_first_and_never_chain_or_join_related_names() -> None:
    # One stump: names sharing their first word are likely one thing (p ≈ 0.95), others not.
    model = CoreferenceModel(0.0, [_stump("first_word_equal", 0.5, -3.0, 3.0)], 0.5, 0.4)
    text = "Acme Bio, Acme Bio Inc and Acme Labs; Zeta Corp."
    cands = [
        Candidate("a", "ORGANIZATION", [("Acme Bio", 0, 8, 0)]),
        Candidate("b", "ORGANIZATION", [("Acme Bio Inc", 10, 22, 0)]),
        Candidate("c", "ORGANIZATION", [("Acme Labs", 27, 36, 0)]),
        Candidate("d", "ORGANIZATION", [("Zeta Corp", 38, 47, 0)]),
    ]
    assert model.clusters(cands, text) == [[0, 1, 2]]
    # A relation between two of them keeps those two, and so their clusters, apart.
    assert all(not {0, 2} <= set(c) for c in model.clusters(cands, text, apart={(0, 2)}))
    probabilities = model.probabilities(
        numpy.vstack(
            [pair_features(cands[0], cands[1], text, 2), pair_features(cands[0], cands[3], text, 2)]
        )  # fmt: skip
    )
    assert probabilities[0] > 0.9 > 0.1 > probabilities[1]
    round_trip = CoreferenceModel.from_json(model.to_json())
    assert round_trip.clusters(cands, text) == [[0, 1, 2]]


def test_two_concepts_named_in_full_stay_two(default_extractor) -> None:
    # The learnt model joined these two leukaemias; the ontology tells them apart.
    text = (
        "Velnostat improved survival for patients with chronic lymphocytic leukemia. Imatinib "
        "is approved for chronic myeloid leukemia.\n"
    )
    extraction = default_extractor.extract(Document(id="two-concepts", text=text))
    diseases = {e.name for e in _by_type(extraction, "DISEASE")}
    assert {"chronic lymphocytic leukemia", "chronic myeloid leukemia"} <= diseases


def test_names_a_sentence_conjoins_are_two_things(default_extractor) -> None:
    # One ontology concept files both; the text names two, each with its abbreviation.
    text = (
        "Velnostat improved survival for patients with chronic lymphocytic leukemia (CLL) and "
        "small lymphocytic lymphoma (SLL). Of 100 patients with CLL/SLL, 94 responded.\n"
    )
    extraction = default_extractor.extract(Document(id="conjoined", text=text))
    by_name = {e.name: e for e in _by_type(extraction, "DISEASE")}
    assert {"chronic lymphocytic leukemia", "small lymphocytic lymphoma"} <= set(by_name)
    assert "SLL" in _forms(by_name["small lymphocytic lymphoma"])
    assert "SLL" not in _forms(by_name["chronic lymphocytic leukemia"])


def test_an_apposition_is_no_list(extractor) -> None:
    text = (
        "The first CAR T product, tisagenlecleucel (Kymriah), manufactured by Novartis, was "
        "approved for B-cell acute lymphoblastic leukemia.\n"
    )
    extraction = extractor.extract(Document(id="apposition", text=text))
    assert [e.name for e in _by_type(extraction, "DRUG")].count("tisagenlecleucel") == 1


def test_two_nonproprietary_names_are_two_drugs(default_extractor):
    text = (
        "Tessaly Pharma licensed korvolimab, an anti-TL1A monoclonal antibody, to Moravia "
        "Biosciences. In the phase 2 trial, 30% of patients given korvolimab reached clinical "
        "remission. A rival anti-TL1A antibody, denvalimab, is in phase 3. Denvalimab is given "
        "every four weeks.\n"
    )
    extraction = default_extractor.extract(Document(id="two-inns", text=text))
    drugs = {e.name.casefold() for e in _by_type(extraction, "DRUG")}
    assert {"korvolimab", "denvalimab"} <= drugs, drugs


@pytest.mark.parametrize(
    ("text", "drug", "code"),
    [
        (
            "Halcyon Bio licensed zoretinib, a MEK inhibitor known internally as HB-771, from "
            "Daiko Pharma. Zoretinib shrank tumours in 12 of 30 patients with melanoma.\n",
            "zoretinib",
            "HB-771",
        ),
        (
            "Elgonarix (also called CWH-310) is a tablet taken once a day. Castellan Health is "
            "developing elgonarix for endometriosis.\n",
            "elgonarix",
            "CWH-310",
        ),
    ],
    ids=["known-internally-as", "also-called"],
)
def test_a_code_the_text_says_the_drug_goes_by_is_the_drug(default_extractor, text, drug, code):
    extraction = default_extractor.extract(Document(text=text))
    owners = [e for e in _by_type(extraction, "DRUG") if code in _forms(e)]
    assert [e.name for e in owners] == [drug], [(e.name, e.aliases) for e in extraction.entities]
