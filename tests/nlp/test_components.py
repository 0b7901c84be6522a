"""Unit tests of the pieces: keys, lexicon, abbreviations, outcome numbers, masking, linking."""

from __future__ import annotations

import pytest
from biokg.nlp.abbreviations import long_form
from biokg.nlp.lexicon import Lexicon, ci_key, cs_key
from biokg.nlp.outcome_numbers import parse_outcome_numbers
from biokg.nlp.text_prep import mask_markup


def test_keys_fold_what_authors_vary():
    assert ci_key("B‐Cell  Acute-Lymphoblastic Leukæmia") == "b cell acute lymphoblastic leukaemia"
    assert ci_key("TNF-α") == ci_key("TNF alpha") == "tnf alpha"
    assert ci_key("ni\u00advolumab") == "nivolumab"  # soft hyphen
    assert ci_key("") == ""
    assert cs_key("PD-1") == cs_key("PD 1") == "PD1"
    assert cs_key("cd22") != cs_key("CD22")


def _toy_lexicon() -> Lexicon:
    concepts = [
        ("HGNC:1643", "GENE", "CD22", ""),
        ("HGNC:11138", "GENE", "SNCA", ""),
        ("HGNC:8760", "GENE", "PDCD1", ""),
        ("DOID:0080638", "DISEASE", "B-cell acute lymphoblastic leukemia", "MESH:D015452"),
    ]
    terms = [
        ("HGNC:1643", "GENE", "CD22", "cs", 1),
        ("HGNC:1643", "GENE", "SIGLEC2", "cs", 0),
        ("HGNC:1643", "GENE", "sialic acid binding Ig like lectin 2", "ci", 0),
        ("HGNC:8760", "GENE", "PD-1", "cs", 0),
        ("HGNC:11138", "GENE", "PD1", "cs", 0),
        ("DOID:0080638", "DISEASE", "B-cell acute lymphoblastic leukemia", "ci", 1),
        ("DOID:0080638", "DISEASE", "precursor B-cell lymphoblastic leukemia", "ci", 0),
    ]
    return Lexicon.from_rows(concepts, terms)


def test_lexicon_lookup_and_first_come_on_ties():
    lex = _toy_lexicon()
    assert lex.lookup_cs(cs_key("Siglec-2")) is None  # case matters for symbols
    assert lex.lookup_cs(cs_key("SIGLEC2")) == ("HGNC:1643", "GENE")
    assert lex.lookup_ci(ci_key("B-Cell Acute Lymphoblastic Leukemia")) == (
        "DOID:0080638",
        "DISEASE",
    )
    assert lex.lookup_cs("PD1") == ("HGNC:8760", "GENE")  # same rank: the first row wins
    assert lex.name_of("HGNC:1643") == "CD22" and lex.name_of("X:1") is None
    lex.add("biokg:outcome:cr", "OUTCOME", "PD1", "cs", force=True)
    assert lex.lookup_cs("PD1")[1] == "OUTCOME"


def test_matcher_stops_extending_where_no_term_goes_on():
    import spacy
    from biokg.nlp.recognisers import LexiconRecogniser

    lex = _toy_lexicon()
    assert {"b cell", "b cell acute", "b cell acute lymphoblastic"} <= lex.ci_prefixes
    assert "b cell acute lymphoblastic leukemia" not in lex.ci_prefixes  # a key, not a prefix
    assert "b cell lymphoma" not in lex.ci_prefixes
    nlp = spacy.blank("en")
    recogniser = LexiconRecogniser(nlp, "lexicon", None, max_tokens=12)
    recogniser.lexicon = lex
    doc = nlp(
        "B-cell acute lymphoblastic leukemias, unlike B-cell lymphoma or precursor B-cell "
        "lymphoblastic leukemia, carry CD22."
    )
    found = [(s.text, s.kb_id_) for s in recogniser.match(doc)]
    assert found == [
        ("B-cell acute lymphoblastic leukemias", "DOID:0080638"),
        ("precursor B-cell lymphoblastic leukemia", "DOID:0080638"),
        ("CD22", "HGNC:1643"),
    ]


