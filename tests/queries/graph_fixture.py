"""A small hand-built CAR T graph for the query tests, as `Extraction`s the real loader takes.

Three articles, facts of two published trials and a news story told in our own words:
- a CD22 CAR T cell trial in B-ALL (NCI; Fry, Mackall): complete remission in 11 of 15 patients
  (73%) who had relapsed after CD19-directed therapy;
- tisagenlecleucel (Kymriah, Novartis), a CD19 CAR T product: overall remission in 61 of 75
  (81%) children and young adults, plus a sentence stating it does NOT target CD22;
- a later news story: relapse after CD19 CAR T cells, CD22 CAR T cells as the next option.
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

EXTRACTOR = "tests.queries"


def _doc(text: str, title: str, published: date, **ids: str) -> Document:
    return Document(
        title=title, text=text, published=published, source_kind=SourceKind.ABSTRACT, **ids
    )


def _entity(doc: Document, name: str, kind: EntityType, curie: str | None = None, *aliases: str):
    mentions = []
    for surface in (name, *aliases):
        start = doc.text.find(surface)
        while start >= 0:
            sentence = doc.text.count(". ", 0, start)
            mentions.append(
                Mention(text=surface, start=start, end=start + len(surface), sentence=sentence)
            )
            start = doc.text.find(surface, start + 1)
    return Entity(name=name, type=kind, curie=curie, aliases=list(aliases), mentions=mentions)


def _rel(
    doc: Document,
    subject: Entity,
    predicate: Predicate,
    obj: Entity,
    *sentences: str,
    confidence: float = 0.9,
    negated: bool = False,
    **attributes: object,
) -> Relation:
    evidence = []
    for sentence in sentences:
        start = doc.text.index(sentence)  # a typo in a fixture sentence fails loudly here
        evidence.append(
            Evidence(
                document_id=doc.id,
                text=sentence,
                start=start,
                end=start + len(sentence),
                extractor=EXTRACTOR,
                version="1",
                confidence=confidence,
                negated=negated,
            )
        )
    return Relation(
        subject=subject.id,
        predicate=predicate,
        object=obj.id,
        confidence=confidence,
        negated=negated,
        attributes=attributes,
        evidence=evidence,
    )


CD22_TRIAL_SENTENCES = (
    "CD22 CAR T cells target CD22, an antigen that stays on leukemia cells that have lost CD19.",
    "In this phase 1 study, CD22 CAR T cells were given to patients with B-ALL.",
    "Complete remission was reached in 11 of 15 patients (73%) treated with CD22 CAR T cells at "
    "the higher dose.",
    "Crystal Mackall of Stanford University led the CD22 CAR T cells program.",
    "Terry Fry of the National Cancer Institute (NCI) ran the trial.",
    "CD22 is expressed on B-ALL blasts.",
)


def cd22_trial() -> Extraction:
    text = " ".join(CD22_TRIAL_SENTENCES)
    doc = _doc(
        text,
        "CD22-targeted CAR T cells in B-ALL after CD19-directed therapy",
        date(2017, 11, 20),
        pmid="29155426",
        url="https://pubmed.ncbi.nlm.nih.gov/29155426/",
    )
    s = CD22_TRIAL_SENTENCES
    car22 = _entity(doc, "CD22 CAR T cells", EntityType.DRUG, None, "CD22-directed CAR T cells")
    cd22 = _entity(doc, "CD22", EntityType.GENE, "HGNC:1643")
    ball = _entity(
        doc,
        "B-cell acute lymphoblastic leukemia",
        EntityType.DISEASE,
        "DOID:0080638",
        "B-ALL",
    )
    cr = _entity(doc, "complete remission", EntityType.OUTCOME, None, "Complete remission")
    mackall = _entity(doc, "Crystal Mackall", EntityType.PERSON)
    stanford = _entity(doc, "Stanford University", EntityType.ORGANIZATION)
    fry = _entity(doc, "Terry Fry", EntityType.PERSON)
    nci = _entity(doc, "National Cancer Institute", EntityType.ORGANIZATION, None, "NCI")
    return Extraction(
        document=doc,
        entities=[car22, cd22, ball, cr, mackall, stanford, fry, nci],
        relations=[
            _rel(doc, car22, Predicate.TARGETS, cd22, s[0], s[2], confidence=0.9),
            _rel(doc, car22, Predicate.TREATS, ball, s[1], confidence=0.85),
            _rel(
                doc,
                car22,
                Predicate.HAS_OUTCOME,
                cr,
                s[2],
                confidence=0.8,
                rate=0.73,
                n=11,
                N=15,
                population="B-ALL relapsed after CD19-directed therapy",
                dose="1e6 cells/kg",
            ),
            _rel(doc, mackall, Predicate.INVESTIGATES, car22, s[3], confidence=0.8),
            _rel(doc, mackall, Predicate.AFFILIATED_WITH, stanford, s[3], confidence=0.8),
            _rel(doc, fry, Predicate.INVESTIGATES, car22, s[4], confidence=0.7),
            _rel(doc, fry, Predicate.AFFILIATED_WITH, nci, s[4], confidence=0.7),
            _rel(doc, cd22, Predicate.EXPRESSED_IN, ball, s[5], confidence=0.6),
        ],
    )


TISA_SENTENCES = (
    "Tisagenlecleucel is a CAR T cell therapy directed at CD19.",
    "Kymriah is the brand name of tisagenlecleucel, made by Novartis.",
    "Overall remission within 3 months was seen in 61 of 75 children and young adults with B-ALL "
    "given tisagenlecleucel (81%).",
    "Tisagenlecleucel does not target CD22.",
)


def tisagenlecleucel_trial() -> Extraction:
    text = " ".join(TISA_SENTENCES)
    doc = _doc(
        text,
        "Tisagenlecleucel in children and young adults with B-cell lymphoblastic leukemia",
        date(2018, 2, 1),
        doi="10.1056/NEJMoa1709866",
        url="https://doi.org/10.1056/NEJMoa1709866",
    )
    s = TISA_SENTENCES
    tisa = _entity(doc, "tisagenlecleucel", EntityType.DRUG, None, "Tisagenlecleucel", "CTL019")
    kymriah = _entity(doc, "Kymriah", EntityType.DRUG)
    novartis = _entity(doc, "Novartis", EntityType.ORGANIZATION)
    cd19 = _entity(doc, "CD19", EntityType.GENE, "HGNC:1633")
    cd22 = _entity(doc, "CD22", EntityType.GENE, "HGNC:1643")
    ball = _entity(
        doc, "B-cell acute lymphoblastic leukemia", EntityType.DISEASE, "DOID:0080638", "B-ALL"
    )
    remission = _entity(doc, "overall remission", EntityType.OUTCOME, None, "Overall remission")
    return Extraction(
        document=doc,
        entities=[tisa, kymriah, novartis, cd19, cd22, ball, remission],
        relations=[
            _rel(doc, tisa, Predicate.TARGETS, cd19, s[0], confidence=0.9),
            _rel(doc, kymriah, Predicate.BRAND_OF, tisa, s[1], confidence=0.95),
            _rel(doc, tisa, Predicate.DEVELOPED_BY, novartis, s[1], confidence=0.8),
            _rel(doc, tisa, Predicate.TREATS, ball, s[2], confidence=0.8),
            _rel(
                doc,
                tisa,
                Predicate.HAS_OUTCOME,
                remission,
                s[2],
                confidence=0.8,
                rate=0.81,
                n=61,
                N=75,
                duration="3 months",
                HR=0.58,
                population="children and young adults with B-ALL",
            ),
            _rel(doc, tisa, Predicate.TARGETS, cd22, s[3], confidence=0.7, negated=True),
        ],
    )


NEWS_SENTENCES = (
    "Many patients relapse after CD19 CAR T cells because their leukemia stops showing CD19.",
    "CD19 CAR T cells target CD19 on B-ALL cells.",
    "For them, CD22 CAR T cells offer a second chance against B-ALL.",
)


def news_story() -> Extraction:
    text = " ".join(NEWS_SENTENCES)
    doc = Document(
        title="After CD19, CD22: a second CAR T target for leukemia",
        text=text,
        url="https://news.example.org/cd22-car-t",
        published=date(2026, 3, 1),
        source_kind=SourceKind.NEWS,
    )
    s = NEWS_SENTENCES
    car19 = _entity(doc, "CD19 CAR T cells", EntityType.DRUG)
    car22 = _entity(doc, "CD22 CAR T cells", EntityType.DRUG)
    cd19 = _entity(doc, "CD19", EntityType.GENE, "HGNC:1633")
    relapse = _entity(doc, "relapse", EntityType.OUTCOME)
    ball = _entity(
        doc, "B-cell acute lymphoblastic leukemia", EntityType.DISEASE, "DOID:0080638", "B-ALL"
    )
    return Extraction(
        document=doc,
        entities=[car19, car22, cd19, relapse, ball],
        relations=[
            _rel(doc, car19, Predicate.HAS_OUTCOME, relapse, s[0], confidence=0.7),
            _rel(doc, car19, Predicate.TARGETS, cd19, s[1], confidence=0.9),
            _rel(doc, car19, Predicate.TREATS, ball, s[1], confidence=0.6),
            _rel(doc, car22, Predicate.TREATS, ball, s[2], confidence=0.7),
        ],
    )


def car_t_graph() -> list[Extraction]:
    return [cd22_trial(), tisagenlecleucel_trial(), news_story()]


# Ids the tests assert on.
CAR22 = "biokg:drug:cd22_car_t_cells"
CAR19 = "biokg:drug:cd19_car_t_cells"
TISA = "biokg:drug:tisagenlecleucel"
KYMRIAH = "biokg:drug:kymriah"
CD22 = "HGNC:1643"
CD19 = "HGNC:1633"
BALL = "DOID:0080638"
