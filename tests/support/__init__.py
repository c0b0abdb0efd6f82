"""What the tests share: where the project is, and helpers that more than one test module uses.

Test modules import from here, never from each other.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
# Real files whose licence lets them live in the repository (tests/fixtures/README.md).
FIXTURES = ROOT / "tests" / "fixtures"
# Real ACLED and UCDP files live beside the repository, not in it (ACLED's terms).
DATASETS = ROOT.parent / "shared" / "datasets"


def fresh_python(code: str, timeout: float = 120) -> str:
    """What ``code`` prints when run by a new interpreter in the project folder (the
    imports and state of this test process do not leak into it)."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    )
    return done.stdout
