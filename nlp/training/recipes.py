"""The trained models: which corpus files train, select and evaluate each one.

Splits follow the published ones. Test splits are never read for training or model selection:
checkpoints are chosen on a selection set carved from train/dev as stated per model. Step
budgets are sized so each model trains in about 20 min (bc5cdr), 15 min (genes) and 8 min
(biored) on one thread of a shared 2-core machine (before training moved to numpy's BLAS, which
made it 2-3x faster: biored now takes about 5 CPU-minutes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from biokg.nlp.training.bioc import read_bioc_xml
from biokg.nlp.training.corpus import AnnotatedText
from biokg.nlp.training.iob import read_iob
from biokg.nlp.training.pubtator import read_pubtator

TRANSITION_CONFIG = "ner_cnn.cfg"
TAGGER_CONFIG = "ner_tagger.cfg"
TRANSITION_HIDDEN_WIDTH = 64

Reader = Callable[[Path], Iterable[AnnotatedText]]

READERS: dict[str, Reader] = {"pubtator": read_pubtator, "iob": read_iob, "bioc": read_bioc_xml}


@dataclass(frozen=True)
class Source:
    """A slice of one corpus file: `path` under the corpora folder, read with `reader`.

    `skip`/`take` cut a document range in file order; `every` = k with `heldout` keeps only
    every k-th document (index % k == k - 1), and with `heldout=False` all the others. Both
    are deterministic, so a file can lend part of its documents to checkpoint selection.
    """

    corpus: str
    path: str
    reader: str = "pubtator"
    skip: int = 0
    take: int | None = None
    every: int = 0
    heldout: bool = False

    def read(self, corpora_dir: Path) -> Iterator[AnnotatedText]:
        items = READERS[self.reader](corpora_dir / self.path)
        stop = None if self.take is None else self.skip + self.take
        for index, item in enumerate(islice(items, self.skip, stop)):
            if not self.every or (index % self.every == self.every - 1) == self.heldout:
                yield item


@dataclass(frozen=True)
class Tok2VecSize:
    """The CNN tok2vec's shape (`configs/ner_cnn.cfg` holds the defaults).

    Cost per token is about (3 * maxout_pieces * depth + 12) * width**2 multiply-adds: each
    window layer maps 3 * width to width with `maxout_pieces` pieces, the embedding mixer maps
    4 * width with 3 pieces. `rows` (hash-table rows of NORM, PREFIX, SUFFIX, SHAPE) set most
    of the saved model's size but barely its speed.
    """

    width: int = 128
    depth: int = 4
    rows: tuple[int, int, int, int] = (10000, 5000, 5000, 2500)
    maxout_pieces: int = 3

    def overrides(self) -> dict[str, object]:
        """Config overrides that give the tok2vec, and the NER's listener, this shape."""
        return {
            "components.tok2vec.model.embed.width": self.width,
            "components.tok2vec.model.embed.rows": list(self.rows),
            "components.tok2vec.model.encode.width": self.width,
            "components.tok2vec.model.encode.depth": self.depth,
            "components.tok2vec.model.encode.maxout_pieces": self.maxout_pieces,
            "components.ner.model.tok2vec.width": self.width,
        }


@dataclass(frozen=True)
class Recipe:
    """One model: training and selection sources, the labels it learns, its step budget."""

    name: str
    labels: tuple[str, ...]
    train: tuple[Source, ...]
    select: tuple[Source, ...]
    max_steps: int
    description: str
    licences: tuple[str, ...]
    seed: int = 0
    config: str = TRANSITION_CONFIG
    # Floret vectors from the corpora's raw text: tried on bc5cdr, no gain on the selection
    # set at equal steps (82.80 vs 83.20 F1 at step 1750) for +5 MB, so off by default.
    vectors: bool = False
    tok2vec: Tok2VecSize = Tok2VecSize()
    # The transition model's hidden layer: its per-state cost does not shrink with the tok2vec,
    # so at width 64 it is about half of the `ner` component's time. None for a tagger config.
    hidden_width: int | None = TRANSITION_HIDDEN_WIDTH
    overrides: dict[str, object] = field(default_factory=dict)

    def config_overrides(self) -> dict[str, object]:
        """The recipe's own config settings: model shape, then any explicit overrides."""
        shape: dict[str, object] = dict(self.tok2vec.overrides())
        if self.hidden_width is not None:
            shape["components.ner.model.hidden_width"] = self.hidden_width
        return {**shape, **self.overrides}


