"""The evaluation harness: scoring on hand-made gold, and a short real run on the corpora."""

from __future__ import annotations

from biokg.nlp.evaluation import prf, score_entities, score_relations
from click.testing import CliRunner

from biokg.model import Document, Entity, Evidence, Extraction, Mention, Relation


def _doc():
    text = "Imatinib treats CML. ABL1 too."
    gold = {
        "text": text,
        "mentions": [
            (0, 8, "DRUG", {"D1"}),
            (16, 19, "DISEASE", {"D2"}),
            (21, 25, "GENE", {"25"}),
        ],
        "rels": [("Negative_Correlation", "D1", "D2")],
    }
    document = Document(text=text, url="u:eval")
    drug = Entity(
        name="Imatinib",
        type="DRUG",
        mentions=[Mention(text="Imatinib", start=0, end=8, sentence=0)],
    )
    cml = Entity(
        name="CML", type="DISEASE", mentions=[Mention(text="CML", start=16, end=19, sentence=0)]
    )
    wrong = Entity(
        name="ABL", type="GENE", mentions=[Mention(text="ABL", start=21, end=24, sentence=1)]
    )
    ev = Evidence(document_id=document.id, text="Imatinib treats CML.", start=0, end=20,
                  extractor="t", version="1")  # fmt: skip
    rels = [
        Relation(subject=drug.id, predicate="TREATS", object=cml.id, evidence=[ev]),
        Relation(subject=drug.id, predicate="TARGETS", object=wrong.id, evidence=[ev]),
    ]
    return gold, Extraction(document=document, entities=[drug, cml, wrong], relations=rels)


def test_entity_scores_strict_and_overlap():
    gold, extraction = _doc()
    counts = score_entities([gold], [extraction], ("GENE", "DISEASE", "DRUG"))
    assert counts["strict"]["DRUG"] == {"tp": 1, "fp": 0, "fn": 0}
    assert counts["strict"]["GENE"] == {"tp": 0, "fp": 1, "fn": 1}  # ABL vs ABL1
    assert counts["overlap"]["GENE"]["tp"] == 1


def test_relation_scores():
    gold, extraction = _doc()
    c = score_relations([gold], [extraction])
    assert c["pair+type"] == {"tp": 1, "fp": 1, "fn": 0}
    assert prf(1, 1, 0) == (0.5, 1.0, 2 / 3)


def test_biokg_eval_runs_on_the_corpora(shared_dir):
    from biokg.cli import cli

    result = CliRunner().invoke(cli, ["eval", "--shared", str(shared_dir), "--limit", "3"])
    assert result.exit_code == 0, result.output
    for corpus in ("BioRED dev", "BC5CDR test", "NCBI-disease test"):
        assert f"== {corpus}: 3 documents" in result.output
    assert "relations pair+type" in result.output and "84.28" in result.output
