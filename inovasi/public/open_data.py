"""The open datasets of the site, described once and written in two harvestable flavours.

`datasets()` lists every open dataset: the innovation catalog, the published results of each
competition edition and each published year of the regional innovation index, each with its stable
identifier (a URL on this site), publisher, licence, update date and distributions (CSV, XLSX and
the JSON API where there is one). `data_json()` writes the DCAT-US / Project Open Data 1.1 file that
CKAN's harvester reads (`/data.json`); `dcat_jsonld()` writes the same as DCAT JSON-LD
(`/data/katalog.jsonld`). Both read the same list, so they never disagree.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.competitions.models import Edition, Stage
from inovasi.innovation_index.reports import published_frameworks
from inovasi.innovations.models import Innovation

CSV, XLSX, JSON = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/json"
POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True)
class Distribution:
    title: str
    media_type: str
    path: str  # site-relative; made absolute with SITE_URL when written


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    keywords: tuple[str, ...]
    publisher: str
    modified: datetime | None
    landing_path: str
    distributions: tuple[Distribution, ...]
    temporal: str = ""
    themes: tuple[str, ...] = field(default=("pemerintahan",))

    @property
    def path(self) -> str:
        return reverse("public:open_dataset", args=[self.slug])


def _site() -> str:
    return settings.SITE_URL or ""


def _publisher() -> str:
    return settings.OPEN_DATA_PUBLISHER


def _catalog_dataset() -> Dataset:
    modified = Innovation.objects.published().aggregate(m=Max("updated_at"))["m"]
    export = reverse("public:catalog_export")
    return Dataset(
        slug="katalog-inovasi",
        title=_("Katalog inovasi daerah"),
        description=_(
            "Inovasi pelayanan publik dan tata kelola pemerintah daerah yang telah diterbitkan Admin Pemda: "
            "nama, Pemda, perangkat daerah, bentuk, jenis, tahapan, urusan, tanggal mulai, ringkasan dan jumlah "
            "replikasi. Satu baris per inovasi."
        ),
        keywords=("inovasi daerah", "pelayanan publik", "pemerintah daerah"),
        publisher=_publisher(),
        modified=modified,
        landing_path=reverse("public:catalog"),
        distributions=(
            Distribution(_("Katalog inovasi (CSV)"), CSV, f"{export}?format=csv"),
            Distribution(_("Katalog inovasi (XLSX)"), XLSX, f"{export}?format=xlsx"),
            Distribution(_("API katalog inovasi (JSON)"), JSON, "/api/v1/innovations"),
        ),
    )


def _results_datasets() -> list[Dataset]:
    published = (
        Stage.objects.filter(results_published_at__isnull=False, edition__is_published=True)
        .values("edition_id")
        .annotate(last=Max("results_published_at"))
    )
    last = {row["edition_id"]: row["last"] for row in published}
    editions = Edition.objects.with_competition().filter(pk__in=last).order_by("-year", "pk")
    out = []
    for edition in editions:
        export = "public:edition_results_export"
        body = edition.competition.body
        out.append(
            Dataset(
                slug=f"hasil-kompetisi-{edition.pk}",
                title=_("Hasil %(edition)s") % {"edition": edition},
                description=_(
                    "Daftar proposal yang lolos tiap tahap dan penerima penghargaan %(edition)s, sebagaimana "
                    "diumumkan penyelenggara (%(body)s)."
                )
                % {"edition": edition, "body": body.name},
                keywords=("kompetisi inovasi", edition.competition.short_name or edition.competition.name),
                publisher=body.name,
                modified=last[edition.pk],
                landing_path=reverse("public:edition_results", args=[edition.pk]),
                distributions=(
                    Distribution(_("Hasil (CSV)"), CSV, reverse(export, args=[edition.pk, "csv"])),
                    Distribution(_("Hasil (XLSX)"), XLSX, reverse(export, args=[edition.pk, "xlsx"])),
                ),
                temporal=f"{edition.year}-01-01/{edition.year}-12-31",
            )
        )
    return out


def _index_datasets() -> list[Dataset]:
    out = []
    for framework in published_frameworks().select_related("organizer_body"):
        export = "public:index_export"
        out.append(
            Dataset(
                slug=f"indeks-inovasi-daerah-{framework.year}",
                title=_("Indeks Inovasi Daerah %(year)s") % {"year": framework.year},
                description=_(
                    "Nilai indeks inovasi daerah (IID) %(year)s per Pemda dengan predikatnya, peringkat dalam "
                    "klaster, nilai Satuan Pemerintah Daerah (SPD) dan nilai inovasi (SID), sebagaimana "
                    "ditetapkan %(body)s."
                )
                % {"year": framework.year, "body": framework.organizer_body.name},
                keywords=("indeks inovasi daerah", "IID", str(framework.year)),
                publisher=framework.organizer_body.name,
                modified=framework.results_published_at,
                landing_path=f"{reverse('public:index_dashboard')}?tahun={framework.year}",
                distributions=(
                    Distribution(_("Indeks (CSV)"), CSV, reverse(export, args=[framework.year, "csv"])),
                    Distribution(_("Indeks (XLSX)"), XLSX, reverse(export, args=[framework.year, "xlsx"])),
                    Distribution(_("API indeks per wilayah (JSON)"), JSON, f"/api/v1/index/{framework.year}/regions"),
                ),
                temporal=f"{framework.year}-01-01/{framework.year}-12-31",
            )
        )
    return out


def datasets() -> list[Dataset]:
    return [_catalog_dataset(), *_results_datasets(), *_index_datasets()]


def dataset(slug: str) -> Dataset | None:
    return next((d for d in datasets() if d.slug == slug), None)


def _date(moment) -> str:
    return timezone.localtime(moment).date().isoformat() if moment else timezone.localdate().isoformat()


def data_json(items: list[Dataset]) -> dict:
    """DCAT-US / Project Open Data 1.1 (what CKAN's data.json harvester reads)."""
    site = _site()
    return {
        "@context": f"{POD_SCHEMA}/catalog.jsonld",
        "@id": site + reverse("public:data_json"),
        "@type": "dcat:Catalog",
        "conformsTo": POD_SCHEMA,
        "describedBy": f"{POD_SCHEMA}/catalog.json",
        "dataset": [
            {
                "@type": "dcat:Dataset",
                "title": d.title,
                "description": d.description,
                "keyword": list(d.keywords),
                "modified": _date(d.modified),
                "publisher": {"@type": "org:Organization", "name": d.publisher},
                "contactPoint": {
                    "@type": "vcard:Contact",
                    "fn": settings.OPEN_DATA_CONTACT_NAME,
                    "hasEmail": f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}",
                },
                "identifier": site + d.path,
                "accessLevel": "public",
                "license": settings.OPEN_DATA_LICENSE,
                "landingPage": site + d.landing_path,
                "language": ["id"],
                "theme": list(d.themes),
                **({"temporal": d.temporal} if d.temporal else {}),
                "distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "title": dist.title,
                        "mediaType": dist.media_type,
                        "format": {CSV: "CSV", XLSX: "XLSX", JSON: "JSON"}[dist.media_type],
                        # The JSON API is an access point, the files are downloads.
                        ("accessURL" if dist.media_type == JSON else "downloadURL"): site + dist.path,
                    }
                    for dist in d.distributions
                ],
            }
            for d in items
        ],
    }


