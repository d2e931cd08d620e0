"""Press-release drafts written from the data, in the style of Indonesian regional news.

Three generators: `draft_edition_results` (an edition's results, optionally one Pemda's share of
them), `draft_award` (one award, together with the other awards of the same label to the same Pemda
in that edition, as the news tells them: "STMJ SAKERA dan BAKSO SAKERA") and `draft_region_year`
(a Pemda's innovations in one year, its growth, agencies, results, awards and index).

Every number printed is computed here from the database at generation time and recorded in
`Draft.figures` with its value, the text printed and its source, so an editor can check each one
and a test can prove nothing is hard-coded. Growth is an increase (8 → 63 is "naik 687,5 %"),
money is written "Rp109,6 miliar", dates "23 November 2023", counts below ten in words.

The draft is an Indonesian-language document for the Indonesian press, like a certificate: its
sentences are written in Indonesian whatever the interface language (they are content the
organizer edits, not interface), and choice labels are rendered in Indonesian.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from inovasi.awards.models import Award, AwardLabelKind
from inovasi.formats.display import (
    format_count_words,
    format_number,
    growth_percent,
)
from inovasi.innovation_index.models import RegionIndex
from inovasi.innovations.models import Innovation, Replication, Result
from inovasi.innovations.region_stats import governments_in_scope, innovation_years
from inovasi.organisations.models import Agency
from inovasi.press.paragraphs import (
    MAX_DETAILED,
    MAX_NAMED,
    ceremony_sentence,
    innovation_paragraphs,
    load_details,
)
from inovasi.press.results import edition_results
from inovasi.press.wording import (
    Figures,
    digit_free,
    format_result,
    grouped,
    innovation_title,
    innovation_url,
    join,
    lower_first,
    person_text,
    sentence,
    site,
    starts_with_verb,
    where,
)


@dataclass
class Draft:
    title: str
    lead: str
    body: str
    figures: list[dict]


# --- Competition drafts -------------------------------------------------------------------------


def _edition_facts(book: Figures, edition) -> dict:
    competition = edition.competition
    year = book.year("edition.year", "Tahun edisi", edition.year, f"Edisi {edition.name}")
    return {
        "short": competition.short_name,
        "name": competition.name,
        "year": year,
        "full": f"{competition.name} ({competition.short_name}) Tahun {year}",
        "body": competition.body.name,
        "results_url": site(reverse("public:edition_results", args=[edition.pk])),
    }


def _entry_text(entry) -> str:
    return f"{entry.title} ({where(entry.agency, entry.government)})"


def _verb_for(label) -> str:
    return "masuk" if label.kind == AwardLabelKind.SHORTLIST else "meraih"


def _people_of(awards) -> list[str]:
    people = []
    for award in awards:
        for person in award.people or []:
            text = person_text(person)
            if text and text not in people:
                people.append(text)
    return people


def _ceremony_paragraphs(book: Figures, awards) -> list[str]:
    by_ceremony = grouped([a for a in awards if a.ceremony_id], lambda a: a.ceremony)
    paragraphs = [ceremony_sentence(book, ceremony, _people_of(group)) for ceremony, group in by_ceremony]
    undated = [a for a in awards if not a.ceremony_id]
    if undated and not by_ceremony:
        day = book.day("award.awarded_on", "Tanggal penetapan", undated[0].awarded_on, "Tanggal penetapan penghargaan")
        paragraphs.append(sentence(f"Penghargaan ditetapkan pada {day}"))
    return paragraphs


def _stage_lists_not_awarded(results) -> list:
    awarded = {g.label.name for g in results.awards if g.entries}
    return [s for s in results.stages if s.entries and s.label not in awarded]


def _filter_to_government(results, government):
    for stage_list in results.stages:
        stage_list.entries = [e for e in stage_list.entries if e.government.pk == government.pk]
    for group in results.awards:
        group.entries = [e for e in group.entries if e.government.pk == government.pk]
    results.awards = [g for g in results.awards if g.entries]
    return results


def _closing(facts) -> str:
    return f"Daftar lengkap hasil {facts['short']} {facts['year']} dapat dilihat di {facts['results_url']}."


def _government_draft(book: Figures, edition, government, results) -> Draft:
    """One Pemda's results in an edition: its awards, or the furthest shortlist it reached."""
    facts = _edition_facts(book, edition)
    award_entries = [e for g in results.awards for e in g.entries]
    if award_entries:
        entries = award_entries
        title, lead = _awards_lead(book, edition, government, facts, award_entries)
        body = _ceremony_paragraphs(book, [e.award for e in award_entries])
    else:
        stage_list = max((s for s in results.stages if s.entries), key=lambda s: s.stage.order)
        entries = stage_list.entries
        title, lead, body = _shortlist_text(book, edition, government, facts, stage_list)
    innovations_by_id = {}
    for entry in entries:
        if entry.innovation:
            innovations_by_id.setdefault(entry.innovation.pk, entry.innovation)
    innovations = load_details(list(innovations_by_id)[:MAX_DETAILED])
    innovations.sort(key=lambda i: list(innovations_by_id).index(i.pk))
    body += innovation_paragraphs(book, innovations)
    body.append(_closing(facts))
    return Draft(title=title, lead=" ".join(lead), body="\n\n".join(body), figures=book.items)


