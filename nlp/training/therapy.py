"""Train biokg's therapy model (eight-type NER + relation classifier) from the annotation corpus.

    python -m biokg.nlp.training.therapy rebuild     # prepare + train + export (1 thread, seed 0)
    python -m biokg.nlp.training.therapy prepare|train|export [--max-steps N] [--work-dir D]

`prepare` turns `nlp/training/corpus/annotations/*.jsonl` (texts from `../shared/corpora` and
`nlp/training/corpus/texts`) into parsed DocBins (`therapy_corpus.py`); `train` runs
`spacy train` on `configs/therapy.cfg`, choosing the checkpoint on the corpus' dev split (a hash
of the document id, never the real-text dev set, which nothing here reads); `export` writes the
best checkpoint to `nlp/models/therapy/` with a meta.json naming its sources and licences.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import spacy  # noqa: E402
from biokg.nlp import architectures, relation_model  # noqa: E402, F401 - registers them
from biokg.nlp.training import biluo_tagger  # noqa: E402, F401 - registers biokg_biluo_ner
from biokg.nlp.training.annotation.texts import DEFAULT_CORPORA  # noqa: E402
from biokg.nlp.training.therapy_corpus import write_docbins  # noqa: E402
from spacy.cli.train import train as spacy_train  # noqa: E402
from thinc.api import NumpyOps, set_current_ops  # noqa: E402

log = logging.getLogger(__name__)
CONFIG_DIR = Path(__file__).parent / "configs"
CONFIG = CONFIG_DIR / "therapy.cfg"
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
_REPO = Path(__file__).resolve().parents[2]
NAME = "therapy"
SEED = 0
MAX_STEPS = 12000
LICENCES = (
    "biokg annotation corpus (nlp/training/corpus): annotations and news-style texts written "
    "for biokg, MIT",
    "BioRED (NCBI/NLM) abstracts: no licence stated by the source; research use; cite Luo et "
    "al. 2022, Briefings in Bioinformatics, doi:10.1093/bib/bbac282",
    "BC5CDR abstracts: public domain, United States Government Work (NLM); cite Wei et al. "
    "2015 and Li et al. 2016, Database baw068",
    "EBM-NLP trial abstracts: no licence stated; research corpus; cite Nye et al., ACL 2018",
)


def prepare(
    work_dir: Path, corpora: Path = DEFAULT_CORPORA, skip_stale: bool = False
) -> dict[str, int]:
    counts = write_docbins(work_dir / NAME, corpora, skip_stale)
    log.info("therapy corpus: %s", counts)
    return counts


def train(
    work_dir: Path,
    max_steps: int = MAX_STEPS,
    overrides: dict | None = None,
    config: Path = CONFIG,
    output_name: str = "output",
) -> Path:
    out = work_dir / NAME
    output = out / output_name
    shutil.rmtree(output, ignore_errors=True)
    settings = {
        "paths.train": str(out / "train.spacy"),
        "paths.dev": str(out / "dev.spacy"),
        "system.seed": SEED,
        "training.max_steps": max_steps,
        **(overrides or {}),
    }
    # numpy's OpenBLAS for the matrix products, as the pipeline runs them (biokg.nlp.blas).
    set_current_ops(NumpyOps(use_blis=False))
    spacy_train(config, output, overrides=settings, use_gpu=-1)
    return output / "model-best"


def export(
    checkpoint: Path, work_dir: Path, models_dir: Path = MODELS_DIR, max_steps: int = MAX_STEPS
) -> Path:
    """The checkpoint as `models_dir/therapy`, with the document-level relation weights fit on
    the corpus' dev split (`document_relations.py`)."""
    from biokg.nlp.training import document_relations, number_roles

    nlp = spacy.load(checkpoint)
    if "base_tok2vec" in nlp.pipe_names:
        # The host pipeline's own tok2vec (en_core_web_sm's) provides these vectors at run time.
        nlp.remove_pipe("base_tok2vec")
    config = nlp.config
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    performance = nlp.meta.get("performance", {})
    nlp.meta.update({
        "name": f"biokg_{NAME}",
        "version": "0.1.0",
        "description": "biokg's eight entity types (BILUO tagger) and ten predicates (relation "
                       "classifier over one CNN tok2vec), trained on biokg's annotation corpus.",
        "author": "biokg",
        "license": "MIT (weights); training data licences in `sources`",
        "sources": [{"name": lic.split(":")[0], "license": lic} for lic in LICENCES],
        "biokg_training": {
            "seed": SEED,
            "max_steps": max_steps,
            "rebuild": "python -m biokg.nlp.training.therapy rebuild",
        },
        "performance": {"corpus_dev_split": performance},
    })  # fmt: skip
    target = models_dir / NAME
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    roles = number_roles.fit(work_dir / NAME / "train.spacy")
    number_roles.write(roles, target)
    weights = document_relations.fit(checkpoint, work_dir / NAME / "dev.spacy")
    document_relations.write(weights, target)
    right, total = number_roles.accuracy(roles, work_dir / NAME / "dev.spacy")
    log.info("outcome numbers on the corpus dev split (gold entities): %d/%d", right, total)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m biokg.nlp.training.therapy")
    parser.add_argument("command", choices=["prepare", "train", "export", "rebuild"])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--work-dir", type=Path, default=_REPO / "build" / "ner")
    parser.add_argument("--models-dir", type=Path, default=MODELS_DIR)
    parser.add_argument("--max-steps", type=int, default=MAX_STEPS)
    parser.add_argument("--config", type=Path, default=CONFIG, help="a training config")
    parser.add_argument(
        "--skip-stale", action="store_true", help="leave out records whose text changed"
    )
    parser.add_argument("--output", default="output", help="the run's folder under the work dir")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a config override, e.g. components.tok2vec.model.encode.depth=2",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    overrides = {}
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value) if value[:1] in "[{0123456789-tfn" else value
    if args.command in ("prepare", "rebuild"):
        prepare(args.work_dir, args.corpora, args.skip_stale)
    checkpoint = args.work_dir / NAME / args.output / "model-best"
    if args.command in ("train", "rebuild"):
        checkpoint = train(args.work_dir, args.max_steps, overrides, args.config, args.output)
    if args.command in ("export", "rebuild"):
        print(export(checkpoint, args.work_dir, args.models_dir, args.max_steps))
        if args.models_dir == MODELS_DIR:
            # The document steps learn from what the shipped pipeline finds: refit them, in the
            # order they run (each reads what the ones before it left).
            from biokg.nlp.training import (
                coreference,
                entity_filter,
                pair_proposer,
                relation_filter,
            )

            coreference.main(["--write"])
            entity_filter.main(["--write"])
            relation_filter.main(["--write"])
            pair_proposer.main(["--write"])


if __name__ == "__main__":
    main()
