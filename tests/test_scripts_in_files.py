"""JavaScript lives in .js files, where node --check and ESLint read it.

A Python string may hold a one-line expression (`"() => window.map.getZoom()"`)
or a constructor call; a script of more than one line in a Python string, in
the app, the tests or the benchmarks, is refused here. Docstrings are prose.
"""

from __future__ import annotations

import ast
import re
import subprocess

from tests.support import ROOT

# Words that only scripts use, as they appear in the project's scripts.
SCRIPT_WORDS = re.compile(
    r"=>|\bfunction\s*\(|\bconst\s+\w+\s*=|\blet\s+\w+\s*=|\bdocument\.|\bwindow\."
)
# This file's own examples of what the check finds.
THIS_FILE = "tests/test_scripts_in_files.py"


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def scripts_in_strings(source: str) -> list[tuple[int, str]]:
    """(line, first words) of each string of more than one line that reads as a script."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    return [
        (node.lineno, node.value.strip().splitlines()[0][:60])
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and len(node.value.strip().splitlines()) > 1
        and SCRIPT_WORDS.search(node.value)
    ]


def test_the_check_finds_a_script_and_passes_a_one_liner():
    assert scripts_in_strings('PROBE = """() => {\n  return window.map;\n}"""\n') == [
        (1, "() => {")
    ]
    assert scripts_in_strings('ZOOM = "() => window.map.getZoom()"\n') == []
    assert scripts_in_strings('def f():\n    """Calls window.map.\n\n    Twice."""\n') == []


def test_no_python_file_holds_a_script_of_more_than_one_line():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    found = {
        path: hits
        for path in listed
        if path != THIS_FILE
        and (ROOT / path).exists()
        and (hits := scripts_in_strings((ROOT / path).read_text(encoding="utf-8")))
    }
    assert found == {}, "move these scripts to .js files (tests/support/scripts.py reads them)"
