"""Hostile text in a real browser: shown as text, never run, never fetched.

The app runs on `test_hostile_app.hostile_files` (scripts, image tags, javascript:
links, Markdown links and images, Streamlit colour and LaTeX syntax, entities, a
`</script>` in a place name, right-to-left overrides, in notes, places, actors,
source titles and URLs). For the hostile events the test opens the detail panel
and hovers the marker, then checks in the page and in every frame: the literal
text is visible, `window.__pwned` was never set, no element the data could have
injected exists (counted before and after), links go only to http(s), and no
request left 127.0.0.1. The offline HTML export gets the same checks.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from events import load_events
from tests.support import ROOT
from tests.support.browser import (
    MAP_FRAME,
    MARKER_POINT,
    block_other_hosts,
    map_frame,
    require_browser,
    streamlit_server,
    wait_for_markers,
)
from tests.support.hostile import (
    AUTOLINK,
    COLOUR,
    END_SCRIPT,
    ENTITIES,
    HOSTILE_EVENTS,
    HOSTILE_ID,
    IMG,
    JS_URL,
    LATEX,
    MD_IMAGE,
    MD_LINK,
    RTL,
    SAFE_URL,
    SCRIPT,
    SHORTCODE,
    SVG,
    hostile_files,
)
from tests.support.polling import page_wait, poll
from tests.support.scripts import probe

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    path = hostile_files(folder)
    return path, load_events(path).events


@pytest.fixture(scope="module")
def server(hostile_data):
    require_browser()
    path, _ = hostile_data
    with streamlit_server(ROOT / "app.py", env={"EVENTS_CSV": str(path)}) as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.attempted = block_other_hosts(context)
    context.add_init_script(probe("watch_added_elements"))
    page = context.new_page()
    page.attempted = context.attempted
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


def visible_text(locator) -> str:
    """An element's text as a reader sees it: word joiners (U+2060, which keep bare links
    and shortcodes inert) are invisible, so they are left out."""
    return locator.inner_text().replace("\u2060", "")


def detail_text(page) -> str:
    panel = page.locator(".st-key-detail")
    return visible_text(panel) if panel.count() else ""


def wait_for_detail(page, needle: str, timeout_s: float = 30) -> str:
    return poll(
        lambda: detail_text(page),
        lambda text: needle in text,
        timeout_s=timeout_s,
        what=f"{needle!r} in the detail panel",
        every_s=0.1,
        wait=page_wait(page),
    )


def injected_everywhere(page) -> dict[str, dict]:
    found = {}
    watching = page.evaluate("() => Array.isArray(window.__added)")
    assert watching, "the element watch runs in the page"
    for frame in page.frames:
        try:
            found[frame.url or frame.name] = {
                **frame.evaluate(probe("injected_elements")),
                "added": frame.evaluate("() => window.__added || []"),
            }
        except Exception:  # noqa: BLE001 - a frame detached while we looked (a remount)
            continue
    return found


def assert_nothing_injected(found: dict[str, dict]) -> None:
    assert any(seen["added"] for seen in found.values()), "the watch saw the page being built"
    for where, seen in found.items():
        assert seen["pwned"] is None, f"window.__pwned set in {where}"
        assert seen["suspicious"] == 0, (where, seen)
        assert seen["payload_scripts"] == 0, (where, seen)
        bad = [element for element in seen["added"] if looks_injected(element)]
        assert bad == [], (where, bad)


def looks_injected(element: dict) -> bool:
    """An element the hostile data would have made: its payload, its bad source, its handler."""
    if element["text"].strip().startswith("window.__pwned"):
        return True
    for attribute in element["attrs"]:
        name, _, value = attribute.partition("=")
        if name.lower().startswith("on") and "pwned" in value:
            return True
        if name.lower() in ("src", "href", "data") and (
            value == "x" or "evil" in value or value.lower().startswith(("javascript", "data:"))
        ):
            return True
    return False


def assert_links_are_web_links(page, server: str) -> None:
    """Every link in the detail panel goes to an http(s) address or is the heading's anchor.

    Streamlit's Markdown turns bare web addresses in a note into links (GFM autolinks);
    those are http(s) like the sources' links. Only the safe source URL is a titled link.
    """
    links = page.locator(".st-key-detail a").evaluate_all(
        "els => els.map(a => [a.getAttribute('href'), a.innerText])"
    )
    for href, _ in links:
        assert href.startswith(("http://", "https://", "#")), links
        assert not href.startswith(server) or "#" in href, links
    titled = [(href, text) for href, text in links if text != href and not href.startswith("#")]
    titled = [(h, t) for h, t in titled if f"http://{t}" != h]  # "www." autolinks
    assert titled == [(SAFE_URL, "Real report")], titled


def hover_marker(page, event_id: str) -> str:
    """Hover the event's marker in the dashboard's map; return the tooltip's text."""
    return hover_until_tooltip(page, map_frame(page), page.locator(MAP_FRAME).first, event_id)


