"""Property-based fuzzing of every page and form: no input produces a 5xx, a crashed job or a
half-written change.

For every named URL of the permission matrix (`tests_security.test_permission_matrix`, arguments
from `tests_security.world`) hypothesis generates:
- GET query strings, with keys the code reads (`request.GET.get("…")` found in the sources) and the
  page's own form fields, values from a list of known troublemakers (unicode digits like "²",
  "1e3", control characters, 200 KB strings, `javascript:` links, huge numbers) and arbitrary text;
- POSTs to every form the page renders (and to the POST-only URLs with the fields of the forms that
  point at them), fields kept, dropped or replaced, formset TOTAL_FORMS up to 1,000,000;
- CSV and XLSX files for the registry import and the judging assignment and score imports.

Each request is made as a persona the matrix lets in (so the form is parsed, not refused), inside a
savepoint rolled back after the example, so every example starts from the same world.
Properties: status < 500; a refused request (400/404/405) writes nothing; no import job ends with the
"system error" message; a refused import writes no innovation, assignment or scorecard.

Seeded (`derandomize=True`) and bounded: the default profile adds about two minutes on two cores;
`FUZZ_PROFILE=nightly` runs ten times as many examples (docs/security.md).
"""

import io
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest
import time_machine
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inovasi.audit.models import AuditEvent
from inovasi.data_exchange.columns import COLUMNS as IMPORT_COLUMNS
from inovasi.data_exchange.models import ImportJob
from inovasi.innovations.models import Innovation
from inovasi.judging.models import Assignment, Scorecard
from tests_security.test_permission_matrix import EXPECTED, PERSONAS, POST_ALLOWED, named_patterns
from tests_security.world import FROZEN_AT, World
from tests_support.personas import Cast, ensure_reference_data

pytestmark = pytest.mark.django_db  # each test in a savepoint of the module's world (fixture `fuzz`)

PROFILES = {
    # examples per URL for GET and for POST, and per import
    "ci": {"get": 3, "post": 5, "imports": 25},
    "nightly": {"get": 30, "post": 50, "imports": 250},
}
PROFILE = PROFILES[os.environ.get("FUZZ_PROFILE", "ci")]
SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}

# Pages not worth fuzzing: logout ends the persona's session; Django admin has its own forms.
SKIP = {"accounts:logout", "admin:index"}

NASTY = [
    "²",
    "٣",
    "1e3",
    "-1",
    "0",
    "9" * 25,
    "abc",
    "",
    " ",
    "\x00",
    "a\r\nb",
    "\x1b[31m",
    "NaN",
    "inf",
    "1,5",
    "2025-13-45",
    "9999",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "../../etc/passwd",
    '=HYPERLINK("http://x")',
    "x" * 200_000,
]
HUGE_TEXT = "y" * 1_100_000  # 1 MB text: refused by the bounds, never stored

ROOT = Path(__file__).resolve().parent.parent
_PARAM = re.compile(
    r"request\.(?:GET|POST)(?:\.get|\.getlist)?\(\s*[\"']([\w-]+)[\"']|request\.(?:GET|POST)\[[\"']([\w-]+)[\"']\]"
    r"|_param\(request\.(?:GET|POST), [\"']([\w-]+)[\"']|require_id\(request\.(?:GET|POST), [\"']([\w-]+)[\"']"
)


def source_parameter_names() -> list[str]:
    """Every query/POST key the code reads by name (so a new parameter is fuzzed when it appears)."""
    names = set()
    for path in (ROOT / "inovasi").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for groups in _PARAM.findall(path.read_text(encoding="utf-8")):
            names.update(g for g in groups if g)
    from inovasi.search.catalog import FILTER_KEYS

    # Keys read in loops (`for key in (...)`) rather than by a literal name.
    looped = {"page", "q", "sort", "per_page", "kind", "edition", "award", "government", "year"}
    return sorted(names | set(FILTER_KEYS) | looped)


