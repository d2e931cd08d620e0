"""Paragraphs shared by the competition drafts: what an innovation is, since when it runs, who
replicated it, its results and outside recognitions, and the award ceremony."""

import itertools

from django.db.models import F, Prefetch

from inovasi.innovations.models import Innovation, Replication, Result
from inovasi.press.wording import (
    Figures,
    digit_free,
    format_result,
    group_phrase,
    grouped,
    innovation_url,
    join,
    lower_first,
    sentence,
    starts_with_noun,
    starts_with_verb,
)

# Lists of names longer than this are summarised ("memuat 90 inovasi") instead of spelled out.
MAX_NAMED = 30
# Per-innovation paragraphs are written for at most this many innovations in one release.
MAX_DETAILED = 6


# --- Paragraphs shared by the competition drafts ------------------------------------------------


def load_details(innovation_ids) -> list:
    return list(
        Innovation.objects.filter(pk__in=innovation_ids)
        .select_related("agency", "government", "government__region")
        .prefetch_related(
            Prefetch(
                "replications",
                # In the order they were adopted (or recorded, when the date is unknown).
                queryset=Replication.objects.select_related("adopter_government", "adopter_agency").order_by(
                    F("adopted_on").asc(nulls_last=True), "pk"
                ),
            ),
            "recognitions",
            "results",
        )
    )


def _adopter(replication) -> str:
    if replication.adopter_name:
        return replication.adopter_name
    if replication.adopter_agency_id:
        return replication.adopter_agency.name
    return replication.adopter_government.name if replication.adopter_government_id else ""


def _since_clause(book: Figures, innovation) -> str:
    if innovation.started_on is None:
        return ""
    label = f"Mulai diterapkan ({innovation.name})"
    source = f"Data inovasi {innovation.name}: mulai diterapkan"
    url = innovation_url(innovation)
    if innovation.started_year_only:
        year = book.year(f"innovation.{innovation.pk}.started", label, innovation.started_on.year, source, url)
        return f"sejak tahun {year}"
    day = book.day(f"innovation.{innovation.pk}.started", label, innovation.started_on, source, url)
    return f"sejak {day}"


def _replication_clause(book: Figures, innovation) -> str:
    replications = list(innovation.replications.all())
    if not replications:
        return ""
    names = [_adopter(r) for r in replications]
    kinds = {r.adopter_kind for r in replications}
    noun = "mitra" if kinds == {"non_government"} else "pemerintah daerah" if kinds == {"government"} else "pihak"
    label = f"Jumlah replikasi {innovation.name}"
    count = book.count(
        f"innovation.{innovation.pk}.replications",
        label,
        len(replications),
        f"Replikasi yang tercatat untuk inovasi {innovation.name}",
        innovation_url(innovation),
        words=True,
    )
    listed = f", yaitu {join(names)}" if len(names) <= MAX_NAMED else ""
    return f"telah direplikasi oleh {count} {noun}{listed}"


def innovation_paragraphs(book: Figures, innovations: list) -> list[str]:
    """What each innovation is, since when it runs, who replicated it, its results, outside
    recognitions and sustainability; facts shared word for word by several innovations are told once.

    One function per fact, called in the order of the release (the figures are numbered in it)."""
    paragraphs = _background_paragraphs(innovations)
    facts = _since_and_replication_sentences(book, innovations) + _sustainability_sentences(innovations)
    if facts:
        paragraphs.append(" ".join(facts))
    paragraphs += _result_paragraphs(book, innovations)
    paragraphs += _recognition_paragraphs(book, innovations)
    paragraphs += _significance_paragraphs(innovations)
    return paragraphs


def _background_paragraphs(innovations: list) -> list[str]:
    """What the innovations are: their background (or summary), once per shared text."""
    paragraphs = []
    for text, group in grouped(innovations, lambda i: digit_free(i.background) or digit_free(i.summary)):
        if not text:
            continue
        if starts_with_verb(text):
            paragraphs.append(sentence(f"Inovasi {join(i.name for i in group)} {lower_first(text)}"))
        else:
            paragraphs.append(sentence(text))
    return paragraphs


def _since_and_replication_sentences(book: Figures, innovations: list) -> list[str]:
    """Since when the innovations run and who replicated them, one sentence per shared pair."""
    total = len(innovations)
    facts = []
    for (_since_key, _reps), group in grouped(
        innovations,
        lambda i: (
            (i.started_on, i.started_year_only),
            tuple(_adopter(r) for r in i.replications.all()),
        ),
    ):
        # Every innovation of the group records its own figures; the group shares one sentence.
        since = [_since_clause(book, i) for i in group][0]  # noqa: RUF015
        replicated = [_replication_clause(book, i) for i in group][0]  # noqa: RUF015
        if not since and not replicated:
            continue
        subject = group_phrase(group, total)
        clauses = []
        if since:
            clauses.append(f"telah diterapkan {since}")
        if replicated:
            clauses.append(replicated)
        facts.append(sentence(f"{subject} {' dan '.join(clauses)}"))
    return facts


