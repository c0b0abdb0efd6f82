"""The page that turns news reports into events: give a report, review its candidates, add them.

Thin renderers over `components/review.py` (what to show) and
`events.append` (how rows reach the file); the session's keys belong to
`components/state.py`.
"""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import streamlit as st

from components import data, review, state
from components.text import md_escape
from events import schema
from events.append import (
    AppendRejected,
    ReadOnlyEvents,
    append_events,
    download_files,
    why_not_writable,
)

MAX_REPORT_BYTES = 2_000_000


# -- reading what the reviewer gives ---------------------------------------------------


def decode_report(name: str, raw: bytes) -> tuple[str | None, str | None]:
    """(text, None) for a readable report, or (None, why not) naming the file and the fault."""
    if len(raw) > MAX_REPORT_BYTES:
        return None, f"{name} is {len(raw) / 1e6:.1f} MB; a report can be at most 2 MB of text"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError as error:
            return None, f"{name} says it is UTF-16 but byte {error.start} is not: {error.reason}"
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        return None, f"{name} is not a text file (it holds a NUL byte at byte {at})"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, (
            f"{name} is not UTF-8 text: byte {error.start} (0x{raw[error.start]:02x}) cannot be "
            "read; save it as UTF-8 and upload it again"
        )
    if not text.strip():
        return None, f"{name} is empty"
    return text, None


@st.cache_data(max_entries=32, show_spinner="Reading the report…")
def _candidates(text: str, published: date, source_hint: str, version: tuple, _known):
    from ingest import extract

    return tuple(extract(text, published, known_events=_known))


# -- the page --------------------------------------------------------------------------


def render_page(events_path: Path) -> None:
    dataset = data.load_dataset(events_path)
    st.markdown("### Add events from a report")
    done = state.take_review_message()
    if done:
        st.success(done, icon=":material/check:")
        st.page_link("app_pages/map.py", label="See them on the map", icon=":material/map:")
    target = md_escape(events_path.name)
    blocked = why_not_writable(events_path)
    if blocked:
        st.warning(
            f"Events cannot be added to {target} here: {md_escape(blocked)}. "
            "The button at the end offers them as files to download instead.",
            icon=":material/lock:",
        )
    else:
        st.caption(f"Accepted events are added to {target} and its sources.csv.")
    from_report, one_event = st.tabs(["From a report", "One event"])
    with from_report:
        _render_from_report(events_path, dataset, blocked)
    with one_event:
        _render_one_event(events_path, blocked)


def _render_from_report(events_path: Path, dataset, blocked: str | None) -> None:
    with st.form("report-form", border=True):
        pasted = st.text_area(
            "Report text",
            height=220,
            placeholder="Paste a news report here, or upload .txt files below.",
            key=state.REPORT_TEXT,
        )
        uploads = st.file_uploader(
            "Or upload reports (.txt)",
            type=["txt"],
            accept_multiple_files=True,
            key=state.REPORT_FILES,
        )
        left, right = st.columns(2)
        published = left.date_input(
            "Published on",
            value=None,
            max_value=date.today(),
            format="YYYY-MM-DD",
            key=state.REPORT_PUBLISHED,
        )
        outlet = right.text_input("Outlet", placeholder="e.g. Reuters", key=state.REPORT_OUTLET)
        title = left.text_input("Title (optional)", key=state.REPORT_TITLE)
        url = right.text_input("URL (optional)", placeholder="https://…", key=state.REPORT_URL)
        submitted = st.form_submit_button("Find events", type="primary")
    if submitted:
        reports, errors = _reports(pasted, uploads or [], published, outlet, title, url)
        for message in errors:
            st.error(md_escape(message))
        if reports:
            version = (dataset.key, dataset.path, dataset.version)
            state.start_review(
                review.Review(
                    reports=tuple(reports),
                    candidates=tuple(
                        _candidates(r.text, r.published, r.name, version, dataset.events)
                        for r in reports
                    ),
                )
            )
    reviewing = state.review()
    if reviewing is None:
        return
    _render_review(events_path, reviewing, dataset, blocked)


def _reports(pasted, uploads, published, outlet, title, url):
    errors = []
    if published is None:
        errors.append(
            "Give the date the report was published: dates such as 'on Wednesday' are read "
            "against it."
        )
    texts = []
    if pasted.strip():
        texts.append(("pasted text", pasted))
    for upload in uploads:
        text, why = decode_report(upload.name, upload.getvalue())
        if why:
            errors.append(why)
        else:
            texts.append((upload.name, text))
    if not texts and not errors:
        errors.append("Paste a report or upload a .txt file first.")
    if errors and published is None:
        return [], errors
    reports = [
        review.Report(
            text=text,
            published=published,
            outlet=outlet or "",
            title=title or (Path(name).stem if name != "pasted text" else ""),
            url=url or "",
            name=name,
        )
        for name, text in texts
    ]
    return reports, errors


