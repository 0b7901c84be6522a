"""The graph stage against both stores (embedded kglite and the real Neo4j): one suite, two runs."""

from __future__ import annotations

from datetime import date

import pytest
from biokg.graph import GraphStore
from biokg.graph.base import BatchRejected
from biokg.graph.cypher import GRAPH_SCHEMA_VERSION
from biokg.graph.examples import cd22_car_t, examples, tisagenlecleucel

from biokg.errors import ReadOnlyViolation, StoreError
from biokg.model import (
    SCHEMA_VERSION,
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    Predicate,
    Relation,
)

CD22_EVIDENCE = """
MATCH (t:Entity)-[r:TARGETS]->(g:Gene {name: $gene})
MATCH (ev:Evidence)-[:FROM]->(a:Article)
WHERE ev.statement_id = r.statement_id
RETURN t.name AS therapy, ev.sentence AS sentence, a.id AS article
ORDER BY article
"""


def _changed_tisagenlecleucel() -> Extraction:
    """Article 2, revised: no CD22 sentence any more and a corrected finding."""
    ex = tisagenlecleucel()
    ex.relations = [r for r in ex.relations if r.object != "HGNC:1643"]
    ex.entities = [
        e for e in ex.entities if e.id not in ("HGNC:1643", "biokg:drug:cd22_car_t_cells")
    ]
    outcome = next(r for r in ex.relations if r.predicate == Predicate.HAS_OUTCOME)
    outcome.attributes = {"rate": 0.83, "n": 62, "N": 75, "duration": "3 months"}
    return ex


def test_load_writes_the_model(store: GraphStore) -> None:
    stats = store.load(examples())

    assert (stats.articles_loaded, stats.failures, stats.batches) == (2, [], 1)
    by_label = {
        r["label"]: r["c"]
        for r in store.read(
            "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS c ORDER BY label"
        )
    }
    assert by_label == {
        "Article": 2,
        "Disease": 1,
        "Drug": 3,
        "Entity": 9,
        "Evidence": 9,
        "Finding": 2,
        "Gene": 2,
        "Organization": 1,
        "Outcome": 2,
        "SchemaVersion": 1,
    }
    types = {
        r["t"]: r["c"] for r in store.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c")
    }
    assert types == {
        "TARGETS": 2,
        "TREATS": 2,
        "HAS_OUTCOME": 2,
        "BRAND_OF": 1,
        "DEVELOPED_BY": 1,
        "MENTIONS": 12,
        "FROM": 9,
        "REPORTED_IN": 2,
        "THERAPY": 2,
        "OUTCOME": 2,
        "IN_POPULATION": 2,
        "CITES": 1,
    }

    rows = store.read(CD22_EVIDENCE, {"gene": "CD22"})
    assert rows == [
        {
            "therapy": "CD22 CAR T cells",
            "sentence": "The CAR T cells recognise CD22 on the surface of leukaemic B cells",
            "article": "pmid:29155426",
        },
        {
            "therapy": "CD22 CAR T cells",
            "sentence": "Patients whose leukaemia loses CD19 may still respond to CD22 CAR T "
            "cells, which bind CD22",
            "article": "pmid:29385370",
        },
    ]


def test_edge_aggregates_and_entity_identity(store: GraphStore) -> None:
    store.load(examples())

    (edge,) = store.read(
        "MATCH (:Entity {id: $s})-[r:TARGETS]->(g:Gene) RETURN r, g",
        {"s": "biokg:drug:cd22_car_t_cells"},
    )
    r = edge["r"]
    assert (
        r["statement_id"]
        == Relation(
            subject="biokg:drug:cd22_car_t_cells",
            predicate=Predicate.TARGETS,
            object="HGNC:1643",
            evidence=[
                Evidence(document_id="x", text="x", start=0, end=1, extractor="x", version="1")
            ],
        ).statement_id
    )
    # noisy-OR of 0.9 (article 1) and 0.6 (article 2)
    assert (r["evidence_count"], r["article_count"], r["confidence"]) == (2, 2, 0.96)
    assert (r["first_seen"], r["last_seen"]) == (date(2018, 1, 1), date(2018, 2, 1))
    assert r["type"] == "TARGETS"
    # CD22 is named by both articles and is one node with the CURIE as id
    assert edge["g"]["id"] == "HGNC:1643"
    assert edge["g"]["labels"] == ["Entity", "Gene"]
    mentions = store.read(
        "MATCH (a:Article)-[m:MENTIONS]->(:Entity {id: 'HGNC:1643'}) "
        "RETURN a.id AS a, m.count AS c ORDER BY a"
    )
    assert mentions == [{"a": "pmid:29155426", "c": 2}, {"a": "pmid:29385370", "c": 1}]


