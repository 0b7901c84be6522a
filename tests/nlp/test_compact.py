"""`biokg_compact` shrinks what a worker process sends back, and the Extraction stays the same."""

from biokg.nlp import Extractor

from biokg.config import Settings
from biokg.model import Document

TEXT = (
    "Tisagenlecleucel (Kymriah), a CD19-directed CAR T-cell therapy developed by Novartis, "
    "induced complete remission (CR) in 11 of 15 patients with B-cell acute lymphoblastic "
    "leukemia (B-ALL)."
)


def test_compact_docs_are_smaller_and_extract_the_same(tmp_path):
    ex = Extractor.from_settings(Settings(cache_dir=tmp_path), fuzzy_linking=False)
    assert ex.nlp.pipe_names[-1] == "biokg_compact"
    full = ex.nlp.pipe([TEXT], disable=["biokg_compact"])
    full_doc = next(iter(full))
    doc = ex.nlp(TEXT)
    assert (
        full_doc.tensor.size
        and full_doc.spans
        and any(k[1] == "long_form" for k in full_doc.user_data if isinstance(k, tuple))
    )
    assert doc.tensor.size == 0 and not doc.spans
    assert "biokg_text" in full_doc.user_data and "biokg_text" not in doc.user_data
    assert not any(isinstance(k, tuple) and k[1] in ("long_form", "abbreviations")
                   for k in doc.user_data)  # fmt: skip
    assert len(doc.to_bytes()) * 2 < len(full_doc.to_bytes())
    # What assemble reads is untouched.
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        (e.text, e.label_, e.kb_id_) for e in full_doc.ents
    ]
    assert doc._.biokg_relations == full_doc._.biokg_relations
    assert doc._.biokg_abbreviations == full_doc._.biokg_abbreviations
    extraction = ex.extract(Document(text=TEXT, url="u:compact"))
    assert {e.name for e in extraction.entities} >= {"tisagenlecleucel", "Kymriah", "Novartis"}
