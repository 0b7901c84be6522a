// name: resistance_chains
// description: Resistance chains: patients relapsing after a therapy aimed at one target, then treated with a therapy aimed at another (default CD19 → CD22).
// param: first_target: entity = CD19 — target of the therapy patients relapse after
// param: second_target: entity = CD22 — target of the therapy given after relapse
// param: relapse_words: list = relaps,resist,refractor,recurr,escape,antigen loss,antigen-loss — words (any case) that mark an outcome name or a population as relapse
// returns: one row per chain: first therapy and target, how the relapse is stated, the next therapy and target, the diseases both treat
MATCH (t1:Entity)-[a1:TARGETS]->(g1:Entity)
WHERE coalesce(a1.negated_count, 0) < a1.evidence_count
  AND (g1.name =~ $first_target_rx OR g1.id =~ $first_target_rx
   OR coalesce(g1.curie, '') =~ $first_target_rx
   OR any(alias IN coalesce(g1.aliases, []) WHERE alias =~ $first_target_rx))
MATCH (t2:Entity)-[a2:TARGETS]->(g2:Entity)
WHERE coalesce(a2.negated_count, 0) < a2.evidence_count
  AND (g2.name =~ $second_target_rx OR g2.id =~ $second_target_rx
       OR coalesce(g2.curie, '') =~ $second_target_rx
       OR any(alias IN coalesce(g2.aliases, []) WHERE alias =~ $second_target_rx))
  AND t2 <> t1
CALL (t1, t2) {
  MATCH (t1)-[h:HAS_OUTCOME]->(o:Entity)
  WHERE any(w IN $relapse_words WHERE toLower(o.name) CONTAINS toLower(w))
    AND coalesce(h.negated_count, 0) < h.evidence_count
  RETURN 'HAS_OUTCOME' AS relapse_via, o.name AS relapse, h.statement_id AS relapse_statement_id
  UNION ALL
  MATCH (x:Entity)-[rs:RESISTANT_TO]->(t1)
  WHERE coalesce(rs.negated_count, 0) < rs.evidence_count
  RETURN 'RESISTANT_TO' AS relapse_via, x.name AS relapse, rs.statement_id AS relapse_statement_id
  UNION ALL
  // "CD22 CAR T cells ... in patients who relapsed after CD19-directed therapy": a finding of the
  // second therapy whose population names relapse and the first target.
  MATCH (f:Finding)-[:THERAPY]->(t2)
  WHERE any(w IN $relapse_words WHERE toLower(f.population) CONTAINS toLower(w))
    AND f.population =~ $first_target_part_rx
    AND NOT coalesce(f.negated, false)
  RETURN 'population' AS relapse_via, f.population AS relapse,
         f.statement_id AS relapse_statement_id
}
OPTIONAL MATCH (t1)-[:TREATS]->(d:Entity)<-[:TREATS]-(t2)
RETURN t1.id AS first_therapy_id, t1.name AS first_therapy, g1.name AS first_target,
       relapse_via, relapse, t2.id AS second_therapy_id, t2.name AS second_therapy,
       g2.name AS second_target, collect(DISTINCT d.name) AS shared_diseases,
       relapse_statement_id
ORDER BY size(shared_diseases) DESC, first_therapy, second_therapy, relapse_via
