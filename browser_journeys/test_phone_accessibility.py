"""Every page a persona reaches from its home, on a 390 × 844 phone: nothing scrolls sideways and
axe-core (bundled by axe-playwright-python) finds no serious or critical violation (issue #17).

For each demo persona (and an anonymous visitor) the crawl logs in through the real form, opens the
persona's home and follows same-origin links breadth first, two levels deep: GET links only, never
logout, the language switch, files, downloads or exports, nor a link whose path says it deletes.
A path shape is visited once per persona: its first query string and its first ID stand for the
others (`/inovasi/7/` for every `/inovasi/<id>/`: the same template), so the bound covers more pages;
within a level, the persona's own pages come before those another persona has already checked.
The bound on pages per persona is `A11Y_CRAWL_PAGES` (15 by default, for CI; 40 for a nightly run).

Every problem is collected with its persona, URL and rule, and the test fails once at the end with all
of them; the counts per rule go to test-artifacts/a11y-crawl.json to compare runs. axe does not
judge focus visibility: a second test tabs through the dark header and checks its focus ring.
"""

import heapq
import json
import os
import re
from collections import Counter
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from browser_journeys.conftest import SCREENSHOTS
from inovasi.demo.personas import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MAX_PAGES = int(os.environ.get("A11Y_CRAWL_PAGES", "15"))
DEPTH = 2
FAILING_IMPACTS = {"serious", "critical"}
# axe's default rules plus WCAG 2.2's target size (24 px), which axe leaves off unless asked.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

# (label, demo e-mail); None is the anonymous visitor, whose home is the public front page.
PERSONAS = [
    ("operator", "operator.distan.batu@inovasi.test"),
    ("admin-pemda", "admin.batu@inovasi.test"),
    ("organizer", "panitia.jatim@inovasi.test"),
    ("juror", "juri@inovasi.test"),
    ("field-verifier", "verifikator@inovasi.test"),
    ("validator", "panitia.bskdn@inovasi.test"),
    ("system-admin", "admin@inovasi.test"),
    ("anonymous", None),
]

# Never followed: leaving the session or the language, Django admin and the API (not our templates),
# files and exports (not pages), and anything whose path names a deletion.
SKIPPED_PREFIXES = ("/akun/keluar/", "/i18n/", "/jsi18n/", "/admin/", "/api/", "/berkas/", "/media/", "/static/")
SKIPPED_WORDS = ("/hapus/", "/unduh", "/ekspor", "/galat.csv", "/templat")
SKIPPED_SUFFIXES = (".pdf", ".csv", ".xlsx", ".xls", ".zip", ".json", ".xml", ".png", ".jpg", ".svg", ".txt")

