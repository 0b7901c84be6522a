"""The annotation corpus tools: texts, sentence numbers, the checker, offsets, agreement."""

from __future__ import annotations

import json

import pytest
from biokg.nlp.training import therapy_corpus
from biokg.nlp.training.annotation import texts
from biokg.nlp.training.annotation.agreement import normalise, score_document
from biokg.nlp.training.annotation.records import alias_occurrences, check, fill, read_records
from biokg.nlp.training.annotation.texts import SourceText, detokenize, sentences

TEXT = (
    "Zelvotinib, a KRAS inhibitor from Acme Bio, was tested in NSCLC. "
    "The objective response rate (ORR) was 42% (21 of 50 patients). "
    "Dr. Jane Roe of Brookfield University led the ZENITH-2 trial."
)
SOURCE = SourceText("news:example", TEXT)


def record(**changes) -> dict:
    base = {
        "doc": "news:example",
        "annotator": "test",
        "entities": [
            {"id": "e1", "name": "zelvotinib", "type": "DRUG", "aliases": ["Zelvotinib"]},
            {"id": "e2", "name": "KRAS", "type": "GENE", "aliases": ["KRAS"]},
            {"id": "e3", "name": "Acme Bio", "type": "ORGANIZATION", "aliases": ["Acme Bio"]},
            {
                "id": "e4",
                "name": "non-small cell lung cancer",
                "type": "DISEASE",
                "aliases": ["NSCLC"],
            },  # fmt: skip
            {
                "id": "e5",
                "name": "objective response rate",
                "type": "OUTCOME",
                "aliases": ["objective response rate", "ORR"],
            },  # fmt: skip
            {"id": "e6", "name": "Jane Roe", "type": "PERSON", "aliases": ["Jane Roe"]},
            {
                "id": "e7",
                "name": "Brookfield University",
                "type": "ORGANIZATION",
                "aliases": ["Brookfield University"],
            },  # fmt: skip
            {"id": "e8", "name": "ZENITH-2", "type": "TRIAL", "aliases": ["ZENITH-2"]},
        ],
        "relations": [
            {"subject": "e1", "predicate": "TARGETS", "object": "e2", "sentences": [0]},
            {"subject": "e1", "predicate": "DEVELOPED_BY", "object": "e3", "sentences": [0]},
            {"subject": "e1", "predicate": "TREATS", "object": "e4", "sentences": [0]},
            {
                "subject": "e1",
                "predicate": "HAS_OUTCOME",
                "object": "e5",
                "sentences": [1],
                "attributes": {"rate": 0.42, "n": 21, "N": 50},
            },  # fmt: skip
            {"subject": "e6", "predicate": "AFFILIATED_WITH", "object": "e7", "sentences": [2]},
        ],
    }
    base.update(changes)
    return base


def test_sentences_are_numbered_past_abbreviations_and_cover_the_text():
    spans = sentences(TEXT)
    assert [TEXT[s:e][:10] for s, e in spans] == ["Zelvotinib", "The object", "Dr. Jane R"]
    assert sentences("One line\nAnother line. A third.") == [(0, 8), (9, 22), (23, 31)]


def test_detokenize_joins_corpus_tokens_as_readable_text():
    tokens = ["Patients", "(", "n", "=", "99", ")", "had", "45", "%", "response", ";", "p", "<",
              "0.05", "."]  # fmt: skip
    assert detokenize(tokens) == "Patients (n = 99) had 45% response; p < 0.05."


def test_aliases_match_on_word_boundaries_short_capitals_as_written():
    assert alias_occurrences("KRAS and KRAS-mutant, not KRASX", "KRAS") == [(0, 4), (9, 13)]
    assert alias_occurrences("CR in 5; cr elsewhere", "CR") == [(0, 2)]
    assert alias_occurrences("Complete Response and complete response", "complete response") == [
        (0, 17),
        (22, 39),
    ]


def test_a_good_record_passes_and_fill_adds_offsets_but_no_text():
    good = record()
    assert check(good, SOURCE).errors == []
    filled = fill(good, SOURCE)
    mentions = {e["id"]: e["mentions"] for e in filled["entities"]}
    assert [TEXT[s:e] for s, e in mentions["e5"]] == ["objective response rate", "ORR"]
    assert filled["relations"][3]["evidence"] == [list(sentences(TEXT)[1])]
    assert filled["sha1"] == SOURCE.sha1
    dumped = json.dumps(filled)
    assert not any(TEXT[s:e] in dumped for s, e in sentences(TEXT))  # offsets, never sentences


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"entities": [{"id": "e1", "name": "x", "type": "DRUG", "aliases": ["Gleevec"]}],
          "relations": []}, "does not occur"),
        ({"relations": [{"subject": "e2", "predicate": "TREATS", "object": "e4",
                         "sentences": [0]}]}, "does not fit TREATS"),
        ({"relations": [{"subject": "e6", "predicate": "AFFILIATED_WITH", "object": "e7",
                         "sentences": [0]}]}, "neither end is named"),
        ({"relations": [{"subject": "e1", "predicate": "HAS_OUTCOME", "object": "e5",
                         "sentences": [1], "attributes": {"rate": 42}}]}, "fraction"),
        ({"relations": [{"subject": "e1", "predicate": "HAS_OUTCOME", "object": "e5",
                         "sentences": [1], "attributes": {"rate": 0.5, "n": 21, "N": 50}}]},
         "is not n/N"),
        ({"relations": [{"subject": "e1", "predicate": "TARGETS", "object": "e2",
                         "sentences": [9]}]}, "not sentence numbers"),
    ],
)  # fmt: skip
def test_the_checker_names_what_is_wrong(change, message):
    problems = check(record(**change), SOURCE)
    assert any(message in e for e in problems.errors), problems.errors


