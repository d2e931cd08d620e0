"""The minutes ("berita acara") of a closed stage: what is frozen beside the ranking, and the PDF.

`frozen_context` gathers, at closing, what an organizer defending the result before an inspectorate
is asked for: the method in words, the advancement rule, the stage window, the jury and who scored,
excluded scores and their waivers, replacement jurors, and why each proposal just below the cut did
not advance (score, threshold, tie-break or quota). It becomes part of the hashed canonical JSON, so
`render` draws the PDF from the frozen record alone and the PDF can be redrawn identically.
The PDF carries the organizer body's electronic seal and an empty field for the official's own
signature (`inovasi.audit.seal`).
"""

import io
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from inovasi.audit import seal as sealing
from inovasi.competitions import funnel, shortlists
from inovasi.competitions.enums import StageKind
from inovasi.competitions.models import Stage
from inovasi.judging.models import Aggregation, Assignment, Juror, Scorecard, ScorecardState

BELOW_CUT_SHOWN = 5


def method_in_words(aggregation: str, trim_fraction) -> str:
    """The aggregation as a sentence for the minutes ("skor-z per juri", never "zscore")."""
    if aggregation == Aggregation.MEDIAN:
        return _("median nilai total para juri")
    if aggregation == Aggregation.TRIMMED_MEAN:
        percent = f"{Decimal(str(trim_fraction)) * 100:.0f}"
        return _("rata-rata terpangkas: %(p)s%% nilai total terendah dan tertinggi dibuang, sisanya dirata-rata") % {
            "p": percent
        }
    if aggregation == Aggregation.ZSCORE:
        return _(
            "skor-z per juri: nilai tiap juri dibakukan terhadap rata-rata dan simpangan baku juri itu sendiri, "
            "dikembalikan ke skala tahap, lalu dirata-rata"
        )
    return _("rata-rata nilai total para juri")


def _plain(value):
    """A JSON-safe copy of an outcome's list entry (another module may put objects in it)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def jury(stage) -> list[dict]:
    assigned = dict(
        Assignment.objects.filter(stage=stage).values("juror_id").annotate(n=Count("pk")).values_list("juror_id", "n")
    )
    submitted = dict(
        Scorecard.objects.filter(stage=stage)
        .values("juror_id")
        .annotate(n=Count("pk", filter=Q(state=ScorecardState.SUBMITTED)))
        .values_list("juror_id", "n")
    )
    jurors = Juror.objects.filter(pk__in=set(assigned) | set(submitted)).order_by("name", "pk")
    return [
        {
            "id": j.pk,
            "name": j.name,
            "affiliation": j.affiliation,
            "assigned": assigned.get(j.pk, 0),
            "submitted": submitted.get(j.pk, 0),
        }
        for j in jurors
    ]


def below_cut(stage, judging, outcome) -> list[dict]:
    """Why each proposal just below the cut did not advance: the first few non-advancing scored
    rows after the last advancing one, and every row a quota held back."""
    advancing = set(outcome.advancing)
    chosen = [r for r in outcome.rows if r.proposal_id in advancing]
    last = chosen[-1] if chosen else None
    reasons = []
    for row in outcome.rows:
        if row.proposal_id in advancing:
            continue
        held_by_quota = row.proposal_id in outcome.skipped_by_quota
        if not held_by_quota and len([r for r in reasons if not r["quota"]]) >= BELOW_CUT_SHOWN:
            continue
        if row.score is None:
            reason = _("tidak ada nilai yang masuk")
        elif stage.passing_score is not None and row.score < float(stage.passing_score):
            reason = _("nilai %(s)s di bawah ambang lolos %(t)s") % {
                "s": _number(row.score),
                "t": _number(float(stage.passing_score)),
            }
        elif held_by_quota:
            reason = _("kuota sudah terpenuhi oleh proposal berperingkat lebih tinggi")
        elif last is not None and round(row.score, 4) == round(last.score, 4):
            reason = _("nilai sama dengan batas lolos; kalah pada pemecah nilai seri (%(t)s)") % {
                "t": ", ".join(judging.tie_breaks or []) or "-"
            }
        else:
            reason = _("nilai %(s)s di bawah nilai terakhir yang lolos (%(c)s)") % {
                "s": _number(row.score),
                "c": _number(last.score) if last is not None else "-",
            }
        reasons.append(
            {
                "proposal": row.proposal_id,
                "title": outcome.proposals[row.proposal_id].title,
                "rank": row.rank,
                "score": None if row.score is None else round(row.score, 2),
                "reason": reason,
                "quota": held_by_quota,
            }
        )
    return reasons


def _number(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def frozen_context(stage, judging, outcome) -> dict:
    """The minutes' facts beside the ranking, JSON-ready (part of the hashed record)."""
    return {
        "method": {
            "aggregation": judging.aggregation,
            "words": method_in_words(judging.aggregation, judging.trim_fraction),
            "k": judging.jurors_per_proposal,
            "trim_fraction": str(judging.trim_fraction),
            "anonymise": judging.anonymise,
        },
        "rule": {
            "top_n": stage.top_n,
            "passing_score": None if stage.passing_score is None else str(stage.passing_score),
            "quotas": _plain(list(stage.quotas or [])),
        },
        "window": {
            "opens_at": stage.opens_at.isoformat() if stage.opens_at else None,
            "closes_at": stage.closes_at.isoformat() if stage.closes_at else None,
        },
        "jury": jury(stage),
        "excluded": _plain(list(getattr(outcome, "excluded", []) or [])),
        "waivers": _plain(list(getattr(outcome, "waivers", []) or [])),
        "replacements": _plain(list(getattr(outcome, "replacements", []) or [])),
        "below_cut": below_cut(stage, judging, outcome),
        "objections": objections(stage),
        "disqualifications": disqualifications(stage, outcome),
    }


