"""Two small hand-made extractions (facts of two real trials, in our own words) for tests, demos and
the query library's tests, so they can build a graph "through the real loader" without the nlp
stage. `cd22_car_t()` states CD22 CAR T cells targeting CD22 with one outcome finding;
`tisagenlecleucel()` states a CD19 product, its brand and maker, another finding, and CD22 again.
"""

from __future__ import annotations

from datetime import date

from biokg.model import (
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    Predicate,
    Relation,
    SourceKind,
)

EXTRACTOR = "biokg.examples"
VERSION = "1"


def _entity(
    text: str, name: str, kind: EntityType, curie: str | None = None, *aliases: str
) -> Entity:
    mentions = []
    sentences = [s for s in text.split(". ")]
    offset = 0
    for index, sentence in enumerate(sentences):
        for surface in (name, *aliases):
            start = sentence.find(surface)
            if start >= 0:
                mentions.append(
                    Mention(
                        text=surface,
                        start=offset + start,
                        end=offset + start + len(surface),
                        sentence=index,
                    )
                )
        offset += len(sentence) + 2
    return Entity(name=name, type=kind, curie=curie, aliases=list(aliases), mentions=mentions)


def _evidence(doc: Document, sentence: str, confidence: float = 0.9) -> Evidence:
    start = doc.text.index(sentence)
    return Evidence(
        document_id=doc.id,
        text=sentence,
        start=start,
        end=start + len(sentence),
        extractor=EXTRACTOR,
        version=VERSION,
        confidence=confidence,
    )


def cd22_car_t() -> Extraction:
    """Fry et al. 2018 (PMID 29155426): CD22 CAR T cells in relapsed/refractory B-ALL."""
    s1 = "CD22 CAR T cells were given to children and adults with relapsed or refractory B-ALL"
    s2 = "The CAR T cells recognise CD22 on the surface of leukaemic B cells"
    s3 = (
        "At doses of at least one million cells per kilogram, 11 of 15 patients (73%) reached "
        "complete remission"
    )
    doc = Document(
        title="CD22-directed CAR T cells for B-ALL after CD19 CAR failure",
        text=f"{s1}. {s2}. {s3}.",
        pmid="29155426",
        doi="10.1038/nm.4441",
        journal="Nature Medicine",
        published=date(2018, 1, 1),
        source_kind=SourceKind.ABSTRACT,
    )
    car = _entity(doc.text, "CD22 CAR T cells", EntityType.DRUG, None, "CAR T cells")
    cd22 = _entity(doc.text, "CD22", EntityType.GENE, "HGNC:1643")
    ball = _entity(
        doc.text,
        "B-ALL",
        EntityType.DISEASE,
        "MESH:D015452",
        "B-cell acute lymphoblastic leukaemia",
    )
    remission = _entity(doc.text, "complete remission", EntityType.OUTCOME)
    return Extraction(
        document=doc,
        entities=[car, cd22, ball, remission],
        relations=[
            Relation(
                subject=car.id,
                predicate=Predicate.TARGETS,
                object=cd22.id,
                evidence=[_evidence(doc, s2)],
            ),
            Relation(
                subject=car.id,
                predicate=Predicate.TREATS,
                object=ball.id,
                evidence=[_evidence(doc, s1, 0.8)],
            ),
            Relation(
                subject=car.id,
                predicate=Predicate.HAS_OUTCOME,
                object=remission.id,
                attributes={
                    "rate": 0.73,
                    "n": 11,
                    "N": 15,
                    "population": "relapsed or refractory B-ALL",
                    "dose": ">=1e6 cells/kg",
                },
                evidence=[_evidence(doc, s3)],
            ),
        ],
    )


def tisagenlecleucel() -> Extraction:
    """Maude et al. 2018 (PMID 29385370): tisagenlecleucel in young patients with B-ALL."""
    s1 = "Tisagenlecleucel, sold as Kymriah, is a CD19-directed CAR T cell product made by Novartis"
    s2 = (
        "Within three months, 61 of 75 children and young adults with B-ALL had an overall "
        "remission (81%)"
    )
    s3 = (
        "Patients whose leukaemia loses CD19 may still respond to CD22 CAR T cells, which bind CD22"
    )
    doc = Document(
        title="Tisagenlecleucel in children and young adults with B-cell lymphoblastic leukemia",
        text=f"{s1}. {s2}. {s3}.",
        pmid="29385370",
        doi="10.1056/NEJMoa1709866",
        journal="New England Journal of Medicine",
        published=date(2018, 2, 1),
        source_kind=SourceKind.ABSTRACT,
        cites=["pmid:29155426"],
    )
    tisa = _entity(doc.text, "tisagenlecleucel", EntityType.DRUG, None, "Tisagenlecleucel")
    kymriah = _entity(doc.text, "Kymriah", EntityType.DRUG)
    novartis = _entity(doc.text, "Novartis", EntityType.ORGANIZATION)
    cd19 = _entity(doc.text, "CD19", EntityType.GENE, "HGNC:1633")
    cd22 = _entity(doc.text, "CD22", EntityType.GENE, "HGNC:1643")
    car22 = _entity(doc.text, "CD22 CAR T cells", EntityType.DRUG)
    ball = _entity(doc.text, "B-ALL", EntityType.DISEASE, "MESH:D015452")
    remission = _entity(doc.text, "overall remission", EntityType.OUTCOME)
    return Extraction(
        document=doc,
        entities=[tisa, kymriah, novartis, cd19, cd22, car22, ball, remission],
        relations=[
            Relation(
                subject=kymriah.id,
                predicate=Predicate.BRAND_OF,
                object=tisa.id,
                evidence=[_evidence(doc, s1)],
            ),
            Relation(
                subject=tisa.id,
                predicate=Predicate.DEVELOPED_BY,
                object=novartis.id,
                evidence=[_evidence(doc, s1)],
            ),
            Relation(
                subject=tisa.id,
                predicate=Predicate.TARGETS,
                object=cd19.id,
                evidence=[_evidence(doc, s1)],
            ),
            Relation(
                subject=tisa.id,
                predicate=Predicate.TREATS,
                object=ball.id,
                evidence=[_evidence(doc, s2)],
            ),
            Relation(
                subject=tisa.id,
                predicate=Predicate.HAS_OUTCOME,
                object=remission.id,
                attributes={
                    "rate": 0.81,
                    "n": 61,
                    "N": 75,
                    "duration": "3 months",
                    "population": "children and young adults with B-ALL",
                },
                evidence=[_evidence(doc, s2)],
            ),
            Relation(
                subject=car22.id,
                predicate=Predicate.TARGETS,
                object=cd22.id,
                evidence=[_evidence(doc, s3, 0.6)],
            ),
        ],
    )


def examples() -> list[Extraction]:
    return [cd22_car_t(), tisagenlecleucel()]
