"""Query budgets: a list page or API list costs the same number of queries for 1 item and for 3.

`constant_queries` renders the URL once to warm per-process caches (content types, the session,
translations), then counts the queries of a second render; it does this with one item, lets the
test add two more, and compares. A difference means a query per item (an N+1), and the failure
message lists the extra SQL so the culprit is easy to find.
"""

import re
from collections import Counter
from collections.abc import Callable

from django.db import connections
from django.test.utils import CaptureQueriesContext


def _shape(sql: str) -> str:
    """The statement with its literal values blanked, so the same query for two items compares equal."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _body(response) -> str | bytes:
    """Text for HTML, CSV and JSON; bytes for anything else (an XLSX workbook)."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    return raw.decode("utf-8-sig") if kind.startswith(("text/", "application/json")) else raw


def render_counted(
    client, url: str, data: dict | None = None, *, using: str = "default"
) -> tuple[list[str], str | bytes]:
    """The SQL of one GET of `url` (after a warm-up GET) and the response body, fully read."""
    client.get(url, data)
    with CaptureQueriesContext(connections[using]) as ctx:
        response = client.get(url, data)
        body = _body(response)  # a streamed export runs its queries while it is read
    assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
    return [q["sql"] for q in ctx.captured_queries], body


def constant_queries(
    client,
    url: str,
    *,
    count: Callable[[str | bytes], int],
    grow: Callable[[], object],
    data: dict | None = None,
    user=None,
) -> int:
    """Assert that `url` shows 1 item, then (after `grow()` adds two) 3 items, for the same queries.

    `count(body)` says how many items the page shows: the test fails if the items did not appear,
    so a budget can never pass by rendering an empty page. Returns the query count.
    """
    if user is not None:
        client.force_login(user)
    one, body = render_counted(client, url, data)
    assert count(body) == 1, f"{url}: expected 1 item before growing, saw {count(body)}"
    grow()
    if user is not None:
        client.force_login(user)
    three, body = render_counted(client, url, data)
    assert count(body) == 3, f"{url}: expected 3 items after growing, saw {count(body)}"
    if len(one) != len(three):
        before, after = Counter(map(_shape, one)), Counter(map(_shape, three))
        extra = "\n".join(f"{n - before[sql]}× {sql}" for sql, n in after.items() if n != before[sql])
        raise AssertionError(f"{url}: {len(one)} queries for 1 item, {len(three)} for 3. Extra queries:\n{extra}")
    return len(three)
