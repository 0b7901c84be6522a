#!/usr/bin/env bash
# Rebuild biokg's trained NER models (nlp/models/) from ../shared/corpora with fixed seeds.
# One BLAS/OpenMP thread and low priority: the machine is shared. About 30 min on an idle core.
# Pass --only bc5cdr|genes|biored to rebuild one model; see `python -m biokg.nlp.training -h`.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
exec nice -n 10 python -m biokg.nlp.training rebuild "$@"