def test_compiled_tables_cover_the_basics():
    from biokg.nlp.recognisers import load_lexicon

    lex = load_lexicon()
    assert lex.cs["CD22"] == ("HGNC:1643", "GENE")
    assert lex.cs["BCMA"] == ("HGNC:11913", "GENE")
    assert lex.ci["tisagenlecleucel"][1] == "DRUG"
    assert lex.ci["multiple myeloma"] == ("DOID:9538", "DISEASE")
    assert lex.ci["t cell"][1] == "CELL_TYPE"
    assert lex.ci["complete remission"][1] == "OUTCOME"
    # Common words that HGNC lists as aliases must not be genes.
    for word in ("CAR", "ALL", "MD", "NCI"):
        assert lex.cs.get(word, ("", ""))[1] != "GENE", word


@pytest.mark.parametrize(
    ("short", "before", "expected"),
    [
        ("B-ALL", "in B-cell acute lymphoblastic leukemia", "B-cell acute lymphoblastic leukemia"),
        ("NCI", "and the National Cancer Institute", "National Cancer Institute"),
        ("FDA", "The US Food and Drug Administration", "Food and Drug Administration"),
        ("73%", "in 11 of 15 patients", None),
        ("Kymriah", "the first product, tisagenlecleucel", None),
    ],
)  # fmt: skip
def test_schwartz_hearst_long_forms(short, before, expected):
    assert long_form(short, before) == expected


def test_outcome_numbers():
    text = (
        "complete remission was observed in 11 of 15 patients (73%) who received at least "
        "1 million CD22-CAR T cells per kilogram of body weight; the median duration of "
        "remission was 6 months"
    )
    assert parse_outcome_numbers(text) == {
        "n": 11,
        "N": 15,
        "rate": 0.73,
        "duration": "6 months",
        "dose": "at least 1 million CD22-CAR T cells per kilogram of body weight",
        "population": "15 patients",
    }
    assert parse_outcome_numbers("responses were seen in 9 of 12 children") == {
        "n": 9,
        "N": 12,
        "rate": 0.75,
        "population": "12 children",
    }
    assert parse_outcome_numbers("no numbers here") == {}
    assert "n" not in parse_outcome_numbers("15 of 11 is not a fraction")


def test_outcome_times_are_medians_and_landmarks_not_follow_up():
    assert parse_outcome_numbers("median PFS was 10.3 months")["duration"] == "10.3 months"
    assert parse_outcome_numbers("At 12 months, 61% were alive")["duration"] == "12 months"
    assert parse_outcome_numbers("the 2-year survival rate was 85%")["duration"] == "2 years"
    assert parse_outcome_numbers("median OS was 1 year")["duration"] == "1 year"
    assert "duration" not in parse_outcome_numbers("after a median follow-up of 14 months")
    assert "duration" not in parse_outcome_numbers("a 45-year-old man responded")
    both = "Median follow-up was 20 months; median PFS was 6.9 months"
    assert parse_outcome_numbers(both)["duration"] == "6.9 months"


def test_denominators_from_the_cohort_a_sentence_names():
    among = parse_outcome_numbers("Among 256 evaluable patients, the response rate was 73%")
    assert among == {"N": 256, "rate": 0.73}
    stated = parse_outcome_numbers("Of 124 assessable patients, 46 (37%) had a response")
    assert (stated["N"], stated["n"], stated["rate"]) == (124, 46, 0.37)
    them = parse_outcome_numbers("40 patients were infused, and 30 of them (75%) responded")
    assert (them["N"], them["n"]) == (40, 30)
    assert "N" not in parse_outcome_numbers("the response rate was 73%")


def test_mask_markup_keeps_length():
    text = "<p class='x'>CD19&nbsp;CAR&amp;T\u00a0cells</p><!-- c -->"
    masked = mask_markup(text)
    assert len(masked) == len(text)
    assert masked.split() == ["CD19", "CAR", "T", "cells"]
    assert masked.index("CD19") == text.index("CD19")


