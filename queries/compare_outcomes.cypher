// name: compare_outcomes
// description: Compare outcomes across therapies for a disease: every finding (rate, n/N, population, article) of therapies that treat it or were studied in it.
// param: disease: entity — name, alias or CURIE of the disease, e.g. "B-ALL"
// param: outcome: entity = null — only this outcome, e.g. "complete remission"
// param: limit: int = 500 — most rows returned
// returns: one row per finding, grouped by outcome, highest rate first
MATCH (d:Entity)
WHERE d.name =~ $disease_rx OR d.id =~ $disease_rx OR coalesce(d.curie, '') =~ $disease_rx
   OR any(alias IN coalesce(d.aliases, []) WHERE alias =~ $disease_rx)
// From the disease outwards (never every finding against every disease).
CALL (d) {
  MATCH (f:Finding)-[:IN_POPULATION]->(d)
  MATCH (f)-[:THERAPY]->(t:Entity)
  RETURN f, t
  UNION
  MATCH (t:Entity)-[:TREATS]->(d)
  MATCH (f:Finding)-[:THERAPY]->(t)
  RETURN f, t
}
MATCH (f)-[:OUTCOME]->(o:Entity)
WHERE $outcome_rx IS NULL OR o.name =~ $outcome_rx OR o.id =~ $outcome_rx
   OR coalesce(o.curie, '') =~ $outcome_rx
   OR any(alias IN coalesce(o.aliases, []) WHERE alias =~ $outcome_rx)
MATCH (f)-[:REPORTED_IN]->(a:Article)
RETURN DISTINCT d.name AS disease, o.name AS outcome, t.id AS therapy_id, t.name AS therapy,
       f.rate AS rate, f.n AS n, f.N AS N, f.duration AS duration, f.population AS population,
       f.dose AS dose, f.negated AS negated, a.id AS article_id, a.title AS title, a.url AS url,
       f.statement_id AS statement_id
ORDER BY outcome, rate DESC, therapy, article_id
LIMIT $limit
