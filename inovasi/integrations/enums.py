"""Scopes of API tokens, webhook events and delivery states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    INNOVATIONS_WRITE = "innovations:write", _("Membuat dan mengubah inovasi")
    EVIDENCE_WRITE = "evidence:write", _("Menambah bukti dukung")
    REPLICATIONS_WRITE = "replications:write", _("Menambah replikasi")
    PROPOSALS_READ = "proposals:read", _("Membaca proposal")
    RESULTS_READ = "results:read", _("Membaca peringkat penjurian (penyelenggara)")


class OwnerKind(models.TextChoices):
    GOVERNMENT = "government", _("Pemda")
    ORGANIZER_BODY = "organizer_body", _("Penyelenggara")


# What each kind of owner may grant: a Pemda writes its own registry; a body reads its competitions.
SCOPES_FOR_OWNER = {
    OwnerKind.GOVERNMENT: (
        Scope.INNOVATIONS_WRITE,
        Scope.EVIDENCE_WRITE,
        Scope.REPLICATIONS_WRITE,
        Scope.PROPOSALS_READ,
    ),
    OwnerKind.ORGANIZER_BODY: (Scope.PROPOSALS_READ, Scope.RESULTS_READ),
}


class Event(models.TextChoices):
    PROPOSAL_STATE_CHANGED = "proposal.state_changed", _("Status proposal berubah")
    SHORTLIST_PUBLISHED = "shortlist.published", _("Daftar lolos tahap diumumkan")
    RESULTS_PUBLISHED = "results.published", _("Hasil akhir diumumkan")
    INDEX_PUBLISHED = "index.published", _("Indeks inovasi daerah diumumkan")
    CERTIFICATE_ISSUED = "certificate.issued", _("Sertifikat diterbitkan")
    PING = "ping", _("Uji coba (ping)")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Antre")
    SENDING = "sending", _("Sedang dikirim")
    DELIVERED = "delivered", _("Terkirim")
    FAILED = "failed", _("Gagal")
