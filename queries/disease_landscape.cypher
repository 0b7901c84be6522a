// name: disease_landscape
// description: Targets and therapies for a disease: each therapy that treats it with the targets it hits, and targets expressed in it.
// param: disease: entity — name, alias or CURIE of the disease, e.g. "B-ALL"
// param: min_confidence: float = 0.0 — drop edges below this aggregated confidence
// param: limit: int = 200 — most rows returned
// returns: one row per (therapy, target); via = TREATS (a therapy for the disease) or EXPRESSED_IN (a target in the disease that no listed therapy hits)
MATCH (d:Entity)
WHERE d.name =~ $disease_rx OR d.id =~ $disease_rx OR coalesce(d.curie, '') =~ $disease_rx
   OR any(alias IN coalesce(d.aliases, []) WHERE alias =~ $disease_rx)
CALL (d) {
  MATCH (therapy:Entity)-[tr:TREATS]->(d)
  WHERE tr.confidence >= $min_confidence
    AND coalesce(tr.negated_count, 0) < tr.evidence_count
  OPTIONAL MATCH (therapy)-[tg:TARGETS]->(target:Entity)
  WHERE tg.confidence >= $min_confidence
    AND coalesce(tg.negated_count, 0) < tg.evidence_count
  RETURN 'TREATS' AS via, therapy, target, tr AS link
  UNION ALL
  MATCH (target:Entity)-[ex:EXPRESSED_IN]->(d)
  WHERE ex.confidence >= $min_confidence
    AND coalesce(ex.negated_count, 0) < ex.evidence_count
    AND NOT (target)<-[:TARGETS]-(:Entity)-[:TREATS]->(d)
  RETURN 'EXPRESSED_IN' AS via, null AS therapy, target, ex AS link
}
RETURN d.id AS disease_id, d.name AS disease, via, therapy.id AS therapy_id,
       therapy.name AS therapy, target.id AS target_id, target.name AS target,
       link.confidence AS confidence, link.evidence_count AS evidence_count,
       link.statement_id AS statement_id
ORDER BY via DESC, evidence_count DESC, therapy, target
LIMIT $limit
