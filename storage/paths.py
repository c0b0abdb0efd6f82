"""Where the project keeps its caches: the GeoNames index, the online-answer cache, loaded tables.

`GEO_CACHE_DIR` overrides the default, `$XDG_CACHE_HOME/conflict-map` (or
`~/.cache/conflict-map`). Both files can be deleted at any time; the index is
rebuilt on first use and the answer cache only costs online requests to refill.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "conflict-map"


def cache_dir() -> Path:
    explicit = os.environ.get("GEO_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / APP_DIR_NAME


def default_answer_cache_path() -> Path:
    explicit = os.environ.get("GEO_CACHE_PATH")
    if explicit:
        return Path(explicit).expanduser()
    return cache_dir() / "geocode-cache.json"
