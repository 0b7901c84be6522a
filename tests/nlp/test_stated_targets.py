"""A clause that aims a drug at a gene states its target, whatever the relation classifier made
of the drug's name (`model_relations._aims_clause`; sentences written for biokg)."""

from __future__ import annotations

import pytest

from biokg.model import Document


@pytest.mark.parametrize(
    "text",
    [
        "XE-CAR5 targets CD5, a protein found on leukaemic T cells.",
        "CD5 is targeted by XE-CAR5, a base-edited product.",
    ],
    ids=["active", "passive"],
)
def test_a_clause_that_aims_a_coded_product_at_a_gene_states_its_target(default_extractor, text):
    # The classifier reads nothing into a code it never saw; the clause says it.
    extraction = default_extractor.extract(Document(text=text, url="u:aims-clause"))
    targets = [r for r in extraction.relations if r.predicate.value == "TARGETS"]
    names = {e.id: e.name for e in extraction.entities}
    assert [(names[r.subject], names[r.object]) for r in targets] == [("XE-CAR5", "CD5")]
    assert targets[0].confidence >= 0.8
