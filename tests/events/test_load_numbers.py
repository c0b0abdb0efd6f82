"""The loader's C paths read cells exactly as the pandas calls they replace.

Numbers are parsed by Arrow for plain short decimals and by `pd.to_numeric`
for the rest; ids are tested for whitespace with a spelled-out class. Each is
compared here with the plain pandas or `re` reading, cell for cell, bit for bit.
"""

from __future__ import annotations

import re
import sys
from datetime import date

import numpy as np
import pandas as pd
import pytest

from events import schema
from events.load import _BAD_ID_CHARS, _matches, _numbers, validate
from events.table import read_table

ODD_CELLS = [
    "-0", "-0.0", "-.0", "0", "00", "1", "-1", "+5", ".5", "5.", "-.5", "+-1", "--1", "",
    "x", "1e3", "1E-3", "inf", "-inf", "nan", "NaN", "1_000", "0x10", "1,5", "١٢", "1 2",
    "36.123456", "-179.999999", "99999999999999999999", "123456789012345", "1234567890123456",
    "0.1234567890123456789", "1e400", "1e-400", "12345678.1234567",
]  # fmt: skip


def to_numeric(text: pd.Series) -> np.ndarray:
    return pd.to_numeric(text.where(text != ""), errors="coerce").astype("float64").to_numpy()


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.tobytes() == b.tobytes() or bool(
        np.all((a == b) & (np.signbit(a) == np.signbit(b)) | (np.isnan(a) & np.isnan(b)))
    )


@pytest.mark.parametrize("cell", ODD_CELLS)
def test_a_cell_alone_reads_as_to_numeric_reads_it(cell):
    text = pd.Series([cell], dtype="str")
    assert same_bits(_numbers(text).to_numpy(), to_numeric(text))


@pytest.mark.slow
def test_columns_of_mixed_cells_read_as_to_numeric_reads_them():
    rng = np.random.default_rng(7)
    for _ in range(400):
        cells = list(rng.choice(ODD_CELLS, size=rng.integers(1, 8)))
        text = pd.Series(cells, dtype="str")
        assert same_bits(_numbers(text).to_numpy(), to_numeric(text)), cells


def test_random_coordinates_give_the_same_doubles():
    rng = np.random.default_rng(11)
    values = rng.uniform(-180, 180, 20_000)
    cells = [f"{v:.{d}f}" for v, d in zip(values, rng.integers(0, 12, values.size), strict=True)]
    text = pd.Series(cells, dtype="str")
    assert same_bits(_numbers(text).to_numpy(), to_numeric(text))


def test_the_id_check_finds_exactly_what_python_whitespace_is():
    chars = [chr(c) for c in range(0x3100)] + ["\U0001f600", "\u3000"]
    ids = pd.Series([f"a{c}b" for c in chars], dtype="str")
    found = _matches(ids, _BAD_ID_CHARS).to_numpy()
    expected = np.array([bool(re.search(r"[\s;]", i)) for i in ids])
    assert (found == expected).all()
    assert sys.maxunicode > 0x3000  # the class stops at U+3000, the last `isspace` character
    assert not any(chr(c).isspace() for c in range(0x3001, sys.maxunicode + 1))


def test_an_id_holding_a_no_break_space_is_still_refused():
    header = ",".join(schema.COLUMN_NAMES)
    row = {name: "" for name in schema.COLUMN_NAMES}
    row.update(
        event_id="a\u00a0b", event_date="2020-03-11", event_type="Battles",
        sub_event_type="Armed clash", actor1="X", country="Iraq", location="Taji",
        source="s",
    )  # fmt: skip
    data = f"{header}\n{','.join(row[c] for c in schema.COLUMN_NAMES)}\n".encode()
    result = validate(read_table(data), None, date(2026, 1, 1))
    assert [p.column for p in result.problems if p.severity == "error"] == ["event_id"]
