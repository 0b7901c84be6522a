// name: entity_search
// description: Find entities by name, alias or CURIE, ignoring case, hyphens and spacing ("B-ALL" = "b all").
// param: text: entity — what to look for, e.g. "B-ALL", "cd-22", "HGNC:1643"
// param: type: str = null — only entities of this type (GENE, DISEASE, DRUG, CELL_TYPE, ...)
// param: partial: bool = false — also match names that contain the words (e.g. "CD22" finds "CD22 CAR T cells")
// param: limit: int = 25 — most entities returned
// returns: id, name, type, curie, aliases, matched (exact|partial), articles mentioning it
MATCH (e:Entity)
WHERE ($type IS NULL OR e.type = toUpper($type))
WITH e,
     (e.name =~ $text_rx OR e.id =~ $text_rx OR coalesce(e.curie, '') =~ $text_rx
      OR any(alias IN coalesce(e.aliases, []) WHERE alias =~ $text_rx)) AS exact,
     ($partial AND (e.name =~ $text_part_rx OR e.id =~ $text_part_rx
      OR any(alias IN coalesce(e.aliases, []) WHERE alias =~ $text_part_rx))) AS part
WHERE exact OR part
OPTIONAL MATCH (a:Article)-[:MENTIONS]->(e)
WITH e, exact, count(DISTINCT a) AS articles
RETURN e.id AS id, e.name AS name, e.type AS type, e.curie AS curie, e.aliases AS aliases,
       CASE WHEN exact THEN 'exact' ELSE 'partial' END AS matched, articles
ORDER BY matched, articles DESC, name
LIMIT $limit
