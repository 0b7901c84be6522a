// name: articles_mentioning
// description: Articles that mention an entity, newest first, with how often they mention it.
// param: entity: entity — name, alias or CURIE
// param: limit: int = 100 — most articles returned
// returns: one row per (article, matching entity)
MATCH (e:Entity)
WHERE e.name =~ $entity_rx OR e.id =~ $entity_rx OR coalesce(e.curie, '') =~ $entity_rx
   OR any(alias IN coalesce(e.aliases, []) WHERE alias =~ $entity_rx)
MATCH (a:Article)-[m:MENTIONS]->(e)
RETURN e.name AS entity, a.id AS article_id, a.title AS title, a.url AS url, a.doi AS doi,
       a.pmid AS pmid, a.published AS published, m.count AS mentions
ORDER BY published DESC, mentions DESC, article_id
LIMIT $limit
