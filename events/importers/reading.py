"""Open what analysts download, told from its bytes: CSV, gzip, zip, Excel, JSON, GDELT.

The file's name is not trusted (uploads have none, downloads get renamed);
its first bytes are. A gzip stream (`.csv.gz`) and a zip archive holding one
file (`.zip`, as UCDP and GDELT ship theirs) are opened and their content is
told the same way. An `.xlsx` workbook is read with pandas and openpyxl, its
first sheet, every cell as text. A JSON document is an API's answer: ACLED's
(`{"status": 200, "count": ..., "data": [...]}`), UCDP's (`{"Result": [...]}`)
or a bare list of records. A tab-separated file with no header whose first
line has GDELT 2.0's 61 fields, an event id and a `YYYYMMDD` day is a GDELT
event export. Anything else is a CSV, read by `read_table` (the fast
columnar reader when the file is clean).

Every route ends in the same `TextTable`, with the rows numbered as the user
would find them: a spreadsheet's row (the header is row 1), a JSON record's
position plus one (as in the CSV of the same answer), a GDELT line's number.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from events import table as tables
from events.csvfile import file_bytes
from events.errors import CsvFileError
from events.formats import GDELT
from events.importers import gdelt
from events.problems import Code, Problem
from events.table import TextTable

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A decompressed file larger than this is refused: a zip bomb, not an events table.
MAX_UNPACKED_BYTES = 4_000_000_000
# JSON keys that hold an API answer's records.
RECORD_KEYS = ("data", "Result", "results", "events")

Progress = Callable[[str], None]


@dataclass
class Opened:
    """A file's table, the format its content alone decides (or None), and how it was held."""

    table: TextTable
    format: str | None = None
    container: str = "csv"  # csv, gzip, zip, xlsx, json, tsv


def open_source(source: Path | str | bytes, progress: Progress | None = None) -> Opened:
    """Read `source` (a path or bytes) whatever it holds; CsvFileError when it cannot be."""
    data, name = file_bytes(source)
    return open_bytes(data, name, progress)


def open_bytes(data: bytes, name: str, progress: Progress | None = None, depth: int = 0) -> Opened:
    say = progress or (lambda _: None)
    if data.startswith(GZIP_MAGIC) and depth == 0:
        say("unpacking the gzip file")
        opened = open_bytes(_gunzip(data, name), f"{name} (unpacked)", progress, depth + 1)
        opened.container = "gzip"
        return opened
    if data.startswith(ZIP_MAGIC):
        archive = _zip(data, name)
        if _is_workbook(archive):
            say("reading the Excel workbook")
            return Opened(read_xlsx(data, name), container="xlsx")
        if depth == 0:
            member = _only_member(archive, name)
            say(f"unpacking {member}")
            inner = _unzip(archive, member, name)
            opened = open_bytes(inner, f"{name}: {member}", progress, depth + 1)
            opened.container = "zip"
            return opened
    if data.startswith(OLD_EXCEL_MAGIC):
        raise CsvFileError(
            f"{name}: this is an old-style Excel .xls workbook; save it as .xlsx or as CSV (UTF-8)"
        )
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        say("reading the JSON records")
        return Opened(read_json(data, name), container="json")
    if gdelt.looks_like_export(head):
        say("reading the GDELT export")
        return Opened(read_gdelt(data, name), format=GDELT, container="tsv")
    say("reading the CSV")
    # `read_table`'s two readers, looked up on its module as it does, with the file's
    # own name for the messages.
    return Opened(
        TextTable.of(tables.read_clean_csv(data) or tables.read_csv_records(data, name=name))
    )


# -- containers ------------------------------------------------------------------------


