"""Run the pipeline's matrix products on numpy's BLAS instead of thinc's bundled BLIS.

thinc's `NumpyOps.gemm` calls the `blis` package, whose wheels pick a CPU kernel at import
time. On CPUs its kernel table does not know (AMD Zen 3 and later under blis 1.3, for one) it
falls back to the portable C kernel, about a third as fast as numpy's OpenBLAS on the same
core. numpy's BLAS is the better default everywhere we measured (bench/nlp_speed.py prints
both), and the choice is per model, so nothing outside biokg's pipeline is touched.
"""

from __future__ import annotations

from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits


def use_numpy_blas(nlp: Language) -> int:
    """Give every thinc model node of `nlp` an ops object whose `gemm` is numpy's.

    Returns how many nodes were switched. Only plain CPU `NumpyOps` are replaced (a GPU or
    Apple ops object is left alone).
    """
    ops = NumpyOps(use_blis=False)
    switched = 0
    for _name, proc in nlp.components:  # disabled ones too: biokg_parser, biokg_name_gate run them
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                node.ops = ops
                switched += 1
    return switched


def one_blas_thread() -> threadpool_limits:
    """A context in which this process's BLAS libraries use one thread; processes forked
    inside it (spaCy's `n_process` workers) keep that limit for their whole life.

    Each worker is already one core's worth of work: more BLAS threads would only contend.
    """
    return threadpool_limits(limits=1, user_api="blas")
