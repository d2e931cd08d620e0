"""Real objects of region A (Pemkot Batu) for every URL argument, built once per matrix test."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Invitation
from inovasi.awards import services as award_services
from inovasi.awards.certificates import token_for
from inovasi.awards.models import Award, AwardLabel, Ceremony, CertificateBatch, CertificateBatchState
from inovasi.competitions import services as competition_services
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import StageKind
from inovasi.competitions.forms import CONFIG_FORMS
from inovasi.competitions.models import Objection, ObjectionReplyAttachment, ProposalAttachment
from inovasi.data_exchange.models import ImportJob
from inovasi.innovation_index.models import IndexAssessment, ValidatorAssignment
from inovasi.innovation_index.presets import load_preset
from inovasi.innovation_index.services import prefill_claims
from inovasi.innovations.corrections import propose_correction
from inovasi.innovations.enums import AdopterKind, CorrectableField, EvidenceKind, InnovationStatus
from inovasi.innovations.models import Evidence, Recognition, Replication
from inovasi.innovations.tests.builders import PDF_BYTES, make_innovation
from inovasi.integrations import tokens, webhooks
from inovasi.integrations.enums import OwnerKind
from inovasi.integrations.models import WebhookDelivery
from inovasi.integrations.owners import Owner
from inovasi.judging.models import Assignment, Juror, PresentationSlot
from inovasi.outbox.enums import MailState
from inovasi.outbox.models import OutgoingMail
from inovasi.press.models import PressKind, PressRelease
from inovasi.verification import reports as verification_reports
from inovasi.verification.models import Visit, VisitMember
from inovasi.verification.tests.builders import photo as site_photo

WIB = ZoneInfo("Asia/Jakarta")
FROZEN_AT = datetime(2025, 6, 2, 10, 0, tzinfo=WIB)  # inside the KOVABLIK 2025 registration window


class World:
    def __init__(self, cast):
        self.cast = cast
        with time_machine.travel(FROZEN_AT, tick=False):
            self.innovation = make_innovation(cast, status=InnovationStatus.PUBLISHED)
            self.correction = propose_correction(
                innovation=self.innovation,
                field=CorrectableField.NAME,
                new_value=f"{self.innovation.name} Batu",
                reason="Salah ketik pada nama.",
                actor=cast.operator_a,
            )
            self.evidence = Evidence.objects.create(
                innovation=self.innovation, kind=EvidenceKind.FILE, title="SK Inovasi", is_public=False
            )
            self.evidence.file.save("sk.pdf", ContentFile(PDF_BYTES))
            self.recognition = Recognition.objects.create(
                innovation=self.innovation, name="GATRA Awards", giver="GATRA", year=2022
            )
            self.replication = Replication.objects.create(
                innovation=self.innovation, adopter_kind=AdopterKind.GOVERNMENT, adopter_government=cast.gov_b
            )
            self.replication.evidence_file.save("pks.pdf", ContentFile(PDF_BYTES))
            self.import_job = ImportJob.objects.create(
                government=cast.gov_a,
                created_by=cast.admin_a,
                file=ContentFile(b"nama\n", name="impor.csv"),
                original_name="impor.csv",
                format="csv",
                sha256="0" * 64,
            )
            self.framework = load_preset("iid-2026", body=cast.body)
            self.indicator = self.framework.indicators.order_by("number").first()
            self.assessment = IndexAssessment.objects.create(framework=self.framework, government=cast.gov_a)
            prefill_claims(self.assessment)
            self.claim = self.assessment.claims.order_by("id").first()
            # The verifikator validates region A's Pemda in this round (its only assignment).
            ValidatorAssignment.objects.create(
                framework=self.framework, government=cast.gov_a, validator=cast.verifier, assigned_by=cast.organizer
            )
            self.edition = create_edition_from_preset(
                preset="kovablik-jatim", body=cast.body, year=2025, actor=cast.organizer
            )
            self.stage = self.edition.stages.filter(kind=StageKind.DESK_EVALUATION).order_by("id").first()
            self.requirement = self.edition.attachment_requirements.order_by("id").first()
            self.proposal = competition_services.create_proposal(
                edition=self.edition,
                innovation=self.innovation,
                group=self.edition.groups.order_by("id").first(),
                actor=cast.operator_a,
            )
            # A signed letter (PDF) on the proposal and a PDF behind the first index claim.
            self.attachment = ProposalAttachment.objects.create(
                proposal=self.proposal, requirement=self.requirement, content_type="application/pdf"
            )
            self.attachment.file.save("surat.pdf", ContentFile(PDF_BYTES))
            self.claim.evidence_content_type = "application/pdf"
            self.claim.evidence_file.save("perkada.pdf", ContentFile(PDF_BYTES))
            self.objection = Objection.objects.create(
                stage=self.stage,
                proposal=self.proposal,
                reason="Data tidak sesuai.",
                contact_name="Warga",
                contact_email="warga@contoh.id",
            )
            self.reply_attachment = ObjectionReplyAttachment(
                objection=self.objection, name="tanggapan.pdf", size=len(PDF_BYTES), sha256="0" * 64
            )
            self.reply_attachment.file.save("tanggapan.pdf", ContentFile(PDF_BYTES))
            self.juror_profile = Juror.objects.create(user=cast.juror, body=cast.body, name="Juri Uji")
            self.invitation = Invitation.objects.create(
                email="calon.juri@uji.test",
                full_name="Calon Juri",
                role=Role.JUROR,
                organizer_body=cast.body,
                token="undangan-dunia-uji",  # noqa: S106 - a test invitation, not a secret
                invited_by=cast.organizer,
                expires_at=FROZEN_AT + timedelta(days=7),
            )
            self.failed_mail = OutgoingMail.objects.create(
                to="gagal@uji.test", subject="Undangan", body="-", state=MailState.FAILED, attempts=6
            )
            self.assignment = Assignment.objects.create(
                stage=self.stage, juror=self.juror_profile, proposal=self.proposal
            )
            self.slot = PresentationSlot.objects.create(
                stage=self.stage,
                proposal=self.proposal,
                starts_at=FROZEN_AT,
                ends_at=FROZEN_AT + timedelta(minutes=30),
                room="Ruang Uji",
            )
            # Awards: a label, a ceremony, an award to the proposal with its certificate, a finished batch.
            self.award_label = AwardLabel.objects.create(edition=self.edition, name="Top 30", code="T30")
            self.ceremony = Ceremony.objects.create(
                edition=self.edition,
                name="Penganugerahan KOVABLIK 2025",
                held_on=date(2025, 11, 20),
                place="Jatim Park 3, Kota Batu",
                presenter_name="Emil Elistianto Dardak",
                presenter_title="Wakil Gubernur Jawa Timur",
            )
            self.award = Award.objects.create(
                label=self.award_label,
                ceremony=self.ceremony,
                proposal=self.proposal,
                innovation=self.innovation,
                government=cast.gov_a,
                agency=cast.agency_a,
                recipient_name=self.innovation.name,
                awarded_on=date(2025, 11, 20),
            )
            self.certificate = award_services.issue_certificate(award=self.award, actor=None)
            self.certificate_batch = CertificateBatch.objects.create(
                edition=self.edition, state=CertificateBatchState.DONE, total=1, done=1
            )
            # A draft press release on region A's year: its Admin Pemda and the covering organizer manage it.
            self.press_release = PressRelease.objects.create(
                kind=PressKind.REGION_YEAR,
                government=cast.gov_a,
                year=2025,
                title="Kota Batu Catat 1 Inovasi pada 2025",
                lead="Pemerintah Kota Batu mencatat satu inovasi pada tahun 2025.",
                generated_at=FROZEN_AT,
            )
            # Field verification: a visit of the proposal by the cast's verifier (lead) with one photo.
            self.verification_stage = self.edition.stages.get(kind=StageKind.FIELD_VERIFICATION)
            self.visit = Visit.objects.create(
                stage=self.verification_stage, proposal=self.proposal, visit_date=date(2025, 6, 10), address="Batu"
            )
            VisitMember.objects.create(visit=self.visit, user=cast.verifier, is_lead=True)
            (self.visit_photo,) = verification_reports.add_photos(
                visit=self.visit, actor=cast.verifier, files=[site_photo()]
            )
            # Integrations of region A's Pemda: a token, a webhook endpoint and one of its deliveries.
            gov_a = Owner(OwnerKind.GOVERNMENT, cast.gov_a)
            self.api_token, _plain = tokens.issue_token(
                owner=gov_a, name="SIMDA", scopes=["innovations:write"], actor=cast.admin_a
            )
            self.webhook_endpoint, _secret = webhooks.register_endpoint(
                owner=gov_a, url="http://127.0.0.1:9/webhook", events=["results.published"], actor=cast.admin_a
            )
            self.webhook_delivery = WebhookDelivery.objects.create(
                endpoint=self.webhook_endpoint,
                event="results.published",
                event_id="x",
                payload={},
                state="failed",
            )
        self.config_kind = next(iter(CONFIG_FORMS))
        model = CONFIG_FORMS[self.config_kind][0]._meta.model
        fields = {f.name for f in model._meta.fields}
        if "edition" in fields:
            self.config_pk = model.objects.filter(edition=self.edition).order_by("pk").first().pk
        elif "stage" in fields:
            self.config_pk = model.objects.filter(stage__edition=self.edition).order_by("pk").first().pk
        else:
            self.config_pk = model.objects.filter(group__edition=self.edition).order_by("pk").first().pk

    def kwargs_for(self, name: str, keys: set[str]) -> dict:
        """URL kwargs for pattern `name`, taken from region A's objects."""
        c = self.cast
        values = {
            "government_id": c.gov_a.pk,
            "agency_id": c.agency_a.pk,
            "innovation_id": self.innovation.pk,
            "pk": self.innovation.pk,
            "code": c.gov_a.region.code,
            "year": 2026,
            "fmt": "csv",
            "edition_id": self.edition.pk,
            "replication_id": self.replication.pk,
            "evidence_id": self.evidence.pk,
            "part": "penghargaan",
            "part_id": self.recognition.pk,
            "job_id": self.import_job.pk,
            "number": self.indicator.number,
            "proposal_id": self.proposal.pk,
            "requirement_id": self.requirement.pk,
            "action": "kirim",
            "body_id": c.body.pk,
            "framework_id": self.framework.pk,
            "indicator_id": self.indicator.pk,
            "assessment_id": self.assessment.pk,
            "claim_id": self.claim.pk,
            "kind": self.config_kind,
            "stage_id": self.stage.pk,
            "objection_id": self.objection.pk,
            "attachment_id": self.reply_attachment.pk,
            "token": "tidak-ada",
            "assignment_id": self.assignment.pk,
            "what": "penugasan",
            "uidb64": urlsafe_base64_encode(force_bytes(c.operator_a.pk)),
            "visit_id": self.visit.pk,
            "photo_id": self.visit_photo.pk,
            "label_id": self.award_label.pk,
            "ceremony_id": self.ceremony.pk,
            "award_id": self.award.pk,
            "certificate_id": self.certificate.pk,
            "batch_id": self.certificate_batch.pk,
            "release_id": self.press_release.pk,
            "slot_id": self.slot.pk,
            "slug": "katalog-inovasi" if name == "public:open_dataset" else f"pemda-{c.gov_a.pk}",
            "token_id": self.api_token.pk,
            "endpoint_id": self.webhook_endpoint.pk,
            "delivery_id": self.webhook_delivery.pk,
            "user_id": c.operator_a.pk,
            "membership_id": c.operator_a.memberships.get().pk,
            "mail_id": self.failed_mail.pk,
            "invitation_id": self.invitation.pk,
            "correction_id": self.correction.pk,
        }
        if name in ("public:certificate_verify", "public:certificate_pdf"):
            values["token"] = token_for(self.certificate)
        if name.startswith("organizer:verification_"):
            values["stage_id"] = self.verification_stage.pk
        if name == "organizer:config_edit" or name == "organizer:config_delete":
            values["pk"] = self.config_pk
        if name.startswith("files:"):
            values["file_id"] = {
                "files:proposal_attachment": self.attachment.pk,
                "files:claim_evidence": self.claim.pk,
                "files:evidence": self.evidence.pk,
                "files:replication_evidence": self.replication.pk,
                "files:visit_photo": self.visit_photo.pk,
            }[name]
        if name == "accounts:password_reset_confirm":
            values["token"] = default_token_generator.make_token(c.operator_a)
        if name.endswith("innovation_version"):  # the current year: every record has that version
            values["year"] = self.innovation.year
        if name == "public:index_export":
            values["fmt"] = "csv"
        if name == "organizer:edition_export":
            values["fmt"] = "csv"
        return {k: values[k] for k in keys}
