"""A person before "of <institution>" and two institutions joined by "and" are not one
organisation (own sentences)."""

from __future__ import annotations

import pytest
from biokg.nlp.recognisers import _org_names

from biokg.model import Document


def _entities(extractor, text: str) -> set[tuple[str, str]]:
    extraction = extractor.extract(Document(text=text))
    return {(e.name, e.type.value) for e in extraction.entities}


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_a_person_of_an_institution_is_a_person_and_an_organisation(fixture, request):
    extractor = request.getfixturevalue(fixture)
    found = _entities(
        extractor,
        "Dr. Maria Lopez of Harbor University, the study's principal investigator, presented "
        "the results. Tomas Berger from the Kessel Cancer Institute said the data were strong.",
    )
    assert {("Maria Lopez", "PERSON"), ("Harbor University", "ORGANIZATION")} <= found
    assert {("Tomas Berger", "PERSON"), ("Kessel Cancer Institute", "ORGANIZATION")} <= found
    assert not any(" of Harbor" in name or "Berger from" in name for name, _type in found)


def test_two_institutions_joined_by_and_are_two(extractor):
    found = _entities(
        extractor,
        "Researchers at the University of Pennsylvania and Dana-Farber Cancer Institute led "
        "the study with the National Institute for Health and Care Excellence.",
    )
    assert ("University of Pennsylvania", "ORGANIZATION") in found
    assert ("Dana-Farber Cancer Institute", "ORGANIZATION") in found
    # "and" inside one name, with no institution after it, stays in the name.
    assert ("National Institute for Health and Care Excellence", "ORGANIZATION") in found


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_a_school_named_through_its_university_is_one_organisation(fixture, request):
    text = (
        "A team at Harwick University’s School of Medicine found that ovarian cancer cells "
        "express high levels of CD47, said Dana Lee, a professor at Harwick University’s School "
        "of Medicine.\n"
    )
    extraction = request.getfixturevalue(fixture).extract(Document(id="unit", text=text))
    orgs = {e.name for e in extraction.entities if e.type == "ORGANIZATION"}
    assert orgs == {"Harwick University School of Medicine"}, orgs


