"""A drug the text says brings a disease on does not treat it (issue 15: BC5CDR's
chemical-induced diseases read as TREATS)."""

from __future__ import annotations

import re

import pytest
from biokg.nlp.model_relations import _only_harm_stated
from nlp_helpers import pairs, triples

from biokg.model import Document


def treated_pairs(extraction) -> set[tuple[str, str]]:
    return pairs(extraction, "TREATS", casefold=True)


def test_what_is_measured_in_an_induced_disease_does_not_treat_it(default_extractor):
    # The disease is central and the compounds are named, never with it: before, the
    # document-level model had them "treat" it.
    text = (
        "Bleomycin-induced pulmonary fibrosis in mice: role of oxidative stress.\n\n"
        "Pulmonary fibrosis was induced by a single dose. Malondialdehyde, hydroxyproline and "
        "glutathione were measured in lung tissue. Pulmonary fibrosis developed within 21 days in "
        "all mice.\n"
    )
    found = treated_pairs(default_extractor.extract(Document(id="induced", text=text)))
    assert not {pair for pair in found if pair[1] == "pulmonary fibrosis"}, found


@pytest.mark.parametrize(
    "text",
    [
        "Antibiotic stewardship and the occurrence of ototoxicity in neonates.\n\nOtotoxicity "
        "affects up to 3% of treated neonates. A total of 310 neonates were studied; 120 of them "
        "received amikacin, netilmicin or streptomycin. Ototoxicity was defined by otoacoustic "
        "emissions. Ototoxicity occurred more often when trough levels were not monitored.\n",
        "Incidence of hyperkalemia in outpatients.\n\nHyperkalemia is common in chronic kidney "
        "disease. We reviewed 800 outpatient records. Spironolactone, lisinopril and trimethoprim "
        "were the drugs most often prescribed. The incidence of hyperkalemia was 6%.\n",
    ],
    ids=["occurred", "incidence"],
)
def test_a_disease_counted_as_an_event_is_not_treated_by_a_drug_named_apart(
    default_extractor, text
):
    found = treated_pairs(default_extractor.extract(Document(id="event", text=text)))
    assert not found, found


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Ruxolitinib in myelofibrosis.\n\nMyelofibrosis is a rare bone marrow cancer. In the "
            "COMFORT trial, 155 patients received ruxolitinib. Spleen volume fell by 35% or more "
            "in 42% of them.\n",
            ("ruxolitinib", "myelofibrosis"),
        ),
        (
            "Seven children developed pancreatitis during treatment with asparaginase for acute "
            "lymphoblastic leukemia.\n",
            ("asparaginase", "acute lymphoblastic leukemia"),
        ),
    ],
    ids=["named-apart", "indication-beside-harm"],
)
def test_an_indication_stays_treated_pairs(default_extractor, text, pair):
    found = treated_pairs(default_extractor.extract(Document(id="indication", text=text)))
    assert pair in found, found
    assert not {p for p in found if p[1] == "pancreatitis"}


# (text, drug, disease, whether its sentences naming both only say the drug harms)
SENTENCES = [
    ("This report calls attention to the risk of lithium use in patients with psoriasis.",
     "lithium", "psoriasis", True),
    # The treatment named is the drug's use, not what it does to the disease.
    ("Hepatitis was more frequent after treatment with isoniazid/rifampicin (P = 0.01). "
     "Isoniazid/rifampicin may be a risk factor for hepatitis.", "rifampicin", "epatitis", True),
    ("Three women developed chorea while receiving oral contraceptives.",
     "oral contraceptives", "chorea", True),
    ("Acute pancreatitis occurred in 4% of the patients receiving azathioprine.",
     "azathioprine", "Acute pancreatitis", True),
    ("The diagnosis of minocycline (MCN)-associated lupus was made by serology.",
     "minocycline", "lupus", True),
    ("The risk of stroke with estrogen therapy may offset its benefit on bone density.",
     "estrogen", "stroke", True),
    ("Cyclophosphamide therapy for lupus nephritis produces hemorrhagic cystitis.",
     "Cyclophosphamide", "hemorrhagic cystitis", True),
    ("We describe an infant with cleft palate due to exposure to phenytoin in utero.",
     "phenytoin", "cleft palate", True),
    ("Velnostat induced complete remission of hairy cell leukemia in 9 of 12 patients.",
     "Velnostat", "hairy cell leukemia", False),
    ("Long-term aspirin therapy may reduce the risk of colorectal cancer in adults.",
     "aspirin", "colorectal cancer", False),
    ("Ondansetron prevents cisplatin-induced nausea in children.",
     "Ondansetron", "nausea", False),
    ("Cyclophosphamide therapy for lupus nephritis produces hemorrhagic cystitis.",
     "Cyclophosphamide", "lupus nephritis", False),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "drug", "disease", "harm"), SENTENCES)