def _awards_lead(book: Figures, edition, government, facts, award_entries) -> tuple[str, list[str]]:
    """Title and lead sentences of a Pemda's awards: one label told with its innovations and
    agencies, several labels counted and listed."""
    labels = grouped(award_entries, lambda e: e.award.label)
    if len(labels) == 1:
        label = labels[0][0]
        title = f"{government.short_name} Raih {label.name} {facts['short']} {facts['year']}"
        lead = [sentence(f"{government.name} meraih penghargaan {label.name} dalam {facts['full']}")]
        with_innovation = [e for e in award_entries if e.innovation]
        if with_innovation:
            lead.append(_credited_innovations(with_innovation))
        return title, lead
    region = government.region.name
    count = book.count(
        f"government.{government.pk}.awards",
        f"Jumlah penghargaan {region}",
        len(award_entries),
        f"Penghargaan {edition.name} untuk {government.name}",
        facts["results_url"],
    )
    title = f"{region} Raih {count} Penghargaan {facts['short']} {facts['year']}"
    words = format_count_words(len(award_entries))
    parts = [
        f"inovasi {e.title} ({e.agency.name}) {_verb_for(e.award.label)} {e.label}"
        if e.agency
        else f"{e.title} {_verb_for(e.award.label)} {e.label}"
        for e in award_entries
    ]
    return title, [sentence(f"{government.name} meraih {words} penghargaan dalam {facts['full']}: {join(parts)}")]


def _credited_innovations(with_innovation) -> str:
    """ "Prestasi ini diraih berkat inovasi …": the innovations, and the agency behind them (each
    innovation's own agency when they differ)."""
    agencies = grouped(with_innovation, lambda e: e.agency)
    names = join(innovation_title(e.innovation) for e in with_innovation)
    if len(agencies) == 1 and agencies[0][0] is not None:
        return sentence(f"Prestasi ini diraih berkat inovasi {names} yang diinisiasi oleh {agencies[0][0].name}")
    parts = [
        f"{innovation_title(e.innovation)} dari {e.agency.name}" if e.agency else innovation_title(e.innovation)
        for e in with_innovation
    ]
    return sentence(f"Prestasi ini diraih berkat inovasi {join(parts)}")


