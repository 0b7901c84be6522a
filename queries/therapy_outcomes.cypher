// name: therapy_outcomes
// description: Outcomes reported for a therapy (and its brand/generic names): the numbers of each finding, its population and source article.
// param: therapy: entity — name, alias or CURIE of the therapy, e.g. "CD22 CAR T cells"
// param: outcome: entity = null — only this outcome, e.g. "complete remission"
// param: limit: int = 200 — most rows returned
// returns: one row per finding (numbers as stated in one article: rate, n, N, duration, the hazard ratio hr and risk_reduction, the share by which the therapy cut the risk of the outcome's event); outcomes stated without numbers have them empty
MATCH (t:Entity)
WHERE t.name =~ $therapy_rx OR t.id =~ $therapy_rx OR coalesce(t.curie, '') =~ $therapy_rx
   OR any(alias IN coalesce(t.aliases, []) WHERE alias =~ $therapy_rx)
OPTIONAL MATCH (t)-[:BRAND_OF]-(other:Entity)
WITH t, collect(DISTINCT other) + [t] AS products
UNWIND products AS product
CALL (product) {
  MATCH (f:Finding)-[:THERAPY]->(product)
  MATCH (f)-[:OUTCOME]->(o:Entity)
  MATCH (f)-[:REPORTED_IN]->(a:Article)
  OPTIONAL MATCH (f)-[:IN_POPULATION]->(d:Entity)
  RETURN o, a, f.rate AS rate, f.n AS n, f.N AS N, f.duration AS duration, f.HR AS hr,
         f.risk_reduction AS risk_reduction, f.population AS population, f.dose AS dose,
         f.negated AS negated, f.sentence AS sentence,
         f.statement_id AS statement_id, collect(DISTINCT d.name) AS diseases
  UNION ALL
  MATCH (product)-[h:HAS_OUTCOME]->(o:Entity)
  // A plain variable, not h.statement_id, lets kglite use the Evidence.statement_id index.
  WITH o, h, h.statement_id AS sid
  MATCH (ev:Evidence)-[:FROM]->(a:Article)
  WHERE ev.statement_id = sid
    AND NOT EXISTS { MATCH (g:Finding)-[:REPORTED_IN]->(a) WHERE g.statement_id = sid }
  WITH o, a, h, collect(ev) AS sentences
  RETURN o, a, null AS rate, null AS n, null AS N, null AS duration, null AS hr,
         null AS risk_reduction, null AS population, null AS dose,
         sentences[0].negated AS negated, sentences[0].sentence AS sentence,
         h.statement_id AS statement_id, [] AS diseases
}
WITH t, product, o, a, rate, n, N, duration, hr, risk_reduction, population, dose, negated,
     sentence, statement_id, diseases
WHERE $outcome_rx IS NULL OR o.name =~ $outcome_rx OR o.id =~ $outcome_rx
   OR coalesce(o.curie, '') =~ $outcome_rx
   OR any(alias IN coalesce(o.aliases, []) WHERE alias =~ $outcome_rx)
RETURN t.name AS therapy, product.name AS as_named, o.id AS outcome_id, o.name AS outcome,
       rate, n, N, duration, hr, risk_reduction, population, dose, diseases, negated, sentence,
       a.id AS article_id,
       a.title AS title, a.url AS url, statement_id
ORDER BY outcome, rate DESC, article_id
LIMIT $limit
