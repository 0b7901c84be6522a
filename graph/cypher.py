"""Every Cypher statement the loader runs. The same text runs on Neo4j 5 and on kglite.

Values are parameters only. What belongs to one article (its mentions, evidence, findings and
citations) is CREATEd: an article is only written when new or after its old part was deleted in
the same transaction. What articles share (articles, entities, statement edges) is MERGEd.
The few names put into the text (entity labels, relationship types) come from the whitelists in
`labels.py`. `end` is backticked because kglite reserves it.
"""

from __future__ import annotations

from functools import cache

from .labels import (
    CITES,
    ENTITY_LABELS,
    FROM,
    IN_POPULATION,
    MENTIONS,
    OUTCOME,
    RELATION_TYPES,
    REPORTED_IN,
    THERAPY,
)

SCHEMA_NODE_ID = "biokg"
# The graph's own layout, apart from the Extraction model's `SCHEMA_VERSION`. 2: statement edges
# carry `log_disbelief`, which later loads add to (a version-1 edge has none).
GRAPH_SCHEMA_VERSION = 2

READ_SCHEMA_VERSION = "MATCH (s:SchemaVersion {id: $id}) RETURN s.version AS version"
WRITE_SCHEMA_VERSION = "MERGE (s:SchemaVersion {id: $id}) SET s.version = $version"

# Uniqueness on every key, plus the lookups the loader and the evidence queries need.
CONSTRAINTS: tuple[tuple[str, str], ...] = (
    ("article_id", "Article"),
    ("entity_id", "Entity"),
    ("evidence_id", "Evidence"),
    ("finding_id", "Finding"),
    ("schema_version_id", "SchemaVersion"),
)
INDEXES: tuple[tuple[str, str, str], ...] = (
    ("evidence_statement_id", "Evidence", "statement_id"),
    ("finding_statement_id", "Finding", "statement_id"),
    ("entity_name", "Entity", "name"),
)


def constraint_ddl(name: str, label: str) -> str:
    return f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"


def index_ddl(name: str, label: str, prop: str) -> str:
    return f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"


EXISTING_ARTICLES = """
UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN a.id AS id, a.extraction_hash AS hash, a.input_hash AS input
"""

# The articles already loaded from exactly this input by exactly this extractor.
SAME_INPUTS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.id})
WHERE a.input_hash = row.input
RETURN a.id AS id
"""
EXISTING_ENTITIES = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id
"""
# A statement edge exists while some evidence states it (the loader deletes it with its last).
EXISTING_STATEMENTS = """
UNWIND $ids AS id
MATCH (ev:Evidence {statement_id: id})
RETURN DISTINCT ev.statement_id AS id
"""

# What an article's previous version touched, so its replacement can recompute and clean up.
OLD_STATEMENTS = f"""
UNWIND $ids AS id
MATCH (:Article {{id: id}})<-[:{FROM}]-(ev:Evidence)
RETURN DISTINCT ev.statement_id AS statement_id, ev.subject AS subject,
       ev.predicate AS predicate, ev.object AS object
"""
OLD_ENTITIES = f"""
UNWIND $ids AS id
MATCH (:Article {{id: id}})-[:{MENTIONS}]->(e:Entity)
RETURN DISTINCT e.id AS id
"""
OLD_CITED = f"""
UNWIND $ids AS id
MATCH (:Article {{id: id}})-[:{CITES}]->(b:Article)
RETURN DISTINCT b.id AS id
"""
DELETE_EVIDENCE = f"""
UNWIND $ids AS id
MATCH (:Article {{id: id}})<-[:{FROM}]-(ev:Evidence)
DETACH DELETE ev
"""
DELETE_FINDINGS = f"""
UNWIND $ids AS id
MATCH (:Article {{id: id}})<-[:{REPORTED_IN}]-(f:Finding)
DETACH DELETE f
"""
DELETE_MENTIONS = f"""
UNWIND $ids AS id
MATCH (:Article {{id: id}})-[m:{MENTIONS}]->()
DELETE m
"""
DELETE_CITES = f"""
UNWIND $ids AS id
MATCH (:Article {{id: id}})-[c:{CITES}]->()
DELETE c
"""

