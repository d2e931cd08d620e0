"""Generator steps for competitions: this year's KIPP edition and its judging, last year's results."""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership, User
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import AttachmentKind, ProposalState, StageKind
from inovasi.competitions.models import ChecklistAnswer, Proposal, ProposalAnswer, ProposalAttachment, StageResult
from inovasi.competitions.words import count_words
from inovasi.innovations.models import Innovation
from inovasi.judging.models import (
    Aggregation,
    Assignment,
    AssignmentSource,
    Juror,
    Panel,
    Scorecard,
    ScorecardState,
    StageJudging,
)
from inovasi.organisations.models import Agency, Government, OrganizerBody
from inovasi.synthetic import vocabulary as V
from inovasi.synthetic.dates import DESK_CLOSES, DESK_OPENS, EDITION_YEAR, at
from inovasi.synthetic.names import person_name
from inovasi.synthetic.rows import BATCH, insert_rows

PASSWORD = "Sandi-Sintetis-2025"  # noqa: S105 - synthetic accounts on throwaway databases


class CompetitionSteps:
    # --- Competition and judging -----------------------------------------------------------------

    def competition(self):
        rng = self.rng
        self.password = make_password(PASSWORD, salt="sintetis2025")
        body = OrganizerBody.objects.create(
            name="Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", short_name="KemenPAN-RB"
        )
        self.organizer = User.objects.create(
            email="panitia.kipp@sintetis.test", full_name="Panitia KIPP", password=self.password
        )
        Membership.objects.create(user=self.organizer, role=Role.ORGANIZER, organizer_body=body)
        self.body = body
        edition = create_edition_from_preset(preset="kipp", body=body, year=EDITION_YEAR, actor=self.organizer)
        edition.is_published = True
        edition.save(update_fields=["is_published"])
        self.edition = edition
        stages = list(edition.stages.order_by("order"))
        admin_stage = next(s for s in stages if s.kind == StageKind.ADMINISTRATIVE_CHECK)
        admin_stage.opens_at, admin_stage.closes_at = at(2025, 4, 16), at(2025, 4, 30, 23, 59)
        admin_stage.save(update_fields=["opens_at", "closes_at"])
        self.desk = next(s for s in stages if s.kind == StageKind.DESK_EVALUATION)
        self.desk.opens_at, self.desk.closes_at = DESK_OPENS, DESK_CLOSES
        self.desk.save(update_fields=["opens_at", "closes_at"])
        self._proposals(edition, admin_stage, rng)

    def _proposals(self, edition, admin_stage, rng):
        chosen = self._entries(edition, rng)
        groups = {g.code: g for g in edition.groups.all()}
        categories = list(edition.categories.order_by("order"))
        published = [row for row in self.made if row[7] == "published"]
        innovations = Innovation.objects.in_bulk([row[0] for row, _g in chosen])
        governments = Government.objects.in_bulk({row[1] for row, _g in chosen})
        agencies = Agency.objects.in_bulk({row[2] for row, _g in chosen})
        sections = list(edition.sections.order_by("order"))
        requirements = list(edition.attachment_requirements.order_by("order"))
        proposals, answers, attachments = [], [], []
        for row, group_code in chosen:
            innovation = innovations[row[0]]
            group = groups[group_code]
            source = None
            if group_code == "replikasi":
                source = rng.choice(published)
                while source[1] == row[1]:
                    source = rng.choice(published)
            submitted_at = at(EDITION_YEAR, 4, rng.randint(1, 15), rng.randint(8, 22), rng.randint(0, 59))
            texts = self._proposal_texts(innovation, group, sections, rng)
            links = {
                r: f"https://www.youtube.com/watch?v=sintetis{row[0] % 100_000:05d}"
                for r in requirements
                if r.kind == AttachmentKind.LINK and r.group_id in (None, group.pk)
            }
            snapshot = _snapshot(innovation, group_code, source, texts, links)
            snapshot["innovation"]["agency"] = agencies[row[2]].name
            snapshot["innovation"]["government"] = governments[row[1]].name
            category = rng.choice(categories) if group_code != "khusus" else None
            snapshot["category"] = category.code if category else None
            proposals.append(
                Proposal(
                    edition=edition,
                    innovation_id=row[0],
                    government_id=row[1],
                    agency_id=row[2],
                    group=group,
                    category=category,
                    title=innovation.name,
                    source_innovation_id=source[0] if source else None,
                    source_description=source[3] if source else "",
                    state=ProposalState.PASSED_ADMIN,
                    snapshot=snapshot,
                    submitted_at=submitted_at,
                    created_by=self.organizer,
                )
            )
            answers.append(texts)
            attachments.append(links)
        self.proposals = self._write_proposals(admin_stage, proposals, answers, attachments)
        self.counts["proposals"] = len(self.proposals)

    def _entries(self, edition, rng):
        """The innovations entered this year and their group: (made row, group code), at most five
        replications and ten general entries per Pemda."""
        cutoff = datetime.date(EDITION_YEAR - 1, 3, 16)
        eligible = [row for row in self.made if row[7] == "published" and row[4] == "penerapan" and row[5] <= cutoff]
        rng.shuffle(eligible)
        wanted = self.size.proposals
        replication_share = wanted * 15 // 100
        taken: dict[tuple[int, str], int] = {}
        chosen = []
        for row in eligible:
            if len(chosen) >= wanted:
                break
            group = (
                "replikasi"
                if sum(1 for _r, g in chosen if g == "replikasi") < replication_share and (rng.random() < 0.2)
                else "umum"
            )
            limit = 5 if group == "replikasi" else 10
            if taken.get((row[1], group), 0) >= limit:
                continue
            taken[(row[1], group)] = taken.get((row[1], group), 0) + 1
            chosen.append((row, group))
        return chosen

    @staticmethod
    def _proposal_texts(innovation, group, sections, rng):
        """The answer of each section of the proposal's group: prefilled from the innovation or drawn."""
        texts = {}
        for section in sections:
            if section.group_id not in (None, group.pk):
                continue
            if section.prefill_from:
                text = getattr(innovation, section.prefill_from, "")
            else:
                text = f"{rng.choice(V.ADAPTABILITY)} {rng.choice(V.GENERIC)}"
            texts[section] = text
        return texts

    def _write_proposals(self, admin_stage, proposals, answers, attachments):
        """The proposals, their answers and links, and the passed administrative checklist, in one transaction."""
        with transaction.atomic():
            created = Proposal.objects.bulk_create(proposals, batch_size=BATCH // 2)
            insert_rows(
                ProposalAnswer,
                ["proposal_id", "section_id", "text"],
                (
                    (p.pk, section.pk, text)
                    for p, texts in zip(created, answers, strict=True)
                    for section, text in texts.items()
                ),
            )
            insert_rows(
                ProposalAttachment,
                ["proposal_id", "requirement_id", "url", "uploaded_by_id"],
                (
                    (p.pk, r.pk, url, self.organizer.pk)
                    for p, links in zip(created, attachments, strict=True)
                    for r, url in links.items()
                ),
            )
            items = list(admin_stage.checklist_items.order_by("order"))
            insert_rows(
                ChecklistAnswer,
                ["proposal_id", "item_id", "passed", "decided_by_id"],
                ((p.pk, i.pk, True, self.organizer.pk) for p in created for i in items),
            )
        return created

    def past_edition(self):
        """Last year's KIPP, finished: its Top 99 and Top 45 lists are published (the results pages)."""
        rng, year = self.rng, EDITION_YEAR - 1
        edition = create_edition_from_preset(preset="kipp", body=self.body, year=year, actor=self.organizer)
        edition.is_published = True
        edition.save(update_fields=["is_published"])
        cutoff = datetime.date(year - 1, 3, 16)
        eligible = [row for row in self.made if row[7] == "published" and row[4] == "penerapan" and row[5] <= cutoff]
        entered = rng.sample(eligible, min(len(eligible), max(30, self.size.proposals * 6 // 100)))
        umum = edition.groups.get(code="umum")
        categories = list(edition.categories.order_by("order"))
        proposals = Proposal.objects.bulk_create(
            [
                Proposal(
                    edition=edition,
                    innovation_id=row[0],
                    government_id=row[1],
                    agency_id=row[2],
                    group=umum,
                    category=rng.choice(categories),
                    title=row[3],
                    state=ProposalState.ELIMINATED,
                    submitted_at=at(year, 4, rng.randint(1, 15), rng.randint(8, 22)),
                    created_by=self.organizer,
                )
                for row in entered
            ],
            batch_size=BATCH // 2,
        )
        stages = list(edition.stages.order_by("order"))
        panel = [s for s in stages if s.kind == StageKind.DESK_EVALUATION][-1]
        final = next(s for s in stages if s.kind == StageKind.FINAL_DECISION and s.group_id is None)
        scores = sorted(((round(rng.uniform(70, 95), 2), p) for p in proposals), key=lambda x: (-x[0], x[1].title))
        top = scores[: min(panel.top_n or 99, len(scores) // 3)]
        winners = top[: min(final.top_n or 45, len(top) // 2)]
        results = [
            StageResult(stage=panel, proposal=p, label=panel.label, rank=rank, score=Decimal(str(score)))
            for rank, (score, p) in enumerate(top, start=1)
        ] + [
            StageResult(stage=final, proposal=p, label=final.label, rank=rank, score=Decimal(str(score)))
            for rank, (score, p) in enumerate(winners, start=1)
        ]
        StageResult.objects.bulk_create(results, batch_size=BATCH)
        Proposal.objects.filter(pk__in=[p.pk for _s, p in top]).update(state=ProposalState.SHORTLISTED)
        for stage, day in ((panel, 8), (final, 11)):
            stage.results_published_at = at(year, day, 20)
            stage.save(update_fields=["results_published_at"])
        self.counts["past_proposals"] = len(proposals)
        self.counts["past_winners"] = len(winners)

    def judging(self):
        jurors = self._jurors(self.rng)
        panel = Panel.objects.create(edition=self.edition, name="Tim Evaluasi KIPP")
        panel.jurors.set(jurors)
        StageJudging.objects.create(
            stage=self.desk,
            jurors_per_proposal=3,
            aggregation=Aggregation.ZSCORE,
            tie_breaks=["criterion:kebaruan", "submitted_at"],
        )
        assignments, cards = self._desk_scorecards(jurors, self.rng)
        with transaction.atomic():
            insert_rows(Assignment, ["stage_id", "juror_id", "proposal_id", "source"], assignments)
            insert_rows(
                Scorecard,
                ["stage_id", "juror_id", "proposal_id", "values", "comment", "state", "submitted_at"],
                cards,
            )
        self.counts["jurors"] = len(jurors)
        self.counts["scorecards"] = len(cards)

    def _jurors(self, rng):
        """The jurors, their accounts and expertise; a third has a home Pemda among the entrants."""
        count = self.size.jurors
        users = User.objects.bulk_create(
            [
                User(email=f"juri{n:02d}@sintetis.test", full_name=f"Dr. {person_name(rng)}", password=self.password)
                for n in range(1, count + 1)
            ]
        )
        Membership.objects.bulk_create([Membership(user=u, role=Role.JUROR, organizer_body=self.body) for u in users])
        homes = sorted({p.government_id for p in self.proposals})
        jurors = Juror.objects.bulk_create(
            [
                Juror(
                    user=u,
                    body=self.body,
                    name=u.full_name,
                    affiliation=rng.choice(V.UNIVERSITIES) if n % 2 else "Praktisi pelayanan publik",
                    home_government_id=rng.choice(homes) if n < count // 3 else None,
                )
                for n, u in enumerate(users)
            ]
        )
        through = Juror.expertise.through
        through.objects.bulk_create(
            [
                through(juror_id=j.pk, governmentaffair_id=self.affair_ids[code])
                for j in jurors
                for code in rng.sample(self.affair_codes, 3)
            ]
        )
        return jurors

    def _desk_scorecards(self, jurors, rng):
        """Three unconflicted, least-loaded jurors per proposal, each with a submitted scorecard: a
        proposal's quality plus the juror's severity plus noise. Rows for `insert_rows`."""
        criteria = list(self.desk.criteria.order_by("order").values_list("code", flat=True))
        loads = [0] * len(jurors)
        severity = [rng.gauss(0, 4) for _ in jurors]
        assignments, cards = [], []
        base = DESK_OPENS + datetime.timedelta(days=1)
        for proposal in self.proposals:
            order = sorted(range(len(jurors)), key=lambda k: (loads[k], rng.random()))
            picked = [k for k in order if jurors[k].home_government_id != proposal.government_id][:3]
            quality = rng.gauss(70, 8)
            for k in picked:
                loads[k] += 1
                assignments.append((self.desk.pk, jurors[k].pk, proposal.pk, str(AssignmentSource.AUTOMATIC)))
                values = {c: max(0, min(100, round(quality + severity[k] + rng.gauss(0, 6)))) for c in criteria}
                submitted_at = base + datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 30))
                cards.append(
                    (
                        self.desk.pk,
                        jurors[k].pk,
                        proposal.pk,
                        values,
                        rng.choice(V.NOVELTIES),
                        str(ScorecardState.SUBMITTED),
                        submitted_at,
                    )
                )
        return assignments, cards


def _snapshot(innovation, group_code, source, texts, links) -> dict:
    """The proposal's frozen snapshot; the caller adds the agency, the government and the category."""
    return {
        "title": innovation.name,
        "group": group_code,
        "category": None,
        "source_innovation": source[0] if source else None,
        "source_description": f"{source[3]}" if source else "",
        "innovation": {
            "id": innovation.pk,
            "name": innovation.name,
            "acronym_expansion": innovation.acronym_expansion,
            "started_on": innovation.started_on.isoformat(),
        },
        "answers": {s.code: {"title": s.title, "text": t, "words": count_words(t)} for s, t in texts.items()},
        "attachments": {r.code: {"url": url, "file": "", "sha256": "", "size": None} for r, url in links.items()},
    }
