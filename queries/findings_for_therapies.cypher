// name: findings_for_therapies
// description: Every finding (outcome numbers per article) of a list of therapies, as the view's HAS_OUTCOME edges show them.
// param: therapy_ids: list — entity ids of therapies
// param: limit: int = 5000 — most rows returned
// returns: one row per finding, keyed by its HAS_OUTCOME statement_id
MATCH (f:Finding)-[:THERAPY]->(t:Entity)
WHERE t.id IN $therapy_ids
MATCH (f)-[:OUTCOME]->(o:Entity)
MATCH (f)-[:REPORTED_IN]->(a:Article)
OPTIONAL MATCH (f)-[:IN_POPULATION]->(d:Entity)
RETURN f.statement_id AS statement_id, t.id AS therapy_id, o.id AS outcome_id, f.rate AS rate,
       f.n AS n, f.N AS N, f.duration AS duration, f.population AS population, f.dose AS dose,
       f.negated AS negated, f.sentence AS sentence, collect(DISTINCT d.name) AS diseases,
       a.id AS article_id, a.title AS title, a.url AS url
ORDER BY statement_id, rate DESC, article_id
LIMIT $limit
