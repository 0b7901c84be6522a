"""Relations stated across sentences are proposed for pairs nothing related yet
(`nlp/pair_proposer.py`); own sentences."""

from __future__ import annotations

from biokg.nlp.pair_proposer import PROPOSED, PairProposer, candidates, clause_words

from biokg.model import Document, Entity, Evidence, Mention, Relation

TEXT = (
    "Acme Bio makes velnostat. Velnostat was tested in myeloma. "
    "Jane Roe, the trial's principal investigator at Bay University, presented the data."
)


def _entity(name: str, type_: str, *spans: tuple[int, int, int]) -> Entity:
    return Entity(name=name, type=type_,
                  mentions=[Mention(text=TEXT[s:e], start=s, end=e, sentence=i)
                            for s, e, i in spans])  # fmt: skip


def _span(word: str, sentence: int, nth: int = 0) -> tuple[int, int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word), sentence


SENTENCES = [(0, 25), (26, 58), (59, len(TEXT))]
ACME = _entity("Acme Bio", "ORGANIZATION", _span("Acme Bio", 0))
DRUG = _entity("velnostat", "DRUG", _span("velnostat", 0), _span("Velnostat", 1))
ROE = _entity("Jane Roe", "PERSON", _span("Jane Roe", 2))
BAY = _entity("Bay University", "ORGANIZATION", _span("Bay University", 2))
ENTITIES = [ACME, DRUG, ROE, BAY]


def _developed_by() -> Relation:
    evidence = Evidence(document_id="d", text=TEXT[0:25], start=0, end=25, extractor="test",
                        version="1")  # fmt: skip
    return Relation(subject=DRUG.id, predicate="DEVELOPED_BY", object=ACME.id,
                    evidence=[evidence])  # fmt: skip


def test_clause_words_reach_past_the_near_window_and_stop_at_the_sentence():
    start = TEXT.index("Jane Roe")
    words = clause_words(TEXT, start, start + len("Jane Roe"))
    assert "investigator" in words and "presented" in words
    assert "myeloma" not in words  # the sentence before


def test_candidates_are_the_unrelated_pairs_that_fit_a_predicate():
    found = {(s.name, p, o.name) for s, p, o, _ in candidates(ENTITIES, [_developed_by()], TEXT)}
    assert ("Jane Roe", "INVESTIGATES", "velnostat") in found
    assert ("Jane Roe", "AFFILIATED_WITH", "Bay University") in found
    assert ("velnostat", "DEVELOPED_BY", "Bay University") in found
    # already related (either way round): decided before this step
    assert ("velnostat", "DEVELOPED_BY", "Acme Bio") not in found
    # types that fit no proposed predicate
    assert not any(p == "INVESTIGATES" and o == "Acme Bio" for _, p, o in found)


def test_candidate_features_carry_the_role_words_of_the_subjects_clause():
    features = {(s.name, p, o.name): fs for s, p, o, fs in candidates(ENTITIES, [], TEXT)}
    investigates = features[("Jane Roe", "INVESTIGATES", "velnostat")]
    assert "INVESTIGATES|sw=investigator" in investigates
    assert "INVESTIGATES|gap=1" in investigates  # the drug's nearest mention: a sentence before
    assert all(f.startswith(("INVESTIGATES|", "predicate=INVESTIGATES")) for f in investigates)


def test_a_proposal_above_its_threshold_is_added_with_the_subjects_sentence_as_evidence():
    model = PairProposer({"INVESTIGATES|sw=investigator": 3.0}, -1.0, {"INVESTIGATES": 0.5})
    added = model.proposed("d", ENTITIES, [_developed_by()], TEXT, SENTENCES, "v1")
    assert [(r.subject, r.predicate.value, r.object) for r in added] == [
        (ROE.id, "INVESTIGATES", DRUG.id)
    ]
    evidence = added[0].evidence[0]
    assert (evidence.start, evidence.end) == SENTENCES[2]
    assert evidence.text.startswith("Jane Roe") and evidence.extractor == "biokg.pair_proposer"
    assert added[0].confidence == round(1 / (1 + 2.718281828459045**-2.0), 4)
    # below the threshold, or a predicate without one: nothing
    assert PairProposer({}, -1.0, {"INVESTIGATES": 0.5}).proposed(
        "d", ENTITIES, [], TEXT, SENTENCES, "v1") == []  # fmt: skip
    assert PairProposer({}, 5.0, {}).proposed("d", ENTITIES, [], TEXT, SENTENCES, "v1") == []