def _shortlist_text(book: Figures, edition, government, facts, stage_list) -> tuple[str, list[str], list[str]]:
    """Title, lead and body of a Pemda's furthest shortlist: its entries and when the list was published."""
    region = government.region.name
    entries = stage_list.entries
    title = f"{region} Masuk {stage_list.label} {facts['short']} {facts['year']}"
    count = book.count(
        f"government.{government.pk}.stage.{stage_list.stage.pk}",
        f"Inovasi {region} dalam {stage_list.label}",
        len(entries),
        f"Daftar {stage_list.label} {edition.name}",
        facts["results_url"],
        words=True,
    )
    named = join(_entry_text(e) for e in entries)
    if len(entries) == 1:
        lead = [sentence(f"{government.name} masuk {stage_list.label} {facts['full']} dengan inovasi {named}")]
    else:
        lead = [sentence(f"{government.name} masuk {stage_list.label} {facts['full']} dengan {count} inovasi: {named}")]
    day = _published_day(book, stage_list, facts)
    return title, lead, [sentence(f"Daftar {stage_list.label} diumumkan oleh {facts['body']} pada {day}")]


def _published_day(book: Figures, stage_list, facts) -> str:
    return book.day(
        f"stage.{stage_list.stage.pk}.published",
        f"Tanggal pengumuman {stage_list.label}",
        stage_list.published_at,
        f"Tahap {stage_list.stage.name}: hasil diumumkan",
        facts["results_url"],
    )


def _whole_edition_draft(book: Figures, edition, results) -> Draft:
    facts = _edition_facts(book, edition)
    award_entries = [e for g in results.awards for e in g.entries]
    stage_lists = _stage_lists_not_awarded(results)
    if award_entries:
        title, lead, body = _edition_awards_text(book, edition, facts, results, award_entries)
    else:
        title, lead = _latest_stage_lead(book, edition, facts, stage_lists)
        body = []
    body += _stage_list_sentences(book, edition, facts, stage_lists)
    body += _participation_sentences(book, edition)
    winners = [e.innovation.pk for e in award_entries if e.innovation]
    if winners and len(set(winners)) <= MAX_DETAILED:
        innovations = load_details(set(winners))
        innovations.sort(key=lambda i: winners.index(i.pk))
        body += innovation_paragraphs(book, innovations)
    body.append(_closing(facts))
    return Draft(title=title, lead=lead, body="\n\n".join(body), figures=book.items)


def _edition_awards_text(book: Figures, edition, facts, results, award_entries) -> tuple[str, str, list[str]]:
    """Title, lead and body of an edition's awards: how many, to how many Pemda, per label, the
    winners of each label (when not too many) and the ceremonies."""
    governments = {e.government.pk for e in award_entries}
    n = book.count(
        "edition.awards", "Jumlah penghargaan", len(award_entries), f"Penghargaan {edition.name}", facts["results_url"]
    )
    g = book.count(
        "edition.awarded_governments",
        "Jumlah pemerintah daerah penerima penghargaan",
        len(governments),
        f"Penghargaan {edition.name}",
        facts["results_url"],
    )
    title = f"Hasil {facts['short']} {facts['year']}: {n} Penghargaan untuk {g} Pemerintah Daerah"
    parts = []
    for group in results.awards:
        count = book.count(
            f"edition.label.{group.label.pk}",
            f"Jumlah penerima {group.label.name}",
            len(group.entries),
            f"Penghargaan {group.label.name}, {edition.name}",
            facts["results_url"],
            words=True,
        )
        parts.append(f"{count} {group.label.name}")
    lead = sentence(
        f"{facts['body']} menetapkan {format_count_words(len(award_entries))} penghargaan {facts['full']} "
        f"untuk {format_count_words(len(governments))} pemerintah daerah"
    )
    if len(results.awards) > 1:
        lead += " " + sentence(f"Penghargaan itu terdiri atas {join(parts)}")
    body = [
        sentence(f"{group.label.name} diraih oleh {join(_entry_text(e) for e in group.entries)}")
        for group in results.awards
        if len(group.entries) <= MAX_NAMED
    ]
    body += _ceremony_paragraphs(book, [e.award for e in award_entries])
    return title, lead, body


