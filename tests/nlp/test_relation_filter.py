"""Relations the document does not state are dropped (`nlp/relation_filter.py`): a regulator
that approved a drug is not its developer (own sentences, the shipped default pipeline)."""

from __future__ import annotations

import pytest
from biokg.nlp.relation_filter import RelationFilter, relation_features
from nlp_helpers import triples

from biokg.model import Document, Entity, Evidence, Mention, Relation


@pytest.mark.parametrize(
    ("text", "drug", "developer", "regulator"),
    [
        (
            "The U.S. Food and Drug Administration approved Zorvia (abcaglogene autotemcel) for "
            "sickle cell disease. Zorvia is made by Quenby Therapeutics.\n",
            "abcaglogene autotemcel",
            "Quenby Therapeutics",
            "U.S. Food and Drug Administration",
        ),
        (
            "The European Medicines Agency granted conditional approval to velnostat, developed "
            "by Arden Pharma, for relapsed multiple myeloma.\n",
            "velnostat",
            "Arden Pharma",
            "European Medicines Agency",
        ),
    ],
)
def test_a_regulator_is_not_the_developer(default_extractor, text, drug, developer, regulator):
    extraction = default_extractor.extract(Document(id="regulator", text=text))
    found = triples(extraction)
    assert (drug, "DEVELOPED_BY", developer) in found
    assert (drug, "DEVELOPED_BY", regulator) not in found, found
    # Were the steps before it to propose the regulator from the sentence that names it
    # (earlier models did), the filter would rate it far below the developer.
    model = default_extractor.relation_filter
    assert model is not None
    by_name = {e.name: e for e in extraction.entities}
    stated = next(
        r
        for r in extraction.relations
        if (r.subject, r.predicate.value, r.object)
        == (by_name[drug].id, "DEVELOPED_BY", by_name[developer].id)
    )
    approval = next(r for r in extraction.relations if r.predicate.value == "TREATS")
    wrong = stated.model_copy(
        update={"object": by_name[regulator].id, "evidence": approval.evidence}
    )
    right_p, wrong_p = (
        model.probability(fs) for fs in relation_features([stated, wrong], extraction.entities)
    )
    assert wrong_p < right_p / 2, (right_p, wrong_p)
    assert model.kept([stated], extraction.entities) == [stated]


@pytest.mark.parametrize(
    "text",
    [
        "The FDA approved Velquira (pexotinib) for adults with FGFR2-fusion cholangiocarcinoma "
        "whose disease progressed after chemotherapy.\n",
        "Pexotinib is now an FDA approved treatment for adults with cholangiocarcinoma who have "
        "received two prior therapies.\n",
        "Pexotinib was approved by the MHRA for cholangiocarcinoma in May.\n",
    ],
    ids=["subject", "modifier", "agent"],
)
def test_a_regulator_named_alone_develops_nothing(default_extractor, text):
    # No developer named beside it: the model took the only organisation for one.
    found = triples(default_extractor.extract(Document(id="regulator-alone", text=text)))
    assert ("pexotinib", "TREATS", "cholangiocarcinoma") in found, found
    assert not [t for t in found if t[1] == "DEVELOPED_BY"], found


@pytest.mark.parametrize(
    "text",
    [
        "Orvatinib shrank tumours in 40% of patients, said study leader Dr. Anna Berg of "
        "Northfield University.\n",
    ],
)
def test_a_university_named_only_as_where_a_person_works_develops_nothing(default_extractor, text):
    found = triples(default_extractor.extract(Document(id="affiliation", text=text)))
    assert ("Anna Berg", "AFFILIATED_WITH", "Northfield University") in found, found
    assert not [t for t in found if t[1] == "DEVELOPED_BY"], found


@pytest.mark.parametrize(
    "text",
    [
        '"We are excited," said Dr. Lena Marsh, who led the trial of pelzatinib at Riverside '
        "Medical Center.\n",
        "Investigators from Kestrel University reported that tabelecleucel induced remissions "
        "in 12 of 20 patients.\n",
    ],
    ids=["who-led-at", "investigators-from"],
)
def test_where_the_people_who_tested_it_work_develops_nothing(default_extractor, text):
    found = triples(default_extractor.extract(Document(id="workplace", text=text)))
    assert not [t for t in found if t[1] == "DEVELOPED_BY"], found


def test_the_workplace_of_the_people_who_developed_it_develops_it(default_extractor):
    text = (
        "Zanatinib, developed by researchers at Eastbridge University, shrank tumours in 12 of "
        "30 patients.\n"
    )
    found = triples(default_extractor.extract(Document(id="developers", text=text)))
    assert ("zanatinib", "DEVELOPED_BY", "Eastbridge University") in found, found


