"""Demo regional innovation index: the IGA 2024 round in which Kota Batu is nominated among 10 kota.

The 2024 framework is a copy of the IID 2023 preset (the last published official structure before
the 2024 round; the 2026 figures describe a later, third-party guide), made with the real
`copy_framework` service. Kota Batu's claims cover the innovations the registry demo loaded for it
(63 published innovations of 2024); other story regions use their own registry innovations; the
remaining regions get generated innovations named "Inovasi Demo …" (clearly demo data). Claims and
validation verdicts are illustrative; the index, predicates, ranks and nominees are computed by the
real code. Idempotent: existing assessments keep their claims; once published the year is frozen
and a second load leaves it untouched. Publishing moves the 2024 assessments through the state
machine to "Ditetapkan".

Alongside it, `open_demo_round` makes sure one round is open at load time (a copy of the latest
framework with its submission window around today), so Kota Batu can start an assessment and
BSKDN can validate it.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from inovasi.accounts.models import User
from inovasi.innovation_index import services, validation
from inovasi.innovation_index.enums import AssessmentStatus, ClaimValidation, IndicatorScope
from inovasi.innovation_index.methodology import indicators_of
from inovasi.innovation_index.models import IndexAssessment, IndexClaim, IndexFramework
from inovasi.innovation_index.presets import load_preset
from inovasi.innovation_index.queries import reported_innovations
from inovasi.innovations.enums import InitiatorKind, InnovationForm, InnovationStage, InnovationStatus, InnovationType
from inovasi.innovations.models import GovernmentAffair, Innovation
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency, Government
from inovasi.search.indexing import index_innovations

DEMO_YEAR = 2024
DEMO_EVIDENCE_URL = "https://inovasi.localhost/bukti-demo/{code}/{number}"
DEMO_TAG = "Data demo ilustratif: inovasi ini dibuat untuk contoh perhitungan indeks, bukan data resmi."

# Region code → (strength 0–1 of its claims, generated innovations or None to use the registry's own).
REGIONS = {
    # The story regions: their innovations come from the registry demo.
    "35.79": (0.85, None),  # Kota Batu
    "35.73": (0.6, None),  # Kota Malang
    "35.75": (0.5, None),  # Kota Pasuruan
    "35.14": (0.6, None),  # Kabupaten Pasuruan
    # Other East Java kota.
    "35.78": (0.9, 85),  # Kota Surabaya
    "35.77": (0.5, 30),  # Kota Madiun
    "35.71": (0.45, 26),  # Kota Kediri
    "35.72": (0.4, 20),  # Kota Blitar
    "35.76": (0.35, 18),  # Kota Mojokerto
    "35.74": (0.4, 22),  # Kota Probolinggo
    # Kota elsewhere.
    "33.74": (0.85, 70),  # Kota Semarang
    "32.73": (0.6, 48),  # Kota Bandung
    "34.71": (0.75, 44),  # Kota Yogyakarta
    "51.71": (0.7, 40),  # Kota Denpasar
    "33.72": (0.65, 38),  # Kota Surakarta
    "73.71": (0.5, 34),  # Kota Makassar
    "64.71": (0.45, 28),  # Kota Balikpapan
    "13.71": (0.3, 15),  # Kota Padang
    # A few kabupaten and provinces so every cluster has a ranking.
    "35.10": (0.8, 60),  # Kabupaten Banyuwangi
    "35.15": (0.7, 52),  # Kabupaten Sidoarjo
    "35.07": (0.5, 36),  # Kabupaten Malang
    "35": (0.75, 45),  # Provinsi Jawa Timur
    "33": (0.6, 40),  # Provinsi Jawa Tengah
}

THEMES = [
    "Layanan Kesehatan Keliling",
    "Sekolah Ramah Anak",
    "Jalan Mulus Terpantau",
    "Rumah Layak Huni",
    "Siaga Ketertiban Warga",
    "Bantuan Sosial Tepat Sasaran",
    "Pasar Digital UMKM",
    "Pertanian Cerdas",
    "Perizinan Satu Pintu",
    "Wisata Desa Terpadu",
]


def _generated_innovations(government: Government, count: int) -> list[int]:
    agency, _ = Agency.objects.get_or_create(
        government=government,
        name=f"Bagian Organisasi Setda {government.region.name} (data demo)",
        defaults={"kind": AgencyKind.BIRO_BAGIAN, "short_name": "Bag. Organisasi"},
    )
    affairs = list(GovernmentAffair.objects.order_by("code"))
    basic = [a for a in affairs if a.is_basic_service]
    others = [a for a in affairs if not a.is_basic_service]
    existing = {name: pk for name, pk in Innovation.objects.filter(agency=agency).values_list("name", "pk")}
    new, affairs_of = [], {}
    for i in range(count):
        name = f"Inovasi Demo {government.region.name} {i + 1:02d}: {THEMES[i % len(THEMES)]}"
        if name in existing:
            continue
        new.append(
            Innovation(
                agency=agency,
                government=government,
                name=name,
                summary=DEMO_TAG,
                initiator_kind=InitiatorKind.PERANGKAT_DAERAH,
                form=InnovationForm.PELAYANAN_PUBLIK if i % 3 else InnovationForm.TATA_KELOLA,
                type=InnovationType.DIGITAL if i % 2 == 0 else InnovationType.NON_DIGITAL,
                stage=[InnovationStage.PENERAPAN, InnovationStage.PENERAPAN, InnovationStage.UJI_COBA][i % 3],
                year=DEMO_YEAR,
                started_on=date(DEMO_YEAR - 1 - i % 3, 1 + i % 12, 1),
                status=InnovationStatus.PUBLISHED,
            )
        )
        # The first six cover the six basic-service affairs; the rest spread over the other affairs.
        affairs_of[name] = basic[i] if i < len(basic) else others[i % len(others)]
    if new:
        # Bulk writes send no signals: the through rows and the search index are written here.
        created = Innovation.objects.bulk_create(new)
        if created[0].pk is None:  # backends that do not return ids from bulk_create
            created = list(Innovation.objects.filter(agency=agency, name__in=affairs_of))
        Through = Innovation.affairs.through
        Through.objects.bulk_create(
            [Through(innovation_id=inn.pk, governmentaffair_id=affairs_of[inn.name].pk) for inn in created]
        )
        index_innovations([inn.pk for inn in created])
        existing.update({inn.name: inn.pk for inn in created})
    return [
        existing[f"Inovasi Demo {government.region.name} {i + 1:02d}: {THEMES[i % len(THEMES)]}"] for i in range(count)
    ]


def _value(rng: random.Random, strength: float) -> int:
    if rng.random() < strength:
        return 3
    return 2 if rng.random() < 0.7 else 1


def _claims(assessment, indicators, innovation_ids, strength, rng, code) -> list[IndexClaim]:
    options = {i.pk: {o.value: o for o in i.options.all()} for i in indicators}
    prefilled = set(IndexClaim.objects.filter(assessment=assessment).values_list("indicator_id", "innovation_id"))
    new = []

    def add(indicator, innovation_id):
        value = _value(rng, strength)
        new.append(
            IndexClaim(
                assessment=assessment,
                indicator=indicator,
                innovation_id=innovation_id,
                option=options[indicator.pk][value],
                claimed_value=value,
                evidence_url=DEMO_EVIDENCE_URL.format(code=code, number=indicator.number),
            )
        )

    for indicator in indicators:
        if indicator.scope == IndicatorScope.REGION:
            add(indicator, None)
        elif indicator.scope == IndicatorScope.INNOVATION:
            for innovation_id in innovation_ids:
                if (indicator.pk, innovation_id) in prefilled:
                    continue
                if indicator.is_mandatory or rng.random() < 0.55 + 0.45 * strength:
                    add(indicator, innovation_id)
    IndexClaim.objects.bulk_create(new, batch_size=1000)
    return new


def _validate(assessment, rng, validator) -> None:
    """Illustrative verdicts: most claims accepted, some lowered by one step, a few rejected."""
    # A fixed order, so the seeded verdicts fall on the same claims on SQLite and PostgreSQL.
    claims = list(
        IndexClaim.objects.filter(assessment=assessment)
        .select_related("indicator")
        .order_by("indicator__number", "innovation_id", "pk")
    )
    options = {}
    for claim in claims:
        roll = rng.random()
        if roll < 0.03 and not claim.indicator.is_mandatory:
            claim.validation, claim.validated_option, claim.validated_value = ClaimValidation.REJECTED, None, None
            claim.validation_reason = "Bukti tidak dapat dibuka."
        elif roll < 0.12 and claim.claimed_value > 1:
            key = (claim.indicator_id, claim.claimed_value - 1)
            if key not in options:
                options[key] = claim.indicator.options.get(value=claim.claimed_value - 1)
            claim.validation = ClaimValidation.ADJUSTED
            claim.validated_option, claim.validated_value = options[key], claim.claimed_value - 1
            claim.validation_reason = "Bukti hanya mendukung parameter satu tingkat lebih rendah."
        else:
            claim.validation, claim.validated_option_id, claim.validated_value = (
                ClaimValidation.ACCEPTED,
                claim.option_id,
                claim.claimed_value,
            )
    # One UPDATE per verdict instead of one CASE per row: the same verdicts, a fraction of the time.
    groups: dict[tuple, list[int]] = {}
    for claim in claims:
        key = (claim.validation, claim.validated_option_id, claim.validated_value, claim.validation_reason)
        groups.setdefault(key, []).append(claim.pk)
    for (verdict, option_id, value, reason), ids in groups.items():
        for start in range(0, len(ids), 500):
            IndexClaim.objects.filter(pk__in=ids[start : start + 500]).update(
                validation=verdict,
                validated_option_id=option_id,
                validated_value=value,
                validation_reason=reason,
                validated_by=validator,
            )


def demo_framework(body) -> IndexFramework:
    preset_2023 = load_preset("iid-2023", body=body)
    load_preset("iid-2026", body=body)
    existing = IndexFramework.objects.filter(year=DEMO_YEAR).first()
    if existing is not None:
        return existing
    return services.copy_framework(
        source=preset_2023, year=DEMO_YEAR, actor=None, name=f"Indeks Inovasi Daerah {DEMO_YEAR} (IGA {DEMO_YEAR})"
    )


def load_index_demo(loaded: dict) -> None:
    body = loaded["bodies"]["BSKDN Kemendagri"]
    framework = demo_framework(body)
    indicators = indicators_of(framework)
    validator = body.memberships.filter(is_active=True).select_related("user").first()
    validator = validator.user if validator else None
    governments = {
        g.region.code: g for g in Government.objects.filter(region__code__in=REGIONS).select_related("region")
    }
    for code, (strength, generated) in REGIONS.items():
        government = governments[code]
        assessment, created = IndexAssessment.objects.get_or_create(
            framework=framework,
            government=government,
            defaults={"status": AssessmentStatus.SUBMITTED, "submitted_at": framework.submission_closes_at},
        )
        if not created and assessment.claims.exists():
            continue
        if generated:
            innovation_ids = _generated_innovations(government, generated)
        else:
            innovation_ids = list(
                reported_innovations(framework, government).order_by("pk").values_list("pk", flat=True)
            )
        services.prefill_claims(assessment)
        rng = random.Random(f"iid-demo-{code}")  # noqa: S311 - illustrative demo values
        _claims(assessment, indicators, innovation_ids, strength, rng, code)
        _validate(assessment, rng, validator)
    framework.refresh_from_db()
    if not framework.is_published:  # a published year is frozen: a second load leaves it as it is
        services.compute_framework(framework=framework, actor=None)
        services.publish_results(framework=framework, actor=None)
    open_round = open_demo_round(body)
    load_open_round_work(open_round, indicators_of(open_round))


# The open round's work in progress: Kota Malang has submitted (diajukan, claims awaiting a verdict),
# Kota Pasuruan is still filling in (draf); Kota Batu has not started, so a new user can start it.
OPEN_ROUND_WORK = {"35.73": AssessmentStatus.SUBMITTED, "35.75": AssessmentStatus.DRAFT}
OPEN_ROUND_VALIDATOR = "verifikator@inovasi.test"  # BSKDN's verifikator validates East Java (province 35)


def load_open_round_work(framework: IndexFramework, indicators) -> None:
    """Assessments of the open round in draf and diajukan, and East Java assigned to a validator."""
    if framework.is_published or not framework.is_open():
        return
    region_indicators = [i for i in indicators if i.scope == IndicatorScope.REGION]
    for code, status in OPEN_ROUND_WORK.items():
        government = Government.objects.select_related("region").get(region__code=code)
        if IndexAssessment.objects.filter(framework=framework, government=government).exists():
            continue
        assessment = services.start_assessment(framework=framework, government=government, actor=None)
        rng = random.Random(f"iid-open-{code}")  # noqa: S311 - illustrative demo values
        claims = region_indicators if status == AssessmentStatus.SUBMITTED else region_indicators[:5]
        _claims(assessment, claims, [], 0.6, rng, code)
        if status == AssessmentStatus.SUBMITTED:
            services.submit_assessment(assessment=assessment, actor=None)
    validator = User.objects.filter(email=OPEN_ROUND_VALIDATOR).first()
    governments = validation.province_governments(framework, "35")
    if validator is not None and governments:
        validation.assign_validators(framework=framework, governments=governments, validator=validator, actor=None)


def open_demo_round(body, now=None) -> IndexFramework:
    """A round whose submission window is open at load time, so a new user can start an assessment.

    If no framework is open now, the latest one is copied (with `copy_framework`) to the next year
    (at least the current year) and its window set around the load time: opened 14 days ago,
    closing in 60 days (`update_framework`, audited). Its reporting years shift with the copy, so
    the registry's older innovations do not count until the Pemda brings them forward.
    """
    now = now or timezone.now()
    current = (
        IndexFramework.objects.filter(submission_opens_at__lte=now, submission_closes_at__gte=now)
        .order_by("-year")
        .first()
    )
    if current is not None:
        return current
    latest = IndexFramework.objects.order_by("-year").first()
    year = max(latest.year + 1, timezone.localdate(now).year)
    framework = services.copy_framework(
        source=latest, year=year, actor=None, name=f"Indeks Inovasi Daerah {year} (putaran demo, pengisian dibuka)"
    )
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return services.update_framework(
        framework=framework,
        actor=None,
        submission_opens_at=today - timedelta(days=14),
        submission_closes_at=today + timedelta(days=60, hours=23, minutes=59, seconds=59),
    )