def _latest_stage_lead(book: Figures, edition, facts, stage_lists) -> tuple[str, str]:
    """Title and lead of an edition without awards yet: its latest published shortlist."""
    latest = max(stage_lists, key=lambda s: s.stage.order)
    n = book.count(
        f"stage.{latest.stage.pk}.count",
        f"Jumlah inovasi {latest.label}",
        len(latest.entries),
        f"Daftar {latest.label} {edition.name}",
        facts["results_url"],
    )
    title = f"{n} Inovasi Masuk {latest.label} {facts['short']} {facts['year']}"
    day = _published_day(book, latest, facts)
    lead = sentence(f"{facts['body']} mengumumkan {n} inovasi yang masuk {latest.label} {facts['full']} pada {day}")
    return title, lead


def _stage_list_sentences(book: Figures, edition, facts, stage_lists) -> list[str]:
    """Each published shortlist: when, how many, and its entries when not too many."""
    body = []
    for stage_list in stage_lists:
        count = book.count(
            f"stage.{stage_list.stage.pk}.count",
            f"Jumlah inovasi {stage_list.label}",
            len(stage_list.entries),
            f"Daftar {stage_list.label} {edition.name}",
            facts["results_url"],
        )
        day = _published_day(book, stage_list, facts)
        told = f"Daftar {stage_list.label} yang diumumkan pada {day} memuat {count} inovasi"
        if len(stage_list.entries) <= MAX_NAMED:
            body.append(sentence(f"{told}: {join(_entry_text(e) for e in stage_list.entries)}"))
        else:
            body.append(sentence(told))
    return body


def _participation_sentences(book: Figures, edition) -> list[str]:
    """How many proposals the organizer received, from how many Pemda."""
    received = list(edition.proposals.submitted().values_list("government_id", flat=True))
    if not received:
        return []
    p = book.count(
        "edition.proposals", "Jumlah proposal diterima", len(received), f"Proposal {edition.name} yang diterima panitia"
    )
    g = book.count(
        "edition.participants",
        "Jumlah pemerintah daerah pengusul",
        len(set(received)),
        f"Proposal {edition.name} yang diterima panitia",
    )
    return [sentence(f"Pada edisi ini panitia menerima {p} proposal dari {g} pemerintah daerah")]


def draft_edition_results(edition, government=None) -> Draft:
    """A release on an edition's published results; with `government`, on that Pemda's results."""
    results = edition_results(edition)
    if government is not None:
        results = _filter_to_government(results, government)
    if results.is_empty:
        if government is not None:
            raise ValidationError(
                _("%(gov)s belum memiliki hasil yang diumumkan pada %(edition)s.")
                % {"gov": government.name, "edition": edition.name}
            )
        raise ValidationError(_("Belum ada hasil yang diumumkan untuk %(edition)s.") % {"edition": edition.name})
    with translation.override("id"):
        if government is not None:
            return _government_draft(Figures(), edition, government, results)
        return _whole_edition_draft(Figures(), edition, results)


def draft_award(award) -> Draft:
    """A release on one award, told together with the same label's other awards to the same Pemda."""
    with translation.override("id"):
        edition = award.label.edition
        results = _filter_to_government(edition_results(edition), award.government)
        results.awards = [g for g in results.awards if g.label.pk == award.label_id]
        for group in results.awards:  # the award asked about is told first
            group.entries.sort(key=lambda entry: entry.award.pk != award.pk)
        results.stages = []
        return _government_draft(Figures(), edition, award.government, results)


# --- A region's year ----------------------------------------------------------------------------


def _top_level_agency_count(government_ids, innovation_ids) -> int:
    """Distinct top-level agencies owning these innovations (a Puskesmas counts for its Dinas),
    the rule of the region page's "Satu Perangkat Daerah Satu Inovasi"."""
    parents = dict(Agency.objects.filter(government_id__in=government_ids).values_list("pk", "parent_id"))
    tops = set()
    for agency_id in Innovation.objects.filter(pk__in=innovation_ids).values_list("agency_id", flat=True):
        seen = set()
        while parents.get(agency_id) and agency_id not in seen:
            seen.add(agency_id)
            agency_id = parents[agency_id]
        tops.add(agency_id)
    return len(tops)


