"""Training recipe for biokg's statistical biomedical NER models.

Converters read the public corpora in `../shared/corpora/` (PubTator, BioC XML, IOB2 TSV) into
spaCy `DocBin`s with labels mapped onto biokg's entity types (`labels.py`); `rebuild.py` trains
every model from the configs in `configs/` with fixed seeds and writes compact pipelines into
`nlp/models/`. Run `python -m biokg.nlp.training rebuild`.
"""

from biokg.nlp.training.corpus import AnnotatedText, Mention
from biokg.nlp.training.labels import LABEL_MAPS, map_label

__all__ = ["LABEL_MAPS", "AnnotatedText", "Mention", "map_label"]