def _relation(subject: Entity, obj: Entity, start: int, end: int, text: str) -> Relation:
    evidence = Evidence(document_id="d", text=text[start:end], start=start, end=end,
                        extractor="test", version="1")  # fmt: skip
    return Relation(subject=subject.id, predicate="TREATS", object=obj.id, confidence=0.83,
                    evidence=[evidence])  # fmt: skip


def test_relation_features_read_the_words_between_the_ends() -> None:
    text = "Velnostat was given for myeloma. Asthma is common."
    drug = Entity(name="velnostat", type="DRUG", mentions=[Mention(text="Velnostat", start=0,
                  end=9, sentence=0)])  # fmt: skip
    myeloma = Entity(name="myeloma", type="DISEASE", mentions=[Mention(text="myeloma", start=24,
                     end=31, sentence=0)])  # fmt: skip
    asthma = Entity(name="asthma", type="DISEASE", mentions=[Mention(text="Asthma", start=33,
                    end=39, sentence=1)])  # fmt: skip
    near = _relation(drug, myeloma, 0, 32, text)
    far = _relation(drug, asthma, 0, 32, text)
    got_near, got_far = relation_features([near, far], [drug, myeloma, asthma])
    assert {"TREATS|b=given", "TREATS|b=for", "TREATS|gap=3", "TREATS|subject_first"} <= got_near
    assert "TREATS|conf=8" in got_near and "TREATS|fan_out=2" in got_near
    assert "TREATS|apart" in got_far and not any("b=" in f for f in got_far)
    assert {"TREATS|o_w=myeloma", "TREATS|s_s3=tat", "predicate=TREATS"} <= got_near
    model = RelationFilter({"TREATS|apart": -5.0}, 1.0, {"TREATS": 0.5})
    assert model.kept([near, far], [drug, myeloma, asthma]) == [near]


def test_a_company_owning_another_drug_does_not_develop_this_one(default_extractor):
    text = "Velnostat will compete with Pfizer's crizotinib, approved in 2011.\n"
    found = triples(default_extractor.extract(Document(id="owner", text=text)))
    assert ("crizotinib", "DEVELOPED_BY", "Pfizer") in found
    assert ("Velnostat", "DEVELOPED_BY", "Pfizer") not in found, found


def test_companies_listed_as_one_drugs_owners_do_not_develop_another(default_extractor):
    text = (
        "Harlow/Genvara's Zentrivo (obelcabtagene autoleucel) was approved in the US, while "
        "Corlis Bio's Marvexa (tesogene) was approved in Europe.\n"
    )
    found = triples(default_extractor.extract(Document(id="co-owners", text=text)))
    assert {("Zentrivo", "DEVELOPED_BY", "Harlow"), ("Marvexa", "DEVELOPED_BY", "Corlis Bio")} <= (
        found
    )
    for drug in ("Marvexa", "tesogene"):
        assert (drug, "DEVELOPED_BY", "Harlow") not in found, found


def test_a_maker_named_after_another_product_does_not_make_this_one(default_extractor):
    text = (
        "The FDA approved two gene therapies for sickle cell disease on Friday: Zorvia "
        "(fendocel), made by Vertala Therapeutics and Ocean Genomics, and Belmora (torvacel), "
        "from Harwell Bio. Zorvia uses gene editing, while Belmora adds a working gene.\n"
    )
    found = triples(default_extractor.extract(Document(id="two-makers", text=text)))
    made = {(s, o) for s, p, o in found if p == "DEVELOPED_BY"}
    assert {("fendocel", "Vertala Therapeutics"), ("torvacel", "Harwell Bio")} <= made, made
    for drug in ("fendocel", "Zorvia"):
        assert (drug, "Harwell Bio") not in made, made
    for drug in ("torvacel", "Belmora"):
        assert (drug, "Vertala Therapeutics") not in made, made
    assert {("Zorvia", "BRAND_OF", "fendocel"), ("Belmora", "BRAND_OF", "torvacel")} <= found


def test_the_parent_of_a_drugs_maker_is_not_its_developer(default_extractor):
    text = (
        "Tavoxumab, which was developed and is manufactured by Pendral Therapeutics, a "
        "subsidiary of Ostrow Pharma, received accelerated approval.\n"
    )
    found = triples(default_extractor.extract(Document(id="parent", text=text)))
    assert ("tavoxumab", "DEVELOPED_BY", "Pendral Therapeutics") in found, found
    assert ("tavoxumab", "DEVELOPED_BY", "Ostrow Pharma") not in found, found


