"""A published index year is frozen: what the public sees is stored at publication and hash-checked.

`freeze_framework` (called by `services.publish_results`) stores, for every computed Pemda, its
breakdown as plain JSON (`FrozenRegionBreakdown.data`): the framework's formula inputs, the result
(SPD, SID, count score, total, IID, divisor, counts), every region indicator's value and points,
every innovation's values, points and counted flag, the basic-service affairs. It also stores the
year's dashboard summary (`FrozenIndexYear`). Each record carries the SHA-256 of its canonical
JSON (`content_hash`, the same canonical form as the judging closure's).

Readers (`frozen_breakdown`, `frozen_year`) check the hash and raise `FrozenIntegrityError` on a
mismatch; they never recompute from the live registry. The what-if list is derived from the stored
numbers only (`FrozenBreakdown.improvements`), so it too ignores later registry changes.
"""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.innovation_index import reports
from inovasi.innovation_index.breakdown import VALIDATED, build_breakdown
from inovasi.innovation_index.computation import Rule
from inovasi.innovation_index.models import FrozenIndexYear, FrozenRegionBreakdown, IndexAssessment, RegionIndex
from inovasi.innovation_index.whatif import Scenario, improvements

SCHEMA = 1


class FrozenIntegrityError(Exception):
    """A stored record's content no longer matches its SHA-256: shown as an integrity error."""

    def __init__(self, record):
        self.record = record
        super().__init__(
            _(
                "Data indeks yang dibekukan untuk %(what)s tidak cocok dengan sidik SHA-256-nya "
                "(%(sha)s). Angka tidak ditampilkan; hubungi penyelenggara."
            )
            % {"what": str(record), "sha": record.sha256[:16]}
        )


def content_hash(data: dict) -> str:
    """SHA-256 of the canonical JSON (sorted keys, compact, UTF-8), as `judging.closing.content_hash`."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _s(value) -> str:
    return str(Decimal(value))


def _normalised(data: dict) -> dict:
    """The data as it reads back from a JSON column (string keys), so the hash is stable."""
    return json.loads(json.dumps(data, ensure_ascii=False))


def breakdown_data(row: RegionIndex, cluster_size: int, assessment: IndexAssessment) -> dict:
    """The JSON breakdown of one computed Pemda; its IID must equal the stored `row.iid`."""
    b = build_breakdown(assessment, mode=VALIDATED, with_whatif=False)
    framework = assessment.framework
    region = assessment.government.region
    numbers = {i.pk: i.number for i in b.innovation_indicators}
    data = {
        "schema": SCHEMA,
        "year": framework.year,
        "framework": framework.name,
        "government": {"id": assessment.government_id, "name": assessment.government.name},
        "region": {"code": region.code, "name": region.name},
        "rule": _rule_data(Rule.of(framework)),
        "result": _result_data(b),
        "standing": {
            "cluster": row.cluster,
            "rank": row.rank,
            "cluster_size": cluster_size,
            "is_nominee": row.is_nominee,
            "iid_claimed": _s(row.iid_claimed),
        },
        "region_indicators": [_region_indicator_data(r) for r in b.region_rows],
        "innovation_indicators": [_innovation_indicator_data(i) for i in b.innovation_indicators],
        "innovations": [_innovation_data(r, numbers) for r in b.innovation_rows],
        "basic_affairs": [{"id": a.pk, "code": a.code, "name": a.name} for a in b.basic_affairs],
        "covered_affairs": sorted(a for a in b.covered_affairs),
    }
    return _normalised(data)


def _top(indicator):
    return max((o.value for o in indicator.options.all()), default=0)


def _bottom(indicator):
    return min((o.value for o in indicator.options.all()), default=0)


def _rule_data(rule: Rule) -> dict:
    return {
        "max_score": _s(rule.max_score),
        "divisor_min": rule.divisor_min,
        "count_cap": rule.count_cap,
        "count_factor": _s(rule.count_factor),
        "count_min_basic_affairs": rule.count_min_basic_affairs,
        "threshold_sangat_inovatif": _s(rule.threshold_sangat_inovatif),
        "threshold_inovatif": _s(rule.threshold_inovatif),
        "threshold_kurang_inovatif": _s(rule.threshold_kurang_inovatif),
    }


def _result_data(b) -> dict:
    counted_points = sum((r.points for r in b.innovation_rows if r.counted), Decimal(0))
    return {
        "spd": _s(b.result.spd),
        "sid_indicators": _s(b.result.sid_indicators),
        "count_score": _s(b.result.count_score),
        "sid": _s(b.result.sid),
        "total": _s(b.result.total),
        "iid": _s(b.result.iid),
        "predicate": str(b.result.predicate),
        "innovations_reported": b.result.innovations_reported,
        "innovations_counted": b.result.innovations_counted,
        "divisor": b.result.divisor,
        "basic_affairs_covered": b.result.basic_affairs_covered,
        "counted_points": _s(counted_points),
    }


def _region_indicator_data(r) -> dict:
    return {
        "id": r.indicator.pk,
        "number": r.indicator.number,
        "name": r.indicator.name,
        "weight": _s(r.indicator.weight),
        "value": r.value,
        "points": _s(r.points),
        "max_points": _s(r.max_points),
        "top": _top(r.indicator),
    }


def _innovation_indicator_data(i) -> dict:
    return {
        "id": i.pk,
        "number": i.number,
        "name": i.name,
        "weight": _s(i.weight),
        "top": _top(i),
        "bottom": _bottom(i),
        "mandatory": i.is_mandatory,
    }


def _innovation_data(r, numbers: dict) -> dict:
    """One innovation's row; its values keyed by indicator number, zeros left out."""
    return {
        "id": r.innovation.pk,
        "name": r.innovation.name,
        "values": {str(numbers[i.pk]): value for i, value, _points in r.values if value},
        "points": _s(r.points),
        "counted": r.counted,
        "basic_affairs": [a.pk for a in r.basic_affairs],
    }