def test_findings_keep_their_numbers_per_article(store: GraphStore) -> None:
    store.load(examples())

    rows = store.read(
        """
        MATCH (f:Finding)-[:THERAPY]->(t:Entity), (f)-[:OUTCOME]->(o:Entity),
              (f)-[:REPORTED_IN]->(a:Article), (f)-[:IN_POPULATION]->(d:Disease)
        RETURN t.name AS therapy, o.name AS outcome, f.rate AS rate, f.n AS n, f.N AS total,
               f.dose AS dose, f.duration AS duration, d.name AS disease, a.id AS article
        ORDER BY article
        """
    )
    assert rows == [
        {
            "therapy": "CD22 CAR T cells",
            "outcome": "complete remission",
            "rate": 0.73,
            "n": 11,
            "total": 15,
            "dose": ">=1e6 cells/kg",
            "duration": None,
            "disease": "B-ALL",
            "article": "pmid:29155426",
        },
        {
            "therapy": "tisagenlecleucel",
            "outcome": "overall remission",
            "rate": 0.81,
            "n": 61,
            "total": 75,
            "dose": None,
            "duration": "3 months",
            "disease": "B-ALL",
            "article": "pmid:29385370",
        },
    ]


def test_reloading_changes_nothing(store: GraphStore, snapshot, counts) -> None:
    store.load(examples())
    before, before_counts = snapshot(store), counts(store)

    stats = store.load(examples())

    assert (stats.articles_loaded, stats.articles_unchanged) == (0, 2)
    assert counts(store) == before_counts
    assert snapshot(store) == before


def test_reloading_after_a_lost_mark_rewrites_to_the_same_graph(
    store: GraphStore, snapshot
) -> None:
    """An article written but not yet marked loaded (a cut-off batch) is redone exactly."""
    store.load(examples())
    before = snapshot(store)
    store._write_tx(lambda run: run("MATCH (a:Article) SET a.extraction_hash = 'cut'", {}))

    stats = store.load(examples())

    assert (stats.articles_loaded, stats.articles_replaced) == (2, 2)
    assert snapshot(store) == before


def test_changed_article_replaces_its_part(stores, snapshot) -> None:
    store = stores.open()
    store.load(examples())

    stats = store.load([cd22_car_t(), _changed_tisagenlecleucel()])

    assert (stats.articles_loaded, stats.articles_unchanged, stats.articles_replaced) == (1, 1, 1)
    (edge,) = store.read("MATCH (:Entity)-[r:TARGETS]->(:Gene {name: 'CD22'}) RETURN r")
    assert (edge["r"]["evidence_count"], edge["r"]["article_count"]) == (1, 1)
    assert edge["r"]["confidence"] == 0.9
    findings = store.read("MATCH (f:Finding) RETURN f.n AS n ORDER BY n")
    assert findings == [{"n": 11}, {"n": 62}]
    replaced = snapshot(store)

    clean = stores.fresh()
    clean.load([cd22_car_t(), _changed_tisagenlecleucel()])
    assert snapshot(clean) == replaced


def test_remove_article(stores, snapshot) -> None:
    store = stores.open()
    store.load(examples())

    assert store.remove("pmid:29385370") is True
    assert store.remove("pmid:29385370") is False
    assert store.remove("pmid:0") is False

    names = [r["n"] for r in store.read("MATCH (e:Entity) RETURN e.name AS n ORDER BY n")]
    assert names == ["B-ALL", "CD22", "CD22 CAR T cells", "complete remission"]
    (edge,) = store.read("MATCH ()-[r:TARGETS]->() RETURN r")
    assert (edge["r"]["evidence_count"], edge["r"]["article_count"]) == (1, 1)
    removed = snapshot(store)

    clean = stores.fresh()
    clean.load([cd22_car_t()])
    assert snapshot(clean) == removed


def test_remove_a_cited_article_leaves_a_stub(stores, snapshot) -> None:
    store = stores.open()
    store.load(examples())

    assert store.remove("pmid:29155426") is True

    stub = store.read("MATCH (:Article)-[:CITES]->(a:Article) RETURN a")
    assert stub == [{"a": {"id": "pmid:29155426", "labels": ["Article"]}}]
    removed = snapshot(store)
    clean = stores.fresh()
    clean.load([tisagenlecleucel()])  # cites article 1 without loading it
    assert snapshot(clean) == removed


