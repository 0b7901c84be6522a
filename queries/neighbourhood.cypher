// name: neighbourhood
// description: The entities within k hops (1-3) of an entity and the edges between, filtered by type, predicate and confidence.
// param: entity: entity — name, alias or CURIE of the centre
// param: hops: int = 1 — path length, 1 to 3
// param: types: list = null — reach only entities of these types (e.g. GENE,DRUG)
// param: predicates: list = null — follow only these relationship types (e.g. TARGETS,TREATS)
// param: min_confidence: float = 0.0 — follow only edges at or above this confidence
// param: include_negated: bool = false — also follow edges whose every sentence denies the link
// param: limit: int = 500 — most edges returned
// returns: link-shaped rows (source_id, predicate, target_id, ...), one per distinct edge
MATCH (c:Entity)
WHERE c.name =~ $entity_rx OR c.id =~ $entity_rx OR coalesce(c.curie, '') =~ $entity_rx
   OR any(alias IN coalesce(c.aliases, []) WHERE alias =~ $entity_rx)
// Breadth-first, one UNION branch per ring: each ring starts from the DISTINCT entities of the
// ring before, so the cost is the sum of their degrees, not the number of paths (which explodes
// around hubs). Only statement edges are followed, never MENTIONS/FROM through articles.
CALL (c) {
  MATCH (c)-[r:TARGETS|TREATS|HAS_OUTCOME|BRAND_OF|DEVELOPED_BY|AFFILIATED_WITH|INVESTIGATES|EXPRESSED_IN|RESISTANT_TO|ASSOCIATED_WITH]-(n1:Entity)
  WHERE r.confidence >= $min_confidence
    AND ($include_negated OR coalesce(r.negated_count, 0) < r.evidence_count)
    AND ($predicates IS NULL OR any(q IN $predicates WHERE toUpper(q) = type(r)))
    AND ($types IS NULL OR any(t IN $types WHERE toUpper(t) = n1.type))
  RETURN r
  UNION
  MATCH (c)-[r1:TARGETS|TREATS|HAS_OUTCOME|BRAND_OF|DEVELOPED_BY|AFFILIATED_WITH|INVESTIGATES|EXPRESSED_IN|RESISTANT_TO|ASSOCIATED_WITH]-(n1:Entity)
  WHERE $hops >= 2 AND r1.confidence >= $min_confidence
    AND ($include_negated OR coalesce(r1.negated_count, 0) < r1.evidence_count)
    AND ($predicates IS NULL OR any(q IN $predicates WHERE toUpper(q) = type(r1)))
    AND ($types IS NULL OR any(t IN $types WHERE toUpper(t) = n1.type))
  WITH DISTINCT n1
  MATCH (n1)-[r:TARGETS|TREATS|HAS_OUTCOME|BRAND_OF|DEVELOPED_BY|AFFILIATED_WITH|INVESTIGATES|EXPRESSED_IN|RESISTANT_TO|ASSOCIATED_WITH]-(n2:Entity)
  WHERE r.confidence >= $min_confidence
    AND ($include_negated OR coalesce(r.negated_count, 0) < r.evidence_count)
    AND ($predicates IS NULL OR any(q IN $predicates WHERE toUpper(q) = type(r)))
    AND ($types IS NULL OR any(t IN $types WHERE toUpper(t) = n2.type))
  RETURN r
  UNION
  MATCH (c)-[r1:TARGETS|TREATS|HAS_OUTCOME|BRAND_OF|DEVELOPED_BY|AFFILIATED_WITH|INVESTIGATES|EXPRESSED_IN|RESISTANT_TO|ASSOCIATED_WITH]-(n1:Entity)
  WHERE $hops >= 3 AND r1.confidence >= $min_confidence
    AND ($include_negated OR coalesce(r1.negated_count, 0) < r1.evidence_count)
    AND ($predicates IS NULL OR any(q IN $predicates WHERE toUpper(q) = type(r1)))
    AND ($types IS NULL OR any(t IN $types WHERE toUpper(t) = n1.type))
  WITH DISTINCT n1
  MATCH (n1)-[r2:TARGETS|TREATS|HAS_OUTCOME|BRAND_OF|DEVELOPED_BY|AFFILIATED_WITH|INVESTIGATES|EXPRESSED_IN|RESISTANT_TO|ASSOCIATED_WITH]-(n2:Entity)
  WHERE r2.confidence >= $min_confidence
    AND ($include_negated OR coalesce(r2.negated_count, 0) < r2.evidence_count)
    AND ($predicates IS NULL OR any(q IN $predicates WHERE toUpper(q) = type(r2)))
    AND ($types IS NULL OR any(t IN $types WHERE toUpper(t) = n2.type))
  WITH DISTINCT n2
  MATCH (n2)-[r:TARGETS|TREATS|HAS_OUTCOME|BRAND_OF|DEVELOPED_BY|AFFILIATED_WITH|INVESTIGATES|EXPRESSED_IN|RESISTANT_TO|ASSOCIATED_WITH]-(n3:Entity)
  WHERE r.confidence >= $min_confidence
    AND ($include_negated OR coalesce(r.negated_count, 0) < r.evidence_count)
    AND ($predicates IS NULL OR any(q IN $predicates WHERE toUpper(q) = type(r)))
    AND ($types IS NULL OR any(t IN $types WHERE toUpper(t) = n3.type))
  RETURN r
}
WITH DISTINCT r
WITH r, startNode(r) AS s, endNode(r) AS o
RETURN s.id AS source_id, s.name AS source, s.type AS source_type, type(r) AS predicate,
       o.id AS target_id, o.name AS target, o.type AS target_type, r.confidence AS confidence,
       r.evidence_count AS evidence_count, r.article_count AS article_count,
       r.statement_id AS statement_id
ORDER BY predicate, source, target
LIMIT $limit