def _render_review(events_path: Path, reviewing, dataset, blocked: str | None) -> None:
    st.html(review.legend_html())
    batches = []
    for r_index, (report, candidates) in enumerate(
        zip(reviewing.reports, reviewing.candidates, strict=True)
    ):
        st.markdown(f"#### {md_escape(report.name)}: {len(candidates)} candidate events")
        if not candidates:
            st.info(
                "No event with a date or a place was found in this report. "
                "Use 'One event' to add one by hand."
            )
            continue
        rows, cite_in, problems = [], [], []
        for c_index, candidate in enumerate(candidates):
            outcome = _render_candidate(r_index, c_index, candidate, dataset)
            if outcome is None:
                continue
            kind, value, row_problems = outcome
            problems += row_problems
            if kind == "add":
                rows.append(value)
            else:
                cite_in.append(value)
        batches.append((report, rows, cite_in, problems))
    _render_add_button(events_path, batches, blocked, "report")


def _render_candidate(r_index: int, c_index: int, candidate, dataset):
    """Draw one candidate; return ("add", row, problems), ("cite", event_id, []) or None."""

    def key(name):
        return state.review_key(r_index, c_index, name)

    row = candidate.row
    with st.container(border=True):
        heading = review.candidate_heading(row, candidate.background)
        ticked = st.checkbox(
            md_escape(heading),
            value=review.ticked_by_default(candidate),
            key=key("tick"),
        )
        st.html(review.evidence_html(candidate))
        for note in candidate.review:
            st.caption(f"Check: {md_escape(note)}")
        if candidate.matches_existing:
            known = md_escape(candidate.matches_existing)
            cite = st.checkbox(
                f"Already on the map as {known}: add this report as one of its sources",
                value=True,
                key=key("cite"),
            )
            if not ticked:
                return ("cite", candidate.matches_existing, []) if cite else None
        if not ticked:
            return None
        fields, place, problems = _render_fields(key, row, candidate)
    problems += [f"{heading}: {why}" for why in review.missing_fields(fields, place)]
    return ("add", review.row_from_fields(row, fields, place), problems)


def _render_fields(key, row, candidate):
    """The editable fields of one row; returns (field values, chosen place, problems)."""
    left, middle, right = st.columns(3)
    fields: dict[str, object] = {}
    fields["event_date"] = left.date_input(
        "Date",
        value=_date_or_none(row.get("event_date")),
        key=key("date"),
        format="YYYY-MM-DD",
        help="Left blank when the report's wording could not be resolved.",
    )
    precision = _int_or(row.get("time_precision"), 1)
    fields["time_precision"] = left.selectbox(
        "Date known to the",
        options=list(schema.TIME_PRECISION),
        index=list(schema.TIME_PRECISION).index(precision)
        if precision in schema.TIME_PRECISION
        else 0,
        format_func=lambda p: schema.TIME_PRECISION[p],
        key=key("time_precision"),
    )
    types = list(schema.EVENT_TYPES)
    current = row.get("event_type") or types[0]
    fields["event_type"] = middle.selectbox(
        "Event type",
        options=types,
        index=types.index(current) if current in types else 0,
        key=key("event_type"),
    )
    subs = ["", *schema.SUB_EVENT_TYPES.get(fields["event_type"], ())]
    sub = row.get("sub_event_type") or ""
    fields["sub_event_type"] = middle.selectbox(
        "Sub-event type",
        options=subs,
        index=subs.index(sub) if sub in subs else 0,
        key=key("sub_event_type"),
    )
    fields["actor1"] = right.text_input("Actor", value=row.get("actor1", ""), key=key("actor1"))
    attributions = list(schema.ATTRIBUTIONS)
    attribution = row.get("attribution") or schema.DEFAULT_ATTRIBUTION
    fields["attribution"] = right.selectbox(
        "Attribution",
        options=attributions,
        index=attributions.index(attribution) if attribution in attributions else 0,
        key=key("attribution"),
    )
    fields["actor2"] = right.text_input("Target", value=row.get("actor2", ""), key=key("actor2"))
    place = _render_place_picker(key, row, candidate, left)
    problems = []
    figures = st.columns(4)
    for column, (name, label) in zip(
        figures,
        (
            ("fatalities", "Killed"),
            ("fatalities_low", "Killed, lowest"),
            ("fatalities_high", "Killed, highest"),
            ("wounded", "Wounded"),
        ),
        strict=True,
    ):
        value = column.text_input(label, value=row.get(name, ""), key=key(name))
        why = review.count_problem(label, value)
        if why:
            column.error(md_escape(why))
            problems.append(why)
        fields[name] = value
    if candidate.responds_to or row.get("responds_to"):
        proposed = list(
            dict.fromkeys(
                [*candidate.responds_to, *filter(None, row.get("responds_to", "").split(";"))]
            )
        )
        fields["responds_to"] = st.multiselect(
            "Responds to (proposed: an attack by the other side in the 7 days before)",
            options=proposed,
            default=proposed,
            key=key("responds_to"),
        )
    fields["notes"] = st.text_area(
        "Notes (in your own words)", value=row.get("notes", ""), key=key("notes"), height=68
    )
    return fields, place, problems


