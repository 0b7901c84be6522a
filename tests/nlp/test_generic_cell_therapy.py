"""A generic "CAR T cells" in a story about one named cell therapy is that therapy."""

from __future__ import annotations

from nlp_helpers import by_name

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
