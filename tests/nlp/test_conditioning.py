"""Drugs named as conditioning for a cell or gene therapy (own sentences) treat no disease: they
prepare the body for the product, which does."""

from __future__ import annotations

import pytest
from nlp_helpers import triples

from biokg.model import Document


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "Adults with diffuse large B-cell lymphoma received lymphodepleting fludarabine and "
            "cyclophosphamide followed by a single infusion of marnolcel.",
            "marnolcel",
        ),
        (
            "Patients with sickle cell disease underwent myeloablative conditioning with busulfan "
            "before infusion of the edited cells, korvagene.",
            "korvagene",
        ),
    ],
)
def test_what_prepares_for_a_cell_therapy_treats_no_disease(default_extractor, text, product):
    found = triples(default_extractor.extract(Document(id="conditioning", text=text + "\n")))
    treating = {s for s, p, _o in found if p == "TREATS"}
    assert product in treating, found
    assert not treating & {"fludarabine", "cyclophosphamide", "busulfan"}, found


def test_a_drug_given_for_the_disease_itself_still_treats_it(default_extractor):
    text = "Cyclophosphamide induced remissions in 12 of 20 patients with lupus nephritis.\n"
    found = triples(default_extractor.extract(Document(id="not-conditioning", text=text)))
    assert ("Cyclophosphamide", "TREATS", "lupus nephritis") in found, found
