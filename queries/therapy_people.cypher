// name: therapy_people
// description: Investigators and organisations behind a therapy (and its brand/generic names), with their affiliations.
// param: therapy: entity — name, alias or CURIE of the therapy, e.g. tisagenlecleucel or Kymriah
// param: min_confidence: float = 0.0 — drop edges below this aggregated confidence
// returns: one row per (person or organisation, role); role is the predicate linking it to the therapy
MATCH (t:Entity)
WHERE t.name =~ $therapy_rx OR t.id =~ $therapy_rx OR coalesce(t.curie, '') =~ $therapy_rx
   OR any(alias IN coalesce(t.aliases, []) WHERE alias =~ $therapy_rx)
OPTIONAL MATCH (t)-[:BRAND_OF]-(other:Entity)
WITH t, collect(DISTINCT other) + [t] AS names
UNWIND names AS product
MATCH (product)-[r:DEVELOPED_BY|INVESTIGATES]-(x:Entity)
WHERE x.type IN ['PERSON', 'ORGANIZATION'] AND r.confidence >= $min_confidence
  AND coalesce(r.negated_count, 0) < r.evidence_count
OPTIONAL MATCH (x)-[:AFFILIATED_WITH]->(org:Entity)
RETURN t.name AS therapy, product.name AS via, x.id AS id, x.name AS name, x.type AS type,
       type(r) AS role, r.confidence AS confidence, r.evidence_count AS evidence_count,
       collect(DISTINCT org.name) AS affiliations, r.statement_id AS statement_id
ORDER BY type, evidence_count DESC, name
