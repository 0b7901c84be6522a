// name: neighbourhood
// description: The entities within k hops (1-3) of an entity and the edges between, filtered by type, predicate and confidence.
// param: entity: entity — name, alias or CURIE of the centre
// param: hops: int = 1 — path length, 1 to 3
// param: types: list = null — keep only paths whose other entities have these types (e.g. GENE,DRUG)
// param: predicates: list = null — follow only these relationship types (e.g. TARGETS,TREATS)
// param: min_confidence: float = 0.0 — follow only edges at or above this confidence
// param: include_negated: bool = false — also follow edges whose every sentence denies the link
// param: limit: int = 500 — most edges returned
// returns: link-shaped rows (source_id, predicate, target_id, ...), one per distinct edge
MATCH (c:Entity)
WHERE c.name =~ $entity_rx OR c.id =~ $entity_rx OR coalesce(c.curie, '') =~ $entity_rx
   OR any(alias IN coalesce(c.aliases, []) WHERE alias =~ $entity_rx)
// Three branches so that a 1-hop question never expands 3 hops (the bound cannot be a
// parameter); only statement edges are followed, never MENTIONS/FROM through articles.
CALL (c) {
  WITH c WHERE $hops <= 1
  MATCH p = (c)-[:TARGETS|TREATS|HAS_OUTCOME|BRAND_OF|DEVELOPED_BY|AFFILIATED_WITH|INVESTIGATES|EXPRESSED_IN|RESISTANT_TO|ASSOCIATED_WITH*1..1]-(:Entity)
  RETURN p
  UNION
  WITH c WHERE $hops = 2
  MATCH p = (c)-[:TARGETS|TREATS|HAS_OUTCOME|BRAND_OF|DEVELOPED_BY|AFFILIATED_WITH|INVESTIGATES|EXPRESSED_IN|RESISTANT_TO|ASSOCIATED_WITH*1..2]-(:Entity)
  RETURN p
  UNION
  WITH c WHERE $hops >= 3
  MATCH p = (c)-[:TARGETS|TREATS|HAS_OUTCOME|BRAND_OF|DEVELOPED_BY|AFFILIATED_WITH|INVESTIGATES|EXPRESSED_IN|RESISTANT_TO|ASSOCIATED_WITH*1..3]-(:Entity)
  RETURN p
}
WITH p
WHERE all(x IN tail(nodes(p)) WHERE $types IS NULL OR any(t IN $types WHERE toUpper(t) = x.type))
  AND all(r IN relationships(p) WHERE r.confidence >= $min_confidence
          AND ($include_negated OR coalesce(r.negated_count, 0) < r.evidence_count)
          AND ($predicates IS NULL OR any(q IN $predicates WHERE toUpper(q) = type(r))))
UNWIND relationships(p) AS r
WITH DISTINCT r
WITH r, startNode(r) AS s, endNode(r) AS o
RETURN s.id AS source_id, s.name AS source, s.type AS source_type, type(r) AS predicate,
       o.id AS target_id, o.name AS target, o.type AS target_type, r.confidence AS confidence,
       r.evidence_count AS evidence_count, r.article_count AS article_count,
       r.statement_id AS statement_id
ORDER BY predicate, source, target
LIMIT $limit
