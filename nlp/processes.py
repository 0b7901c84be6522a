"""How many NLP worker processes a run uses: `nlp_processes` = a number, or "auto".

"auto" is the CPUs this process may use (affinity, and a cgroup quota in a container) bounded by
memory: each worker holds its own copy of the pipeline (≈ 0.8 GB resident, bench/nlp_speed.py),
beside the main process's (≈ 0.9 GB). `Extractor` still runs a small batch in one process, where
starting workers would cost more than they save.
"""

from __future__ import annotations

import os
from pathlib import Path

from biokg.errors import ConfigError

WORKER_BYTES = 800 * 2**20
MAIN_BYTES = 900 * 2**20


def available_cpus() -> int:
    """CPUs this process may run on, within a cgroup v2 CPU quota if one is set."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cpus)


def available_memory() -> int | None:
    """Bytes the kernel says can be used without swapping (None where it does not say)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def resolve_processes(value: int | str) -> int:
    """The number of NLP processes for the setting `value` (an int ≥ 1, or "auto").

    Example:
        >>> resolve_processes("3"), resolve_processes(1), resolve_processes("auto") >= 1
        (3, 1, True)
    """
    if isinstance(value, str) and value.strip().lower() == "auto":
        cpus = available_cpus()
        memory = available_memory()
        if memory is not None:
            cpus = min(cpus, max(1, (memory - MAIN_BYTES) // WORKER_BYTES))
        return int(cpus)
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ConfigError(f"setting 'nlp_processes': {value!r} is neither a number ≥ 1 nor 'auto'")
    return number