def freeze_framework(framework) -> tuple[int, list[str]]:
    """Store every computed Pemda's breakdown and the year summary. Returns (count, mismatches):
    the region codes whose breakdown no longer gives the stored IID (the caller refuses then)."""
    FrozenRegionBreakdown.objects.filter(framework=framework).delete()
    FrozenIndexYear.objects.filter(framework=framework).delete()
    rows = list(RegionIndex.objects.filter(framework=framework).select_related("government__region"))
    sizes = dict(
        RegionIndex.objects.filter(framework=framework)
        .values("cluster")
        .annotate(n=Count("id"))
        .values_list("cluster", "n")
    )
    assessments = {
        a.government_id: a
        for a in IndexAssessment.objects.filter(framework=framework).select_related(
            "framework", "government", "government__region"
        )
    }
    now = timezone.now()
    records, mismatches = [], []
    for row in rows:
        assessment = assessments.get(row.government_id)
        if assessment is None:
            continue
        data = breakdown_data(row, sizes.get(row.cluster, 0), assessment)
        if Decimal(data["result"]["iid"]) != Decimal(row.iid):
            mismatches.append(data["region"]["code"])
            continue
        records.append(
            FrozenRegionBreakdown(
                framework=framework,
                government_id=row.government_id,
                data=data,
                sha256=content_hash(data),
                frozen_at=now,
            )
        )
    if mismatches:
        return 0, sorted(mismatches)
    FrozenRegionBreakdown.objects.bulk_create(records, batch_size=200)
    summary = year_summary(framework)
    FrozenIndexYear.objects.create(framework=framework, data=summary, sha256=content_hash(summary), frozen_at=now)
    return len(records), []


def year_summary(framework) -> dict:
    """Innovations by stage and by urusan, for the whole year and per province (as the dashboard filters)."""
    provinces = sorted(set(RegionIndex.objects.filter(framework=framework).values_list("province_code", flat=True)))
    summary = {"schema": SCHEMA, "year": framework.year, "stages": {}, "affairs": {}}
    for key, province in [("", None), *((p, p) for p in provinces)]:
        summary["stages"][key] = sorted(
            [stage, n] for stage, n in reports.live_stage_counts(framework, province).items()
        )
        summary["affairs"][key] = [[name, n] for name, n in reports.live_innovations_by_affair(framework, province)]
    return _normalised(summary)


def _checked(record):
    if content_hash(record.data) != record.sha256:
        raise FrozenIntegrityError(record)
    return record.data


def frozen_year(framework) -> dict | None:
    record = FrozenIndexYear.objects.filter(framework=framework).first()
    return None if record is None else _checked(record)


def frozen_breakdown(framework, government) -> "FrozenBreakdown | None":
    record = FrozenRegionBreakdown.objects.filter(framework=framework, government=government).first()
    if record is None:
        return None
    return FrozenBreakdown(_checked(record), record.sha256)


def _ns(**kwargs):
    return SimpleNamespace(**kwargs)


