"""The view computed by a query engine: DuckDB embedded by default, any Ibis backend by URL.

The dashboard's pandas path holds every event in memory, which stops fitting
somewhere past ten million events. Here the events stay in the engine (a
date-sorted Parquet file read by DuckDB, or a server engine), each filter
says its rule as an Ibis expression (:meth:`events.filters.Filter.expr`),
and only what the view needs comes back as small pandas frames:

- :mod:`events.engine.columns`: the engine's copy of the events, with the
  columns that Python-only rules need (sides, folded text) computed at load,
  written sorted by date in row groups an engine can skip;
- :mod:`events.engine.backend`: an engine made from a source URL;
- :mod:`events.engine.query`: one function per thing the view needs, with a
  pandas twin for tables small enough to stay in memory.

Expressions are built against an unbound table (:data:`columns.ENGINE_SCHEMA`)
and bound to a backend only when run, so one expression runs on DuckDB,
Spark, Trino, BigQuery or ClickHouse unchanged.
"""