def hover_until_tooltip(page, map_document, map_box, event_id: str, tries: int = 10) -> str:
    """Move the mouse onto the marker until its own tooltip is open (the map may still move)."""
    for _ in range(tries):
        point = map_document.evaluate(MARKER_POINT, event_id)
        assert point is not None, f"no marker for {event_id}"
        box = map_box.bounding_box()
        x, y = box["x"] + point[0], box["y"] + point[1]
        page.mouse.move(x, y, steps=4)
        # Leaflet's canvas looks at most one mouse move per 32 ms: move again once it looks.
        for dx in (1, 0):
            page.wait_for_timeout(60)
            page.mouse.move(x + dx, y)
        for _ in range(20):
            text = map_document.evaluate(probe("open_tooltip_text"), event_id)
            if text is not None:
                return text
            page.wait_for_timeout(100)
    raise AssertionError(f"{event_id}'s marker never showed its tooltip")


def test_hostile_text_is_shown_as_text_and_never_runs(server, page, hostile_data):
    _, events = hostile_data
    placed = int(events["latitude"].notna().sum())
    page.goto(f"{server}/?event=hostile-script&{quote(SCRIPT)}=1&actor={quote(MD_IMAGE)}")
    frame = wait_for_markers(page, placed)
    before = injected_everywhere(page)

    text = wait_for_detail(page, END_SCRIPT)
    for literal in (SCRIPT, IMG, MD_LINK, MD_IMAGE, COLOUR, LATEX, ENTITIES, AUTOLINK, SVG):
        assert literal in text, literal
    assert JS_URL in text
    assert_links_are_web_links(page, server)
    assert SCRIPT in text and "Evil outlet" in text  # the source's title and outlet as text

    tooltip = hover_marker(page, "hostile-script")
    assert END_SCRIPT in tooltip

    notices = visible_text(page.locator('[data-testid="stAlert"]').first)
    assert SCRIPT in notices and MD_IMAGE in notices

    after = injected_everywhere(page)
    assert_nothing_injected(after)
    for where, seen in after.items():
        if where in before:
            assert seen["images"] <= before[where]["images"], where
    assert frame.evaluate("() => window.__pwned") is None
    assert page.attempted == []
    assert page.console_errors == []


def test_a_hostile_event_id_and_direction_overrides(server, page, hostile_data):
    _, events = hostile_data
    page.goto(f"{server}/?event={quote(HOSTILE_ID, safe='')}")
    wait_for_markers(page, int(events["latitude"].notna().sum()))
    text = wait_for_detail(page, RTL.split("\u202c")[0])
    assert IMG in text and SVG in text
    # The override is fenced in: the text after the value reads left to right again.
    assert f"Carried out by: \u2068{SHORTCODE} {RTL}\u2069 — attribution" in text
    tooltip = hover_marker(page, HOSTILE_ID)
    assert IMG in tooltip
    assert_nothing_injected(injected_everywhere(page))
    assert page.attempted == []


def test_the_offline_html_export_shows_hostile_text_as_text(browser, hostile_data, tmp_path):
    from components.map.export import standalone_map_html

    _, events = hostile_data
    page_file = tmp_path / "map.html"
    page_file.write_bytes(standalone_map_html(events, citation=SCRIPT + IMG, title=END_SCRIPT))
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    attempted = block_other_hosts(context)
    context.add_init_script(probe("watch_added_elements"))
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_function("() => !!(window.map && window.L)", timeout=30_000)
    assert SCRIPT + IMG in page.locator(".export-citation").inner_text()
    assert END_SCRIPT in page.locator(".export-head h1").inner_text()
    tooltip = hover_until_tooltip(page, page, page.locator(".folium-map"), "hostile-script")
    assert END_SCRIPT in tooltip
    assert_nothing_injected(injected_everywhere(page))
    assert attempted == []
    assert HOSTILE_EVENTS  # the same data set as the dashboard test
    context.close()
