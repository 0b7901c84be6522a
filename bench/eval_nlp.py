"""NLP stage evaluation on BioRED dev, BC5CDR test and NCBI-disease test (see biokg.nlp.evaluation).

Usage:
    python bench/eval_nlp.py [--shared ../shared] [--limit N] [--processes 2] [--ner-models ...]
"""

from __future__ import annotations

from biokg.nlp.evaluation import main

if __name__ == "__main__":
    main()
