"""Page parts that carry data, kept out of Jinja's hands.

branca's `Element(text)` compiles `text` as a Jinja template, and a
`MacroElement` adds its rendered script to the page the same way. Text that
holds CSV-derived values (place names, notes, a citation with the user's
search words) must not be read as a template: a place called "Camp {% Taji"
would stop the map from drawing, and "{{ ... }}" would be run on the server
when the page is rendered. These classes put such text into the page as it is.
"""

from __future__ import annotations

from branca.element import Element, MacroElement


class RawElement(Element):
    """Text placed into the page unchanged; never compiled as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class DataScript(MacroElement):
    """A MacroElement whose script holds data: added to the page as raw text.

    Subclasses define only a `script` macro. Skipping the template compile
    of the rendered script also saves several milliseconds per map update
    when it carries thousands of events.
    """

    def render(self, **kwargs) -> None:
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(RawElement(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