def _sustainability_sentences(innovations: list) -> list[str]:
    """The innovations' sustainability strategy, once per shared text."""
    facts = []
    for text, group in grouped(innovations, lambda i: digit_free(i.sustainability)):
        if not text:
            continue
        names = join(i.name for i in group)
        if starts_with_noun(text):
            facts.append(sentence(f"Strategi keberlanjutan inovasi {names} mencakup {lower_first(text)}"))
        else:
            facts.append(sentence(f"Strategi keberlanjutan inovasi {names}: {lower_first(text)}"))
    return facts


def _result_paragraphs(book: Figures, innovations: list) -> list[str]:
    """Per innovation, the latest measured value of each metric, and its note."""
    paragraphs = []
    for innovation in innovations:
        sentences = []
        for result in _latest_results(innovation.results.all()):
            value = book.add(
                f"innovation.{innovation.pk}.result.{result.pk}",
                f"{result.metric} {innovation.name} ({result.year})",
                result.value,
                format_result(result),
                f"Hasil terukur inovasi {innovation.name}: {result.metric}, tahun {result.year}",
                innovation_url(innovation),
            )
            year = book.year(
                f"innovation.{innovation.pk}.result.{result.pk}.year",
                f"Tahun hasil {result.metric} {innovation.name}",
                result.year,
                f"Hasil terukur inovasi {innovation.name}",
                innovation_url(innovation),
            )
            sentences.append(sentence(f"{result.metric} {innovation.name} mencapai {value} pada tahun {year}"))
            if digit_free(result.note):
                sentences.append(sentence(digit_free(result.note)))
        if sentences:
            paragraphs.append(" ".join(sentences))
    return paragraphs


def _recognition_paragraphs(book: Figures, innovations: list) -> list[str]:
    """Outside recognitions, one paragraph per group of innovations with the same ones."""
    paragraphs = []
    for _names, group in grouped(
        innovations, lambda i: tuple((r.name, r.giver, r.category) for r in i.recognitions.all())
    ):
        if not _names:
            continue
        subject = "inovasi " + join(i.name for i in group)
        told = []
        for recognition in group[0].recognitions.all():
            for innovation in group:
                for own in innovation.recognitions.all():
                    if own.name == recognition.name:
                        book.year(
                            f"innovation.{innovation.pk}.recognition.{own.pk}",
                            f"Tahun penghargaan luar {own.name} ({innovation.name})",
                            own.year,
                            f"Penghargaan luar yang dicatat untuk inovasi {innovation.name}",
                            innovation_url(innovation),
                        )
            category = f", dalam kategori {recognition.category}" if recognition.category else ""
            told.append(f"dari {recognition.giver} melalui {recognition.name}{category}")
        paragraphs.append(sentence(f"Keberhasilan {subject} juga telah mendapatkan pengakuan {join(told)}"))
    return paragraphs


def _significance_paragraphs(innovations: list) -> list[str]:
    """Why the innovations matter, once per shared text."""
    paragraphs = []
    for text, group in grouped(innovations, lambda i: digit_free(i.significance)):
        if text and starts_with_verb(text):
            paragraphs.append(sentence(f"Inovasi {join(i.name for i in group)} {lower_first(text)}"))
        elif text:
            paragraphs.append(sentence(text))
    return paragraphs


def _latest_results(results) -> list:
    """The latest year of each metric."""
    latest: dict[str, Result] = {}
    for result in sorted(results, key=lambda r: (r.metric, -r.year, r.pk)):
        latest.setdefault(result.metric, result)
    return list(latest.values())


def ceremony_sentence(book: Figures, ceremony, people: list[str]) -> str:
    """ "Penghargaan diserahkan oleh Wakil Gubernur Jawa Timur, Emil Elistianto Dardak, kepada …,
    dalam agenda … di … pada 23 November 2023."""
    presenter = ", ".join(x for x in (ceremony.presenter_title, ceremony.presenter_name) if x)
    clauses = ["Penghargaan diserahkan" + (f" oleh {presenter}" if presenter else "")]
    if people:
        clauses.append(f"kepada {join(people)}")
    day = book.day(
        f"ceremony.{ceremony.pk}.date",
        f"Tanggal {ceremony.name}",
        ceremony.held_on,
        f"Acara penganugerahan: {ceremony.name}",
    )
    place = f" di {ceremony.place}" if ceremony.place else ""
    clauses.append(f"dalam agenda {ceremony.name}{place} pada {day}")
    text = clauses[0]
    for previous, clause in itertools.pairwise(clauses):
        # A title and name in apposition ("Wakil Gubernur, Emil") is closed by a comma.
        text += (", " if "," in previous else " ") + clause
    return sentence(text)