def objections(stage) -> list[dict]:
    """The objections an inspectorate asks about at this stage, each with the Pemda's reply and the
    decision: those about the published list that fed this stage (the windows between the previous
    list and this stage), then those about this stage's own list (only after a reopening)."""
    fed_by = (
        Stage.objects.filter(edition_id=stage.edition_id, order__lt=stage.order, results_published_at__isnull=False)
        .exclude(kind=StageKind.OBJECTION_WINDOW)
        .order_by("-order")
        .first()
    )
    found = shortlists.stage_objections(fed_by) if fed_by is not None else []
    return _plain(found + shortlists.stage_objections(stage))


def disqualifications(stage, outcome) -> list[dict]:
    """Every proposal of the edition disqualified up to this stage (it left the running, so the
    ranking no longer shows it) and any ranked one, with the annotation the frozen record keeps."""
    ranked = funnel.disqualifications([row.proposal_id for row in outcome.rows])
    earlier = funnel.edition_disqualifications(stage.edition).filter(stage__order__lte=stage.order)
    rows = {d.proposal_id: d for d in earlier} | ranked
    return [
        {
            "proposal": d.proposal_id,
            "title": d.proposal.title,
            "stage": d.stage.name,
            "source": d.source,
            "reason": d.reason,
            "decided_at": d.decided_at.isoformat(),
            "annotation": str(d.annotation),
        }
        for d in sorted(rows.values(), key=lambda d: (d.decided_at, d.pk))
    ]


