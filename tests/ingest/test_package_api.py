"""The package's entry point stays a function however often, and in whatever order, it is used."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support import fresh_python


def test_extract_can_be_called_again_after_its_first_call():
    import ingest

    first = ingest.extract("Rockets hit Camp Taji on Monday.", date(2020, 3, 12))
    second = ingest.extract("Rockets hit Camp Taji on Monday.", date(2020, 3, 12))
    assert callable(ingest.extract)
    assert [c.row for c in first] == [c.row for c in second]


@pytest.mark.slow
def test_extract_is_a_function_in_a_fresh_process():
    code = (
        "import datetime, ingest\n"
        "day = datetime.date(2021, 2, 16)\n"
        "for _ in range(2): ingest.extract('Rockets hit Erbil on Monday.', day)\n"
        "print(callable(ingest.extract))"
    )
    assert fresh_python(code).strip() == "True"