def draft_region_year(government, year: int, compare_year: int | None = None) -> Draft:
    """A release on a Pemda's innovations in `year` (a province counts its kabupaten/kota too, as the
    region page does), compared with `compare_year` (default: the earliest earlier year with data)."""
    region = government.region
    scope = [g.pk for g in governments_in_scope(region)]
    by_year = innovation_years(scope)
    current = by_year.get(year, set())
    if not current:
        raise ValidationError(
            {
                "year": _("Belum ada inovasi terbit %(region)s untuk tahun %(year)s.")
                % {"region": region.name, "year": year}
            }
        )
    earlier = sorted(y for y in by_year if y < year)
    if compare_year is not None:
        if compare_year >= year or compare_year not in by_year:
            raise ValidationError(
                {
                    "compare_year": _("Tahun pembanding harus tahun sebelumnya yang memiliki data: %(years)s.")
                    % {"years": ", ".join(map(str, earlier)) or "–"}
                }
            )
    elif earlier:
        compare_year = earlier[0]
    with translation.override("id"):
        book = Figures()
        region_url = reverse("public:region_detail", args=[region.code])
        counted = f"Inovasi terbit {region.name} yang tercatat untuk tahun"
        y = book.year("region.year", "Tahun", year, "Tahun yang dipilih")
        n = book.count(
            f"region.innovations.{year}", f"Jumlah inovasi {year}", len(current), f"{counted} {year}", region_url
        )
        agencies = book.count(
            f"region.agencies.{year}",
            f"Perangkat daerah yang memiliki inovasi pada {year}",
            _top_level_agency_count(scope, current),
            f"Perangkat daerah (tingkat teratas) pemilik inovasi terbit tahun {year}",
            region_url,
        )
        title = f"{region.name} Catat {n} Inovasi pada {y}"
        lead = [sentence(f"{government.name} mencatat {n} inovasi dari {agencies} perangkat daerah pada tahun {y}")]
        if compare_year is not None:
            old = len(by_year[compare_year])
            cy = book.year("region.compare_year", "Tahun pembanding", compare_year, "Tahun pembanding", region_url)
            m = book.count(
                f"region.innovations.{compare_year}",
                f"Jumlah inovasi {compare_year}",
                old,
                f"{counted} {compare_year}",
                region_url,
            )
            growth = growth_percent(old, len(current))
            if growth > 0:
                pct = book.percent(
                    "region.growth", f"Kenaikan {compare_year}–{year}", growth, f"({n} − {m}) / {m} × 100", region_url
                )
                title += f", Naik {pct} dari {cy}"
                lead.append(sentence(f"Jumlah itu naik {pct} dibandingkan tahun {cy} yang mencatatkan {m} inovasi"))
            elif growth < 0:
                pct = book.percent(
                    "region.growth", f"Penurunan {compare_year}–{year}", -growth, f"({m} − {n}) / {m} × 100", region_url
                )
                lead.append(sentence(f"Jumlah itu turun {pct} dibandingkan tahun {cy} yang mencatatkan {m} inovasi"))
            else:
                lead.append(sentence(f"Jumlah itu sama dengan tahun {cy}"))
        body = _region_body(book, government, scope, year, current, region_url)
        return Draft(title=title, lead=" ".join(lead), body="\n\n".join(body), figures=book.items)


def _region_body(book: Figures, government, scope, year, current, region_url) -> list[str]:
    """The region release's body: digital share, the year's results, replications, awards, the index."""
    region = government.region
    body = _digital_sentences(book, year, current, region_url)
    body += _year_result_paragraphs(book, year, current)
    body += _replication_sentences(book, region, scope, region_url)
    body += _region_award_sentences(book, region, scope, year)
    body += _region_index_sentences(book, government, year)
    body.append(f"Data inovasi {region.name} dapat dilihat di {site(region_url)}.")
    return body