def _objection_lines(item: dict) -> list[str]:
    """An objection in the minutes: what was objected, the Pemda's reply, the decision."""
    lines = [
        _("%(p)s (%(g)s), diajukan %(d)s: %(r)s")
        % {"p": item["proposal"], "g": item["government"], "d": (item["filed_at"] or "")[:10], "r": item["reason"]}
    ]
    if item.get("reply"):
        lines.append(
            _("Tanggapan Pemda (%(who)s, %(d)s):")
            % {"who": item.get("replied_by") or "-", "d": (item.get("replied_at") or "")[:10]}
        )
        lines.append(item["reply"])
        for attachment in item.get("reply_attachments") or []:
            lines.append(
                _("Lampiran tanggapan: %(n)s (SHA-256 %(h)s)") % {"n": attachment["name"], "h": attachment["sha256"]}
            )
    else:
        lines.append(_("Tanggapan Pemda: tidak ada."))
    decision = item.get("state_label") or item.get("state") or "-"
    if item.get("resolution"):
        decision = f"{decision}: {item['resolution']}"
    lines.append(
        _("Keputusan: %(d)s (%(who)s, %(when)s)")
        % {"d": decision, "who": item.get("resolved_by") or "-", "when": (item.get("resolved_at") or "-")[:10]}
    )
    return lines


def _describe(item: dict) -> str:
    """One line for an excluded score, waiver or replacement, whatever keys it carries."""
    parts = []
    for key in ("juror", "replacement", "title", "reason", "waiver_reason", "waived_by", "waived_at"):
        if item.get(key) not in (None, ""):
            parts.append(str(item[key]))
    return " — ".join(parts) or str(item)


class _Page:
    """The canvas with a cursor: lines go down the page, a new page starts when one is full."""

    def __init__(self, pdf, height):
        self.pdf = pdf
        self.left, self.top, self.bottom, self.line = 50, height - 50, 50, 13
        self.y = self.top
        self.current_font = None

    def new_page(self):
        self.pdf.showPage()  # a new page starts with the default font
        self.y, self.current_font = self.top, None

    def write(self, text, font="Helvetica", size=9, x=None):
        if self.y < self.bottom:
            self.new_page()
        if self.current_font != (font, size):
            self.pdf.setFont(font, size)
            self.current_font = (font, size)
        self.pdf.drawString(self.left if x is None else x, self.y, text)

    def heading(self, text):
        self.y -= 6
        self.write(text, "Helvetica-Bold", 10)
        self.y -= self.line + 2

    def para(self, text, x=None, width=100):
        while text:
            self.write(text[:width], x=x)
            text = text[width:]
            self.y -= self.line

    def items(self, lines):
        """One paragraph per line, or "Tidak ada." when there is none."""
        for text in lines:
            self.para(text)
        if not lines:
            self.para(_("Tidak ada."))


def render(data: dict, digest: str, *, seal: bool = True) -> bytes:
    """The minutes as PDF, drawn line by line on the canvas (fast enough for 5,000 rows), then sealed."""
    from reportlab.lib.pagesizes import A4  # inline: reportlab is heavy
    from reportlab.pdfgen import canvas  # inline: reportlab is heavy

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0, invariant=1)
    pdf.setTitle(_("Berita acara penetapan hasil"))
    page = _Page(pdf, A4[1])
    _title(page, data)
    if data.get("method"):
        _method(page, data["method"], data.get("rule") or {})
    if "jury" in data:
        _jury(page, data)
    if "objections" in data:
        page.heading(_("Sanggahan, tanggapan Pemda, dan keputusan"))
        lines = [
            ("- " if n == 0 else "  ") + text
            for item in data["objections"]
            for n, text in enumerate(_objection_lines(item))
        ]
        page.items(lines)
    if "disqualifications" in data:
        page.heading(_("Diskualifikasi"))
        page.items([f"- {item['title']}: {item['annotation']}" for item in data["disqualifications"]])
    _ranking(page, data["ranking"])
    if "below_cut" in data:
        page.heading(_("Alasan tidak lolos (tepat di bawah batas)"))
        page.items([f"{item['title']}: {item['reason']}" for item in data["below_cut"]])
    signature_box = _signature(page, digest)
    page_number = pdf.getPageNumber()
    pdf.showPage()
    pdf.save()
    raw = buffer.getvalue()
    if not seal:
        return raw

    return sealing.seal_pdf(raw, signature_box=signature_box, signature_page=page_number - 1)


