"""How extraction time grows with a document's length, printed (never asserted).

Usage:
    python bench/long_text.py [--shared ../shared] [--sizes 10 35 70]

Joins the first N EBM-NLP trial abstracts into one document (a stand-in for a full text: many
outcomes, many numbers) for each N, extracts it with the default pipeline in this process and
prints characters, seconds, milliseconds per 1,000 characters and the ratio of that rate to the
smallest size's. A step that rereads the whole document for every outcome or entity shows up as
a ratio growing with N; linear work keeps it near 1. Texts over 200,000 characters take the lean
path, so keep sizes under about 100 abstracts.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description="extraction time against document length")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 35, 70])
    args = ap.parse_args()

    from biokg.nlp import Extractor
    from biokg.nlp.training.annotation.texts import iter_ids, load_text

    from biokg.config import Settings
    from biokg.model import Document

    corpora = args.shared / "corpora"
    ids = list(iter_ids("ebm", corpora))[: max(args.sizes)]
    extractor = Extractor.from_settings(Settings())
    extractor.extract(Document(id="warm-up", text="Imatinib treats chronic myeloid leukemia."))
    first_rate = None
    for size in sorted(args.sizes):
        text = "\n\n".join(load_text(i, corpora).text for i in ids[:size])
        t0 = time.perf_counter()
        extraction = extractor.extract(Document(id=f"joined-{size}", text=text))
        seconds = time.perf_counter() - t0
        rate = seconds / len(text) * 1000 * 1000
        first_rate = first_rate or rate
        print(
            f"{size:4d} abstracts, {len(text):7d} chars: {seconds:6.2f} s, "
            f"{rate:6.1f} ms per 1,000 chars (x{rate / first_rate:.2f}), "
            f"{len(extraction.entities)} entities, {len(extraction.relations)} relations"
        )


if __name__ == "__main__":
    main()
