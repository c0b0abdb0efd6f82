"""Data into the map's page as text: never compiled as a template, always safe in a <script>.

branca's `Element(text)` compiles `text` as a Jinja template, and a
`MacroElement` adds its rendered script to the page the same way. Text that
holds CSV-derived values (place names, notes, a citation with the user's
search words) must not be read as a template: a place called "Camp {% Taji"
would stop the map from drawing, and "{{ ... }}" would be run on the server
when the page is rendered. These classes put such text into the page as it is.

The map's JavaScript lives in files under static/js/ (components/map/assets.py
loads or inlines them); Python only calls the functions they define, with
JSON arguments made by `script_json`, the one way data enters a script here.
"""

from __future__ import annotations

import json

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

# Characters that could end or confuse a <script> element, or a JavaScript
# string in engines older than ES2019, written as JSON escapes instead.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_ESCAPE_TABLE = str.maketrans(_SCRIPT_ESCAPES)


class ScriptJson(str):
    """JSON text that `script_json` made; placed into a script as it is."""


def script_json(value) -> ScriptJson:
    """JSON safe to place inside a <script>: "<", ">", "&", U+2028 and U+2029 are escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return ScriptJson(text.translate(_SCRIPT_ESCAPE_TABLE))


def script_safe(code: str) -> str:
    """A script file's text that cannot end its <script> element early, for inlining."""
    return code.replace("</script", "<\\/script")


class RawElement(Element):
    """Text placed into the page unchanged; never compiled as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _Name:
    """An argument that names a Leaflet object of the page, resolved when the page is built."""

    def __init__(self, label: str):
        self.label = label

    def __repr__(self) -> str:
        return self.label


PARENT = _Name("PARENT")  # the layer the call's element was added to
MAP = _Name("MAP")  # the map that element ended up on


class ScriptCall(MacroElement):
    """One call of a function that the map's script files define: `var name = f(args);`.

    Arguments are JSON (through `script_json`; a `ScriptJson` is used as it
    is), `PARENT`, `MAP`, or another element of the map (its variable name).
    streamlit-folium reads the `script` macro; folium's own render adds the
    same line to the page as raw text, so data is never read as a template.
    """

    function = ""
    _template = Template("{% macro script(this, kwargs) %}{{ this.call_text() }}{% endmacro %}")

    def __init__(self, *arguments, name: str | None = None):
        super().__init__()
        self._name = name or type(self).__name__
        self.arguments = arguments

    def call_text(self) -> str:
        parts = ", ".join(self._argument(value) for value in self.arguments)
        return f"var {self.get_name()} = {self.function}({parts});"

    def _argument(self, value) -> str:
        if value is PARENT:
            return self._parent.get_name()
        if value is MAP:
            return parent_map(self).get_name()
        if isinstance(value, Element):
            return value.get_name()
        if isinstance(value, ScriptJson):
            return value
        return script_json(value)

    def render(self, **kwargs) -> None:
        script = RawElement(self.call_text())
        self.get_root().script.add_child(script, name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def parent_map(element: Element) -> folium.Map:
    """The map an element ended up on; its JS name is only final once the tree is rendered."""
    node = element._parent
    while node is not None and not isinstance(node, folium.Map):
        node = getattr(node, "_parent", None)
    if node is None:
        raise ValueError(f"{element._name} must be added to a folium.Map (directly or nested)")
    return node