LINKS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => !a.hasAttribute('download') && !(a.target && a.target !== '_self'))
  .map(a => a.href)"""

# The elements sticking out past the phone's edge (outside a scrolling box), to say what to fix.
WIDEST = """(limit) => [...document.querySelectorAll('body *')]
  .filter(e => !(e.parentElement && e.parentElement.closest('.table-responsive, .table-scroll')))
  .filter(e => e.getBoundingClientRect().right > limit + 1)
  .slice(-3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))"""


def crawlable(url: str, origin: str) -> str | None:
    """The same-origin page a link opens (without its fragment), or None if the crawl leaves it."""
    url, _fragment = urldefrag(url)
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    path = parts.path.lower()
    if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
        return None
    if any(word in path for word in SKIPPED_WORDS):
        return None
    return url


def shape(url: str) -> str:
    """The path with its numeric segments (IDs, years, region codes) as `<n>`."""
    return re.sub(r"/[\d.]+(?=/|$)", "/<n>", urlsplit(url).path)


def _log_in(page, origin: str, email: str) -> None:
    page.goto(origin + "/akun/masuk/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


def _check_page(page, axe, label: str, path: str, problems: list[str], rules: Counter) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        widest = page.evaluate(WIDEST, PHONE["width"])
        problems.append(f"{label} {path}: overflow {width} px > {PHONE['width']} px: {widest}")
        rules["horizontal-overflow"] += 1
    results = axe.run(page, options=AXE_OPTIONS).response
    for violation in results["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        rules[violation["id"]] += 1
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        problems.append(
            f"{label} {path}: axe {violation['id']} ({violation['impact']}, {len(violation['nodes'])}×): {targets}"
        )


def crawl(page, axe, origin: str, label: str, home: str, report: dict) -> list[str]:
    """Breadth-first from `home`, two levels, at most MAX_PAGES pages; returns the paths checked.

    Within a level, a page whose shape another persona has already checked waits until the
    persona's own pages are done, so the bound is spent on what only this persona sees."""
    queue = [(0, False, 0, home)]
    queued = {shape(home)}
    checked = []
    while queue and len(checked) < MAX_PAGES:
        depth, _seen, _order, url = heapq.heappop(queue)
        path = url.removeprefix(origin)
        try:
            response = page.goto(url, wait_until="load")
        except PlaywrightError as exc:  # a download or a broken page: say which, go on
            report["problems"].append(f"{label} {path}: could not open ({str(exc).splitlines()[0]})")
            continue
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        if response.status >= 500:
            report["problems"].append(f"{label} {path}: HTTP {response.status}")
            continue
        if crawlable(page.url, origin) is None:  # redirected somewhere the crawl does not check
            continue
        checked.append(path)
        report["shapes"].add(shape(page.url))
        _check_page(page, axe, label, path, report["problems"], report["rules"])
        if depth >= DEPTH:
            continue
        for link in page.evaluate(LINKS):
            target = crawlable(link, origin)
            if target is not None and shape(target) not in queued:
                queued.add(shape(target))
                heapq.heappush(queue, (depth + 1, shape(target) in report["shapes"], len(queued), target))
    return checked


def test_every_page_two_levels_from_each_home_fits_a_phone_and_passes_axe(live_server, reference_data, browser):
    from axe_playwright_python.sync_playwright import Axe

    call_command("load_demo", verbosity=0)
    axe, origin = Axe(), live_server.url
    report = {"problems": [], "rules": Counter(), "shapes": set()}
    visited = {}
    for label, email in PERSONAS:
        context = browser.new_context(
            locale="id-ID", timezone_id="Asia/Jakarta", viewport=PHONE, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            home = origin + "/"
            if email is not None:
                _log_in(page, origin, email)
                page.goto(origin + "/akun/")  # accounts:home sends each persona to its desk
                home = page.url
            visited[label] = crawl(page, axe, origin, label, home, report)
        finally:
            context.close()
    problems, rules = report["problems"], report["rules"]
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    summary = {"max_pages": MAX_PAGES, "by_rule": dict(rules.most_common()), "visited": visited, "problems": problems}
    (SCREENSHOTS.parent / "a11y-crawl.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    assert all(visited.values()), visited
    assert not problems, f"{len(problems)} problems (by rule {dict(rules.most_common())}):\n" + "\n".join(problems)


FOCUS_RING = """() => { const e = document.activeElement, s = getComputedStyle(e);
  return {inHeader: !!e.closest('header'), tag: e.tagName.toLowerCase(), text: (e.textContent || e.name || '').trim(),
          style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor}; }"""


def test_every_control_of_the_dark_header_shows_its_keyboard_focus(live_server, reference_data, page):
    """Bootstrap's own focus rings (.nav-link, .btn, .form-select) are faint on the dark header: each
    control reached with Tab shows the site's amber ring there."""
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")  # the skip link
    seen = []
    while True:
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if not ring["inHeader"]:
            break
        seen.append(ring)
    assert {r["tag"] for r in seen} >= {"a", "select", "button"}, seen
    faint = [r for r in seen if r["style"] == "none" or r["width"] < 2 or r["color"] != "rgb(244, 180, 0)"]
    assert faint == [], faint