def _title(page: _Page, data: dict) -> None:
    page.write(_("Berita acara penetapan hasil"), "Helvetica-Bold", 14)
    page.y -= 22
    for text in (
        _("Edisi: %(e)s") % {"e": data["edition"]},
        _("Tahap: %(s)s") % {"s": data["stage"]},
        _("Ditetapkan: %(d)s WIB") % {"d": data["closed_at"][:16].replace("T", " ")},
        _("Agregasi: %(a)s; pemecah nilai seri: %(t)s")
        % {"a": data["aggregation"], "t": ", ".join(data["tie_breaks"]) or "-"},
    ):
        page.write(text, size=10)
        page.y -= page.line + 2


def _method(page: _Page, method: dict, rule: dict) -> None:
    page.heading(_("Metode penilaian"))
    page.para(_("Nilai akhir: %(w)s.") % {"w": method["words"]})
    page.para(_("Juri per proposal (k): %(k)s.") % {"k": method["k"]})
    rules = []
    if rule.get("top_n"):
        rules.append(_("%(n)s teratas") % {"n": rule["top_n"]})
    if rule.get("passing_score"):
        rules.append(_("ambang nilai %(t)s") % {"t": rule["passing_score"].replace(".", ",")})
    for quota in rule.get("quotas") or []:
        rules.append(
            _("kuota %(k)s: %(n)s")
            % {"k": ", ".join(f"{k}={v}" for k, v in quota.items() if k != "count"), "n": quota.get("count")}
        )
    page.para(_("Aturan lolos: %(r)s.") % {"r": "; ".join(rules) or "-"})


def _jury(page: _Page, data: dict) -> None:
    page.heading(_("Juri dan kehadiran penilaian"))
    for juror in data["jury"]:
        who = f"{juror['name']} ({juror['affiliation']})" if juror["affiliation"] else juror["name"]
        page.para(
            _("%(who)s: %(s)s dari %(a)s penugasan dinilai")
            % {"who": who, "s": juror["submitted"], "a": juror["assigned"]}
        )
    for title, key in (
        (_("Nilai dikecualikan"), "excluded"),
        (_("Pengecualian konflik (waiver)"), "waivers"),
        (_("Juri pengganti"), "replacements"),
    ):
        page.heading(title)
        page.items(["- " + _describe(item) for item in data.get(key) or []])


def _ranking(page: _Page, ranking: list) -> None:
    page.heading(_("Peringkat"))
    left = page.left
    columns = (left, left + 55, left + 400, left + 460)
    for x, text in zip(columns, (_("Peringkat"), _("Proposal"), pgettext("skor", "Nilai"), _("Lolos")), strict=True):
        page.write(text, "Helvetica-Bold", 9, x)
    page.y -= page.line
    yes = _("Ya")
    for item in ranking:
        score = "-" if item["score"] is None else _number(item["score"])
        title = item["title"] if len(item["title"]) <= 75 else item["title"][:74] + "\u2026"
        cells = (str(item["rank"] or "-"), title, score, yes if item["advances"] else "")
        for x, text in zip(columns, cells, strict=True):
            page.write(text, x=x)
        page.y -= page.line


def _signature(page: _Page, digest: str) -> tuple:
    """The ranking's fingerprint and the official's empty signature field; returns the field's box."""
    page.y -= 8
    page.write(_("Sidik SHA-256 peringkat:"), "Helvetica-Bold", 9)
    page.y -= page.line
    page.write(digest, "Courier", 9)
    page.y -= page.line * 2
    if page.y < page.bottom + 120:
        page.new_page()
    page.write(_("Ditetapkan oleh panitia penyelenggara."), size=10)
    page.y -= page.line
    page.write(_("Tanda tangan pejabat (tanda tangan elektronik):"), size=10)
    left, y = page.left, page.y
    signature_box = (left, y - 70, left + 220, y - 10)
    page.pdf.rect(signature_box[0], signature_box[1], 220, 60)
    return signature_box