class FormParser(HTMLParser):
    """The forms of a page: method, action and fields (name → list of sample values)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea", "select", "button") and a.get("name"):
            if a.get("type") == "file":
                self._form["fields"].setdefault(a["name"], []).append(("file",))
            else:
                self._form["fields"].setdefault(a["name"], []).append(a.get("value") or "")
            self._select = a["name"] if tag == "select" else None
        elif tag == "option" and self._select:
            self._form["fields"][self._select].append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def allowed_personas(name: str) -> list[str]:
    row = EXPECTED[name].split()
    ok = [p for p, outcome in zip(PERSONAS, row, strict=True) if outcome == "200"]
    return ok or list(POST_ALLOWED.get(name, ())) or ["system_admin"]


def table_counts() -> dict[str, int]:
    return {
        m._meta.label_lower: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.managed and m._meta.label_lower not in ("sessions.session", "axes.accessattempt", "axes.accesslog")
    }


class Fuzz:
    """The world, the personas' clients and the harvested forms, shared by the module's tests."""

    def __init__(self):
        ensure_reference_data()
        self.cast = Cast()
        self.world = World(self.cast)
        self.patterns = {name: keys for name, keys in named_patterns() if name not in SKIP}
        self.urls = {
            name: reverse(name, kwargs=self.world.kwargs_for(name, keys)) for name, keys in self.patterns.items()
        }
        self.forms = {name: [] for name in self.patterns}  # url name → [(url, fields)]
        self.get_fields = {name: set() for name in self.patterns}
        for name, url in self.urls.items():
            if set(EXPECTED[name].split()) - {"L"} == {"405"}:
                continue
            response = self.client(allowed_personas(name)[0]).get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = FormParser()
            parser.feed(response.content.decode("utf-8", "replace"))
            for form in parser.forms:
                target = form["action"] or url
                path = urlsplit(target).path or url
                try:
                    match = resolve(path)
                except Resolver404:
                    continue
                if match.view_name not in self.forms:
                    continue
                if form["method"] == "post":
                    self.forms[match.view_name].append((path, form["fields"]))
                else:
                    self.get_fields[match.view_name] |= set(form["fields"])
        self.param_names = source_parameter_names()

    def client(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(getattr(self.cast, persona))
        return client


@pytest.fixture(scope="module")
def fuzz(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings as django_settings

    media, old_media = tmp_path_factory.mktemp("fuzz-media"), django_settings.MEDIA_ROOT
    django_settings.MEDIA_ROOT = media
    traveller = time_machine.travel(FROZEN_AT, tick=False)
    traveller.start()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield Fuzz()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    traveller.stop()
    django_settings.MEDIA_ROOT = old_media


def value_for(samples):
    """A strategy for one field: one of its own sample values, a troublemaker or any text."""
    own = [s for s in samples if not isinstance(s, tuple)]
    options = [st.sampled_from(NASTY), st.text(st.characters(exclude_categories=("Cs",)), max_size=40)]
    if own:
        options.insert(0, st.sampled_from(own))
    return st.one_of(*options)


@st.composite
def query_strings(draw, names):
    keys = draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    return {key: draw(value_for([])) for key in keys}


@st.composite
def post_bodies(draw, fields: dict, extra_names: list[str]):
    data = {}
    for name, samples in fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        if samples and samples[0] == ("file",):
            if draw(st.booleans()):
                content = draw(st.binary(max_size=2000))
                data[name] = SimpleUploadedFile(draw(st.sampled_from(["a.csv", "a.xlsx", "a.pdf", "a.png"])), content)
            continue
        choice = draw(st.integers(0, 9))
        if choice == 0:
            continue  # dropped
        if name.endswith("TOTAL_FORMS") and choice < 4:
            data[name] = draw(st.sampled_from(["1000000", "-1", "²", "3"]))
        elif choice < 5:
            data[name] = [s for s in samples if not isinstance(s, tuple)][:1] or ""
            data[name] = data[name][0] if isinstance(data[name], list) else data[name]
        else:
            data[name] = draw(value_for(samples))
    if draw(st.integers(0, 9)) == 0 and data:
        data[draw(st.sampled_from(sorted(data)))] = HUGE_TEXT
    for name in draw(st.lists(st.sampled_from(extra_names), max_size=2, unique=True)):
        data.setdefault(name, draw(value_for([])))
    return data


def check_response(response, before_counts, before_events):
    assert response.status_code < 500, response.status_code
    if response.status_code in (400, 404, 405):
        assert AuditEvent.objects.count() == before_events
        after = table_counts()
        assert {k: (before_counts[k], after[k]) for k in before_counts if before_counts[k] != after[k]} == {}


def in_savepoint(fn):
    """Run `fn` and roll back whatever it wrote, so every example starts from the same world."""
    try:
        with transaction.atomic():
            fn()
            raise _Rollback
    except _Rollback:
        pass


class _Rollback(Exception):
    pass


URL_NAMES = [name for name, _keys in named_patterns() if name not in SKIP]


@pytest.mark.slow
@pytest.mark.parametrize("name", URL_NAMES)
def test_get_with_generated_query_strings_never_fails(fuzz, name):
    names = sorted(set(fuzz.param_names) | fuzz.get_fields[name])

    @settings(max_examples=PROFILE["get"], **SETTINGS)
    @given(persona=st.sampled_from(allowed_personas(name)), query=query_strings(names))
    def run(persona, query):
        def request():
            events = AuditEvent.objects.count()
            response = fuzz.client(persona).get(fuzz.urls[name], query)
            assert response.status_code < 500, (name, persona, query, response.status_code)
            assert AuditEvent.objects.count() == events or response.status_code < 400

        in_savepoint(request)

    run()


POST_TARGETS = [name for name in URL_NAMES if not name.startswith(("public:", "api:"))] + [
    "public:edition_detail",
    "public:certificate_lookup",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", POST_TARGETS)
def test_posting_generated_values_to_every_form_never_fails(fuzz, name):
    forms = fuzz.forms.get(name) or [(fuzz.urls[name], {})]
    extra = fuzz.param_names

    @settings(max_examples=PROFILE["post"], **SETTINGS)
    @given(
        persona=st.sampled_from(allowed_personas(name)),
        form=st.sampled_from(forms),
        data=st.data(),
    )
    def run(persona, form, data):
        url, fields = form
        body = data.draw(post_bodies(fields, extra))

        def request():
            counts, events = table_counts(), AuditEvent.objects.count()
            response = fuzz.client(persona).post(url, body)
            assert response.status_code < 500, (name, persona, sorted(body), response.status_code)
            check_response(response, counts, events)

        in_savepoint(request)

    run()


# --- Imports -------------------------------------------------------------------------------------

CELL = st.one_of(
    st.sampled_from([*NASTY[:-1], "x" * 140_000]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["2021", "2021-03-01", "01/03/2021", "Digital", "Penerapan", "1", "3, 4", "Rp109,6 miliar"]),
)


@st.composite
def sheets(draw, header: list[str]):
    if draw(st.integers(0, 2)):
        keep = list(header)  # mostly the full template, so rows reach validation
    else:
        keep = draw(st.lists(st.sampled_from(header), min_size=1, max_size=len(header), unique=True))
    extra = draw(st.lists(st.sampled_from(["", "²", "kolom lain", "\x00"]), max_size=2))
    columns = keep + extra
    rows = draw(st.lists(st.lists(CELL, min_size=len(columns), max_size=len(columns)), max_size=4))
    return columns, rows


def as_csv(columns, rows, delimiter) -> bytes:
    def cell(v):
        return '"' + str(v).replace('"', '""') + '"'

    lines = [delimiter.join(cell(c) for c in columns)] + [delimiter.join(cell(v) for v in row) for row in rows]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def as_xlsx(columns, rows) -> bytes:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [columns, *rows]:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", str(v))[:32_000] for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_header(fuzz) -> list[str]:
    return [str(column.header) for column in IMPORT_COLUMNS]


BASE_ROW = {
    "Nama inovasi": "Inovasi Uji",
    "Kepanjangan akronim": "Kepanjangan Uji",
    "Perangkat daerah": "Dinas Pertanian Kota Batu",
    "Inisiator": "Perangkat daerah (OPD)",
    "Bentuk inovasi": "Inovasi pelayanan publik",
    "Jenis inovasi": "Digital",
    "Tahapan": "Penerapan",
    "Urusan pemerintahan": "3.27;1.02",
    "SDGs": "2;3",
    "Mulai diterapkan": "2021-03-01",
    "Tahun data": "2024",
    "Ringkasan": "Ringkasan inovasi.",
    "Hasil: ukuran": "Petani terlayani",
    "Hasil: nilai": "1.250",
    "Hasil: satuan": "orang",
    "Hasil: tahun": "2024",
}
SHORT_NASTY = ["²", "٣", "1e3", "-1", "0", "9" * 25, "\x00", "a\r\nb", "=1+1", "NaN", "javascript:alert(1)", ""]


def registry_rows(header, mutations):
    """Valid rows (the cast's agency) with `mutations` = [(row, column, value)] applied."""
    count = 1 + max((row for row, _c, _v in mutations), default=0)
    rows = [[BASE_ROW.get(c, "") if c != "Nama inovasi" else f"Inovasi Uji {i}" for c in header] for i in range(count)]
    for row, column, value in mutations:
        rows[row][header.index(column)] = value
    return rows


def post_registry_import(fuzz, fmt, content):
    innovations, jobs = Innovation.objects.count(), set(ImportJob.objects.values_list("pk", flat=True))
    response = fuzz.client("admin_a").post(
        fuzz.urls["workspace:import_start"], {"file": SimpleUploadedFile(f"impor.{fmt}", content)}
    )
    assert response.status_code < 500
    for job in ImportJob.objects.exclude(pk__in=jobs):
        messages = " ".join(str(e.get("reason", "")) for e in job.errors or [])
        assert "kesalahan sistem" not in messages, messages
        assert job.status in ("succeeded", "failed")
        if job.status == "failed":
            assert Innovation.objects.count() == innovations
    return response


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_troublemaker_in_every_registry_column_is_a_row_error_not_a_crash(fuzz, fmt):
    """Systematic: one file whose row n has one troublemaker in one column (an SDG "²" crashed it)."""
    header = import_header(fuzz)
    mutations = [(i, c, v) for i, (c, v) in enumerate((c, v) for c in header for v in SHORT_NASTY)]
    rows = registry_rows(header, mutations)
    content = as_csv(header, rows, ",") if fmt == "csv" else as_xlsx(header, rows)
    in_savepoint(lambda: post_registry_import(fuzz, fmt, content))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_generated_registry_imports_never_crash_or_half_write(fuzz, fmt):
    header = import_header(fuzz)

    @settings(max_examples=PROFILE["imports"], **SETTINGS)
    @given(
        sheet=sheets(header),
        mutations=st.lists(st.tuples(st.integers(0, 3), st.sampled_from(header), CELL), max_size=4),
        valid=st.booleans(),
        delimiter=st.sampled_from(",;"),
    )
    def run(sheet, mutations, valid, delimiter):
        columns, rows = sheet
        if valid:  # valid rows with a few cells replaced: reaches every column's validation
            columns, rows = header, registry_rows(header, mutations)
        content = as_csv(columns, rows, delimiter) if fmt == "csv" else as_xlsx(columns, rows)
        in_savepoint(lambda: post_registry_import(fuzz, fmt, content))

    run()


@pytest.mark.slow
@pytest.mark.parametrize("what", ["penugasan", "nilai"])
def test_generated_judging_csv_imports_never_crash_or_half_write(fuzz, what):
    world = fuzz.world
    codes = list(world.stage.criteria.values_list("code", flat=True))
    header = ["juri", "proposal", *(codes if what == "nilai" else []), "catatan"]
    good = {"juri": fuzz.cast.juror.email, "proposal": str(world.proposal.pk)}

    @settings(max_examples=PROFILE["imports"], **SETTINGS)
    @given(sheet=sheets(header), real=st.booleans(), delimiter=st.sampled_from(",;"))
    def run(sheet, real, delimiter):
        columns, rows = sheet
        if real:
            rows = [[good.get(c, v) for c, v in zip(columns, row, strict=False)] for row in rows]
        content = as_csv(columns, rows, delimiter)

        def request():
            counts = (Assignment.objects.count(), Scorecard.objects.count(), AuditEvent.objects.count())
            response = fuzz.client("organizer").post(
                reverse("organizer:judging_import", args=[world.stage.pk, what]),
                {"berkas": SimpleUploadedFile("berkas.csv", content, content_type="text/csv")},
            )
            assert response.status_code < 500
            stored = [str(m) for m in response.wsgi_request._messages] if hasattr(response, "wsgi_request") else []
            if not any("diimpor" in m for m in stored):
                after = (Assignment.objects.count(), Scorecard.objects.count(), AuditEvent.objects.count())
                assert after == counts

        in_savepoint(request)

    run()