def test_what_a_sentence_says_of_a_drug_and_a_disease(
    default_extractor, sentence, drug, disease, harm
):
    doc = default_extractor.nlp(sentence)

    def spans_of(name: str) -> list:
        found = re.finditer(re.escape(name), sentence)
        return [doc.char_span(m.start(), m.end(), alignment_mode="expand") for m in found]

    spans = {(s.start_char, s.end_char): s for s in spans_of(drug) + spans_of(disease)}
    pairs = [
        ((d.start_char, d.end_char), (o.start_char, o.end_char))
        for d in spans_of(drug)
        for o in spans_of(disease)
        if d.sent.start == o.sent.start
    ]
    assert pairs
    assert _only_harm_stated(pairs, spans) is harm


@pytest.mark.parametrize(
    ("text", "treated", "caused"),
    [
        (
            "Treatment with heparin may be clinically effective in patients with nephrotic "
            "syndrome.\n",
            ("heparin", "nephrotic syndrome"),
            None,
        ),
        (
            "She also had hypertension and hirsutism, whereas prednisolone effectively suppressed "
            "these manifestations.\n",
            ("prednisolone", "hypertension"),
            None,
        ),
        (
            "Lithium carbonate relieved the cluster headache in most of the patients.\n",
            ("lithium carbonate", "cluster headache"),
            None,
        ),
        # The drug a disease is named after brought it on: no protection read into it.
        (
            "In rats with adriamycin nephropathy, vitamin E significantly reduced the "
            "proteinuria.\n",
            ("vitamin e", "nephropathy"),
            ("adriamycin", "nephropathy"),
        ),
    ],
    ids=["effective", "suppressed", "relieved", "named-after"],
)
def test_a_drug_said_to_protect_from_a_disease_treats_it(default_extractor, text, treated, caused):
    # The model related these pairs (ASSOCIATED_WITH) without saying how.
    extraction = default_extractor.extract(Document(id="protects", text=text))
    found = triples(extraction, casefold=True)
    assert (treated[0], "TREATS", treated[1]) in found, found
    if caused is not None:
        assert (caused[0], "TREATS", caused[1]) not in found, found


def test_a_drug_in_a_case_of_harm_is_not_read_as_protecting(default_extractor):
    text = "Rhabdomyolysis in a patient treated with atorvastatin and clarithromycin.\n"
    extraction = default_extractor.extract(Document(id="case", text=text))
    assert not treated_pairs(extraction)


@pytest.mark.parametrize(
    ("text", "drug", "disease"),
    [
        (
            "Ozaritinib caused grade 3 rash in 4 of 60 patients with melanoma, and 21 had a "
            "partial response.\n",
            "ozaritinib",
            "melanoma",
        ),
        (
            "Cisplatin induced ototoxicity in 12 of 40 children with medulloblastoma.\n",
            "cisplatin",
            "medulloblastoma",
        ),
    ],
    ids=["caused-rash", "induced-ototoxicity"],
)
def test_harm_to_patients_with_a_disease_does_not_make_the_drug_its_cause(
    default_extractor, text, drug, disease
):
    # The harm word's object is another event; the disease is what the treated patients have.
    found = treated_pairs(default_extractor.extract(Document(id="patients-with", text=text)))
    assert (drug, disease) in found, found


def test_a_disease_responding_to_a_drug_is_treated_by_it(default_extractor):
    text = "HER2-positive breast cancer responded to trastuzumab.\n"
    found = treated_pairs(default_extractor.extract(Document(id="responded", text=text)))
    assert ("trastuzumab", "breast cancer") in found or (
        "trastuzumab",
        "her2-positive breast cancer",
    ) in found, found


