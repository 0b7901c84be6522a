"""Corpus label → biokg label maps.

biokg's types (`biokg.model.EntityType`) are GENE, DISEASE, DRUG and CELL_TYPE for what these
corpora annotate. Decisions, so the models agree with the rest of biokg:

- BC5CDR ``Chemical`` → DRUG. BC5CDR annotates every chemical, not only drugs (e.g. "calcium"),
  which is what biokg's DRUG means downstream (therapeutic or otherwise bioactive substance).
- BioRED ``GeneOrGeneProduct`` → GENE, ``DiseaseOrPhenotypicFeature`` → DISEASE,
  ``ChemicalEntity`` → DRUG.
- BioRED ``CellLine`` → CELL_LINE (own label, *not* CELL_TYPE): HeLa or MCF-7 are specific
  cultured lines, not Cell Ontology types; the NLP stage may drop it or keep it as context.
- BioRED ``OrganismTaxon`` → SPECIES and ``SequenceVariant`` → VARIANT (own labels). They are
  kept rather than dropped because, dropped, their tokens would be trained as "outside" and a
  variant such as "V600E" sits next to gene mentions the model must still find; biokg has no
  type for them, so the NLP stage ignores them (or uses VARIANT as a gene attribute later).
- NCBI-disease's four classes (SpecificDisease, DiseaseClass, Modifier, CompositeMention) → DISEASE.
- IOB corpora: BC2GM ``GENE`` → GENE; JNLPBA ``protein``/``DNA``/``RNA`` → GENE,
  ``cell_type`` → CELL_TYPE, ``cell_line`` → CELL_LINE; BioNLP13CG ``Gene_or_gene_product`` →
  GENE, ``Cancer`` → DISEASE, ``Simple_chemical`` → DRUG, ``Cell`` → CELL_TYPE; CRAFT ``CL`` →
  CELL_TYPE. Unlisted labels are dropped (``None``).
"""

from __future__ import annotations

from collections.abc import Mapping

LABEL_MAPS: Mapping[str, Mapping[str, str | None]] = {
    "bc5cdr": {"Chemical": "DRUG", "Disease": "DISEASE"},
    "biored": {
        "GeneOrGeneProduct": "GENE",
        "DiseaseOrPhenotypicFeature": "DISEASE",
        "ChemicalEntity": "DRUG",
        "CellLine": "CELL_LINE",
        "OrganismTaxon": "SPECIES",
        "SequenceVariant": "VARIANT",
    },
    "ncbi_disease": {
        "SpecificDisease": "DISEASE",
        "DiseaseClass": "DISEASE",
        "Modifier": "DISEASE",
        "CompositeMention": "DISEASE",
        "Disease": "DISEASE",  # the CoNLL copy's single tag
    },
    "bc2gm": {"GENE": "GENE"},
    "jnlpba": {
        "protein": "GENE",
        "DNA": "GENE",
        "RNA": "GENE",
        "cell_type": "CELL_TYPE",
        "cell_line": "CELL_LINE",
    },
    "bionlp13cg": {
        "Gene_or_gene_product": "GENE",
        "Cancer": "DISEASE",
        "Simple_chemical": "DRUG",
        "Cell": "CELL_TYPE",
    },
    "craft_cell": {"CL": "CELL_TYPE"},
}


def map_label(corpus: str, label: str) -> str | None:
    """The biokg label for `label` in `corpus`, or None when biokg drops it.

    Args:
        corpus: a key of `LABEL_MAPS` ("bc5cdr", "biored", ...).
        label: the corpus's own type name.

    Returns:
        The biokg label, or None.

    Example:
        >>> map_label("bc5cdr", "Chemical")
        'DRUG'
    """
    try:
        mapping = LABEL_MAPS[corpus]
    except KeyError:
        raise ValueError(f"unknown corpus {corpus!r}; known: {sorted(LABEL_MAPS)}") from None
    return mapping.get(label)