def test_batch_size_does_not_change_the_graph(stores, snapshot) -> None:
    one = stores.open(batch_size=1)
    stats = one.load(examples())
    assert stats.batches == 2
    small = snapshot(one)
    big = stores.fresh(batch_size=10_000)
    assert big.load(examples()).batches == 1
    assert snapshot(big) == small


def test_bad_article_is_a_failure_not_an_abort(store: GraphStore) -> None:
    doc = Document(text="Drug X treats disease Y.", pmid="1")
    other = cd22_car_t()
    bad = Extraction(
        document=doc,
        entities=other.entities,
        relations=[other.relations[0].model_copy()],  # evidence cites pmid:29155426
    )
    stale = tisagenlecleucel()
    stale.schema_version = SCHEMA_VERSION + 1

    stats = store.load([bad, cd22_car_t(), stale])

    assert stats.articles_loaded == 1
    assert [f.source for f in stats.failures] == ["pmid:1", "pmid:29385370"]
    assert "cites another document" in stats.failures[0].reason
    assert "schema version" in stats.failures[1].reason
    assert store.read("MATCH (a:Article) RETURN a.id AS id") == [{"id": "pmid:29155426"}]


def test_empty_load(store: GraphStore) -> None:
    stats = store.load([])
    assert (stats.articles_loaded, stats.batches, stats.failures) == (0, 0, [])
    assert store.read("MATCH (s:SchemaVersion) RETURN s.version AS v") == [
        {"v": GRAPH_SCHEMA_VERSION}
    ]


def test_schema_is_idempotent_and_enforced(store: GraphStore) -> None:
    store.init_schema()
    store.init_schema()
    store.load([cd22_car_t()])
    constraints = {
        (tuple(r["labelsOrTypes"]), tuple(r["properties"]))
        # SHOW is refused in user Cypher (`read`); the stage's own reads may use it.
        for r in store._query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties")
    }
    for label in ("Article", "Entity", "Evidence", "Finding", "SchemaVersion"):
        assert ((label,), ("id",)) in constraints
    with pytest.raises(BatchRejected):
        store._write_tx(lambda run: run("CREATE (:Article {id: 'pmid:29155426'})", {}))
    assert store.read("MATCH (a:Article) RETURN count(a) AS c") == [{"c": 1}]


def test_schema_version_is_checked_on_connect(stores) -> None:
    store = stores.open()
    store.init_schema()
    store._write_tx(lambda run: run("MATCH (s:SchemaVersion) SET s.version = 999", {}))
    store.close()
    with pytest.raises(StoreError, match="schema version 999"):
        stores.open()


WRITES = [
    "CREATE (n:Article {id: 'x'})",
    "MERGE (n:Article {id: 'x'})",
    "MATCH (n:Article) SET n.title = 'x'",
    "MATCH (n:Evidence) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Article) REMOVE n.title",
    "MATCH (n:Entity) SET n:Hacked",
    "MATCH (n:Article) FOREACH (x IN [1] | SET n.x = x)",
    "LOAD CSV FROM 'file:///etc/hostname' AS line CREATE (:Line {text: line[0]})",
    "LOAD CSV FROM 'file:///etc/hostname' AS line RETURN line",
    "MATCH (a:Article) CALL { WITH a CREATE (:Copy) } RETURN a.id",
    "CALL { CREATE (:Copy) } RETURN 1",
    "// a read, surely\nMATCH (n) DETACH DELETE n",
    "/* just looking */ MATCH (n) DETACH DELETE n",
    "MATCH (n) /* look */ WITH n DETACH DELETE n",
    "CREATE INDEX hack IF NOT EXISTS FOR (n:Article) ON (n.title)",
    "CREATE CONSTRAINT hack IF NOT EXISTS FOR (n:Finding) REQUIRE n.rate IS UNIQUE",
    "DROP CONSTRAINT article_id",
    "CALL db.createLabel('Hacked')",
    "CALL db.cdc.enable()",
    "match (n) detach delete n",
]


@pytest.mark.parametrize("query", WRITES)
def test_read_refuses_writes(stores, query: str, counts) -> None:
    store = stores.open()
    store.load(examples())
    before = counts(store)
    constraints = len(store._query("SHOW CONSTRAINTS"))

    # Procedures off the read list are refused by name before either store looks them up.
    with pytest.raises(ReadOnlyViolation) as err:
        store.read(query)

    assert repr(query) in str(err.value)
    assert counts(store) == before
    assert len(store._query("SHOW CONSTRAINTS")) == constraints


def test_read_allows_comments_and_keywords_in_strings(store: GraphStore) -> None:
    store.load(examples())
    rows = store.read(
        "/* titles */ MATCH (a:Article) // every article\n"
        "WHERE a.title <> 'CREATE (x) // LOAD CSV' RETURN a.id AS id ORDER BY id"
    )
    assert rows == [{"id": "pmid:29155426"}, {"id": "pmid:29385370"}]


