"""A drug or disease named by its ontology's own name is linked to it, though the training
corpora mostly annotate that name as part of longer ones ("5-fluorouracil", "Hodgkin
lymphoma"); see `scripts/build_lexicons.py`."""

from __future__ import annotations

from biokg.nlp.recognisers import LEXICON_GROUP

from biokg.model import Document


def test_common_names_are_linked_to_their_concepts(default_extractor):
    text = "Fluorouracil was given to 40 patients with lymphoma or meningitis."
    extraction = default_extractor.extract(Document(text=text, url="u:ontology-names"))
    curies = {e.name.casefold(): e.curie for e in extraction.entities}
    assert curies.get("fluorouracil") == "DRUGBANK:DB00544", curies
    assert curies.get("lymphoma") == "DOID:0060058", curies
    assert curies.get("meningitis") == "DOID:9471", curies


def test_a_sentence_stop_after_a_letter_is_no_part_of_the_name(default_extractor):
    text = "Tenofovir suppressed viral load in 40 patients with chronic hepatitis B."
    extraction = default_extractor.extract(Document(text=text, url="u:letter-stop"))
    [disease] = [e for e in extraction.entities if e.type.value == "DISEASE"]
    assert disease.name == "hepatitis B"
    assert not [a for a in disease.aliases if a.endswith(".")], disease.aliases


def test_a_word_the_text_uses_as_a_plain_word_names_no_gene(default_extractor):
    # "Bright" is a protein's name in the gene lexicon; here it is an adjective. A gene's name
    # written as a noun stays one.
    text = (
        "Menin inhibitors have been one of the bright spots in acute myeloid leukemia research. "
        "Mesothelin is expressed in most mesotheliomas.\n"
    )
    extraction = default_extractor.extract(Document(text=text, url="u:plain-word"))
    genes = {e.name.casefold() for e in extraction.entities if e.type.value == "GENE"}
    assert "bright" not in genes, genes
    assert "mesothelin" in genes, genes


def test_a_one_word_term_in_the_plural_is_found(default_extractor):
    # The lexicon's names feed the trained NER as candidates, and fill what it leaves for
    # genes, diseases, drugs and outcomes.
    nlp = default_extractor.nlp
    later = nlp.pipe_names[nlp.pipe_names.index("biokg_lexicon_ner") + 1 :]
    with nlp.select_pipes(disable=later):
        doc = nlp("GIP receptors are also expressed on adipocytes and in sarcomas.")
    found = {(s.text, s.label_, s.kb_id_) for s in doc.spans[LEXICON_GROUP]}
    assert ("adipocytes", "CELL_TYPE", "CL:0000136") in found, found
    assert any(text == "sarcomas" and label == "DISEASE" for text, label, _ in found), found
