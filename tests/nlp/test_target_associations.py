"""A drug's target named with the disease the drug treats is no gene-disease association
(GUIDE.md: ASSOCIATED_WITH is a driver mutation and the like), unless the text tells of the
gene's alteration (own sentences, made-up drugs, the shipped default pipeline)."""

from __future__ import annotations

import pytest
from nlp_helpers import pairs

from biokg.model import Document


@pytest.mark.parametrize(
    ("text", "gene", "disease"),
    [
        (
            "Therapeutic targeting of Bruton tyrosine kinase (BTK) has improved survival for "
            "patients with mantle cell lymphoma. Velbrutinib, a BTK inhibitor, induced responses "
            "in 30 of 40 patients (75%) with mantle cell lymphoma.\n",
            "Bruton tyrosine kinase",
            "mantle cell lymphoma",
        ),
        (
            "Velcabtagene, a BCMA-directed CAR T-cell therapy, induced responses in 30 of 40 "
            "patients with multiple myeloma. BCMA is a promising target in multiple myeloma.\n",
            "BCMA",
            "multiple myeloma",
        ),
    ],
    ids=["inhibitor", "car-t"],
)
def test_a_targeted_gene_is_not_associated_with_the_treated_disease(
    default_extractor, text, gene, disease
):
    extraction = default_extractor.extract(Document(id="target", text=text))
    targets = pairs(extraction, "TARGETS", casefold=True)
    assert any(g == gene.casefold() for _d, g in targets), targets
    associated = pairs(extraction, "ASSOCIATED_WITH", casefold=True)
    assert (gene.casefold(), disease) not in associated, associated


def test_a_targeted_gene_whose_mutation_drives_the_disease_stays_associated(default_extractor):
    text = (
        "Mutations in KRAS drive many pancreatic cancers. Zelvorasib, which inhibits KRAS G12D, "
        "shrank tumours in 12 of 30 patients with pancreatic cancer.\n"
    )
    extraction = default_extractor.extract(Document(id="driver", text=text))
    assert ("zelvorasib", "kras") in pairs(extraction, "TARGETS", casefold=True)
    associated = pairs(extraction, "ASSOCIATED_WITH", casefold=True)
    assert any(g == "kras" and "pancreatic cancer" in d for g, d in associated), associated


def test_a_gene_whose_loss_causes_the_disease_stays_associated(default_extractor):
    # Said in another sentence than the one the relation was read from.
    text = (
        "Spinal muscular atrophy is caused by loss of the SMN1 gene. Velsemnogene delivers a "
        "working copy of SMN1 and improved motor function in 12 of 15 infants with spinal "
        "muscular atrophy.\n"
    )
    extraction = default_extractor.extract(Document(id="loss", text=text))
    assert ("velsemnogene", "smn1") in pairs(extraction, "TARGETS", casefold=True)
    associated = pairs(extraction, "ASSOCIATED_WITH", casefold=True)
    assert ("smn1", "spinal muscular atrophy") in associated, associated
