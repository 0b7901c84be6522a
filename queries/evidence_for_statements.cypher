// name: evidence_for_statements
// description: Evidence sentences for a list of statement_ids at once (what the view's evidence panel shows).
// param: statement_ids: list — statement_id values of edges
// param: limit: int = 5000 — most sentences returned
// returns: one row per Evidence node, grouped by statement_id
MATCH (ev:Evidence)-[:FROM]->(a:Article)
WHERE ev.statement_id IN $statement_ids
RETURN ev.statement_id AS statement_id, ev.sentence AS sentence, ev.start AS start,
       ev.`end` AS `end`, ev.confidence AS confidence, ev.negated AS negated,
       ev.extractor AS extractor, a.id AS article_id, a.title AS title, a.url AS url,
       a.doi AS doi, a.pmid AS pmid, a.published AS published
ORDER BY statement_id, confidence DESC, article_id, start
LIMIT $limit