def _render_place_picker(key, row, candidate, column):
    """Type a name, pick one of the geocoder's answers: the only way to set a place."""
    with column:
        typed = st.text_input(
            "Place",
            value=row.get("location", ""),
            key=key("place_name"),
            help="Type a place name and press 'Find place'; coordinates come from the answer.",
        )
        if st.button("Find place", key=key("find_place"), icon=":material/search:"):
            from ingest import place_options_for

            state.set_place_options(key("place"), tuple(place_options_for(typed)))
        options = state.place_options(key("place"), tuple(candidate.place_options))
        if not options:
            st.caption("No place found for this name yet: try another spelling or a nearby town.")
            return None
        chosen = st.radio(
            "Which place",
            options=range(len(options)),
            format_func=lambda i: review.option_label(options[i]),
            key=key("place_choice"),
            label_visibility="collapsed",
        )
        return options[chosen or 0]


def _render_add_button(
    events_path: Path, batches, blocked: str | None, where: str, label: str | None = None
) -> None:
    ticked = sum(len(rows) for _, rows, _, _ in batches)
    cited = sum(len(c) for _, _, c, _ in batches)
    problems = [p for *_, ps in batches for p in ps]
    label = label or review.add_label(ticked, cited)
    if not ticked and not cited:
        st.caption("Tick the events to add.")
        return
    if blocked and problems:
        _show_problems(problems)
        return
    if blocked:
        for index, (report, rows, cite_in, _) in enumerate(batches):
            try:
                events_bytes, sources_bytes = download_files(
                    events_path, rows, source=report.source_entry(), cite_in=cite_in
                )
            except AppendRejected as error:
                _show_rejected(error)
                continue
            st.download_button(
                f"Download the events of {report.name} (CSV)",
                data=events_bytes,
                file_name="new-events.csv",
                mime="text/csv",
                key=f"{where}-download-events-{index}",
            )
            st.download_button(
                "Download its source entry (sources.csv rows)",
                data=sources_bytes,
                file_name="new-sources.csv",
                mime="text/csv",
                key=f"{where}-download-sources-{index}",
            )
        return
    if not st.button(label, type="primary", key=f"{where}-add"):
        return
    if problems:
        _show_problems(problems)
        return
    added, updated = [], []
    for report, rows, cite_in, _ in batches:
        if not rows and not cite_in:
            continue
        try:
            result = append_events(events_path, rows, source=report.source_entry(), cite_in=cite_in)
        except ReadOnlyEvents as error:
            st.error(f"Nothing was added: {md_escape(error.reason)}")
            return
        except AppendRejected as error:
            _show_rejected(error)
            return
        added += result.added_ids
        updated += result.updated_ids
    state.finish_review(_done_message(added, updated))
    st.rerun()


def _done_message(added: list[str], updated: list[str]) -> str:
    parts = []
    if added:
        parts.append(f"Added {len(added)} events: " + ", ".join(md_escape(i) for i in added))
    if updated:
        parts.append(
            f"added the report as a source of {len(updated)} events: "
            + ", ".join(md_escape(i) for i in updated)
        )
    return "; ".join(parts) + "."


def _show_problems(problems: list[str]) -> None:
    lines = "\n".join(f"- {md_escape(problem)}" for problem in problems)
    st.error("Nothing was added yet. First:\n" + lines)


def _show_rejected(error: AppendRejected) -> None:
    lines = [f"- {md_escape(problem.message)}" for problem in error.problems[:20]]
    st.error("Nothing was added; the rows do not pass the checks:\n" + "\n".join(lines))


def _render_one_event(events_path: Path, blocked: str | None) -> None:
    st.caption("For an event no report here covers: name the place, never its coordinates.")
    from ingest import Candidate

    blank = Candidate(row={column: "" for column in schema.COLUMN_NAMES})
    fields, place, problems = _render_fields(
        lambda name: state.review_key("one", 0, name), blank.row, blank
    )
    left, right = st.columns(2)
    outlet = left.text_input("Source outlet", key=state.review_key("one", 0, "outlet"))
    title = right.text_input("Source title", key=state.review_key("one", 0, "title"))
    published = left.date_input(
        "Source published on",
        value=None,
        key=state.review_key("one", 0, "published"),
        format="YYYY-MM-DD",
    )
    url = right.text_input("Source URL", key=state.review_key("one", 0, "url"))
    if not outlet.strip():
        problems.append("Name the source (its outlet): every event names at least one source")
    problems += review.missing_fields(fields, place)
    row = review.row_from_fields(blank.row, fields, place)
    report = review.Report(
        text="", published=published, outlet=outlet, title=title, url=url, name="this event"
    )
    _render_add_button(
        events_path, [(report, [row], [], problems)], blocked, "one", label="Add this event"
    )


def _date_or_none(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _int_or(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default