MERGE_ARTICLES = """
UNWIND $rows AS row
MERGE (a:Article {id: row.id})
SET a.title = row.title, a.url = row.url, a.doi = row.doi, a.pmid = row.pmid,
    a.pmcid = row.pmcid, a.published = row.published, a.source_kind = row.source_kind,
    a.content_hash = row.content_hash, a.ingested_at = row.ingested_at, a.journal = row.journal
"""


def _when(key: str, name: str, body: str) -> str:
    """`body` for the rows whose `key` is `name` (a whitelisted label or type), so that one
    statement serves every label or type. One statement per label and per type made ~25 calls
    per batch, and each call costs the server milliseconds whatever its size: merging the ten
    per-type statement-edge calls into one halved their server time (bench/load.py batches)."""
    return f"FOREACH (_ IN CASE WHEN {key} = '{name}' THEN [1] ELSE [] END |\n  {body})"


def _relabel(label: str) -> str:
    if label not in ENTITY_LABELS.values():
        raise ValueError(f"not an entity label: {label!r}")
    others = ":".join(sorted(lbl for lbl in ENTITY_LABELS.values() if lbl != label))
    # An entity keeps one type label: a re-typed entity loses its old one.
    return (
        f"FOREACH (_ IN CASE WHEN row.label = '{label}' AND NOT e:{label} THEN [1] ELSE [] END |"
        f" REMOVE e:{others} SET e:{label})"
    )


# Upsert entities, each row with its `label`. Returns the ids whose name or aliases this row
# may change (see `ENTITY_NAMES`); the rest are already right and are not recomputed.
MERGE_ENTITIES = f"""
UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
ON CREATE SET e.name = row.name, e.aliases = row.aliases
SET e.type = row.type, e.curie = coalesce(row.curie, e.curie)
WITH e, row
{chr(10).join(_relabel(label) for label in ENTITY_LABELS.values())}
WITH e, row
WHERE e.name <> row.name OR any(x IN row.aliases WHERE NOT x IN e.aliases)
RETURN DISTINCT e.id AS id
"""


MERGE_MENTIONS = f"""
UNWIND $rows AS row
MATCH (a:Article {{id: row.article}})
MATCH (e:Entity {{id: row.entity}})
CREATE (a)-[m:{MENTIONS}]->(e)
SET m.count = row.count, m.name = row.name, m.aliases = row.aliases
"""

# An entity's name and aliases are recomputed from the articles that still mention it, so
# removing or replacing an article leaves exactly what a clean load of the others gives:
# the name most articles use (ties: alphabetical), and the sorted union of aliases.
ENTITY_NAMES = f"""
UNWIND $ids AS id
MATCH (e:Entity {{id: id}})<-[m:{MENTIONS}]-(:Article)
WITH e, m.name AS name, count(*) AS uses
ORDER BY uses DESC, name
WITH e, collect(name)[0] AS name
SET e.name = name
"""
ENTITY_ALIASES = f"""
UNWIND $ids AS id
MATCH (e:Entity {{id: id}})<-[m:{MENTIONS}]-(:Article)
UNWIND (CASE WHEN size(m.aliases) = 0 THEN [null] ELSE m.aliases END) AS alias
WITH e, alias
ORDER BY alias
WITH e, collect(DISTINCT alias) AS aliases
SET e.aliases = aliases
"""


MERGE_EVIDENCE = f"""
UNWIND $rows AS row
MATCH (a:Article {{id: row.article}})
CREATE (ev:Evidence {{id: row.id}})
SET ev.statement_id = row.statement_id, ev.subject = row.subject, ev.predicate = row.predicate,
    ev.object = row.object, ev.sentence = row.sentence, ev.start = row.start,
    ev.`end` = row.stop, ev.section = row.section, ev.extractor = row.extractor,
    ev.version = row.version, ev.confidence = row.confidence, ev.negated = row.negated
CREATE (ev)-[:{FROM}]->(a)
"""

