"""--follow-citations: from the news story to the paper it reports (PubMed + PMC full text)."""

from __future__ import annotations

from biokg.ingest import iter_documents

from biokg.model import SourceKind


def test_story_is_linked_to_the_full_text_of_the_paper_it_cites(services, tmp_path, collect):
    settings = services.settings(tmp_path)
    items = list(iter_documents([services.url("/news/cd22")], settings, follow_citations=True))
    docs, failures = collect(items)
    assert failures == []
    story, paper = docs
    assert story.source_kind is SourceKind.NEWS
    assert story.cites == ["pmid:29155426"]
    # DOI → PMID by idconv; NCT02315612 → the same PMID by esearch [si]: fetched once
    assert paper.id == "pmid:29155426"
    assert paper.source_kind is SourceKind.FULL_TEXT  # open access: PMC BioC full text
    assert paper.pmcid == "PMC5774768"
    assert "results" in [s.name for s in paper.sections]
    assert paper.mesh_terms  # the PubMed record's MeSH terms are kept
    terms = [h.query["term"] for h in services.hits if h.path == "/eutils/esearch.fcgi"]
    assert terms == ["NCT02315612[si]"]
    assert services.count("/bioc/BioC_json/PMC5774768/unicode") == 1


def test_without_the_flag_nothing_is_followed(services, tmp_path):
    items = list(iter_documents([services.url("/news/cd22")], services.settings(tmp_path)))
    assert len(items) == 1 and items[0].cites == []
    assert services.count("/eutils/efetch.fcgi") == 0


def test_unresolvable_citations_are_reported_and_the_story_kept(services, tmp_path, collect):
    story = tmp_path / "story.txt"
    story.write_text(
        "Two papers\n\nOne is doi:10.9999/unknown.1 and the other is PMID: 25317870.\n",
        encoding="utf-8",
    )
    items = list(iter_documents([str(story)], services.settings(tmp_path), follow_citations=True))
    docs, failures = collect(items)
    assert [d.id for d in docs[1:]] == ["pmid:25317870"]
    assert docs[0].cites == ["pmid:25317870"]
    assert docs[1].source_kind is SourceKind.ABSTRACT  # no PMCID: the abstract is what there is
    [failure] = failures
    assert failure.source == "doi:10.9999/unknown.1"
    assert failure.reason == f"cited by {docs[0].id}: not found in PubMed"
