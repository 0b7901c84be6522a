"""Agreement of two annotations of the same own texts: `bench/therapy_own/second/` holds a
second, independent annotation of eight of the third round's texts; scored here against the
first (`bench/therapy_own/texts/`) with the real dev set's scorer, as if it were a system.

    python bench/own_agreement.py            # per type, per predicate, outcome attributes
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN = ROOT / "bench" / "therapy_own"
SECOND = OWN / "second"
SCORER = ROOT.parent / "shared" / "therapy_real_dev" / "score.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", dest="text", help=argparse.SUPPRESS)
    parser.add_argument("--scorer", type=Path, default=SCORER)
    args = parser.parse_args()
    if args.text:  # the scorer's --cmd: the second annotation of one text
        sys.stdout.write((SECOND / f"{Path(args.text).stem}.json").read_text(encoding="utf-8"))
        return 0
    if not args.scorer.exists():
        print(f"no scorer at {args.scorer} (../shared is not here)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as gold:
        for second in sorted(SECOND.glob("*.json")):
            for suffix in (".txt", ".json"):
                shutil.copy(OWN / "texts" / f"{second.stem}{suffix}", gold)
        command = f"{sys.executable} {Path(__file__).resolve()} --print {{file}}"
        return subprocess.run(
            [sys.executable, str(args.scorer), "--gold", gold, "--cmd", command], check=False
        ).returncode


if __name__ == "__main__":
    raise SystemExit(main())