MERGE_FINDINGS = f"""
UNWIND $rows AS row
MATCH (a:Article {{id: row.article}})
MATCH (s:Entity {{id: row.subject}})
MATCH (o:Entity {{id: row.object}})
CREATE (f:Finding {{id: row.id}})
SET f += row.attributes
SET f.statement_id = row.statement_id, f.article_id = row.article, f.subject = row.subject,
    f.object = row.object, f.sentence = row.sentence, f.negated = row.negated
CREATE (f)-[:{REPORTED_IN}]->(a)
CREATE (f)-[:{THERAPY}]->(s)
CREATE (f)-[:{OUTCOME}]->(o)
"""

MERGE_POPULATIONS = f"""
UNWIND $rows AS row
MATCH (f:Finding {{id: row.finding}})
MATCH (d:Entity {{id: row.entity}})
CREATE (f)-[:{IN_POPULATION}]->(d)
"""

MERGE_CITES = f"""
UNWIND $rows AS row
MATCH (a:Article {{id: row.source}})
MERGE (b:Article {{id: row.target}})
CREATE (a)-[:{CITES}]->(b)
"""


# Confidence is the noisy-OR of the non-negated evidence (INDRA's simple belief model),
# 1 - prod(1 - c). A product of floats depends on the order it is taken in, and an edge is
# aggregated two ways: incrementally (a batch of new articles adds its evidence to what the edge
# holds) and from all its evidence (after a replacement or removal). Both must store the same
# value whatever the batch size and order, so the edge keeps the product as a sum of integers:
# `log_disbelief` = sum of round(1e9 * ln(1 - c)), each term computed by the store from one
# evidence confidence with this same expression. Integer addition is exact in any order, and
# `confidence` is a function of that sum only. (1e9 keeps ln's error per term below 1e-9, far
# under the 6 decimals kept; a certainty, c = 1, counts as 1 - 1e-12 so the log stays finite; a
# statement with a million pieces of evidence still sums to well inside 64 bits.)
_LOG_SCALE = "1000000000.0"
_CERTAIN = "-27631021115"  # round(1e9 * ln(1e-12))


def _log_term(c: str) -> str:
    return (
        f"CASE WHEN {c} >= 1.0 THEN {_CERTAIN} "
        f"ELSE toInteger(round(log(1.0 - {c}) * {_LOG_SCALE})) END"
    )


_CONFIDENCE = f"round(1.0 - exp(toFloat(r.log_disbelief) / {_LOG_SCALE}), 6)"

# Aggregates of each edge from all its evidence; an edge left without evidence is deleted. Each
# row must be a distinct statement: the aggregation groups by edge, so a repeated row would
# count twice.
_AGGREGATE = f"""
OPTIONAL MATCH (ev:Evidence {{statement_id: row.statement_id}})-[:{FROM}]->(a:Article)
WITH r, count(ev) AS evidence_count, count(DISTINCT a) AS article_count,
     sum(CASE WHEN ev.negated THEN 0 ELSE {_log_term("ev.confidence")} END) AS log_disbelief,
     sum(CASE WHEN ev.negated THEN 1 ELSE 0 END) AS negated_count,
     min(a.published) AS first_seen, max(a.published) AS last_seen
SET r.evidence_count = evidence_count, r.article_count = article_count,
    r.negated_count = negated_count, r.first_seen = first_seen, r.last_seen = last_seen,
    r.log_disbelief = log_disbelief
SET r.confidence = {_CONFIDENCE}
WITH r WHERE r.evidence_count = 0
DELETE r
"""