def dcat_jsonld(items: list[Dataset]) -> dict:
    """The same catalogue in plain DCAT (JSON-LD), as DCAT-AP harvesters read it."""
    site = _site()
    return {
        "@context": DCAT_CONTEXT,
        "@id": site + reverse("public:dcat_catalog"),
        "@type": "dcat:Catalog",
        "dct:title": _("Data terbuka Inovasi"),
        "dct:description": _("Dataset terbuka katalog inovasi daerah, hasil kompetisi dan indeks inovasi daerah."),
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": _publisher()},
        "dct:language": "id",
        "dct:license": {"@id": settings.OPEN_DATA_LICENSE},
        "dcat:dataset": [
            {
                "@id": site + d.path,
                "@type": "dcat:Dataset",
                "dct:identifier": site + d.path,
                "dct:title": d.title,
                "dct:description": d.description,
                "dcat:keyword": list(d.keywords),
                "dct:modified": {"@value": _date(d.modified), "@type": "xsd:date"},
                "dct:publisher": {"@type": "foaf:Organization", "foaf:name": d.publisher},
                "dct:license": {"@id": settings.OPEN_DATA_LICENSE},
                "dcat:landingPage": {"@id": site + d.landing_path},
                "dcat:contactPoint": {
                    "@type": "vcard:Kind",
                    "vcard:fn": settings.OPEN_DATA_CONTACT_NAME,
                    "vcard:hasEmail": {"@id": f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"},
                },
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": dist.title,
                        "dcat:mediaType": dist.media_type,
                        "dct:license": {"@id": settings.OPEN_DATA_LICENSE},
                        "dcat:accessURL": {"@id": site + dist.path},
                        **({"dcat:downloadURL": {"@id": site + dist.path}} if dist.media_type != JSON else {}),
                    }
                    for dist in d.distributions
                ],
            }
            for d in items
        ],
    }
