"""The NLP stage on real therapy texts (../shared/therapy_real_dev), scored by its score.py.

Usage:
    python bench/eval_real_dev.py [--shared ../shared] [--json] [-v]
"""

from __future__ import annotations

import sys

from biokg.nlp.real_text_eval import main

if __name__ == "__main__":
    sys.exit(main())
