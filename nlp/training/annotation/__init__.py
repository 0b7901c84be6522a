"""biokg's own annotation corpus: texts by id, annotation records, their checker and agreement.

Annotations follow `../shared/therapy_real_dev/GUIDE.md` (types, predicates, outcome attributes)
and live in `nlp/training/corpus/annotations/*.jsonl`, one document per line, keyed by document
id, with character offsets into texts that stay in `../shared/corpora` (see `texts.py`).
`python -m biokg.nlp.training.annotation --help` shows, checks and compares them.
"""
