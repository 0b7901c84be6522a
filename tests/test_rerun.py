"""Re-running `biokg.build` on the same sources: unchanged documents skip extraction, a changed
one is re-read, and a different extractor re-reads everything."""

from __future__ import annotations

import pytest

import biokg
from biokg.config import Settings


@pytest.fixture()
def folder(tmp_path, short_stories):
    root = tmp_path / "stories"
    root.mkdir()
    for name, text in short_stories.items():
        (root / name).write_text(text)
    return root


@pytest.fixture()
def settings(tmp_path, monkeypatch) -> Settings:
    monkeypatch.delenv("BIOKG_RELATIONS", raising=False)
    return Settings(store_path=str(tmp_path / "graph"), cache_dir=str(tmp_path / "cache"))


def test_rerun_skips_unchanged_and_rereads_a_changed_document(
    folder, settings, short_stories
) -> None:
    first = biokg.build(folder, settings)
    assert (first.documents, first.new, first.skipped, first.failures) == (3, 3, 0, [])
    assert first.changes.links_added > 0

    again = biokg.build(folder, settings)
    assert (again.documents, again.unchanged, again.skipped) == (3, 3, 3)
    assert (again.entities, again.relations) == (0, 0)  # nothing was extracted
    assert len(again.changes.links) == 0

    (folder / "rituximab.txt").write_text(
        short_stories["rituximab.txt"].replace(
            "follicular lymphoma", "chronic lymphocytic leukemia"
        )
    )
    edited = biokg.build(folder, settings)
    assert (edited.documents, edited.updated, edited.skipped) == (3, 1, 2)
    added = [k for k in edited.changes.top(50) if k.new]
    assert added and all("leukemia" in k.object for k in added), added

    forced = biokg.build(folder, settings, force=True)
    assert (forced.documents, forced.unchanged, forced.skipped) == (3, 3, 0)
    assert forced.entities > 0


def test_another_extractor_rereads_everything(folder, settings, monkeypatch) -> None:
    biokg.build(folder, settings)
    monkeypatch.setenv("BIOKG_RELATIONS", "rules")  # a different pipeline configuration
    other = biokg.build(folder, settings)
    assert (other.documents, other.skipped) == (3, 0)
    assert other.entities > 0
    # ... and stamps its own key: the run after it skips again.
    assert biokg.build(folder, settings).skipped == 3
