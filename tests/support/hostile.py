"""Hostile text for events and sources files, shared by the app's and the browser's tests.

`hostile_files` writes a data set of the bundled events, some rewritten with these strings.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.support import DATA

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
JS_URL = "javascript:window.__pwned=1"
MD_LINK = "[link](javascript:window.__pwned=1)"
MD_IMAGE = "![img](http://evil.example/x.png)"
COLOUR = ":red[x]"
LATEX = "$\\LaTeX$"
ENTITIES = "&lt;b&gt;bold&lt;/b&gt; &amp;amp; &#x3C;i&#x3E;"
END_SCRIPT = "</script><script>window.__pwned=1</script>"
RTL = "\u202eevil\u202c gnp.exe"
SVG = "<svg onload=window.__pwned=1>"
SHORTCODE = ":skull:"
AUTOLINK = "<http://evil.example/autolink>"
HEADING = "# heading"
FORMULA = "=1+1"
HYPERLINK = '=HYPERLINK("http://evil.example","click")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
# Jinja syntax: folium builds pages with Jinja, which must never read data as a template.
TEMPLATE_TAG = "Camp {% Taji"
TEMPLATE_EXPRESSION = "{{ 1234 * 1000 }}"

HOSTILE_ID = "<img/src=x/onerror=window.__pwned=1>"
SAFE_URL = "https://example.org/report"

# Events that carry the hostile text (ids, and what each column holds).
HOSTILE_EVENTS = {
    "hostile-script": {
        "location": END_SCRIPT,
        "actor1": IMG,
        "actor2": JS_URL,
        "admin1": SVG,
        "notes": " ".join([SCRIPT, IMG, MD_LINK, MD_IMAGE, COLOUR, LATEX, ENTITIES, AUTOLINK]),
        "operation": HEADING,
        "source": "src-evil;src-evil-2;src-data;src-ok",
    },
    HOSTILE_ID: {
        "location": IMG,
        "actor1": SHORTCODE + " " + RTL,
        "notes": " ".join([RTL, SHORTCODE, SVG, HEADING]),
        "source": "src-ok",
    },
    "hostile-template": {
        "location": TEMPLATE_TAG,
        "actor1": TEMPLATE_EXPRESSION,
        "notes": f"{TEMPLATE_EXPRESSION} {{% raw %}} {{{{ cycler.__init__.__globals__ }}}}",
        "source": "src-ok",
    },
    "hostile-formula": {
        "location": FORMULA,
        "actor1": HYPERLINK,
        "actor2": DDE,
        "notes": "-2+3",
        "source": "src-ok",
    },
}
HOSTILE_SOURCES = [
    {
        "source_id": "src-evil",
        "outlet": "<b>Evil outlet</b>",
        "title": SCRIPT,
        "published": IMG,
        "url": JS_URL,
    },
    {
        "source_id": "src-evil-2",
        "outlet": COLOUR,
        "title": MD_LINK,
        "published": "2020-03-12",
        "url": " JaVaScRiPt:window.__pwned=1",
    },
    {
        "source_id": "src-data",
        "outlet": "Data URL",
        "title": "data title",
        "published": "",
        "url": "data:text/html,<script>window.__pwned=1</script>",
    },
    {
        "source_id": "src-ok",
        "outlet": "Good outlet",
        "title": "Real report",
        "published": "2020-03-12",
        "url": SAFE_URL,
    },
]


def hostile_files(folder: Path) -> Path:
    """Write events.csv (bundled events, some rewritten with hostile text) and sources.csv."""
    with open(DATA / "events.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row, (event_id, changes) in zip(rows, HOSTILE_EVENTS.items(), strict=False):
        row.update(event_id=event_id, responds_to="", **changes)
    write_csv(folder / "events.csv", rows)
    with open(DATA / "sources.csv", newline="", encoding="utf-8") as handle:
        sources = list(csv.DictReader(handle))
    write_csv(folder / "sources.csv", sources + HOSTILE_SOURCES)
    return folder / "events.csv"


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