def test_a_company_named_by_its_first_word_is_that_company(default_extractor):
    # The therapy model took "Corran" for a drug, which then "targeted" B7-H4.
    text = (
        "The drug, called zelvitamab tesirine and developed by Corran Therapeutics of Cambridge, "
        "Massachusetts, produced responses in 22 of 47 patients (47%) with ovarian cancer. "
        "Dr. Hannah Okonkwo was not paid by Corran. The conjugate binds B7-H4. Corran plans to "
        "start a phase 3 trial next year.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    types = {e.name: str(e.type) for e in extraction.entities}
    assert "Corran" not in types, types
    company = [e for e in extraction.entities if e.name == "Corran Therapeutics"]
    assert company and "Corran" in company[0].aliases, types


def test_an_institution_named_by_its_own_words_is_that_institution(default_extractor):
    # The base NER took "Harwell-Bramley" for a person, who was affiliated with the institute.
    text = (
        "A new study by Harwell-Bramley Cancer Institute researchers looked at resistance to "
        'zelvotinib. "Mutations are common," said Harwell-Bramley\'s Mark Oduya, MD, the first '
        "author of the paper.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    typed = {(e.name, str(e.type)) for e in extraction.entities}
    assert {n for n, t in typed if t == "PERSON"} == {"Mark Oduya"}, typed
    [institute] = [e for e in extraction.entities if str(e.type) == "ORGANIZATION"]
    assert institute.name == "Harwell-Bramley Cancer Institute"
    assert len(institute.mentions) == 2
    names = {e.id: e.name for e in extraction.entities}
    affiliated = {(names[r.subject], names[r.object]) for r in extraction.relations
                  if r.predicate.value == "AFFILIATED_WITH"}  # fmt: skip
    assert affiliated == {("Mark Oduya", "Harwell-Bramley Cancer Institute")}


@pytest.mark.parametrize(
    "name",
    ["Hôpital Saint-Aubin", "Ospedale Santa Cecilia di Brescia", "Universitätsklinikum Feldberg",
     "Istituto Lombardo per la Terapia Genica", "Hospital del Mar Austral"],
)  # fmt: skip
def test_an_institution_named_head_first_is_an_organisation(default_extractor, name):
    text = (
        f"Dr. Lena Marsh, a haematologist at the {name}, led the trial of velcamab in 40 "
        "patients with myeloma.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    organisations = {e.name for e in extraction.entities if str(e.type) == "ORGANIZATION"}
    assert name in organisations, organisations


@pytest.mark.parametrize(
    ("text", "unit", "institution"),
    [
        (
            "Spoke 4, led by Prof. Lena Ostrova at the Department of Oncology, Cell Therapy of "
            "Harwell Children's Hospital, ran the study of velgene.\n",
            "Cell Therapy",
            "Harwell Children's Hospital",
        ),
        (
            "Velgene was studied by Dr. Ivo Marek at the Faculty of Medicine of Harwell "
            "University, who treated 40 patients.\n",
            "Faculty of Medicine",
            "Harwell University",
        ),
    ],
    ids=["department", "faculty"],
)
def test_a_unit_of_an_institution_named_in_full_is_two_organisations(
    default_extractor, text, unit, institution
):
    extraction = default_extractor.extract(Document(text=text))
    organisations = {e.name for e in extraction.entities if str(e.type) == "ORGANIZATION"}
    assert institution in organisations and f"{unit} of {institution}" not in organisations, (
        organisations
    )


@pytest.mark.parametrize(
    "name",
    ["University of Pennsylvania", "Children's Hospital of Fudan University",
     "University of Texas MD Anderson Cancer Center"],
)  # fmt: skip
def test_an_institution_of_a_place_or_of_another_stays_one(name):
    assert _org_names(name) == [(0, name)]


def test_a_company_is_named_without_its_legal_form(default_extractor):
    text = (
        "Kestrel Pharma, Inc. (NASDAQ: KSTP) today announced results of the SUMMIT-2 trial of "
        "orvetinib. Kestrel Pharma plans to file for approval in 2026.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    companies = {e.name: e.aliases for e in extraction.entities if str(e.type) == "ORGANIZATION"}
    assert "Kestrel Pharma, Inc." in companies.get("Kestrel Pharma", []), companies


def test_where_an_organisation_is_is_no_organisation(default_extractor):
    text = (
        "Palisade Oncology develops PAL-301 with Kyoto-based Seiran Pharmaceuticals. Norvale "
        "co-owns dalforasib with Hanbit Biosciences of Seoul. Priya Raghunathan of the "
        "University of Texas Southwestern Medical Center in Dallas presented the data.\n"
    )
    found = _entities(default_extractor, text)
    orgs = {name for name, kind in found if kind == "ORGANIZATION"}
    assert {"Seiran Pharmaceuticals", "Hanbit Biosciences"} <= orgs, found
    assert "University of Texas Southwestern Medical Center" in orgs, found
    assert not orgs & {"Kyoto", "Dallas", "Seoul", "Hanbit Biosciences of Seoul"}, found
    # An institution's "of" is part of its name.
    assert not {n for n in orgs if n.startswith("University") and "Texas" not in n}, found


def test_a_one_word_name_that_makes_a_drug_is_a_company(default_extractor):
    text = (
        "Zenocutuzumab is being developed by Zymeworks. Torvalimab, made by Quellix, is "
        "approved for psoriasis. Velnostat was developed by Dr. Okafor at Leeds.\n"
    )
    found = _entities(default_extractor, text)
    assert {("Zymeworks", "ORGANIZATION"), ("Quellix", "ORGANIZATION")} <= found, found
    assert not {name for name, kind in found if kind == "ORGANIZATION" and "Dr" in name}


@pytest.mark.parametrize(
    "text",
    [
        "Late-breaking data were presented at the Conference on Retroviruses and Opportunistic "
        "Infections (CROI) in Denver. CROI drew 4,000 delegates.",
        "Data were shared at the International Conference on Malignant Lymphoma in Lugano.",
        "The study appeared ahead of the European Congress of Rheumatology.",
    ],
)
def test_a_meeting_and_what_its_name_contains_are_no_entities(default_extractor, text):
    # GUIDE.md annotates no meetings; a disease in a meeting's name is no disease the text
    # speaks of.
    extraction = default_extractor.extract(Document(id="meeting", text=text + "\n"))
    assert not [(e.name, e.type.value) for e in extraction.entities]
