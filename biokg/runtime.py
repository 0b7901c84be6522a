"""Process set-up that has to happen before native libraries load.

glibc keeps only a small reserve of static thread-local storage for libraries loaded after
start-up (`dlopen`). The embedded store (kglite) and the libgomp copies bundled by nmslib and
scikit-learn (scispacy's candidate generator) each take a share, and all three do not fit in the
default reserve: the last one fails with "cannot allocate memory in static TLS block". The reserve
can only be raised before the process starts, through GLIBC_TUNABLES, so entry points re-execute
themselves once with it set.
"""

from __future__ import annotations

import os
import sys

TUNABLE = "glibc.rtld.optional_static_tls"
RESERVE_BYTES = 4096


def ensure_static_tls() -> None:
    """Re-execute this process once with a larger static TLS reserve (Linux only; no-op if set)."""
    current = os.environ.get("GLIBC_TUNABLES", "")
    if not sys.platform.startswith("linux") or TUNABLE in current:
        return
    env = dict(os.environ)
    env["GLIBC_TUNABLES"] = ":".join(filter(None, [current, f"{TUNABLE}={RESERVE_BYTES}"]))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, list(sys.orig_argv), env)