def test_an_alias_of_two_entities_and_a_changed_text_are_errors():
    twice = record()
    twice["entities"][1]["aliases"] = ["KRAS", "Zelvotinib"]
    assert any("also an alias of" in e for e in check(twice, SOURCE).errors)
    stale = fill(record(), SOURCE)
    changed = SourceText("news:example", TEXT.replace("42%", "43%"))
    assert any("text changed" in e for e in check(stale, changed).errors)


def test_normalise_folds_what_the_guide_folds():
    assert normalise("T-cells") == normalise("T cells")
    assert normalise("U.S. FDA") == normalise("US FDA")
    assert normalise("Janssen's") == "janssen"
    assert normalise("1.5 mg") == "1.5 mg"


def test_agreement_is_perfect_against_itself_and_counts_a_missed_relation():
    gold = fill(record(), SOURCE)
    same = score_document(gold, gold, TEXT)
    assert same.entities.prf()[2] == 1.0 and same.relations.prf()[2] == 1.0
    assert (same.attributes_right, same.attributes_total) == (3, 3)
    fewer = fill(record(relations=record()["relations"][:2]), SOURCE)
    score = score_document(gold, fewer, TEXT)
    assert score.relations.prf() == pytest.approx((1.0, 0.4, 2 * 0.4 / 1.4))


def test_agreement_folds_brands_into_their_generic():
    text = "Zelbrix (zelvotinib) treats NSCLC."
    source = SourceText("news:b", text)
    ents = [
        {"id": "b", "name": "Zelbrix", "type": "DRUG", "aliases": ["Zelbrix"]},
        {"id": "g", "name": "zelvotinib", "type": "DRUG", "aliases": ["zelvotinib"]},
        {"id": "d", "name": "NSCLC", "type": "DISEASE", "aliases": ["NSCLC"]},
    ]
    gold = {"entities": ents, "relations": [
        {"subject": "b", "predicate": "BRAND_OF", "object": "g", "sentences": [0]},
        {"subject": "g", "predicate": "TREATS", "object": "d", "sentences": [0]}]}  # fmt: skip
    system = {"entities": ents, "relations": [
        {"subject": "b", "predicate": "BRAND_OF", "object": "g"},
        {"subject": "b", "predicate": "TREATS", "object": "d"}]}  # fmt: skip
    assert score_document(fill(gold, source), system, text).relations.prf()[2] == 1.0


@pytest.mark.shared
def test_every_committed_annotation_file_passes_the_checker(shared_dir):
    """The corpus in the repo is what trains the shipped model: every record must hold."""
    files = sorted(texts.CORPUS_DIR.glob("annotations/*.jsonl"))
    assert files, "no annotation files"
    count = 0
    for path in files:
        for rec in read_records(path):
            source = texts.load_text(rec["doc"], shared_dir / "corpora")
            problems = check(rec, source)
            assert problems.errors == [], (path.name, problems.errors[:3])
            assert fill(rec, source) == rec, f"{path.name}: {rec['doc']} offsets not filled"
            count += 1
    assert count >= 400


def test_held_out_pmids_reads_pubtator_and_ncbi_files(tmp_path):
    (tmp_path / "bc5cdr").mkdir()
    (tmp_path / "ncbi_disease").mkdir()
    (tmp_path / "bc5cdr" / "CDR_TestSet.PubTator.txt").write_text(
        "111|t|A title\n111|a|An abstract.\n111\t0\t1\tA\tChemical\tD1\n\n222|t|B\n222|a|C.\n"
    )
    (tmp_path / "ncbi_disease" / "NCBItestset_corpus.txt").write_text(
        "333|t|Title\n333|a|Text.\n333\t0\t5\tTitle\tSpecificDisease\tD2\n"
    )
    # BioRED dev is missing here: a missing benchmark file leaves nothing out.
    assert therapy_corpus.held_out_pmids(tmp_path) == {"111", "222", "333"}


@pytest.mark.shared
def test_benchmark_abstracts_are_never_trained_on(shared_dir):
    """BioRED train holds BC5CDR test abstracts; the corpus has some of them annotated, and the
    training records leave them out, as the relation-only corpus documents do."""
    corpora = shared_dir / "corpora"
    held_out = therapy_corpus.held_out_pmids(corpora)
    annotated = {
        rec["doc"].partition(":")[2]
        for path in texts.CORPUS_DIR.glob("annotations/*.jsonl")
        for rec in read_records(path)
    }
    assert annotated & held_out, "no annotated benchmark abstract: this test checks nothing"
    trained = {
        item.record["doc"].partition(":")[2] for item in therapy_corpus.records(corpora=corpora)
    }
    assert not trained & held_out
    assert trained, "no training records"
    distant = {r.doc_id.partition(":")[2] for r in therapy_corpus.distant_records(corpora)}
    assert distant and not distant & held_out