# What a batch of new articles adds to an edge: its own evidence's counts, dates and log terms
# (computed by `loader.statement_increments`), added to the edge's stored aggregates. Only for
# edges none of whose evidence was deleted in the transaction, so the stored aggregates are
# those of all the evidence already in the graph and the sums stay exact. The popular edges are
# then not re-read from all their evidence on every batch.
_ADD = f"""
SET r.evidence_count = coalesce(r.evidence_count, 0) + row.evidence_count,
    r.article_count = coalesce(r.article_count, 0) + row.article_count,
    r.negated_count = coalesce(r.negated_count, 0) + row.negated_count,
    r.first_seen = CASE WHEN row.first_seen IS NULL THEN r.first_seen
                        WHEN r.first_seen IS NULL OR row.first_seen < r.first_seen
                        THEN row.first_seen ELSE r.first_seen END,
    r.last_seen = CASE WHEN row.last_seen IS NULL THEN r.last_seen
                       WHEN r.last_seen IS NULL OR row.last_seen > r.last_seen
                       THEN row.last_seen ELSE r.last_seen END,
    r.log_disbelief = coalesce(r.log_disbelief, 0)
        + reduce(acc = 0, c IN row.confidences | acc + {_log_term("c")})
SET r.confidence = {_CONFIDENCE}
"""


def _statement_edges(rel_type: str, clause: str, update: str) -> str:
    # Both ends are looked up by their unique id first, so finding the edge is an expand between
    # two known nodes rather than a walk over every edge of a well-connected subject.
    if rel_type not in RELATION_TYPES:
        raise ValueError(f"not a relationship type: {rel_type!r}")
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.subject}})
MATCH (o:Entity {{id: row.object}})
{clause} (s)-[r:{rel_type} {{statement_id: row.statement_id}}]->(o)
WITH r, row
{update}"""


@cache
def merge_statements(rel_type: str) -> str:
    """Upsert one edge per statement and set its aggregates from all its evidence (including
    what this transaction wrote), in one pass (the edge found by MERGE is the one aggregated)."""
    return _statement_edges(rel_type, "MERGE", _AGGREGATE)


# Upsert every statement edge of a batch of new articles, each row with its relationship `type`,
# and add the batch's evidence aggregates to it (`_ADD`).
ADD_STATEMENTS = f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.subject}})
MATCH (o:Entity {{id: row.object}})
{
    chr(10).join(
        _when(
            "row.type",
            rel_type,
            f"MERGE (s)-[r:{rel_type} {{statement_id: row.statement_id}}]->(o){_ADD.rstrip()}",
        )
        for rel_type in RELATION_TYPES
    )
}
"""


@cache
def recompute_statements(rel_type: str) -> str:
    """Re-aggregate existing edges (after their evidence changed)."""
    return _statement_edges(rel_type, "MATCH", _AGGREGATE)


DELETE_ORPHAN_ENTITIES = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE NOT (e)--()
DELETE e
"""

# A cited article that was never loaded is a stub (no content_hash); it goes with its last citer.
DELETE_ORPHAN_STUBS = """
UNWIND $ids AS id
MATCH (a:Article {id: id})
WHERE a.content_hash IS NULL AND NOT (a)--()
DELETE a
"""

MARK_LOADED = """
UNWIND $rows AS row
MATCH (a:Article {id: row.id})
SET a.extraction_hash = row.hash, a.input_hash = row.input
"""

ARTICLE_EXISTS = "MATCH (a:Article {id: $id}) RETURN a.id AS id, a.content_hash AS content_hash"
IS_CITED = f"MATCH (:Article)-[:{CITES}]->(a:Article {{id: $id}}) RETURN count(*) AS n"
DELETE_ARTICLE = "MATCH (a:Article {id: $id}) DETACH DELETE a"
# A removed article that others still cite stays as a stub, like one that was never loaded.
STUB_ARTICLE = """
MATCH (a:Article {id: $id})
REMOVE a.title, a.url, a.doi, a.pmid, a.pmcid, a.published, a.source_kind, a.content_hash,
       a.ingested_at, a.journal, a.extraction_hash, a.input_hash
"""

EXPORT_NODES = "MATCH (n) WHERE NOT n:SchemaVersion RETURN n"
EXPORT_RELATIONSHIPS = "MATCH (a)-[r]->(b) RETURN a.id AS source, b.id AS target, r"
