"""A disease that got past a therapy is RESISTANT_TO it (GUIDE.md: relapse after, escape from)."""

from __future__ import annotations

import pytest
from nlp_helpers import triples

from biokg.model import Document


@pytest.mark.parametrize(
    ("text", "disease", "drug"),
    [
        (
            "All 22 patients with chronic lymphocytic leukemia had progressed on ibrutinib before "
            "enrolment, and velnostat induced responses in 14.\n",
            "chronic lymphocytic leukemia",
            "ibrutinib",
        ),
        # The parse reads "to carboplatin" as a verb's: the surface says it.
        (
            "The trial enrolled adults with ovarian cancer refractory to carboplatin; velnostat "
            "produced responses in 30%.\n",
            "ovarian cancer",
            "carboplatin",
        ),
        (
            "Velnostat is being tested in imatinib-resistant chronic myeloid leukemia.\n",
            "chronic myeloid leukemia",
            "imatinib",
        ),
        # What relapsed after is the use of the drug ("treatment with X").
        (
            "Patients with multiple myeloma that had relapsed after treatment with lenalidomide "
            "received tevoclimab, which produced responses in 40%.\n",
            "multiple myeloma",
            "lenalidomide",
        ),
        # A response that ended, and a therapy escaped, are escape from it too.
        (
            "Patients whose melanoma stopped responding to velnostat often carried NRAS "
            "mutations.\n",
            "melanoma",
            "velnostat",
        ),
        (
            "In most patients, the myeloma no longer responded to tevoclimab after two years.\n",
            "myeloma",
            "tevoclimab",
        ),
        (
            "Some patients' lymphomas eventually escaped treatment with the CD19-directed CAR "
            "T-cell product lorvacel, losing CD19 expression.\n",
            "lymphomas",
            "lorvacel",
        ),
        (
            "The trial enrolled 420 adults with Crohn's disease who had an inadequate response "
            "to TNF inhibitors.\n",
            "crohn's disease",
            "tnf inhibitors",
        ),
        (
            "Velorimab was tested in patients with rheumatoid arthritis who had failed "
            "methotrexate.\n",
            "rheumatoid arthritis",
            "methotrexate",
        ),
        (
            "All participants had psoriasis that was not controlled with topical "
            "corticosteroids.\n",
            "psoriasis",
            "topical corticosteroids",
        ),
        (
            "Patients with lupus had disease refractory to a median of four prior treatments, "
            "including hydroxychloroquine and belimumab.\n",
            "lupus",
            "belimumab",
        ),
        (
            "In 800 adults with HIV-1 infection given tamocavir, virus with reduced "
            "susceptibility to tamocavir emerged in 4 participants.\n",
            "hiv-1 infection",
            "tamocavir",
        ),
        # A sentence naming no disease speaks of the one the text is about.
        (
            "Korvatinib is being developed for chronic myeloid leukemia. Of the 60 patients, 21 "
            "had relapsed after imatinib.\n",
            "chronic myeloid leukemia",
            "imatinib",
        ),
    ],
    ids=[
        "progressed-on",
        "refractory-to",
        "x-resistant",
        "after-treatment-with",
        "stopped-responding",
        "no-longer-responded",
        "escaped-treatment-with",
        "inadequate-response",
        "failed",
        "not-controlled-with",
        "refractory-to-a-median-of-including",
        "reduced-susceptibility",
        "disease-of-the-text",
    ],
)
def test_a_disease_that_got_past_a_drug_is_resistant_to_it(default_extractor, text, disease, drug):
    extraction = default_extractor.extract(Document(id="resistance", text=text))
    found = triples(extraction, casefold=True)
    assert (disease, "RESISTANT_TO", drug) in found, found


def test_a_drug_that_works_meets_no_resistance(default_extractor):
    text = (
        "Imatinib induced complete cytogenetic responses in 80% of patients with chronic myeloid "
        "leukemia.\n"
    )
    extraction = default_extractor.extract(Document(id="responses", text=text))
    found = triples(extraction, casefold=True)
    assert ("imatinib", "TREATS", "chronic myeloid leukemia") in found
    assert not {t for t in found if t[1] == "RESISTANT_TO"}


@pytest.mark.parametrize(
    "text",
    [
        "EGFR-mutant lung cancer was treated with an EGFR inhibitor.",
        "Patients with BRAF V600 mutation-positive melanoma had received a BRAF inhibitor.",
        # Doctors who stop a drug, and a disease that responds, say nothing of escape.
        "Doctors stopped treatment with vemurafenib in patients with melanoma.",
        "Melanoma responded to vemurafenib in most patients.",
    ],
)
def test_a_disease_treated_with_a_drug_is_not_resistant_to_it(default_extractor, text):
    # No word says the disease got past the drug (the model alone read resistance here).
    found = triples(default_extractor.extract(Document(id="treated", text=text + "\n")))
    assert not {t for t in found if t[1] == "RESISTANT_TO"}, found
    assert any(t[1] == "TREATS" for t in found), found


def test_a_gene_altered_in_what_got_past_a_drug_is_not_its_target(default_extractor):
    # How the disease escaped the drug, not what the drug targets; a drug said to target a
    # variant still targets it.
    text = (
        "Tumors that progressed on osimertinib often carry MET amplification. Sotorasib, a KRAS "
        "G12C inhibitor, was tested in 120 patients with lung cancer.\n"
    )
    found = triples(default_extractor.extract(Document(id="escape", text=text)))
    assert ("osimertinib", "TARGETS", "MET") not in found
    assert ("sotorasib", "TARGETS", "KRAS") in found


@pytest.mark.parametrize(
    ("text", "disease", "drugs"),
    [
        ("The trial enrolled adults with multiple myeloma that had relapsed after at least three "
         "prior therapies, including lenalidomide and bortezomib.",
         "multiple myeloma", ["lenalidomide", "bortezomib"]),
        ("Patients had large B-cell lymphoma refractory to chemotherapy and rituximab.",
         "large B-cell lymphoma", ["rituximab"]),
    ],
)  # fmt: skip
def test_each_drug_of_a_list_the_disease_got_past_is_resisted(
    default_extractor, text, disease, drugs
):
    found = triples(default_extractor.extract(Document(id="list", text=text + "\n")))
    for drug in drugs:
        assert (disease, "RESISTANT_TO", drug) in found, found


def test_a_drug_given_after_the_escape_is_not_resisted(default_extractor):
    text = (
        "Patients with multiple myeloma relapsing after chemotherapy and treated with zanatinib "
        "had a response rate of 40%.\n"
    )
    found = triples(default_extractor.extract(Document(id="after", text=text)))
    assert ("multiple myeloma", "RESISTANT_TO", "zanatinib") not in found, found


def test_the_drug_that_acts_after_the_escape_is_not_resisted(default_extractor):
    # "progressed on osimertinib, amivalimab ...": the list reading took amivalimab for a
    # second drug the disease got past; it is the clause's subject, the new treatment.
    text = (
        "Among 45 patients with EGFR-mutant lung cancer whose disease had progressed on "
        "osimertinib, amivalimab plus chemotherapy produced responses in 22 (49%).\n"
    )
    found = triples(default_extractor.extract(Document(text=text)), casefold=True)
    assert ("lung cancer", "RESISTANT_TO", "osimertinib") in found, found
    assert ("lung cancer", "RESISTANT_TO", "amivalimab") not in found, found
