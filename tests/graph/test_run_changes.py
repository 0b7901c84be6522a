"""What a load tells about this run (entities and links added or changed, its top links), and the
input key that lets a re-run skip extraction: on both stores."""

from __future__ import annotations

from biokg.graph import GraphStore
from biokg.graph.examples import cd22_car_t, tisagenlecleucel
from biokg.graph.run_changes import RunChanges

from biokg.model import Extraction, Predicate


def _statements(ex: Extraction) -> set[str]:
    return {r.statement_id for r in ex.relations}


def test_load_counts_what_it_added_and_what_it_changed(stores) -> None:
    first, second = cd22_car_t(), tisagenlecleucel()
    store: GraphStore = stores.open()

    one = store.load([first]).changes
    assert one.entities_added == len(first.entities)
    assert (one.links_added, one.links_changed) == (len(_statements(first)), 0)
    assert all(link.new and link.articles == 1 for link in one.links.values())

    two = store.load([second]).changes
    shared_entities = {e.id for e in first.entities} & {e.id for e in second.entities}
    shared = _statements(first) & _statements(second)
    assert shared, "the examples share a statement (CD22 CAR T cells TARGETS CD22)"
    assert two.entities_added == len(second.entities) - len(shared_entities)
    assert two.links_changed == len(shared)
    assert two.links_added == len(_statements(second) - shared)
    assert {sid for sid, link in two.links.items() if not link.new} == shared

    again = store.load([first, second])
    assert again.articles_unchanged == 2
    assert (again.changes.entities_added, len(again.changes.links)) == (0, 0)


def test_top_links_carry_names_and_numbers(stores) -> None:
    store: GraphStore = stores.open()
    changes = store.load([cd22_car_t(), tisagenlecleucel()]).changes
    top = changes.top(100)
    names = {(link.subject, link.predicate, link.object) for link in top}
    assert ("CD22 CAR T cells", "TARGETS", "CD22") in names
    # Stated by both articles of the run, so it ranks first.
    assert (top[0].subject, top[0].object, top[0].articles) == ("CD22 CAR T cells", "CD22", 2)
    outcome = next(link for link in top if link.predicate == Predicate.HAS_OUTCOME.value)
    assert outcome.findings and {"n", "N"} <= set(outcome.findings[0])
    assert changes.top(1) == top[:1]


def test_a_replaced_article_changes_links_it_no_longer_adds(stores) -> None:
    store: GraphStore = stores.open()
    store.load([cd22_car_t()])
    revised = cd22_car_t()
    revised.document = revised.document.model_copy(update={"title": "Revised"})
    revised.relations = revised.relations[:1]
    stats = store.load([revised])
    assert stats.articles_replaced == 1
    assert (stats.changes.links_added, stats.changes.links_changed) == (0, 1)


def test_input_key_is_stamped_and_moves_with_the_extractor(stores) -> None:
    store: GraphStore = stores.open()
    ex = cd22_car_t().model_copy(update={"extractor_version": "x1"})
    doc = ex.document
    assert store.loaded_from({doc.id: doc.input_hash("x1")}) == set()

    store.load([ex])
    assert store.loaded_from({doc.id: doc.input_hash("x1")}) == {doc.id}
    assert store.loaded_from({doc.id: doc.input_hash("x2")}) == set()
    changed_text = doc.model_copy(update={"text": doc.text + " More."})
    assert store.loaded_from({doc.id: changed_text.input_hash("x1")}) == set()

    # A new extractor with the same output: nothing is rewritten, only the key moves.
    stats = store.load([ex.model_copy(update={"extractor_version": "x2"})])
    assert (stats.articles_unchanged, stats.articles_loaded) == (1, 0)
    assert store.loaded_from({doc.id: doc.input_hash("x2")}) == {doc.id}
    assert store.loaded_from({doc.id: doc.input_hash("x1")}) == set()


def test_an_extraction_from_elsewhere_is_never_taken_as_loaded(stores) -> None:
    store: GraphStore = stores.open()
    ex = cd22_car_t()
    assert ex.extractor_version is None
    store.load([ex])
    (row,) = store.read(
        "MATCH (a:Article {id: $id}) RETURN a.input_hash AS h", {"id": ex.document.id}
    )
    assert row["h"] is None


def test_the_printed_links_are_capped() -> None:
    from biokg.cli.links import changed_links

    changes = RunChanges()
    for i in range(30):
        changes.add_link(f"s{i}", f"drug {i}", "TREATS", "cancer", new=True, confidence=i / 30)
    lines = changed_links(changes, 5)
    assert lines[1] == "Links this run added or changed (top 5 of 30; --links N for more):"
    assert lines[2:] == [
        f"  drug {i} -TREATS-> cancer [1 article, new]" for i in (29, 28, 27, 26, 25)
    ]
    assert changed_links(RunChanges(), 5) == ["No links added or changed."]


def test_a_huge_run_keeps_its_most_stated_links() -> None:
    changes = RunChanges(max_links=10)
    for _ in range(3):
        changes.add_link("often", "a", "TREATS", "b", new=True)
    for i in range(50):
        changes.add_link(f"once{i}", "c", "TREATS", f"d{i}", new=False)
    assert len(changes.links) <= 10
    assert changes.top(1)[0].articles == 3
    assert (changes.links_added, changes.links_changed) == (1, 50)
