// name: therapies_for_target
// description: Therapies that target a gene or antigen, with their brands, diseases treated and evidence counts.
// param: target: entity — name, alias or CURIE of the target, e.g. CD22
// param: min_confidence: float = 0.0 — drop TARGETS edges below this aggregated confidence
// param: include_negated: bool = false — also list edges whose every sentence denies the link (confidence 0)
// param: limit: int = 100 — most therapies returned
// returns: one row per (therapy, target) with statement_id for `edge_evidence`
MATCH (t:Entity)
WHERE t.name =~ $target_rx OR t.id =~ $target_rx OR coalesce(t.curie, '') =~ $target_rx
   OR any(alias IN coalesce(t.aliases, []) WHERE alias =~ $target_rx)
MATCH (therapy:Entity)-[r:TARGETS]->(t)
WHERE r.confidence >= $min_confidence
  AND ($include_negated OR coalesce(r.negated_count, 0) < r.evidence_count)
OPTIONAL MATCH (therapy)-[:BRAND_OF]-(brand:Entity)
OPTIONAL MATCH (therapy)-[:TREATS]->(d:Entity)
RETURN therapy.id AS therapy_id, therapy.name AS therapy, therapy.type AS therapy_type,
       t.id AS target_id, t.name AS target, r.confidence AS confidence,
       r.evidence_count AS evidence_count, r.article_count AS article_count,
       collect(DISTINCT brand.name) AS brands, collect(DISTINCT d.name) AS diseases,
       r.statement_id AS statement_id
ORDER BY evidence_count DESC, confidence DESC, therapy
LIMIT $limit
