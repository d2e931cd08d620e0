"""The public catalog query: one function (`search_catalog`) for the page, the export and the API.

It reads the denormalised search index (`search.SearchDocument`) for filtering, sorting and facet
counts, and the Innovation table only for the rows it shows. Facet counts for a filter reflect all
other active filters (so choosing a province still shows how many innovations each form has in it).
Only published innovations ever appear: only they have an index entry, and the final fetch checks again.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections, router
from django.db.models import Count, F, Prefetch, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from inovasi.innovations.enums import InnovationForm, InnovationStage, InnovationType
from inovasi.innovations.models import GovernmentAffair, Innovation, Recognition
from inovasi.inputs import parse_year
from inovasi.organisations.enums import AgencyKind
from inovasi.regions.models import Region
from inovasi.search import facets, forgiving, hot_terms, matches
from inovasi.search.indexing import index_version
from inovasi.search.models import SearchAffair, SearchDocument
from inovasi.search.queries import filter_matching, query_terms

PAGE_SIZE = 20
FACET_CACHE_SECONDS = 300

SORTS = {
    "relevance": _("Paling relevan"),
    "name": _("Nama (A–Z)"),
    "newest": _("Mulai diterapkan terbaru"),
    "replications": _("Replikasi terbanyak"),
}
# The award filter is named for what kind of award is meant, so awards won in this system's own
# competitions can join it later as another value.
AWARD_CHOICES = {"outside": _("Penghargaan luar")}
REPLICATED_CHOICES = {"yes": _("Sudah direplikasi"), "no": _("Belum direplikasi")}
FILTER_KEYS = (
    "province",
    "region",
    "agency_kind",
    "affair",
    "form",
    "type",
    "stage",
    "start_year",
    "award",
    "replicated",
)
FILTER_LABELS = {
    "province": _("Provinsi"),
    "region": _("Kabupaten/kota"),
    "agency_kind": _("Jenis perangkat daerah"),
    "affair": _("Urusan pemerintahan"),
    "form": _("Bentuk inovasi"),
    "type": _("Jenis inovasi"),
    "stage": _("Tahapan"),
    "start_year": _("Tahun mulai diterapkan"),
    "award": _("Penghargaan"),
    "replicated": _("Replikasi"),
}
_ENUMS = {"agency_kind": AgencyKind, "form": InnovationForm, "type": InnovationType, "stage": InnovationStage}


@dataclass
class CatalogParams:
    """Validated catalog parameters; unknown or malformed values are dropped, never an error."""

    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "name"

    @classmethod
    def from_data(cls, data) -> "CatalogParams":
        q = (data.get("q") or "").strip()[:200]
        filters = {}
        for key in FILTER_KEYS:
            value = (data.get(key) or "").strip()
            if value and _valid(key, value):
                filters[key] = value
        sort = data.get("sort") or ""
        if sort not in SORTS or (sort == "relevance" and not q):
            sort = "relevance" if q else "name"
        return cls(q=q, filters=filters, sort=sort)

    def as_query(self, **changes) -> dict[str, str]:
        """The parameters as a query dict, with `changes` applied (None removes a key)."""
        data = {"q": self.q, **self.filters, "sort": self.sort}
        data.update(changes)
        return {key: value for key, value in data.items() if value not in (None, "")}


def _valid(key: str, value: str) -> bool:
    if key in _ENUMS:
        return value in _ENUMS[key].values
    if key == "start_year":
        return parse_year(value) is not None
    if key == "award":
        return value in AWARD_CHOICES
    if key == "replicated":
        return value in REPLICATED_CHOICES
    if key in ("province", "region", "affair"):
        return len(value) <= 8 and all(ch in "0123456789." for ch in value)
    return False


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    key: str
    label: str
    options: list[FacetOption]


@dataclass
class CatalogResult:
    params: CatalogParams
    # The matching documents' ids in order, read a slice at a time: a `values_list("pk", flat=True)`
    # of the ordered index, or `matches.RankedIds` for the relevance order.
    ids: object
    total: int
    facets: list[Facet]
    # Set when the visitor's words found nothing and a forgiving reading of them did (forgiving.py).
    correction: "forgiving.Correction | None" = None

    def page(self, number, per_page: int = PAGE_SIZE) -> Page:
        """One page; `page.innovations` holds the Innovation rows in order (a fixed number of queries)."""
        paginator = Paginator(self.ids, per_page)
        paginator.__dict__["count"] = self.total  # already counted; saves a query
        page = paginator.get_page(number)
        page.innovations = fetch_innovations(list(page.object_list))
        return page

    def iter_innovations(self, chunk_size: int = 500):
        """Every matching innovation in order, fetched in chunks (for exports)."""
        ids = list(self.ids)
        for start in range(0, len(ids), chunk_size):
            yield from fetch_innovations(ids[start : start + chunk_size], for_export=True)


def fetch_innovations(ids: list[int], *, for_export: bool = False) -> list[Innovation]:
    """Published innovations with these ids, in the order given, with what a list or export shows."""
    qs = Innovation.objects.published().with_owner().filter(pk__in=ids)
    if for_export:
        qs = qs.prefetch_related("affairs", Prefetch("recognitions", queryset=Recognition.objects.order_by("-year")))
    qs = qs.annotate(replication_total=Count("replications"))
    by_id = {innovation.pk: innovation for innovation in qs}
    return [by_id[pk] for pk in ids if pk in by_id]


def _apply(qs, key: str, value: str):
    if key == "province":
        return qs.filter(province_code=value)
    if key == "region":
        return qs.filter(region_code=value)
    if key == "affair":
        return qs.filter(pk__in=SearchAffair.objects.filter(affair_code=value).values("document_id"))
    if key == "start_year":
        return qs.filter(start_year=int(value))
    if key == "award":
        return qs.filter(outside_award_count__gt=0)
    if key == "replicated":
        return qs.filter(replication_count__gt=0) if value == "yes" else qs.filter(replication_count=0)
    return qs.filter(**{key: value})


def _filtered(params: CatalogParams, terms: list[str], without: str | None = None):
    """Documents matching the terms and every active filter except `without`.

    Leaving out the province also leaves out the kabupaten/kota (it lies inside one province), so
    the province facet still offers the other provinces while a kabupaten/kota is chosen.
    """
    skip = {without, "region"} if without == "province" else {without}
    qs = SearchDocument.objects.all()
    if terms:
        qs = filter_matching(qs, terms)
    for key, value in params.filters.items():
        if key not in skip:
            qs = _apply(qs, key, value)
    return qs


def _group_counts(qs, column: str) -> dict:
    return {row[column]: row["n"] for row in qs.order_by().values(column).annotate(n=Count("pk"))}


# Facets counted with a GROUP BY on one column of the index table.
_COLUMNS = {
    "province": "province_code",
    "agency_kind": "agency_kind",
    "form": "form",
    "type": "type",
    "stage": "stage",
    "start_year": "start_year",
}
_FACET_ORDER = (
    "province",
    "region",
    "agency_kind",
    "affair",
    "form",
    "type",
    "stage",
    "start_year",
    "award",
    "replicated",
)


def _one_facet(params: CatalogParams, terms: list[str], key: str, province: str) -> dict[str, int]:
    """Counts of one facet, with every active filter except its own."""
    qs = _filtered(params, terms, without=key)
    if key in _COLUMNS:
        return {str(v): n for v, n in _group_counts(qs, _COLUMNS[key]).items() if v is not None}
    if key == "region":
        return _group_counts(qs.filter(province_code=province), "region_code")
    if key == "affair":
        links = SearchAffair.objects.all()
        if terms or set(params.filters) - {"affair"}:
            links = links.filter(document__in=qs)
        return _group_counts(links, "affair_code")
    if key == "award":
        return qs.aggregate(outside=Count("pk", filter=Q(outside_award_count__gt=0)))
    return qs.aggregate(
        yes=Count("pk", filter=Q(replication_count__gt=0)), no=Count("pk", filter=Q(replication_count=0))
    )


def _read_cursor():
    """A cursor on the database the router reads the index from (the replica for public traffic)."""
    return connections[router.db_for_read(SearchDocument)].cursor()


def _shared_facets(params: CatalogParams, terms: list[str], keys: list[str], province: str) -> dict[str, dict]:
    """Counts of every facet whose own filter is inactive, plus the total, in ONE query.

    Those facets all apply the same filters (all active ones), so the matching rows are computed
    once (a materialised CTE; the full-text match runs once) and grouped per facet with UNION ALL.
    Used whenever a search or a filter is active (re-running the match or the filters for each
    facet would dominate); the unfiltered browse uses one index-only GROUP BY per facet instead.
    """
    base = _filtered(params, terms).values_list(
        "pk", *_COLUMNS.values(), "region_code", "outside_award_count", "replication_count", "affair_codes"
    )
    base_sql, base_params = base.query.sql_with_params()
    columns = ["id", *_COLUMNS.values(), "region_code", "outside_award_count", "replication_count", "affair_codes"]
    parts, part_params = ["SELECT 'total', '', COUNT(*) FROM hits"], []
    for key in keys:
        if key in _COLUMNS:
            column = _COLUMNS[key]
            # key and column come from the fixed _COLUMNS table, never from the request
            parts.append(f"SELECT '{key}', CAST({column} AS TEXT), COUNT(*) FROM hits GROUP BY {column}")  # noqa: S608
        elif key == "region":
            parts.append(
                "SELECT 'region', region_code, COUNT(*) FROM hits WHERE province_code = %s GROUP BY region_code"
            )
            part_params.append(province)
        elif key == "affair":  # per combination of urusan; split in _add_affair_sets
            parts.append("SELECT 'affair_set', affair_codes, COUNT(*) FROM hits GROUP BY affair_codes")
        elif key == "award":
            parts.append("SELECT 'award', 'outside', COUNT(*) FROM hits WHERE outside_award_count > 0")
        elif key == "replicated":
            parts.append("SELECT 'replicated', 'yes', COUNT(*) FROM hits WHERE replication_count > 0")
            parts.append("SELECT 'replicated', 'no', COUNT(*) FROM hits WHERE replication_count = 0")
    sql = f"WITH hits({', '.join(columns)}) AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(parts)
    counts: dict[str, dict] = {key: {} for key in ("total", *keys)}
    with _read_cursor() as cursor:
        cursor.execute(sql, [*base_params, *part_params])
        rows = cursor.fetchall()
    _add_affair_sets(counts, rows)
    return counts


def _term_facets(params: CatalogParams, terms: list[str], keys: list[str], province: str) -> dict[str, dict]:
    """Every facet and the total of a search, in ONE statement with ONE full-text match.

    The documents matching the terms (no filters) are materialised once; each facet then counts
    them under every active filter but its own, and the total under all of them. Before, each
    active filter's facet re-ran the full-text match (one more match per active filter).
    """
    selected = params.filters
    columns = ["id", *_COLUMNS.values(), "region_code", "outside_award_count", "replication_count", "affair_codes"]
    selects = ["d.innovation_id", *(f"d.{column}" for column in columns[1:])]
    score, ordered = matches.relevance(terms)
    selects.append(score)
    columns.append("score")
    base_sql, base_params = matches.source(terms, {}, ordered, documents=True)
    if "affair" in selected:
        # Whether each hit has the chosen urusan, looked up once per hit instead of once per facet.
        selects.append(
            "EXISTS (SELECT 1 FROM search_searchaffair a WHERE a.document_id = d.innovation_id AND a.affair_code = %s)"
        )
        columns.append("in_affair")
        base_params = [selected["affair"], *base_params]
    base_sql = f"SELECT {', '.join(selects)} {base_sql}"
    where, args = matches.conditions(selected, None, prefix="")
    parts, part_params = [f"SELECT 'total', '', COUNT(*) FROM hits WHERE {where}"], [*args]  # noqa: S608
    # The first pages in relevance order, from the same match (see matches.RankedIds).
    parts.append(
        "SELECT 'ranked', CAST(id AS TEXT), ROW_NUMBER() OVER (ORDER BY score DESC, id) "  # noqa: S608
        f"FROM (SELECT id, score FROM hits WHERE {where} ORDER BY score DESC, id LIMIT {matches.RANKED_AHEAD}) top"
    )
    part_params += args
    for key in keys:
        where, args = matches.conditions(selected, key, prefix="")
        if key in _COLUMNS:
            column = _COLUMNS[key]
            # key and column come from the fixed _COLUMNS table, never from the request
            parts.append(
                f"SELECT '{key}', CAST({column} AS TEXT), COUNT(*) FROM hits WHERE {where} GROUP BY {column}"  # noqa: S608
            )
        elif key == "region":
            parts.append(
                f"SELECT 'region', region_code, COUNT(*) FROM hits WHERE province_code = %s AND {where} "  # noqa: S608
                "GROUP BY region_code"
            )
            args = [province, *args]
        elif key == "affair":  # per combination of urusan; split in _add_affair_sets
            parts.append(
                f"SELECT 'affair_set', affair_codes, COUNT(*) FROM hits WHERE {where} GROUP BY affair_codes"  # noqa: S608
            )
        elif key == "award":
            parts.append(f"SELECT 'award', 'outside', COUNT(*) FROM hits WHERE outside_award_count > 0 AND {where}")  # noqa: S608
        elif key == "replicated":
            parts.append(f"SELECT 'replicated', 'yes', COUNT(*) FROM hits WHERE replication_count > 0 AND {where}")  # noqa: S608
            parts.append(f"SELECT 'replicated', 'no', COUNT(*) FROM hits WHERE replication_count = 0 AND {where}")  # noqa: S608
            args = args * 2
        part_params += args
    sql = f"WITH hits({', '.join(columns)}) AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(parts)
    counts: dict[str, dict] = {key: {} for key in ("total", "ranked", *keys)}
    with _read_cursor() as cursor:
        cursor.execute(sql, [*base_params, *part_params])
        rows = cursor.fetchall()
    _add_affair_sets(counts, rows)
    counts["total"].setdefault("", 0)
    return counts


def _add_affair_sets(counts: dict[str, dict], rows) -> None:
    """Put (key, value, count) rows into `counts`; an "affair_set" row counts for each of its urusan."""
    for key, value, n in rows:
        if value is None or not n:
            continue
        if key == "affair_set":
            for code in value.split():
                counts["affair"][code] = counts["affair"].get(code, 0) + n
        else:
            counts[key][value] = n


def _given(selected: dict[str, str], without: str | None) -> str | None:
    """The one stored-count condition equal to the active filters minus `without`, else None.

    Mirrors `_filtered`: leaving out the province leaves out the kabupaten/kota; a kabupaten/kota
    implies its province. None when two or more filters remain (the counts are then queried).
    """
    skip = {without, "region"} if without == "province" else {without}
    rest = {key: value for key, value in selected.items() if key not in skip}
    if "region" in rest and "province" in rest:
        if rest["region"].split(".")[0] != rest["province"]:
            return None
        del rest["province"]
    if len(rest) > 1:
        return None
    return "".join(facets.given_of(key, value) for key, value in rest.items())


def _stored_facets(selected: dict[str, str], keys: list[str], province: str) -> tuple[dict, int | None]:
    """Facet counts (and the total) answerable from the stored counts table, in one query.

    Without search text, a facet whose other active filters number at most one is a lookup (see
    `search.facets`); so are the unfiltered browse and any one-filter view entirely.
    """
    wanted = {key: _given(selected, key) for key in keys}
    total_given = _given(selected, None)
    if "region" in wanted and wanted["region"] not in ("", f"province={province}"):
        wanted["region"] = None  # the kabupaten/kota facet is stored only within a province
    givens = [g for g in [*wanted.values(), total_given] if g is not None]
    if not givens:
        return {}, None
    found = facets.stored(givens)
    counts = {}
    for key, given in wanted.items():
        if given is None:
            continue
        values = found[given].get(key, {})
        if key == "region":
            values = {code: n for code, n in values.items() if code.split(".")[0] == province}
        counts[key] = values
    total = found[total_given].get(facets.TOTAL, {}).get("", 0) if total_given is not None else None
    return counts, total


def _facet_counts(params: CatalogParams, terms: list[str], keys: list[str], province: str):
    """Every facet's counts, the total, and for a search counted here its first ids by relevance
    (None when the counts came from elsewhere): the cheapest way for this request."""
    selected = params.filters
    ranked = None
    hot = hot_terms.facets_of_search(terms[0]) if len(terms) == 1 and not selected else None
    if hot is not None:
        counts, total = hot  # a broad one-word search: stored counts (see search.hot_terms)
        counts = {key: counts.get(key, {}) for key in keys}
    elif terms:
        counts = _term_facets(params, terms, keys, province)
        total = counts.pop("total").get("", 0)
        ranked = [int(pk) for pk, _n in sorted(counts.pop("ranked").items(), key=lambda item: item[1])]
    else:
        counts, total = _stored_facets(selected, keys, province)
    # The province facet ignores a chosen kabupaten/kota too (see _filtered), so it is not shared then.
    shared = [
        key
        for key in keys
        if key not in counts and key not in selected and not (key == "province" and "region" in selected)
    ]
    if (terms or selected) and shared:
        counts.update(_shared_facets(params, terms, shared, province))
        total = counts.pop("total").get("", 0)
    for key in keys:
        if key not in counts:
            counts[key] = _one_facet(params, terms, key, province)
    return counts, total, ranked


def _facets(params: CatalogParams, terms: list[str]) -> tuple[list[Facet], int | None, list[int] | None]:
    """The facets; the total when it was counted along the way (else None); for a search whose
    facets were counted, its first ids by relevance (`matches.RANKED_AHEAD`, else None)."""
    selected = params.filters
    province = selected.get("province") or (selected.get("region", "").split(".")[0] if "region" in selected else "")
    keys = [key for key in _FACET_ORDER if key != "region" or province]
    counts, total, ranked = _facet_counts(params, terms, keys, province)

    facets: list[Facet] = []

    def add(key, labels: dict, order=None):
        found = counts[key]
        values = order if order is not None else sorted(found, key=lambda v: str(labels.get(v, v)))
        options = [
            FacetOption(value, str(labels.get(value, value)), found.get(value, 0), selected.get(key) == value)
            for value in values
            if found.get(value, 0) or selected.get(key) == value
        ]
        facets.append(Facet(key, str(FILTER_LABELS[key]), options))

    names = dict(
        Region.objects.filter(code__in=[*counts["province"], *counts.get("region", {}), province]).values_list(
            "code", "name"
        )
    )
    add("province", names)
    if province:
        add("region", names)
    add("agency_kind", dict(AgencyKind.choices))
    affair_names = dict(GovernmentAffair.objects.values_list("code", "name"))
    add("affair", affair_names, order=sorted(affair_names))
    for key, enum in (("form", InnovationForm), ("type", InnovationType), ("stage", InnovationStage)):
        add(key, dict(enum.choices), order=list(enum.values))
    add(
        "start_year",
        {},
        order=sorted(set(counts["start_year"]) | {selected.get("start_year", "")} - {""}, reverse=True),
    )
    add("award", AWARD_CHOICES, order=list(AWARD_CHOICES))
    add("replicated", REPLICATED_CHOICES, order=list(REPLICATED_CHOICES))
    return facets, total, ranked


def _cached_facets(params: CatalogParams, terms: list[str], base, corrected: bool = False):
    """Facets, total and the first ids by relevance (or None), cached until the index changes (its
    version token is part of the key).

    Counting facets over 100,000 rows costs a GROUP BY per facet; the same browse or popular search
    is asked over and over between index writes, so the counts are kept for FACET_CACHE_SECONDS.
    """
    # The labels are translated, so the language is part of the key; "v2": the entry holds three parts.
    fingerprint = repr((index_version(), get_language(), params.q, corrected, sorted(params.filters.items()), "v2"))
    key = "catalog-facets:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        facets, total, ranked = _facets(params, terms)
        cached = (facets, base.count() if total is None else total, ranked)
        cache.set(key, cached, FACET_CACHE_SECONDS)
    return cached


def _facets_and_total(params, terms, base, with_facets: bool, corrected: bool = False):
    """(facets, total, first ids by relevance or None); without facets only the total is counted."""
    if with_facets:
        return _cached_facets(params, terms, base, corrected)
    if terms:
        return [], matches.count(terms, params.filters), None
    total = _stored_facets(params.filters, [], "")[1]
    return [], base.count() if total is None else total, None


_NO_CORRECTION = "none"


def _cached_correction(params: CatalogParams):
    """`forgiving.correct` for this query and filters, kept until the index changes (its version is
    in the key): a typo asked again skips the vocabulary lookups and the candidates' match checks."""
    version = index_version()
    fingerprint = repr((version, params.q, sorted(params.filters.items())))
    key = "catalog-correction:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:

        def finds_something(terms: list[str]) -> bool:
            return matches.any_match(terms, params.filters)

        cached = forgiving.correct(params.q, version, finds_something) or _NO_CORRECTION
        cache.set(key, cached, FACET_CACHE_SECONDS)
    return None if cached == _NO_CORRECTION else cached


def search_catalog(params: CatalogParams, *, with_facets: bool = True) -> CatalogResult:
    """Filter, sort and count the published catalog; see the module docstring."""
    terms = query_terms(params.q)
    if params.q and not terms:
        # Only stop words or punctuation: nothing to search for, so nothing matches.
        return CatalogResult(params, [], 0, [])
    base = _filtered(params, terms)
    facets, total, ranked = _facets_and_total(params, terms, base, with_facets)
    correction = None
    if terms and total == 0:
        # Nothing matches the words as typed: read them forgivingly (a typo, a word still being typed).
        correction = _cached_correction(params)
        if correction is not None:
            terms = correction.terms
            base = _filtered(params, terms)
            facets, total, ranked = _facets_and_total(params, terms, base, with_facets, corrected=True)
    if params.sort == "relevance" and terms:
        ids = matches.RankedIds(terms, params.filters, ahead=ranked, total=total)
    else:
        order = {
            "newest": (F("started_on").desc(nulls_last=True), "sort_name", "pk"),
            "replications": ("-replication_count", "sort_name", "pk"),
        }.get(params.sort, ("sort_name", "pk"))
        ids = base.order_by(*order).values_list("pk", flat=True)
    return CatalogResult(params, ids, total, facets, correction)
