// name: edge_evidence
// description: The evidence sentences behind an edge, with their articles: give a statement_id, or a subject and/or object (and a predicate).
// param: statement_id: str = null — the edge's statement_id (from any link-shaped query)
// param: subject: entity = null — the edge's subject, e.g. "CD22 CAR T cells"
// param: predicate: str = null — TARGETS, TREATS, HAS_OUTCOME, ...
// param: object: entity = null — the edge's object, e.g. CD22
// param: include_negated: bool = true — keep sentences that state the relation negated
// param: limit: int = 200 — most sentences returned
// returns: one row per Evidence node: sentence, its offsets in the article, extractor, article title/url
MATCH (s:Entity)-[r]->(o:Entity)
WHERE ($statement_id IS NULL OR r.statement_id = $statement_id)
  AND ($predicate IS NULL OR type(r) = toUpper($predicate))
  AND ($subject_rx IS NULL OR s.name =~ $subject_rx OR s.id =~ $subject_rx
       OR coalesce(s.curie, '') =~ $subject_rx
       OR any(alias IN coalesce(s.aliases, []) WHERE alias =~ $subject_rx))
  AND ($object_rx IS NULL OR o.name =~ $object_rx OR o.id =~ $object_rx
       OR coalesce(o.curie, '') =~ $object_rx
       OR any(alias IN coalesce(o.aliases, []) WHERE alias =~ $object_rx))
  AND ($statement_id IS NOT NULL OR $subject_rx IS NOT NULL OR $object_rx IS NOT NULL)
// Through a plain variable: kglite only uses the statement_id index (and only answers an inline
// `{statement_id: r.statement_id}` correctly) when the value is not a relationship property.
WITH s, r, o, r.statement_id AS sid
MATCH (ev:Evidence)-[:FROM]->(a:Article)
WHERE ev.statement_id = sid
  AND ($include_negated OR NOT coalesce(ev.negated, false))
RETURN s.name AS subject, type(r) AS predicate, o.name AS object, ev.sentence AS sentence,
       ev.start AS start, ev.`end` AS `end`, ev.confidence AS confidence, ev.negated AS negated,
       ev.extractor AS extractor, ev.version AS version, a.id AS article_id, a.title AS title,
       a.url AS url, r.statement_id AS statement_id
ORDER BY statement_id, confidence DESC, article_id, start
LIMIT $limit