def test_read_limit_and_timeout(store: GraphStore) -> None:
    assert len(store.read("UNWIND range(1, 100) AS i RETURN i", limit=7)) == 7
    assert len(store.read("UNWIND range(1, 100) AS i RETURN i")) == 100
    with pytest.raises(StoreError):
        store.read(
            "UNWIND range(1, 3000) AS i UNWIND range(1, 3000) AS j UNWIND range(1, 3000) AS k "
            "WITH i, j, k WHERE (i * j + k) % 7919 = 1 RETURN count(*) AS c",
            timeout=0.5,
        )


def test_read_converts_values(store: GraphStore) -> None:
    store.load(examples())
    (row,) = store.read(
        "MATCH p = (a:Article {id: $id})-[m:MENTIONS]->(e:Gene) "
        "RETURN a.published AS published, e.aliases AS aliases, p, m",
        {"id": "pmid:29155426"},
    )
    assert row["published"] == date(2018, 1, 1)
    assert row["aliases"] == []
    assert row["m"] == {"count": 2, "name": "CD22", "aliases": [], "type": "MENTIONS"}
    assert [n["id"] for n in row["p"]["nodes"]] == ["pmid:29155426", "HGNC:1643"]
    assert row["p"]["relationships"] == [row["m"]]


def test_export_whole_graph_and_subgraph(store: GraphStore) -> None:
    store.load(examples())

    whole = store.export()
    assert (
        whole.number_of_nodes()
        == store.read("MATCH (n) WHERE NOT n:SchemaVersion RETURN count(n) AS c")[0]["c"]
    )
    assert whole.number_of_edges() == store.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    assert whole.nodes["HGNC:1643"]["labels"] == ["Entity", "Gene"]
    assert whole.edges["biokg:drug:tisagenlecleucel", "HGNC:1633", "TARGETS"]["evidence_count"] == 1

    sub = store.export("MATCH (t)-[r:TARGETS]->(g:Gene) RETURN r")  # endpoints are fetched
    assert sorted(sub.edges(keys=True)) == [
        ("biokg:drug:cd22_car_t_cells", "HGNC:1643", "TARGETS"),
        ("biokg:drug:tisagenlecleucel", "HGNC:1633", "TARGETS"),
    ]
    assert sub.nodes["HGNC:1633"]["name"] == "CD19"
    with pytest.raises(ReadOnlyViolation):
        store.export("MATCH (n) DETACH DELETE n RETURN count(*)")


def _names_cd22(pmid: str, name: str, *aliases: str) -> Extraction:
    """An article that names the gene HGNC:1643 its own way (one entity row per article)."""
    text = f"{name} is expressed on B cells."
    doc = Document(text=text, pmid=pmid, title=f"{name} on B cells")
    gene = Entity(
        name=name,
        type=EntityType.GENE,
        curie="HGNC:1643",
        aliases=list(aliases),
        mentions=[Mention(text=name, start=0, end=len(name), sentence=0)],
    )
    return Extraction(document=doc, entities=[gene])


def test_articles_of_one_batch_disagreeing_on_an_entity_name(stores, snapshot) -> None:
    # The loader sends each entity once per batch; the graph must still be what loading the
    # articles one transaction at a time gives (the name most articles use, all aliases).
    articles = [
        _names_cd22("1", "Siglec-2", "CD22 antigen"),
        _names_cd22("2", "CD22"),
        _names_cd22("3", "CD22", "BL-CAM"),
    ]
    one = stores.open(batch_size=1)
    assert one.load(articles).batches == 3
    by_one = snapshot(one)
    (row,) = one.read("MATCH (e:Gene) RETURN e.name AS name, e.aliases AS aliases")
    assert row == {"name": "CD22", "aliases": ["BL-CAM", "CD22 antigen"]}
    big = stores.fresh(batch_size=10_000)
    assert big.load(articles).batches == 1
    assert snapshot(big) == by_one