@pytest.mark.parametrize(
    ("text", "person", "drug"),
    [
        (
            'The FDA approved velnostat for hemophilia B on Monday. "Uptake of gene therapies has '
            'been slow, because patients are cautious about a treatment that cannot be undone," '
            "said Tom Hale, an analyst at Brindle Securities.\n",
            "Tom Hale",
            "velnostat",
        ),
        (
            "Velnostat, an oral BTK inhibitor, met its primary endpoint in the VELA-3 trial, said "
            "Jane Roe, president of Acme Bio.\n",
            "Jane Roe",
            "Velnostat",
        ),
        (
            "Analyst Tom Hale said velnostat could reach sales of $2 billion a year.\n",
            "Tom Hale",
            "velnostat",
        ),
        (
            '"These data show that orvetinib can overcome resistance in lung cancer," said Helen '
            "Park, M.D., Ph.D., Chief Medical Officer of Kestrel Pharma.\n",
            "Helen Park",
            "orvetinib",
        ),
        (
            "Halden's chief medical officer, Dr. Lena Hartvig, said the company plans to open a "
            "pivotal cohort of torvacel in 2025.\n",
            "Lena Hartvig",
            "torvacel",
        ),
    ],
    ids=["analyst", "president", "role-before", "officer-after-degrees", "officer-before-title"],
)
def test_a_person_in_another_role_investigates_nothing(default_extractor, text, person, drug):
    found = triples(default_extractor.extract(Document(id="role", text=text)))
    assert (person, "INVESTIGATES", drug) not in found, found


def test_an_investigator_named_after_the_role_investigates(default_extractor):
    text = (
        "The study's principal investigator, Dr. Priya Raman of Emory University, said "
        "torvacel put 26 of 31 patients into remission.\n"
    )
    found = triples(default_extractor.extract(Document(id="investigator-role", text=text)))
    assert ("Priya Raman", "INVESTIGATES", "torvacel") in found, found


def test_an_investigator_named_beside_an_analyst_stays(default_extractor):
    text = (
        "In the VELA-2 trial of velnostat, principal investigator Dr. Maria Lund of Oslo "
        'University Hospital reported responses in 40% of patients. "Uptake will be slow," '
        "said Tom Hale, an analyst at Brindle Securities.\n"
    )
    found = triples(default_extractor.extract(Document(id="investigator", text=text)))
    assert ("Maria Lund", "INVESTIGATES", "velnostat") in found, found


@pytest.mark.parametrize(
    "text",
    [
        '"This is a meaningful advance," said Dr. Helen Park, a hematologist at Bayview Cancer '
        "Institute who was not involved in the study of orvacitinib.\n",
        "Dr. Omar Reyes, who did not take part in the trial, said velotinib looked promising.\n",
    ],
)
def test_a_person_who_took_no_part_investigates_nothing(default_extractor, text):
    found = triples(default_extractor.extract(Document(id="uninvolved", text=text)))
    assert not [t for t in found if t[1] == "INVESTIGATES"], found


def test_what_an_investigator_says_is_not_taken_for_their_part(default_extractor):
    text = (
        "Dr. Lena Marsh, who led the trial of pelzatinib, said the drug was not associated with "
        "serious side effects.\n"
    )
    found = triples(default_extractor.extract(Document(id="said", text=text)))
    assert ("Lena Marsh", "INVESTIGATES", "pelzatinib") in found, found


@pytest.mark.parametrize(
    ("text", "person", "workplace", "sponsor"),
    [
        ("The trial was led by Dr. Helena Brandt, a hematologist at Kellerman Cancer Center in "
         "Boston, and sponsored by Halvern Bio.\n",
         "Helena Brandt", "Kellerman Cancer Center", "Halvern Bio"),
        ("The study, led by Professor Hannes Lindqvist of Uppsala University Hospital and funded "
         "by Marrow Therapeutics, enrolled 60 patients.\n",
         "Hannes Lindqvist", "Uppsala University Hospital", "Marrow Therapeutics"),
        ("Veranogene was developed by Lindqvist Genetics and tested in the ALPINE-B study, led "
         "by Dr. Tomasz Nowak of the University of Warsaw, in 10 boys with hemophilia B.\n",
         "Tomasz Nowak", "University of Warsaw", "Lindqvist Genetics"),
    ],
    ids=["sponsored-by", "funded-by", "developed-by"],
)  # fmt: skip
def test_a_study_sponsor_is_no_investigator_affiliation(
    default_extractor, text, person, workplace, sponsor
):
    found = triples(default_extractor.extract(Document(text=text)))
    assert (person, "AFFILIATED_WITH", workplace) in found, found
    assert (person, "AFFILIATED_WITH", sponsor) not in found, found


def test_a_sponsor_that_employs_the_person_stays_their_affiliation(default_extractor):
    text = (
        "Dr. Maria Vance, a researcher at Halvern Bio, which sponsored the study, presented it.\n"
    )
    found = triples(default_extractor.extract(Document(text=text)))
    assert ("Maria Vance", "AFFILIATED_WITH", "Halvern Bio") in found, found
