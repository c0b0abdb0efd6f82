"""What the engine page opens with, kept on disk per version of the source.

A new server process over the same events (a restart, a second process
behind the proxy) would otherwise ask the engine again for the filter
choices, the map's extent and the whole view: scans of every event, about a
second at ten million events and ten at a hundred million. They are
written once, beside the engine's copy, and read back in milliseconds.

Keyed by the engine's ``version`` (events.engine.backend.Engine), which
changes whenever the source's files do; a source without one (a server
engine) is always asked. Frames are stored as Parquet and the rest as JSON,
so nothing stored is executable; anything unreadable is ignored and worked
out again.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
from dataclasses import asdict
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from components.view_data import PageData
from events.filters import Totals
from events.view import LIST_FIELDS, Vocabulary

log = logging.getLogger(__name__)

FORMAT = 1
_FRAMES = ("markers", "newest", "timeline_rows", "counts", "rows")


def folder_for(root: Path, version: str) -> Path:
    return root / f"{version}.opening"


def save(
    folder: Path, facts: dict, vocab: Vocabulary, extent: pd.DataFrame, page: PageData
) -> None:
    """Store ``facts`` (JSON-able), the vocabulary, the extent and the start view's page."""
    partial = folder.with_name(folder.name + ".partial")
    try:
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        kept = {name: getattr(page, name) for name in _FRAMES if getattr(page, name) is not None}
        kept["extent"] = extent
        for name, frame in kept.items():
            frame.to_parquet(partial / f"{name}.parquet", index=False)
        # Parquet reads text back as pandas' string type and blanks as it likes; the
        # page's frames hold objects, blank as None or NaN: both are noted.
        objects = {name: _object_columns(frame) for name, frame in kept.items()}
        record = {
            "format": FORMAT,
            "facts": facts,
            "vocabulary": {name: list(getattr(vocab, name)) for name in LIST_FIELDS},
            "dates": [_iso(vocab.date_min), _iso(vocab.date_max)],
            "objects": objects,
            "page": {
                "total": page.total,
                "totals": {k: _iso(v) for k, v in asdict(page.totals).items()},
                "line": page.line,
                "placed": page.placed,
                "cells": page.cells,
                "period": page.period,
                "frames": [n for n in _FRAMES if getattr(page, n) is not None],
            },
        }
        (partial / "opening.json").write_text(json.dumps(record))
        shutil.rmtree(folder, ignore_errors=True)
        partial.replace(folder)
    except (OSError, TypeError, ValueError) as error:
        log.warning("engine page: the opening view was not kept in %s (%s)", folder, error)
        shutil.rmtree(partial, ignore_errors=True)


def load(folder: Path, event_ids) -> tuple[dict, Vocabulary, pd.DataFrame, PageData] | None:
    """What :func:`save` stored in ``folder``, or None when there is none or it is unreadable.

    ``event_ids`` is the vocabulary's id lookup (it asks the engine, so it is not stored).
    """
    try:
        record = json.loads((folder / "opening.json").read_text())
        if record.get("format") != FORMAT:
            return None
        lists = record["vocabulary"]
        first, last = (_date(d) for d in record["dates"])
        vocab = Vocabulary(
            **{name: tuple(lists[name]) for name in LIST_FIELDS},
            event_ids=event_ids,
            date_min=first,
            date_max=last,
        )
        stored = record["page"]
        objects = record["objects"]

        def frame(name: str) -> pd.DataFrame:
            read = pd.read_parquet(folder / f"{name}.parquet")
            for column, blank in objects[name].items():
                values = read[column].astype(object)
                read[column] = values.where(values.notna(), None if blank == "none" else np.nan)
            return read

        frames = {name: frame(name) if name in stored["frames"] else None for name in _FRAMES}
        kept = stored["totals"]
        totals = Totals(**{k: _date(v) if k in ("first", "last") else v for k, v in kept.items()})
        page = PageData(
            total=stored["total"],
            totals=totals,
            line=stored["line"],
            placed=stored["placed"],
            cells=stored["cells"],
            period=stored["period"],
            **frames,
        )
        extent = frame("extent")
        return record["facts"], vocab, extent, page
    except FileNotFoundError:
        return None
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException) as error:
        log.warning("engine page: ignoring an unreadable opening view in %s (%s)", folder, error)
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
        return None


def _object_columns(frame: pd.DataFrame) -> dict[str, str]:
    """Each object column's name and how its blanks are written ("none" or "nan")."""
    found = {}
    for column in frame.columns:
        values = frame[column]
        if values.dtype != np.dtype(object):
            continue
        blanks = values[values.isna()]
        found[str(column)] = "none" if len(blanks) and blanks.iloc[0] is None else "nan"
    return found


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


def _date(value):
    return None if value is None else date.fromisoformat(value)
