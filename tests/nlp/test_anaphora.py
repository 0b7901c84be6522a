"""A sentence that names no drug but says of "it" or "the drug" what it targets (own sentences,
the shipped default pipeline): the document-level model decides pairs across sentences, but a
target must be stated with its drug, so without the stand-in nothing links them."""

from __future__ import annotations

import pytest
from nlp_helpers import pairs

from biokg.model import Document


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Halvora Therapeutics said its experimental drug tevorasib shrank tumours in 21 of 50 "
            "patients with pancreatic cancer. The drug blocks the mutant KRAS protein.\n",
            "KRAS",
        ),
        (
            "Tevorasib shrank tumours in 21 of 50 patients with pancreatic cancer. It inhibits "
            "KRAS G12D.\n",
            "KRAS G12D",
        ),
    ],
    ids=["the-drug", "it"],
)
def test_a_target_stated_of_the_drug_referred_to(default_extractor, text, target):
    extraction = default_extractor.extract(Document(id="anaphora", text=text))
    assert ("tevorasib", target) in pairs(extraction, "TARGETS"), pairs(extraction, "TARGETS")
    # The maker and the disease stay the document model's (no second reading through "it").
    assert ("tevorasib", "pancreatic cancer") in pairs(extraction, "TREATS")


@pytest.mark.parametrize(
    "text",
    [
        "Velgirumab cut the risk of death by half. The trial looked at whether the pill could "
        "help patients with pancreatic cancer, the most common form of the disease.\n",
        "Doctors gave velgirumab to 40 adults. The drug could help patients with chronic kidney "
        "disease, the authors said.\n",
    ],
    ids=["the-pill", "the-drug"],
)
def test_a_disease_the_drug_referred_to_helps_with(default_extractor, text):
    # The document model relates a drug and a disease named in different sentences only when
    # the drug is central enough; the sentence's stand-in says it outright.
    extraction = default_extractor.extract(Document(id="anaphora-treats", text=text))
    treats = pairs(extraction, "TREATS")
    assert len(treats) == 1 and next(iter(treats))[0] == "velgirumab", treats
    (relation,) = [r for r in extraction.relations if r.predicate.value == "TREATS"]
    assert relation.evidence[0].text.startswith(("The trial looked", "The drug could"))
