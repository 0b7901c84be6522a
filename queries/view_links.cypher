// name: view_links
// description: Therapy-centred links for the view: each selected therapy's targets, diseases, outcomes and brands.
// param: disease: entity = null — only therapies that treat this disease
// param: target: entity = null — only therapies that target this
// param: entity_ids: list = null — only therapies that are, or link to, one of these entity ids
// param: min_confidence: float = 0.0 — drop edges below this aggregated confidence
// param: include_negated: bool = false — also draw edges whose every sentence denies the link
// param: limit: int = 20000 — most edges returned: the most stated first (article count, then evidence count)
// returns: link-shaped rows (source_id, predicate, target_id, ...), therapy always the source except for BRAND_OF
MATCH (th:Entity)-[:TARGETS|TREATS|HAS_OUTCOME]->(:Entity)
WITH DISTINCT th
OPTIONAL MATCH (th)-[dr:TREATS]->(d:Entity)
WHERE $disease_rx IS NOT NULL
  AND ($include_negated OR coalesce(dr.negated_count, 0) < dr.evidence_count)
  AND (d.name =~ $disease_rx OR d.id =~ $disease_rx OR coalesce(d.curie, '') =~ $disease_rx
       OR any(alias IN coalesce(d.aliases, []) WHERE alias =~ $disease_rx))
WITH th, count(d) AS diseases
OPTIONAL MATCH (th)-[gr:TARGETS]->(g:Entity)
WHERE $target_rx IS NOT NULL
  AND ($include_negated OR coalesce(gr.negated_count, 0) < gr.evidence_count)
  AND (g.name =~ $target_rx OR g.id =~ $target_rx OR coalesce(g.curie, '') =~ $target_rx
       OR any(alias IN coalesce(g.aliases, []) WHERE alias =~ $target_rx))
WITH th, diseases, count(g) AS targets
OPTIONAL MATCH (th)--(x:Entity)
WHERE $entity_ids IS NOT NULL AND x.id IN $entity_ids
WITH th, diseases, targets, count(x) AS linked
WHERE ($disease_rx IS NULL OR diseases > 0) AND ($target_rx IS NULL OR targets > 0)
  AND ($entity_ids IS NULL OR linked > 0 OR th.id IN $entity_ids)
CALL (th) {
  MATCH (th)-[r:TARGETS|TREATS|HAS_OUTCOME|BRAND_OF]->(o:Entity)
  RETURN th AS s, r, o
  UNION
  MATCH (b:Entity)-[r:BRAND_OF]->(th)
  RETURN b AS s, r, th AS o
}
WITH s, r, o
WHERE r.confidence >= $min_confidence
  AND ($include_negated OR coalesce(r.negated_count, 0) < r.evidence_count)
WITH DISTINCT r, s, o
RETURN s.id AS source_id, s.name AS source, s.type AS source_type, s.aliases AS source_aliases,
       type(r) AS predicate, o.id AS target_id, o.name AS target, o.type AS target_type,
       o.aliases AS target_aliases, r.confidence AS confidence,
       r.evidence_count AS evidence_count, r.article_count AS article_count,
       r.statement_id AS statement_id, r.first_seen AS first_seen, r.last_seen AS last_seen
ORDER BY article_count DESC, evidence_count DESC, predicate, source, target
LIMIT $limit