def _gunzip(data: bytes, name: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            unpacked = stream.read(MAX_UNPACKED_BYTES + 1)
    except (OSError, EOFError) as error:
        raise CsvFileError(f"{name}: the gzip file is damaged ({error})") from error
    if len(unpacked) > MAX_UNPACKED_BYTES:
        raise CsvFileError(f"{name}: unpacks to more than {MAX_UNPACKED_BYTES // 10**9} GB")
    return unpacked


def _zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise CsvFileError(f"{name}: the zip archive is damaged ({error})") from error


def _is_workbook(archive: zipfile.ZipFile) -> bool:
    names = set(archive.namelist())
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def _only_member(archive: zipfile.ZipFile, name: str) -> str:
    members = [
        info.filename
        for info in archive.infolist()
        if not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not Path(info.filename).name.startswith(".")
        and not info.filename.lower().endswith((".pdf", ".txt", ".md", ".html"))
    ]
    if len(members) != 1:
        listed = ", ".join(members[:5]) or "no data file"
        raise CsvFileError(
            f"{name}: the zip archive holds {len(members)} data files ({listed}); "
            "it can be opened when it holds one CSV, workbook or JSON file"
        )
    return members[0]


def _unzip(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    if archive.getinfo(member).file_size > MAX_UNPACKED_BYTES:
        raise CsvFileError(f"{name}: {member} unpacks to more than 4 GB")
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, OSError, RuntimeError) as error:
        raise CsvFileError(f"{name}: {member} cannot be unpacked ({error})") from error


# -- workbooks and API answers ------------------------------------------------------------


def read_xlsx(data: bytes, name: str) -> TextTable:
    """The first sheet as text: the first row is the header, dates as `YYYY-MM-DD`."""
    try:
        sheet = pd.read_excel(
            io.BytesIO(data), sheet_name=0, header=None, dtype=object, engine="openpyxl"
        )
    except ImportError as error:
        raise CsvFileError(
            f"{name}: reading .xlsx needs openpyxl (pip install openpyxl)"
        ) from error
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise CsvFileError(f"{name}: the workbook cannot be read ({error})") from error
    sheet = sheet.dropna(how="all")  # blank rows, as the CSV readers skip them
    if sheet.empty:
        raise CsvFileError(f"{name}: the workbook's first sheet is empty")
    rows = sheet.index.to_numpy(dtype=np.int64) + 1  # the sheet's own row numbers
    cells = sheet.map(_cell_text)
    header = [str(value) for value in cells.iloc[0]]
    body = cells.iloc[1:].reset_index(drop=True)
    body.columns = [str(i) for i in range(body.shape[1])]
    return TextTable(header, body.astype(str), rows[1:], "utf-8")


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text[10:].strip("T:0.") == "" else text.replace("T", " ")
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


def read_json(data: bytes, name: str) -> TextTable:
    """An API answer's records, one column per key in the order keys first appear."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CsvFileError(
            f"{name}: starts like JSON but cannot be read as JSON ({error})"
        ) from error
    records = _records(document, name)
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    header = list(columns)
    cells = pd.DataFrame(
        {
            str(i): [_json_text(record.get(key)) for record in records]
            for i, key in enumerate(header)
        },
        dtype=str,
    )
    rows = np.arange(2, len(records) + 2, dtype=np.int64)
    return TextTable(header, cells, rows, "utf-8")


def _records(document: object, name: str) -> list[dict]:
    found = document
    if isinstance(document, dict):
        key = next((k for k in RECORD_KEYS if isinstance(document.get(k), list)), None)
        if key is None:
            error = document.get("error") or document.get("message")
            said = f"; the answer says: {error}" if error else ""
            raise CsvFileError(
                f"{name}: a JSON document without a list of records under "
                f"{', '.join(repr(k) for k in RECORD_KEYS)}{said}"
            )
        found = document[key]
    if not isinstance(found, list) or not all(isinstance(r, dict) for r in found):
        raise CsvFileError(f"{name}: the JSON records are not a list of objects")
    if not found:
        raise CsvFileError(f"{name}: the JSON answer holds no records")
    return found


def _json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# -- GDELT -------------------------------------------------------------------------------


def read_gdelt(data: bytes, name: str) -> TextTable:
    """A GDELT 2.0 export (tab-separated, no header, no quoting) under the codebook's names.

    Lines that are not 61 fields wide are left out and each is reported.
    """
    wrong: list[tuple[int | None, int]] = []

    def invalid(row) -> str:
        wrong.append((row.number, row.actual_columns))
        return "skip"

    text_problems: list[Problem] = []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        data = data.decode("utf-8", errors="replace").encode("utf-8")
        text_problems.append(
            Problem(
                None,
                None,
                "",
                "some bytes are not UTF-8; they are shown as \ufffd",
                "warning",
                code=Code.UNDECODABLE_BYTES,
            )
        )
    try:
        arrow = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(
                column_names=list(gdelt.COLUMNS), use_threads=False, block_size=1 << 24
            ),
            parse_options=pacsv.ParseOptions(
                delimiter="\t", quote_char=False, invalid_row_handler=invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={column: pa.string() for column in gdelt.COLUMNS},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as error:
        raise CsvFileError(f"{name}: cannot be read as a GDELT export ({error})") from error
    names = [str(i) for i in range(len(gdelt.COLUMNS))]
    cells = arrow.rename_columns(names).to_pandas()
    skipped = {number for number, _ in wrong if number is not None}
    total = len(cells) + len(wrong)
    lines = np.arange(1, total + 1, dtype=np.int64)
    rows = lines[~np.isin(lines, list(skipped))] if skipped else lines
    problems = text_problems + [
        Problem(
            number,
            None,
            "",
            f"line has {count} tab-separated fields; a GDELT 2.0 event has "
            f"{len(gdelt.COLUMNS)}, so it is left out",
            code=Code.WRONG_WIDTH,
        )
        for number, count in wrong
    ]
    return TextTable(list(gdelt.COLUMNS), cells, rows[: len(cells)], "utf-8", problems)
