"""An engine made from an events source: a Parquet file or folder, a DuckDB file, a server URL.

``EVENTS_SOURCE`` (or ``--source``) names where the events are:

- a Parquet file or a folder of them (``python -m events export-parquet``
  writes one), or an ``s3://`` prefix: read in place by embedded DuckDB;
- ``duckdb:///path/events.duckdb``: a DuckDB database holding a table ``events``;
- ``trino://user@host:8080/catalog/schema``, ``bigquery://project/dataset``,
  ``clickhouse://user:password@host:8123/db``, ``postgres://…``: any Ibis
  backend, whose table ``events`` (``?table=NAME`` for another) has the
  columns of :data:`events.engine.columns.ENGINE_SCHEMA`.

Every query runs through :meth:`Engine.execute`, which binds the unbound
expressions of :mod:`events.engine.query` to this engine's table. Embedded
DuckDB runs each server thread's queries on that thread's own connection to
one database, under one memory limit, so a heavy view slows the others but
neither blocks them nor takes the server's memory; other backends run one
query at a time per process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import ibis
import pandas as pd

from events.engine import native
from events.engine.columns import DETAIL_COLUMNS, ENGINE_SCHEMA, TABLE_NAME
from events.errors import EventsError

SOURCE_ENV = "EVENTS_SOURCE"
# What embedded DuckDB may use: it spills to disk beyond this rather than grow.
DUCKDB_MEMORY_LIMIT = "256MB"
DUCKDB_THREADS = 2
SERVER_SCHEMES = ("trino", "bigquery", "clickhouse", "postgres", "postgresql", "snowflake", "mysql")


class SourceError(EventsError):
    """An events source that cannot be opened, with the source and the reason."""


def unbound_table():
    """The events as an unbound Ibis table: what every query is built against."""
    return ibis.table(ENGINE_SCHEMA, name=TABLE_NAME)


@dataclass
class Engine:
    """A connection and the name of its events table; runs unbound expressions on it."""

    con: object
    source: str
    kind: str  # "duckdb", "pyspark", "trino", ...
    # Names this version of a local source's data (None for a server's): what
    # may be kept on disk about it is keyed by it (components/opening.py).
    version: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _details: tuple[str, ...] | None = field(default=None, repr=False)
    _threads: threading.local = field(default_factory=threading.local, repr=False)

    def detail_columns(self) -> tuple[str, ...]:
        """Which of :data:`columns.DETAIL_COLUMNS` this source holds (asked once)."""
        if self._details is None:
            present = set(self.con.table(TABLE_NAME).columns)
            self._details = tuple(name for name in DETAIL_COLUMNS if name in present)
        return self._details

    def full_table(self):
        """The unbound events table with the detail columns this source has."""
        details = {name: DETAIL_COLUMNS[name] for name in self.detail_columns()}
        return ibis.table({**ENGINE_SCHEMA, **details}, name=TABLE_NAME)

    def execute(self, expr) -> pd.DataFrame:
        if self.kind == "duckdb" and isinstance(expr, ibis.expr.types.Table):
            # Ibis's own execute converted every column through its schema: twice the
            # time of the query itself for the view's small results. Arrow's
            # conversion gives the same values (the two-engine tests compare them).
            sql = str(ibis.to_sql(expr, dialect="duckdb"))
            return self._cursor().sql(sql).to_arrow_table().to_pandas()
        with self._lock:
            result = self.con.execute(expr)
        return result if isinstance(result, pd.DataFrame) else pd.DataFrame({"value": [result]})

    def _cursor(self):
        """This thread's own DuckDB connection to the database: sessions' queries run side by
        side (sharing DuckDB's threads and memory limit) instead of one waiting for another."""
        local = self._threads
        if getattr(local, "cursor", None) is None:
            with self._lock:
                local.cursor = self.con.con.cursor()
        return local.cursor

    def sql(self, expr) -> str:
        """The SQL this engine would run for ``expr`` (for logs and documentation)."""
        return str(ibis.to_sql(expr, dialect=self.kind))


def _duckdb(database: str = ":memory:", read_only: bool = False):
    con = ibis.duckdb.connect(database, read_only=read_only)
    con.raw_sql(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    con.raw_sql(f"SET threads = {DUCKDB_THREADS}")
    return con


def copies_dir() -> Path:
    """Where DuckDB's copies of Parquet sources live: beside the events cache's entries."""
    from events.cache import cache_dir

    return cache_dir() / "engine"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def parquet_engine(path: str | Path, copy: bool = True) -> Engine:
    """Embedded DuckDB over a Parquet file, a folder of them, or an ``s3://`` prefix.

    A local source is queried in DuckDB's own copy of it (events.engine.native),
    made on its first open, unless ``copy`` is false or the copy cannot be written.
    A file DuckDB cannot read raises :class:`SourceError` naming the source and why.
    """
    import duckdb

    try:
        return _parquet_engine(str(path), copy)
    except duckdb.Error as error:
        reason = str(error).strip().splitlines()[0]
        raise SourceError(f"events source {path}: cannot be read as Parquet ({reason})") from error


def _parquet_engine(source: str, copy: bool) -> Engine:
    version = None
    if source.startswith("s3://"):
        con = _duckdb()
        con.raw_sql("INSTALL httpfs")
        con.raw_sql("LOAD httpfs")
        pattern = source if source.endswith(".parquet") else source.rstrip("/") + "/*.parquet"
    else:
        local = Path(source)
        if not local.exists():
            raise SourceError(f"events source {source}: no such file or folder")
        pattern = str(local / "*.parquet") if local.is_dir() else str(local)
        if local.is_dir() and not any(local.glob("*.parquet")):
            raise SourceError(f"events source {source}: the folder holds no .parquet files")
        database = None
        if copy:
            database = native.copy_of(local, copies_dir(), DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS)
        if database is not None:
            con = _duckdb(str(database), read_only=True)
            engine = Engine(con, source, "duckdb", version=database.stem)
            check_columns(engine)
            return engine
        con = _duckdb()
        version = "parquet-" + native.fingerprint(native.parquet_files(local))
    con.raw_sql(f"CREATE VIEW {TABLE_NAME} AS SELECT * FROM read_parquet({_quoted(pattern)})")
    engine = Engine(con, source, "duckdb", version=version)
    check_columns(engine)
    return engine


def spark_engine(session, path: str | Path) -> Engine:
    """Spark (``pyspark``) over a Parquet file or folder, registered as the view ``events``."""
    session.read.parquet(str(path)).createOrReplaceTempView(TABLE_NAME)
    return Engine(ibis.pyspark.connect(session), str(path), "pyspark")


def open_source(source: str) -> Engine:
    """The engine a source names (see the module's docstring); raises :class:`SourceError`."""
    parts = urlsplit(source)
    scheme = parts.scheme.lower()
    if scheme in ("", "file", "s3") or len(scheme) == 1:  # a path (C: on Windows)
        return parquet_engine(parts.path if scheme == "file" else source)
    if scheme == "duckdb":
        database = parts.path or ":memory:"
        if not Path(database).exists():
            raise SourceError(f"events source {source}: no DuckDB file at {database}")
        version = "duckdb-" + native.fingerprint([Path(database)])
        engine = Engine(_duckdb(database, read_only=True), source, "duckdb", version=version)
    elif scheme in SERVER_SCHEMES:
        table = parse_qs(parts.query).get("table", [TABLE_NAME])[0]
        con = ibis.connect(source)
        if table != TABLE_NAME:
            raise SourceError(
                f"events source {source}: create a view named {TABLE_NAME!r} over {table!r}"
            )
        engine = Engine(con, source, "postgres" if scheme == "postgresql" else scheme)
    else:
        raise SourceError(
            f"events source {source}: unknown scheme {scheme!r}; expected a Parquet path, "
            f"s3://, duckdb:// or one of {', '.join(SERVER_SCHEMES)}"
        )
    check_columns(engine)
    return engine


def check_columns(engine: Engine) -> None:
    """Raise :class:`SourceError` naming the columns the source's ``events`` table lacks."""
    try:
        present = set(engine.con.table(TABLE_NAME).columns)
    except Exception as error:  # each backend raises its own kind
        raise SourceError(
            f"events source {engine.source}: no table {TABLE_NAME!r} ({error})"
        ) from error
    missing = [name for name in ENGINE_SCHEMA if name not in present]
    if missing:
        raise SourceError(
            f"events source {engine.source}: table {TABLE_NAME!r} lacks the columns "
            + ", ".join(missing)
            + " (write it with `python -m events export-parquet`)"
        )
