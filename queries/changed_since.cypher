// name: changed_since
// description: What changed since a date: edges first published or given new evidence since then, and articles published or ingested since then.
// param: since: date — ISO date, e.g. 2026-01-31 (inclusive)
// param: limit: int = 500 — most rows returned
// returns: change (new edge | more evidence | new article), what changed and when
CALL () {
  MATCH (s:Entity)-[r]->(o:Entity)
  WHERE r.last_seen >= $since
  RETURN CASE WHEN r.first_seen >= $since THEN 'new edge' ELSE 'more evidence' END AS change,
         s.name AS subject, type(r) AS predicate, o.name AS object, null AS article_id,
         r.first_seen AS first_seen, r.last_seen AS last_seen, r.evidence_count AS evidence_count,
         r.statement_id AS statement_id
  UNION ALL
  MATCH (a:Article)
  WHERE a.published >= $since OR date(a.ingested_at) >= $since
  RETURN 'new article' AS change, a.title AS subject, null AS predicate, null AS object,
         a.id AS article_id, coalesce(a.published, date(a.ingested_at)) AS first_seen,
         coalesce(a.published, date(a.ingested_at)) AS last_seen,
         null AS evidence_count, null AS statement_id
}
RETURN change, subject, predicate, object, article_id, first_seen, last_seen, evidence_count,
       statement_id
ORDER BY last_seen DESC, change, subject, predicate, object
LIMIT $limit