@pytest.mark.parametrize(
    ("text", "drug", "disease"),
    [
        ("Orvacitinib slowed the progression of myelofibrosis in a late-stage trial.",
         "orvacitinib", "myelofibrosis"),
        ("Velimastat reduced the risk of stroke in patients with atrial fibrillation.",
         "velimastat", "stroke"),
        ("Zanatinib delayed the onset of type 1 diabetes in children at high risk.",
         "zanatinib", "type 1 diabetes"),
    ],
)  # fmt: skip
def test_a_harm_a_drug_keeps_off_is_treated(default_extractor, text, drug, disease):
    found = triples(default_extractor.extract(Document(text=text + "\n")), casefold=True)
    assert (drug, "TREATS", disease) in found, found
    assert (drug, "ASSOCIATED_WITH", disease) not in found, found


def test_what_another_drug_keeps_off_is_still_caused(default_extractor):
    text = "Antihistamines may prevent the hypotension caused by intravenous velofidine.\n"
    found = triples(default_extractor.extract(Document(text=text)), casefold=True)
    assert ("velofidine", "TREATS", "hypotension") not in found, found


@pytest.mark.parametrize(
    ("text", "drug", "disease"),
    [
        ("Nurovio (sarapentin) was approved to treat epilepsy.", "sarapentin", "epilepsy"),
        ("Levetiracetam is widely used for focal epilepsy.", "levetiracetam", "focal epilepsy"),
        # Neither predicate passed alone here: the classifier spread the pair between them.
        ("Sarapentin is approved for fibromyalgia.", "sarapentin", "fibromyalgia"),
        ("Doxorubicin, used for breast cancer, caused cardiomyopathy in 5% of patients.",
         "doxorubicin", "breast cancer"),
    ],
    ids=["to-treat", "used-for", "approved-for", "used-for-with-harm"],
)  # fmt: skip
def test_a_disease_named_as_what_a_drug_is_for_is_treated(default_extractor, text, drug, disease):
    # Outside oncology the model relates such pairs without saying how (ASSOCIATED_WITH):
    # the construction says the disease is the drug's purpose.
    found = triples(default_extractor.extract(Document(text=text + "\n")), casefold=True)
    assert (drug, "TREATS", disease) in found, found
    assert (drug, "ASSOCIATED_WITH", disease) not in found, found


def test_a_misparsed_verb_does_not_make_the_drug_name_the_disease(default_extractor):
    # The parser reads "Sumatriptan relieved migraine" as one noun phrase, the drug modifying
    # the disease like "adriamycin nephropathy"; a word between says otherwise.
    text = (
        "Sumatriptan relieved migraine within two hours in 60% of patients. Sumatriptan was "
        "well tolerated.\n"
    )
    found = triples(default_extractor.extract(Document(text=text)), casefold=True)
    assert ("sumatriptan", "TREATS", "migraine") in found, found


def test_each_drug_of_a_case_treats_what_it_was_given_for(default_extractor):
    text = (
        "A 70-year-old man taking amlodipine for hypertension was prescribed oral itraconazole "
        "for onychomycosis.\n"
    )
    found = triples(default_extractor.extract(Document(text=text)), casefold=True)
    assert ("amlodipine", "TREATS", "hypertension") in found, found
    assert ("itraconazole", "TREATS", "onychomycosis") in found, found
    assert ("amlodipine", "TREATS", "onychomycosis") not in found, found
    assert ("itraconazole", "TREATS", "hypertension") not in found, found


def test_a_drug_given_to_patients_with_a_disease_treats_it_not_causes_it(default_extractor):
    # The classifier read "induced" as harm; the disease is the treated patients' own.
    text = (
        "A phase 1 trial showed that gortinib, given with fludarabine and cyclophosphamide, "
        "induced complete responses in 12 of 20 patients with acute myeloid leukemia (AML)."
    )
    extraction = default_extractor.extract(Document(id="given-to-patients", text=text))
    found = triples(extraction, casefold=True)
    assert ("gortinib", "TREATS", "acute myeloid leukemia") in found, found
    assert ("gortinib", "ASSOCIATED_WITH", "acute myeloid leukemia") not in found, found


@pytest.mark.parametrize(
    ("text", "drug", "disease"),
    [
        ("Patients with migraine may benefit by avoiding caffeine-containing drinks.\n",
         "caffeine", "migraine"),
        ("Children with epilepsy should avoid theophylline.\n", "theophylline", "epilepsy"),
    ],
    ids=["avoiding", "avoid"],
)  # fmt: skip
def test_a_drug_patients_are_told_to_avoid_does_not_treat_their_disease(
    default_extractor, text, drug, disease
):
    found = treated_pairs(default_extractor.extract(Document(id="avoid", text=text)))
    assert (drug, disease) not in found, found