def test_candidate_generator_on_a_toy_knowledge_base(tmp_path, static_tls):
    from biokg.nlp.linking import build_candidate_generator

    lex = _toy_lexicon()
    generator = build_candidate_generator(lex, tmp_path / "index")
    [candidates] = generator(["acute lymphoblastic leukaemia of b cells"], 5)
    best = max(candidates, key=lambda c: max(c.similarities))
    assert best.concept_id == "DOID:0080638"
    assert (tmp_path / "index" / "ann.bin").exists()
    again = build_candidate_generator(lex, tmp_path / "index")  # loads the saved index
    [candidates] = again(["sialic acid binding ig-like lectin 2"], 5)
    best2 = max(candidates, key=lambda c: max(c.similarities))
    assert best2.concept_id == "HGNC:1643"
    assert max(best2.similarities) > 0.8


def test_linker_grounds_unknown_spans_fuzzily_only_when_allowed(tmp_path, static_tls):
    import spacy
    from biokg.nlp.linking import Linker, build_candidate_generator

    nlp = spacy.blank("en")
    text = "Relapse of acute lymphoblastic leukaemia of B cells and of CD22 positive disease."
    doc = nlp(text)
    span = doc.char_span(11, 51, label="DISEASE", kb_id="biokg:disease:x")
    cd22 = doc.char_span(59, 63, label="GENE", kb_id="biokg:gene:cd22")
    doc.ents = [span, cd22]

    auto = Linker(nlp, "biokg_linker", None, str(tmp_path), "auto", 0.8)
    out = auto(nlp(text).__class__(nlp.vocab).from_bytes(doc.to_bytes()))
    assert [e.kb_id_ for e in out.ents] == ["biokg:disease:x", "HGNC:1643"]  # exact path only

    always = Linker(nlp, "biokg_linker", None, None, "always", 0.8)
    always._generator = build_candidate_generator(_toy_lexicon())  # a toy index, not 1 min
    out = always(doc)
    assert [e.kb_id_ for e in out.ents] == ["DOID:0080638", "HGNC:1643"]
    with pytest.raises(ValueError, match="fuzzy"):
        Linker(nlp, "biokg_linker", None, None, "sometimes", 0.8)


def test_a_gene_symbol_written_in_title_case_is_that_gene():
    import spacy
    from biokg.nlp.recognisers import LexiconRecogniser

    nlp = spacy.blank("en")
    recogniser = LexiconRecogniser(nlp, "lexicon", None, max_tokens=12)
    doc = nlp("Trop-2 and Nectin-4 are targets of conjugates; Bach1 knockout mice. Covid-19.")
    found = {s.text: s.kb_id_ for s in recogniser.match(doc) if s.label_ == "GENE"}
    assert found["Trop-2"] == recogniser.lexicon.cs["TACSTD2"][0]
    assert found["Bach1"] == recogniser.lexicon.cs["BACH1"][0]
    assert "Covid-19" not in found and "Type" not in found


@pytest.mark.parametrize(
    ("text", "disease"),
    [
        ("Adults with mature B-cell lymphoma were enrolled.", "mature B-cell lymphoma"),
        ("Children with B-cell precursor acute lymphoblastic leukemia were enrolled.",
         "B-cell precursor acute lymphoblastic leukemia"),
    ],
)  # fmt: skip
def test_a_cell_lineage_before_a_cancer_is_part_of_its_name(text, disease):
    import spacy
    from biokg.nlp.recognisers import LexiconRecogniser

    nlp = spacy.blank("en")
    recogniser = LexiconRecogniser(nlp, "lexicon", None, max_tokens=12)
    found = [(s.text, s.label_) for s in recogniser.match(nlp(text))]
    assert (disease, "DISEASE") in found, found
    assert not [f for f in found if f[1] == "CELL_TYPE"], found