_BC5CDR_LICENCE = (
    "BC5CDR (BioCreative V CDR corpus): public domain, United States Government Work (NLM); "
    "cite Wei et al. 2015 and Li et al. 2016, Database baw068"
)
_NCBI_LICENCE = (
    "NCBI-disease: public domain, United States Government Work (NLM); cite Dogan et al. 2014"
)
_BIORED_LICENCE = (
    "BioRED (NCBI/NLM): no licence stated by the source; research use; "
    "cite Luo et al. 2022, Briefings in Bioinformatics, doi:10.1093/bib/bbac282"
)
_BC2GM_LICENCE = (
    "BC2GM (BioCreative II Gene Mention), IOB copy from cambridgeltl/MTL-Bioinformatics-2016: "
    "CC BY 4.0; cite Smith et al. 2008, Genome Biology"
)

RECIPES: dict[str, Recipe] = {
    recipe.name: recipe
    for recipe in (
        Recipe(
            name="bc5cdr",
            labels=("DISEASE", "DRUG"),
            # Train + the first 400 dev documents; the last 100 dev documents pick the checkpoint.
            train=(
                Source("bc5cdr", "bc5cdr/CDR_TrainingSet.PubTator.txt"),
                Source("bc5cdr", "bc5cdr/CDR_DevelopmentSet.PubTator.txt", take=400),
            ),
            select=(Source("bc5cdr", "bc5cdr/CDR_DevelopmentSet.PubTator.txt", skip=400),),
            max_steps=3250,
            description="Chemicals (as DRUG) and diseases, trained on BC5CDR.",
            licences=(_BC5CDR_LICENCE,),
        ),
        Recipe(
            name="genes",
            labels=("GENE",),
            # BC2GM sentences plus BioRED abstracts (genes only); every 10th BioRED train
            # document is held back for selection along with BC2GM devel.
            train=(
                Source("bc2gm", "BC2GM-IOB/train.tsv", reader="iob"),
                Source("biored", "biored/Train.PubTator", every=10),
            ),
            select=(
                # 800 of BC2GM's 2,519 devel sentences: enough to rank checkpoints, and
                # scoring all of them every few hundred steps would eat the time budget.
                Source("bc2gm", "BC2GM-IOB/devel.tsv", reader="iob", take=800),
                Source("biored", "biored/Train.PubTator", every=10, heldout=True),
            ),
            max_steps=3000,
            overrides={"training.eval_frequency": 400},
            description="Genes and gene products, trained on BC2GM and BioRED (genes).",
            licences=(_BC2GM_LICENCE, _BIORED_LICENCE),
        ),
        Recipe(
            name="biored",
            labels=("CELL_LINE", "DISEASE", "DRUG", "GENE", "SPECIES", "VARIANT"),
            # Every 10th train document picks the checkpoint, so dev stays a clean evaluation.
            train=(Source("biored", "biored/Train.PubTator", every=10),),
            select=(Source("biored", "biored/Train.PubTator", every=10, heldout=True),),
            # The default pipeline's model, so sized for speed: width 64, depth 2 scored as
            # well on BioRED dev as width 128, depth 4 at 2,000 steps (74.67 vs 74.22 F1) at
            # 2.3x its words per CPU-second; width 96/64 at depth 4 and a 32-wide hidden layer
            # were tried (nlp/models/README.md). It decodes as a BILUO tagger: the same BioRED
            # dev F1 as the transition-based `ner` (74.67 both) at 2.8x its words per CPU-second
            # on Python 3.11; depth 3 and 4 scored 75.06 and 75.75 at 2.2x and 1.7x.
            tok2vec=Tok2VecSize(width=64, depth=2),
            config=TAGGER_CONFIG,
            hidden_width=None,
            max_steps=4000,
            description="BioRED's six entity types mapped to biokg labels.",
            licences=(_BIORED_LICENCE,),
        ),
    )
}