def _digital_sentences(book: Figures, year, current, region_url) -> list[str]:
    digital = Innovation.objects.filter(pk__in=current, type="digital").count()
    if not digital:
        return []
    d = book.count(
        f"region.digital.{year}",
        f"Inovasi digital {year}",
        digital,
        f"Inovasi terbit {year} berjenis digital",
        region_url,
    )
    nd = book.count(
        f"region.non_digital.{year}",
        f"Inovasi non-digital {year}",
        len(current) - digital,
        f"Inovasi terbit {year} selain digital",
        region_url,
    )
    return [sentence(f"Dari jumlah tersebut, {d} inovasi berjenis digital dan {nd} lainnya non-digital")]


def _year_result_paragraphs(book: Figures, year, current) -> list[str]:
    """Up to five results measured in the year, each with what its innovation does."""
    results = list(
        Result.objects.filter(innovation_id__in=current, year=year)
        .select_related("innovation")
        .order_by("innovation__name", "metric", "pk")[:5]
    )
    paragraphs = []
    for result in results:
        innovation = result.innovation
        text = []
        summary = digit_free(innovation.summary)
        if summary and starts_with_verb(summary):
            text.append(sentence(f"{innovation.name} {lower_first(summary)}"))
        value = book.add(
            f"innovation.{innovation.pk}.result.{result.pk}",
            f"{result.metric} {innovation.name} ({result.year})",
            result.value,
            format_result(result),
            f"Hasil terukur inovasi {innovation.name}: {result.metric}, tahun {result.year}",
            innovation_url(innovation),
        )
        text.append(sentence(f"{result.metric} {innovation.name} mencapai {value} pada tahun {year}"))
        if digit_free(result.note):
            text.append(sentence(digit_free(result.note)))
        paragraphs.append(" ".join(text))
    return paragraphs


def _replication_sentences(book: Figures, region, scope, region_url) -> list[str]:
    total = Replication.objects.filter(
        innovation__in=Innovation.objects.published().filter(government_id__in=scope)
    ).count()
    if not total:
        return []
    k = book.count(
        "region.replications", "Jumlah replikasi", total, f"Replikasi inovasi terbit {region.name}", region_url
    )
    return [
        sentence(f"Hingga kini, inovasi {region.name} tercatat telah direplikasi {k} kali oleh daerah dan mitra lain")
    ]


def _region_award_sentences(book: Figures, region, scope, year) -> list[str]:
    awards = list(
        Award.objects.filter(government_id__in=scope, awarded_on__year=year)
        .select_related("label", "label__edition", "label__edition__competition", "innovation")
        .order_by("awarded_on", "label__order", "pk")
    )
    if not awards:
        return []
    parts = []
    for award in awards:
        edition = award.label.edition
        name = award.innovation.name if award.innovation_id else award.recipient_name
        book.year(f"award.{award.pk}.edition_year", f"Tahun {edition.name}", edition.year, f"Penghargaan: {award}")
        parts.append(f"{award.label.name} {edition.competition.short_name} {edition.year} untuk {name}")
    return [sentence(f"Pada tahun yang sama, {region.name} meraih {join(parts)}")]


def _region_index_sentences(book: Figures, government, year) -> list[str]:
    """The Pemda's published index of the year: score, predicate and rank in its cluster."""
    region = government.region
    index = (
        RegionIndex.objects.published()
        .filter(government=government, framework__year=year)
        .select_related("framework")
        .first()
    )
    if index is None:
        return []
    url = reverse("public:index_region", args=[year, region.code])
    score = book.add(
        "region.index.score",
        f"Indeks Inovasi Daerah {year}",
        index.iid,
        format_number(index.iid, 2),
        f"{index.framework.name}: indeks {region.name}",
        url,
    )
    predicate = index.get_predicate_display()
    text = f"Dalam Indeks Inovasi Daerah {year}, {region.name} memperoleh skor {score} dengan predikat {predicate}"
    if index.rank:
        rank = book.count(
            "region.index.rank",
            f"Peringkat klaster {index.get_cluster_display().lower()}",
            index.rank,
            f"{index.framework.name}: peringkat dalam klaster",
            url,
        )
        text += f", peringkat {rank} klaster {index.get_cluster_display().lower()}"
    return [sentence(text)]