@dataclass
class FrozenBreakdown:
    """The stored breakdown with the attribute shapes of `breakdown.Breakdown` used by the pages."""

    data: dict
    sha256: str
    _improvements: list | None = field(default=None, repr=False)

    def __post_init__(self):
        d = self.data
        r = d["result"]
        self.result = _ns(
            **{k: Decimal(r[k]) for k in ("spd", "sid_indicators", "count_score", "sid", "total", "iid")},
            counted_points=Decimal(r["counted_points"]),
            predicate=r["predicate"],
            innovations_reported=r["innovations_reported"],
            innovations_counted=r["innovations_counted"],
            divisor=r["divisor"],
            basic_affairs_covered=r["basic_affairs_covered"],
        )
        self.rule = _ns(
            max_score=Decimal(d["rule"]["max_score"]),
            divisor_min=d["rule"]["divisor_min"],
            count_min_basic_affairs=d["rule"]["count_min_basic_affairs"],
        )
        self.standing = _ns(**d["standing"], iid=Decimal(r["iid"]), predicate=r["predicate"])
        self.region_rows = [
            _ns(
                indicator=_ns(pk=i["id"], number=i["number"], name=i["name"], weight=Decimal(i["weight"])),
                value=i["value"],
                points=Decimal(i["points"]),
                max_points=Decimal(i["max_points"]),
            )
            for i in d["region_indicators"]
        ]
        self.innovation_indicators = [
            _ns(pk=i["id"], number=i["number"], name=i["name"], weight=Decimal(i["weight"]))
            for i in d["innovation_indicators"]
        ]
        self.innovation_rows = []
        for inn in d["innovations"]:
            values = [
                (i, inn["values"].get(str(i.number), 0), i.weight * inn["values"].get(str(i.number), 0))
                for i in self.innovation_indicators
            ]
            self.innovation_rows.append(
                _ns(
                    innovation=_ns(pk=inn["id"], name=inn["name"]),
                    values=values,
                    points=Decimal(inn["points"]),
                    counted=inn["counted"],
                )
            )
        self.basic_affairs = [_ns(pk=a["id"], code=a["code"], name=a["name"]) for a in d["basic_affairs"]]
        self.covered_affairs = set(d["covered_affairs"])

    def formula_reproduces(self) -> bool:
        """The formula line's inputs give the stored IID (the check behind the page's line)."""
        r, rule = self.result, self.rule
        sid = (r.counted_points / r.divisor).quantize(Decimal("0.0001")) if r.divisor else Decimal(0)
        total = r.spd + sid + r.count_score
        iid = (total / rule.max_score * 100).quantize(Decimal("0.01")) if rule.max_score else Decimal(0)
        return sid == r.sid_indicators and total == r.total and iid == r.iid

    def _scenario(self) -> Scenario:
        d = self.data
        rule = Rule(
            **{
                k: (Decimal(v) if isinstance(v, str) else v)
                for k, v in d["rule"].items()
                if k in Rule.__dataclass_fields__
            }
        )
        by_number = {str(i["number"]): i["id"] for i in d["innovation_indicators"]}
        weights = {i["id"]: Decimal(i["weight"]) for i in d["region_indicators"] + d["innovation_indicators"]}
        return Scenario(
            rule=rule,
            weights=weights,
            region_values={i["id"]: i["value"] for i in d["region_indicators"]},
            region_max={i["id"]: i["top"] for i in d["region_indicators"]},
            innovation_indicator_max={i["id"]: i["top"] for i in d["innovation_indicators"]},
            innovation_indicator_min={i["id"]: i["bottom"] for i in d["innovation_indicators"]},
            mandatory={i["id"] for i in d["innovation_indicators"] if i["mandatory"]},
            innovations={inn["id"]: {by_number[n]: v for n, v in inn["values"].items()} for inn in d["innovations"]},
            innovation_affairs={inn["id"]: frozenset(inn["basic_affairs"]) for inn in d["innovations"]},
            basic_affairs=frozenset(a["id"] for a in d["basic_affairs"]),
        )

    @property
    def improvements(self) -> list:
        if self._improvements is None:
            self._improvements = improvements(self._scenario())
        return self._improvements

    def described_improvements(self, limit: int | None = None) -> list[dict]:
        indicators = {i.indicator.pk: i.indicator for i in self.region_rows}
        indicators.update({i.pk: i for i in self.innovation_indicators})
        innovations = {r.innovation.pk: r.innovation for r in self.innovation_rows}
        items = self.improvements if limit is None else self.improvements[:limit]
        return [
            {
                "kind": item.kind,
                "indicator": indicators.get(item.indicator_id),
                "innovation": innovations.get(item.innovation_id),
                "from_value": item.from_value,
                "to_value": item.to_value,
                "gain": item.gain,
                "new_iid": item.new_iid,
                "missing_affairs": [a for a in self.basic_affairs if a.pk in item.missing_affairs],
                "extra_innovations": item.extra_innovations,
            }
            for item in items
        ]
