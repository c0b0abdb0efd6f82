"""Keep a link short enough to open: servers refuse a request line past a limit.

Streamlit's server (Tornado) answers a request whose first line is over about
64 KB with a bare "400 Bad Request", and browsers, proxies and chat apps cut
links well before that. A view is rarely that long, but one with hundreds of
actors ticked is. Such a view still works in the app; its link leaves out the
longest list filters, and the app says which, rather than writing a link that
cannot be opened.
"""

from __future__ import annotations

from urllib.parse import urlencode

# Conservative: what common proxies and browsers pass unchanged.
MAX_QUERY_CHARS = 8_000


def query_length(params: dict[str, str | list[str]]) -> int:
    return len(urlencode(params, doseq=True))


def fit_query(
    params: dict[str, str | list[str]], limit: int = MAX_QUERY_CHARS
) -> tuple[dict[str, str | list[str]], list[str]]:
    """`params` without its longest list parameters until the query fits; and what was left out.

    Only repeated (list) parameters are dropped, longest first: single values
    (dates, the selected event, the map's position) are short by construction.
    """
    fitted = dict(params)
    dropped: list[str] = []
    lists = sorted(
        (key for key, value in fitted.items() if isinstance(value, list)),
        key=lambda key: query_length({key: fitted[key]}),
        reverse=True,
    )
    for key in lists:
        if query_length(fitted) <= limit:
            break
        del fitted[key]
        dropped.append(key)
    return fitted, dropped
