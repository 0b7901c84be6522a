"""The entry points re-execute once with a static TLS reserve large enough for all native libs."""

import os
import subprocess
import sys

import pytest

from biokg.runtime import TUNABLE

SNIPPET = """
from biokg.runtime import ensure_static_tls
ensure_static_tls()
import os, kglite, nmslib, sklearn.utils._openmp_helpers
print(os.environ["GLIBC_TUNABLES"])
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_store_and_linker_libraries_load_together_after_re_exec():
    env = {k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"}
    done = subprocess.run(
        [sys.executable, "-c", SNIPPET], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{TUNABLE}=4096"
