"""Demo awards of the seed stories, given through the award services like an organizer would.

- KOVABLIK Jawa Timur 2023 (story 000): the edition's labels come from its award stages
  (Top 30, Top Inovasi Terpuji, Replikasi Terbaik, Outstanding Achievement). STMJ SAKERA and BAKSO
  SAKERA receive "Top Inovasi Terpuji" from the published stage results. The Vice Governor of East
  Java, Emil Elistianto Dardak, hands the award to the Acting Regent (Pj. Bupati) of Pasuruan,
  Andriyanto, at the opening of the Pameran Inovasi Pelayanan Publik dan Jatim Bureaucracy Fest
  2023 at Jatim Park 3, Kota Batu.
- KOVABLIK Jawa Timur 2020 (stories 003/004): Segar Kagemi (Top 30) and Rumah Diapers (Top 45)
  from the stage results; Diah Natalisa, Deputi Bidang Pelayanan Publik Kementerian PANRB, hands
  both to the Mayor of Malang, Sutiaji, at The Singhasari Resort, Kota Batu.

Facts the stories do not give, filled with neutral values (see docs/awards.md): the ceremony
dates are the dates of the news reports (23 November 2023, 15 November 2020: the ceremonies took
place on or before them); the 2020 ceremony has no name in the story; nobody is named as signing
the certificates, so the person who hands the awards over is printed as the signatory (the
default rule); certificates are issued on the ceremony day at 10:00 WIB.

Idempotent: labels, ceremonies, awards and certificates that exist are left alone.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from inovasi.awards import issuance, services
from inovasi.awards.models import Award, Certificate

WIB = ZoneInfo("Asia/Jakarta")

CEREMONIES = {
    2023: {
        "name": "Pembukaan Pameran Inovasi Pelayanan Publik dan Jatim Bureaucracy Fest 2023",
        "held_on": date(2023, 11, 23),
        "place": "Jatim Park 3, Kota Batu",
        "presenter_name": "Emil Elistianto Dardak",
        "presenter_title": "Wakil Gubernur Jawa Timur",
        "notes": "Tanggal acara mengikuti tanggal berita (Kamis, 23 November 2023).",
    },
    2020: {
        "name": "Penyerahan Penghargaan KOVABLIK Jawa Timur 2020",
        "held_on": date(2020, 11, 15),
        "place": "The Singhasari Resort, Kota Batu",
        "presenter_name": "Diah Natalisa",
        "presenter_title": "Deputi Bidang Pelayanan Publik Kementerian PANRB",
        "notes": "Nama acara tidak disebut dalam berita; tanggal mengikuti tanggal berita (15 November 2020).",
    },
}

# year → [(stage label, people who received the awards in the story)]
AWARDED = {
    2023: [("Top Inovasi Terpuji", [{"name": "Andriyanto", "title": "Penjabat (Pj.) Bupati Pasuruan"}])],
    2020: [
        ("Top 30", [{"name": "Drs. H. Sutiaji", "title": "Wali Kota Malang"}]),
        ("Top 45", [{"name": "Drs. H. Sutiaji", "title": "Wali Kota Malang"}]),
    ],
}


def _ceremony(edition, facts):
    ceremony = edition.ceremonies.filter(name=facts["name"]).first()
    return ceremony or services.create_ceremony(edition=edition, actor=None, **facts)


def _awards_of_stage(edition, stage_label, ceremony, people):
    stage = edition.stages.filter(label=stage_label, results_published_at__isnull=False).first()
    if stage is None or not stage.results.exists():
        return
    label = edition.award_labels.get(name=stage_label)
    listed = set(stage.results.filter(withdrawn_at__isnull=True).values_list("proposal_id", flat=True))
    awarded = set(Award.objects.filter(label=label).values_list("proposal_id", flat=True))
    if listed - awarded:
        outcome = services.awards_from_stage_results(stage, label, ceremony, None)
        for award in outcome.created:
            services.update_award(award=award, actor=None, people=people)


def load_awards_demo(loaded: dict, editions: dict) -> None:
    """loaded: what load_organisations() returned; editions: {year: Edition} from load_competitions()."""
    for year, facts in CEREMONIES.items():
        edition = editions.get(year)
        if edition is None:
            continue
        services.labels_from_stages(edition=edition, actor=None)
        ceremony = _ceremony(edition, facts)
        for stage_label, people in AWARDED[year]:
            _awards_of_stage(edition, stage_label, ceremony, people)
        issued_at = datetime.combine(facts["held_on"], datetime.min.time(), tzinfo=WIB).replace(hour=10)
        for award in issuance.missing_certificates(edition):
            if not Certificate.objects.filter(award=award).exists():
                issuance.issue_certificate(award=award, actor=None, issued_at=issued_at)
