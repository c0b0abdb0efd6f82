"""The JavaScript that browser tests and benchmarks run in a page, read from its own files.

Each file under tests/support/js/ (benchmarks/js/ for a benchmark's) holds one
function expression, for `page.evaluate`, `frame.evaluate` and
`wait_for_function`, or a plain script for `add_init_script`. Python values go
in as the evaluate() argument, never into the script's text, so the files are
checked like the app's own (node --check, ESLint).
"""

from __future__ import annotations

import functools
from pathlib import Path

from tests.support import ROOT

TESTS_JS = ROOT / "tests" / "support" / "js"
BENCHMARKS_JS = ROOT / "benchmarks" / "js"


@functools.cache
def probe(name: str, folder: Path = TESTS_JS) -> str:
    """The text of `folder`/`name`.js (the tests' scripts by default), read once."""
    return (folder / f"{name}.js").read_text(encoding="utf-8")
