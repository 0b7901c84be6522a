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