def _aggregation_articles() -> list[Extraction]:
    """Thirty articles over a dozen entities and two predicates, so most statements gather
    evidence from several articles, with dates, negations and certainties mixed in."""
    from biokg.graph.synthetic import synthetic_extractions

    out = []
    for i, ex in enumerate(
        synthetic_extractions(
            30,
            12,
            240,
            seed=11,
            entity_types=[EntityType.DRUG, EntityType.GENE],
            predicates=[Predicate.TARGETS, Predicate.TREATS],
        )
    ):
        ex.document.published = date(2015 + i % 7, 1 + i % 12, 1) if i % 5 else None
        for k, relation in enumerate(ex.relations):
            relation.negated = k % 4 == 1
            if k % 7 == 3:
                relation.evidence[0].confidence = 1.0
                relation.confidence = 1.0
            if k % 3 == 2:  # a second extractor read the same sentence: two pieces of evidence
                relation.evidence.append(
                    relation.evidence[0].model_copy(
                        update={"extractor": "second", "confidence": 0.7}
                    )
                )
        out.append(ex)
    return out


def _revised(ex: Extraction) -> Extraction:
    """The same article, revised: two statements fewer and one confidence lowered."""
    new = ex.model_copy(deep=True)
    new.relations = new.relations[2:]
    new.relations[0].evidence[0].confidence = 0.55
    new.relations[0].confidence = 0.55
    return new


def _statement_edges(store: GraphStore) -> list[tuple]:
    rows = store.read(
        "MATCH (s:Entity)-[r]->(o:Entity) WHERE r.statement_id IS NOT NULL "
        "RETURN s.id AS s, type(r) AS t, o.id AS o, r"
    )
    return sorted((row["s"], row["t"], row["o"], sorted(row["r"].items())) for row in rows)


def _recompute_every_edge(store: GraphStore) -> None:
    from biokg.graph import cypher

    edges = store.read(
        "MATCH (s:Entity)-[r]->(o:Entity) WHERE r.statement_id IS NOT NULL "
        "RETURN s.id AS subject, type(r) AS t, o.id AS object, r.statement_id AS statement_id"
    )
    by_type: dict[str, list[dict[str, object]]] = {}
    for edge in edges:
        by_type.setdefault(str(edge.pop("t")), []).append(edge)

    def work(run) -> None:
        for rel_type, rows in by_type.items():
            run(cypher.recompute_statements(rel_type), {"rows": rows})

    store._write_tx(work)


def test_incremental_aggregates_equal_a_recompute_from_evidence(stores, snapshot) -> None:
    # Batches of new articles add their evidence to the edges' stored aggregates; replaced and
    # removed articles make the loader recompute from evidence. After a mix of all three, the
    # edges must hold exactly what a recompute from the evidence in the graph gives, and what a
    # clean load of the surviving articles gives, in one batch or one by one in reverse order.
    articles = _aggregation_articles()
    revised = {i: _revised(articles[i]) for i in range(10, 15)}
    store = stores.open(batch_size=60)
    first = store.load(articles[:20])
    assert first.batches > 3
    second = store.load([revised.get(i, articles[i]) for i in range(10, 30)])
    assert (second.articles_replaced, second.articles_loaded) == (5, 15)
    for gone in (3, 4, 12):
        assert store.remove(articles[gone].document.id)
    final = [revised.get(i, ex) for i, ex in enumerate(articles) if i not in (3, 4, 12)]

    edges = _statement_edges(store)
    assert len(edges) > 30
    aggregates = [dict(e[3]) for e in edges]
    assert max(a["article_count"] for a in aggregates) > 2  # evidence from several batches
    assert any(a["evidence_count"] > a["article_count"] for a in aggregates)
    assert any(a["confidence"] == 1.0 for a in aggregates)
    assert any(a["negated_count"] for a in aggregates)
    assert any("first_seen" in a for a in aggregates)
    loaded = snapshot(store)
    _recompute_every_edge(store)
    assert _statement_edges(store) == edges
    assert snapshot(store) == loaded

    one_batch = stores.fresh(batch_size=10_000)
    assert one_batch.load(final).batches == 1
    assert snapshot(one_batch) == loaded
    reverse = stores.fresh(batch_size=1)
    reverse.load(list(reversed(final)))
    assert snapshot(reverse) == loaded


def test_confidence_is_the_noisy_or_of_the_evidence(store: GraphStore) -> None:
    articles = _aggregation_articles()
    store.load(articles)
    edges = store.read(
        "MATCH ()-[r:TARGETS]->() WITH r ORDER BY r.evidence_count DESC LIMIT 1 "
        "MATCH (ev:Evidence {statement_id: r.statement_id}) "
        "RETURN r.confidence AS confidence, collect(ev.confidence) AS cs, "
        "collect(ev.negated) AS negated"
    )
    (edge,) = edges
    disbelief = 1.0
    for c, negated in zip(edge["cs"], edge["negated"], strict=True):
        if not negated:
            disbelief *= 1.0 - c
    assert len(edge["cs"]) > 2
    assert edge["confidence"] == round(1.0 - disbelief, 6)
