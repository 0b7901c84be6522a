"""The pipeline on the annotation corpus' dev split (nlp/training/corpus), scored as GUIDE.md says.

Usage:
    python bench/eval_corpus.py [--split dev] [--source news|ebm|biored|bc5cdr] [-v]
"""

from __future__ import annotations

import sys

from biokg.nlp.training.corpus_eval import main

if __name__ == "__main__":
    sys.exit(main())