def test_the_shipped_proposer_ranks_an_investigator_above_a_patient(default_extractor):
    text = (
        "Doctors in Lyon have treated the first patients with an experimental gene therapy, "
        "bresogene ralaparvovec, for a rare form of inherited blindness. Two of the three "
        'children could read large print after six months. "It is a moment we have waited '
        'for," said Claire Dufresne, the study\'s principal investigator. "I can see my '
        "mother's face now,\" said Tom Baker, a patient who received the treatment.\n"
    )
    model = default_extractor.pair_proposer
    assert model is not None and set(model.thresholds) == {
        "INVESTIGATES", "AFFILIATED_WITH", "DEVELOPED_BY"}  # fmt: skip
    default_extractor.pair_proposer = None
    try:
        extraction = default_extractor.extract(Document(id="lyon", text=text))
    finally:
        default_extractor.pair_proposer = model
    scores = {
        s.name: model.probability(fs)
        for s, p, o, fs in candidates(extraction.entities, extraction.relations, text)
        if p == "INVESTIGATES" and o.name == "bresogene ralaparvovec"
    }
    assert scores["Claire Dufresne"] > 5 * scores["Tom Baker"], scores


def test_proposing_scores_each_pair_as_its_whole_feature_set_does():
    # `proposed` sums the context words' weights once per entity; the sum must equal the model's
    # probability over the full feature set of every candidate.
    features = {(s.id, p, o.id): fs for s, p, o, fs in candidates(ENTITIES, [], TEXT)}
    weights = {f: (sum(map(ord, f)) % 97 - 48) / 301.7 for fs in features.values() for f in fs}
    for threshold in (0.2, 0.5, 0.8):
        model = PairProposer(weights, -0.5, dict.fromkeys(PROPOSED, threshold))
        added = model.proposed("d", ENTITIES, [], TEXT, SENTENCES, "v1")
        # The two sum the same weights in another order: a pair within rounding of the
        # threshold may fall either side.
        near = {key for key, fs in features.items()
                if abs(model.probability(fs) - threshold) < 1e-9}  # fmt: skip
        expected = {key for key, fs in features.items() if model.probability(fs) >= threshold}
        got = {(r.subject, r.predicate.value, r.object) for r in added}
        assert got - near == expected - near
        for r in added:
            key = (r.subject, r.predicate.value, r.object)
            assert r.confidence == round(model.probability(features[key]), 4)


def test_a_brand_is_not_proposed_as_what_is_investigated():
    text = "Velnox (velnostat) is made by Acme Bio. Jane Roe led the Velnox trial."
    brand = Entity(name="Velnox", type="DRUG", mentions=[
        Mention(text="Velnox", start=0, end=6, sentence=0),
        Mention(text="Velnox", start=57, end=63, sentence=1)])  # fmt: skip
    drug = Entity(name="velnostat", type="DRUG",
                  mentions=[Mention(text="velnostat", start=8, end=17, sentence=0)])  # fmt: skip
    roe = Entity(name="Jane Roe", type="PERSON",
                 mentions=[Mention(text="Jane Roe", start=40, end=48, sentence=1)])  # fmt: skip
    evidence = Evidence(document_id="d", text=text[:39], start=0, end=39, extractor="test",
                        version="1")  # fmt: skip
    brand_of = Relation(subject=brand.id, predicate="BRAND_OF", object=drug.id,
                        evidence=[evidence])  # fmt: skip
    found = {(s.name, p, o.name) for s, p, o, _ in candidates([brand, drug, roe], [brand_of], text)}
    assert ("Jane Roe", "INVESTIGATES", "velnostat") in found
    assert ("Jane Roe", "INVESTIGATES", "Velnox") not in found
