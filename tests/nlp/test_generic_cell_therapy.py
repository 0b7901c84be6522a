"""A generic "CAR T cells" in a story about one named cell therapy is that therapy."""

from __future__ import annotations

import pytest
from nlp_helpers import by_name, triples

from biokg.model import Document

ONE_PRODUCT = (
    "Obecabtagene autoleucel was tested in adults with relapsed B-cell acute lymphoblastic "
    "leukemia. The CAR T cells produced complete remission in 40 of 53 patients (75%)."
)
TWO_PRODUCTS = (
    "Obecabtagene autoleucel and CD22 CAR T cells were both tested in adults with relapsed "
    "B-cell acute lymphoblastic leukemia. The CAR T cells produced complete remission in 40 of "
    "53 patients (75%)."
)


def _has_outcome(extraction, subject_id: str) -> bool:
    return any(
        r.subject == subject_id and r.predicate == "HAS_OUTCOME" for r in extraction.relations
    )


def test_generic_mention_joins_the_only_named_product(extractor):
    extraction = extractor.extract(Document(text=ONE_PRODUCT))
    product = by_name(extraction, "obecabtagene autoleucel", "DRUG")
    assert any(m.text == "CAR T cells" for m in product.mentions)
    assert _has_outcome(extraction, product.id)
    assert not any(e.name == "CAR T cells" for e in extraction.entities)


def test_generic_mention_stays_apart_when_two_products_are_named(extractor):
    extraction = extractor.extract(Document(text=TWO_PRODUCTS))
    product = by_name(extraction, "obecabtagene autoleucel", "DRUG")
    assert not any(m.text == "CAR T cells" for m in product.mentions)


def test_what_is_said_of_a_named_product_is_not_said_of_its_class(extractor):
    # "The first CAR T product, obecabtagene autoleucel": the class phrase describes the named
    # product (an apposition), so it is that product, and Autolus made the product only.
    text = (
        "The first CAR T product, obecabtagene autoleucel (Aucatzyl), manufactured by Autolus, "
        "was approved last year. CD7 CAR T cells were tested in adults with T-cell leukemia."
    )
    extraction = extractor.extract(Document(text=text, url="u:class-apposition"))
    developer = by_name(extraction, "Autolus", "ORGANIZATION")
    product = by_name(extraction, "obecabtagene autoleucel", "DRUG")
    brand = by_name(extraction, "Aucatzyl", "DRUG")
    made = {
        r.subject
        for r in extraction.relations
        if (r.predicate, r.object) == ("DEVELOPED_BY", developer.id)
    }
    assert product.id in made
    assert made <= {product.id, brand.id}
    assert not any(e.name == "CAR T cells" for e in extraction.entities)


@pytest.mark.parametrize(
    ("text", "construct", "antigen", "disease"),
    [
        (
            "CAR T cells targeting GD2 induced responses in children with neuroblastoma.\n",
            "GD2 CAR T cells", "GD2", "neuroblastoma",
        ),
        (
            "In the trial, CAR-T cells directed against CD70 were given to 12 adults with renal "
            "cell carcinoma.\n",
            "CD70 CAR T cells", "CD70", "renal cell carcinoma",
        ),
    ],
    ids=["targeting", "directed-against"],
)  # fmt: skip
def test_a_car_whose_target_follows_it_is_named_by_its_target(
    default_extractor, text, construct, antigen, disease
):
    extraction = default_extractor.extract(Document(text=text, url="u:car-targeting"))
    found = triples(extraction)
    assert (construct, "TARGETS", antigen) in found, found
    assert (construct, "TREATS", disease) in found, found
    assert (antigen, "ASSOCIATED_WITH", disease) not in found, found
