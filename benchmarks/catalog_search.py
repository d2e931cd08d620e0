"""Benchmark: in-process catalog search over 100,000 synthetic published innovations.

    .venv/bin/python benchmarks/catalog_search.py              # throwaway SQLite file under /tmp
    .venv/bin/python benchmarks/catalog_search.py --postgres   # scratch PostgreSQL database

It builds the database itself (migrate, the real regions and Pemda, agencies, then innovations with
Indonesian text through bulk_create and `index_innovations`), then times `search_catalog` exactly as
the catalog page calls it (count, facet counts for every filter, one page of rows) for typical
searches with and without filters, and reports p50/p95. Target: p95 under 50 ms on SQLite.
Results are recorded in docs/performance/catalog.md.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUBJECTS = [
    "petani",
    "pelajar",
    "ibu hamil",
    "balita",
    "pedagang pasar",
    "pelaku UMKM",
    "lansia",
    "warga desa",
    "penyandang disabilitas",
    "nelayan",
    "peternak sapi",
    "guru",
    "kader posyandu",
    "pencari kerja",
    "wisatawan",
    "remaja",
    "karang taruna",
    "perangkat desa",
    "pengemudi ojek",
    "pengrajin batik",
    "santri",
    "buruh pabrik",
    "pasien rawat jalan",
    "anak jalanan",
    "kelompok tani hutan",
    "pelaku wisata",
    "pengusaha kuliner",
]
ACTIONS = [
    "mengolah sampah anorganik",
    "mendaur ulang popok bayi",
    "memantau tumbuh kembang anak",
    "mendaftarkan izin usaha",
    "mengurus akta kelahiran",
    "membayar pajak daerah",
    "menjual produk lokal",
    "mendapatkan air bersih",
    "mencegah stunting",
    "berkonsultasi dengan ahli pertanian",
    "melaporkan jalan rusak",
    "mengakses layanan kesehatan",
    "memasarkan hasil panen",
    "mengolah limbah ternak",
    "mendapatkan bantuan sosial",
    "belajar keterampilan menganyam",
    "mengurangi angka putus sekolah",
    "memeriksa kesehatan hewan",
    "mengajukan pengaduan",
    "mengikuti pelatihan kerja",
    "memesan ambulans desa",
    "mengurus sertifikat halal",
    "memperoleh benih unggul",
    "menanam mangrove",
    "mengelola bank sampah",
    "membuat kompos organik",
    "memeriksa kualitas udara",
    "mengurus paspor ternak",
    "mendapat vaksinasi",
    "mengikuti kelas ibu hamil",
    "membaca di perpustakaan keliling",
    "mengurus izin mendirikan bangunan",
    "memantau harga bahan pokok",
    "mengakses internet desa",
    "mendaftar sekolah secara daring",
    "menyewa alat pertanian",
    "mengolah kopi rakyat",
    "mengelola homestay",
    "mengurus kartu identitas anak",
    "mendeteksi dini penyakit tidak menular",
    "membayar retribusi parkir",
    "mengurangi genangan banjir",
    "memantau kesehatan jiwa",
    "mencegah kekerasan terhadap anak",
    "mengembangkan ekonomi kreatif",
    "menjaga keamanan lingkungan",
    "mengelola irigasi",
    "memperbaiki rumah tidak layak huni",
]
MEANS = [
    "melalui aplikasi digital",
    "dengan layanan jemput bola",
    "bersama PKK dan BLH",
    "di kantor kelurahan",
    "lewat posyandu keliling",
    "dengan dukungan perguruan tinggi",
    "melalui pesan singkat",
    "di sekolah",
    "dengan kemitraan swasta",
    "melalui pasar rakyat",
    "secara daring dan luring",
    "di pondok pesantren",
]
OUTCOMES = [
    "Waktu layanan turun dari tujuh hari menjadi satu hari.",
    "Jumlah pengaduan berkurang setengahnya.",
    "Pendapatan kelompok naik dua kali lipat.",
    "Cakupan layanan meluas ke seluruh kecamatan.",
    "Kepuasan masyarakat meningkat menurut survei.",
    "Biaya yang dikeluarkan warga turun sepertiganya.",
]
# Sentences any narrative may carry whatever its topic (so a topical word is not in every record).
GENERIC = [
    "Kegiatan dilaksanakan setiap hari kerja oleh tim pelaksana.",
    "Anggaran berasal dari APBD dan dana desa.",
    "Tim terdiri atas aparatur sipil negara dan relawan.",
    "Sosialisasi dilakukan melalui media sosial dan radio.",
    "Standar operasional prosedur ditetapkan dengan keputusan kepala perangkat daerah.",
    "Monitoring dan evaluasi dilakukan setiap triwulan.",
    "Masyarakat dapat menyampaikan masukan melalui kotak saran.",
    "Inovasi ini dikuatkan dengan peraturan kepala daerah.",
    "Pelaksana mendapat bimbingan teknis setiap tahun.",
    "Data capaian dilaporkan dalam rapat koordinasi bulanan.",
    "Sarana pendukung disediakan oleh pemerintah daerah.",
    "Kolaborasi dengan organisasi kemasyarakatan memperluas jangkauan.",
    "Keberlanjutan dijaga dengan memasukkan kegiatan ke rencana kerja tahunan.",
    "Hasilnya dipaparkan dalam forum perangkat daerah.",
    "Replikasi terbuka bagi daerah lain yang berminat.",
]
NAME_WORDS = [
    "Sakera",
    "Gemilang",
    "Sehat",
    "Cerdas",
    "Tangguh",
    "Lestari",
    "Mandiri",
    "Peduli",
    "Bersih",
    "Sigap",
    "Pintar",
    "Berdaya",
    "Makmur",
    "Ceria",
    "Hebat",
    "Bangga",
    "Among",
    "Segar",
    "Pedas",
    "Rumah",
]
NAME_OBJECTS = [
    "Sampah",
    "Tani",
    "Pasar",
    "Diapers",
    "Posyandu",
    "Izin",
    "Pajak",
    "Air",
    "Sekolah",
    "Ternak",
    "Lokal",
    "Kantin",
    "Desa",
    "Sehat",
    "Kerja",
    "Wisata",
]
QUERIES = [
    ("jelajah tanpa saringan", {}),
    ("jelajah halaman 3", {"page": "3"}),
    ("q: pengolahan sampah", {"q": "pengolahan sampah"}),
    ("q: layanan kesehatan ibu hamil", {"q": "layanan kesehatan ibu hamil"}),
    ("q: petani + urut terbaru", {"q": "petani", "sort": "newest"}),
    ("q: aplikasi perizinan + provinsi 35", {"q": "aplikasi perizinan", "province": "35"}),
    ("provinsi 35 + digital", {"province": "35", "type": "digital"}),
    ("kab/kota 35.79 + penerapan", {"region": "35.79", "stage": "penerapan"}),
    ("q: stunting + urusan 1.02", {"q": "stunting", "affair": "1.02"}),
    ("sudah direplikasi + urut replikasi", {"replicated": "yes", "sort": "replications"}),
    ("penghargaan luar + tahun 2021", {"award": "outside", "start_year": "2021"}),
    ("q: mendaur ulang popok bayi + provinsi 35", {"q": "mendaur ulang popok bayi", "province": "35"}),
    # Forgiving search (#18): found only through a correction ("Mungkin maksud Anda: …"), with words
    # the synthetic vocabulary holds (it has no "pengolahan"; "sampa" is a place-name word there).
    ("q: ibu ham (masih diketik)", {"q": "ibu ham"}),
    ("q: stuntin (masih diketik)", {"q": "stuntin"}),
    ("q: kesehatn ibu hamil (salah ketik)", {"q": "kesehatn ibu hamil"}),
    ("q: petni (salah ketik, kata luas)", {"q": "petni"}),
]


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ["INOVASI_ENV"] = "development"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def topic_text(rng) -> tuple[str, str]:
    """One topic per innovation (who does what, how): its summary and background revolve around it."""
    subject, action, means = rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(MEANS)
    summary = f"{subject.capitalize()} {action} {means}. {rng.choice(GENERIC)}"
    background = f"Sebelumnya {subject} kesulitan {action}. {rng.choice(GENERIC)} {rng.choice(GENERIC)}"
    return summary, background


def generic(rng, count: int) -> str:
    return " ".join(rng.sample(GENERIC, count))


def generate(count: int, seed: int = 7):
    from django.db import connection, transaction

    from inovasi.innovations.enums import (
        AdopterKind,
        InitiatorKind,
        InnovationForm,
        InnovationStage,
        InnovationStatus,
        InnovationType,
        ReplicationEvidenceKind,
    )
    from inovasi.innovations.models import GovernmentAffair, Innovation, Recognition, Replication
    from inovasi.organisations.enums import AgencyKind
    from inovasi.organisations.models import Agency, Government
    from inovasi.organisations.services import sync_governments
    from inovasi.regions.services import load_regions
    from inovasi.search.indexing import index_innovations

    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    load_regions()
    sync_governments()
    governments = list(Government.objects.all())
    kinds = [AgencyKind.DINAS, AgencyKind.BADAN, AgencyKind.PUSKESMAS, AgencyKind.SEKOLAH, AgencyKind.KECAMATAN]
    agencies = Agency.objects.bulk_create(
        [
            Agency(government=g, name=f"{kind.label} {n}", kind=kind)
            for g in governments
            for n, kind in enumerate(kinds * 2)
        ]
    )
    affairs = list(GovernmentAffair.objects.values_list("pk", flat=True))
    through = Innovation.affairs.through
    forms, types, stages = list(InnovationForm.values), list(InnovationType.values), list(InnovationStage.values)
    made = 0
    start = time.perf_counter()
    while made < count:
        batch = []
        for _ in range(min(5000, count - made)):
            agency = rng.choice(agencies)
            year = rng.randint(2016, 2025)
            summary, background = topic_text(rng)
            batch.append(
                Innovation(
                    agency=agency,
                    government_id=agency.government_id,
                    name=f"{rng.choice(NAME_WORDS)} {rng.choice(NAME_OBJECTS)} {rng.choice(NAME_WORDS)}",
                    acronym_expansion=" ".join(rng.choice(NAME_WORDS) for _ in range(3)),
                    initiator_kind=InitiatorKind.PERANGKAT_DAERAH,
                    form=rng.choice(forms),
                    type=rng.choice(types),
                    stage=rng.choice(stages),
                    started_on=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    year=min(2025, year + rng.randint(0, 3)),
                    summary=summary,
                    background=background,
                    novelty=generic(rng, 1),
                    implementation=generic(rng, 2),
                    significance=rng.choice(OUTCOMES) + " " + rng.choice(OUTCOMES),
                    sustainability=generic(rng, 2),
                    status=InnovationStatus.PUBLISHED,
                )
            )
        with transaction.atomic():
            created = Innovation.objects.bulk_create(batch)
            if connection.vendor == "sqlite" and created[0].pk is None:
                raise SystemExit("bulk_create did not return primary keys")
            links, recognitions, replications = [], [], []
            for innovation in created:
                for affair in rng.sample(affairs, rng.randint(1, 2)):
                    links.append(through(innovation_id=innovation.pk, governmentaffair_id=affair))
                if rng.random() < 0.05:
                    recognitions.append(
                        Recognition(innovation=innovation, name="Penghargaan", giver="Media", year=2022)
                    )
                if rng.random() < 0.1:
                    adopter = rng.choice(governments)
                    replications.append(
                        Replication(
                            innovation=innovation,
                            adopter_kind=AdopterKind.GOVERNMENT,
                            adopter_government=adopter,
                            adopter_name=adopter.name,
                            evidence_kind=ReplicationEvidenceKind.SURAT_PERNYATAAN,
                        )
                    )
            through.objects.bulk_create(links)
            Recognition.objects.bulk_create(recognitions)
            Replication.objects.bulk_create(replications)
        made += len(created)
        print(f"  {made:>7} innovations written", file=sys.stderr)
    written_at = time.perf_counter()
    indexed = index_innovations(Innovation.objects.values_list("pk", flat=True))
    indexed_at = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"rows": made, "write_s": written_at - start, "index_s": indexed_at - written_at, "indexed": indexed}


def measure(repeats: int):
    """Per query: `cold` clears the facet cache before every run (counts computed from scratch),
    `warm` is the same call repeated while the index is unchanged (counts from the cache)."""
    from django.core.cache import cache

    from inovasi.search.catalog import CatalogParams, search_catalog

    def run(data):
        started = time.perf_counter()
        result = search_catalog(CatalogParams.from_data(data))
        page = result.page(data.get("page", 1))
        elapsed = (time.perf_counter() - started) * 1000
        assert len(page.innovations) <= 20
        return elapsed, result.total

    for _label, data in QUERIES:  # warm the stemmer dictionary and the database page cache
        run(data)
    cold_all, warm_all, per_query = [], [], {}
    for label, data in QUERIES:
        cold, warm = [], []
        for _ in range(repeats):
            cache.clear()
            elapsed, total = run(data)
            cold.append(elapsed)
            warm.append(run(data)[0])
        per_query[label] = (
            statistics.median(cold),
            percentile(cold, 95),
            statistics.median(warm),
            percentile(warm, 95),
            total,
        )
        cold_all += cold
        warm_all += warm
    return cold_all, warm_all, per_query


def percentile(samples, pct):
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="use a scratch PostgreSQL database")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432", help="server URL without db")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--keep", metavar="PATH", help="SQLite only: keep the database at PATH (reused if present)")
    args = parser.parse_args()

    if args.postgres:
        import psycopg

        name = "inovasi_bench_catalog"
        with psycopg.connect(f"{args.pg_url}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        url = f"{args.pg_url}/{name}"
        path = None
    else:
        path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="inovasi-bench-")) / "catalog.sqlite3"
        url = f"sqlite:///{path}"
        reuse = bool(args.keep) and path.exists()
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    print(f"Database: {connection.vendor} ({path or url})", file=sys.stderr)
    call_command("migrate", verbosity=0)
    if args.postgres or not reuse:
        built = generate(args.rows)
    else:
        from inovasi.innovations.models import Innovation

        built = {"rows": Innovation.objects.count(), "write_s": 0, "index_s": 0, "indexed": 0}
    print(
        f"Generated {built['rows']} innovations in {built['write_s']:.1f} s, indexed {built['indexed']} in "
        f"{built['index_s']:.1f} s",
        file=sys.stderr,
    )
    cold_all, warm_all, per_query = measure(args.repeats)
    engine = connection.Database.sqlite_version if connection.vendor == "sqlite" else connection.pg_version
    print(
        f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {connection.vendor} {engine}"
    )
    print(f"Rows: {built['rows']}; {args.repeats} runs per query\n")
    print(f"| {'query':<44} | cold p50 | cold p95 | warm p50 | warm p95 | matches |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 9}|")
    for label, (c50, c95, w50, w95, total) in per_query.items():
        print(f"| {label:<44} | {c50:8.1f} | {c95:8.1f} | {w50:8.1f} | {w95:8.1f} | {total:7d} |")
    print(
        f"\nAll queries (ms): cold p50 {statistics.median(cold_all):.1f}, p95 {percentile(cold_all, 95):.1f}; "
        f"warm p50 {statistics.median(warm_all):.1f}, p95 {percentile(warm_all, 95):.1f}"
    )
    print(f"Load average during the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if path and not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.rmdir()
    elif args.postgres:
        connection.close()
        import psycopg

        with psycopg.connect(f"{args.pg_url}/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS inovasi_bench_catalog")


if __name__ == "__main__":
    main()
