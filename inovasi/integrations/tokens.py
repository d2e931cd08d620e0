"""Issue, revoke and authenticate API tokens (audited; the secret is shown once).

A token reads `inv_<prefix>_<secret>`: the prefix finds the row, the secret's SHA-256 must match its
digest (compared in constant time). Each use is refused once the token is revoked or expired, or when
its creator no longer holds the role over the token's owner.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.integrations.models import ApiToken
from inovasi.integrations.owners import Owner, may_manage, owner_of

TOKEN_PREFIX = "inv_"  # noqa: S105  (a public marker, not a secret)
# last_used_at is written at most this often per token (a busy integration must not write per call).
LAST_USED_RESOLUTION = timedelta(minutes=5)
TOKEN_SHAPE = re.compile(r"inv_[0-9a-f]{1,32}_[A-Za-z0-9_-]{1,100}")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_scopes(owner: Owner, scopes) -> list[str]:
    scopes = sorted({str(s) for s in scopes or []})
    if not scopes:
        raise ValidationError({"scopes": _("Pilih sedikitnya satu cakupan.")})
    allowed = {str(s) for s in owner.allowed_scopes}
    refused = [s for s in scopes if s not in allowed]
    if refused:
        raise ValidationError(
            {
                "scopes": _("Cakupan %(scopes)s tidak dapat diberikan untuk %(owner)s.")
                % {"scopes": ", ".join(refused), "owner": owner.name}
            }
        )
    return scopes


@transaction.atomic
def issue_token(*, owner: Owner, name: str, scopes, actor, expires_in_days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token; returns the row and the plain token, which is never stored nor shown again."""
    if not may_manage(actor, owner):
        raise ValidationError(_("Anda tidak berwenang membuat token untuk %(owner)s.") % {"owner": owner.name})
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Nama token wajib diisi, misalnya nama sistem yang memakainya.")})
    if len(name) > 120:
        raise ValidationError({"name": _("Nama token paling panjang 120 karakter.")})
    scopes = _check_scopes(owner, scopes)
    if expires_in_days is not None and not 1 <= expires_in_days <= 730:
        raise ValidationError({"expires_in_days": _("Masa berlaku antara 1 dan 730 hari.")})
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        **owner.fields(),
        name=name,
        prefix=prefix,
        digest=_digest(secret),
        scopes=scopes,
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    record_event(
        actor=actor,
        action="api_token.issue",
        obj=token,
        after={
            "name": name,
            "owner": owner.slug,
            "scopes": scopes,
            "prefix": prefix,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        },
    )
    return token, f"{TOKEN_PREFIX}{prefix}_{secret}"


@transaction.atomic
def revoke_token(*, token: ApiToken, actor) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not may_manage(actor, owner_of(token)):
        raise ValidationError(_("Anda tidak berwenang mencabut token ini."))
    if token.revoked_at:
        raise ValidationError(_("Token ini sudah dicabut."))
    token.revoked_at, token.revoked_by = timezone.now(), actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at.isoformat()},
    )
    return token


@dataclass(frozen=True)
class Refusal:
    """Why a presented token was refused (Indonesian, shown in the 401 body)."""

    message: str


def authenticate(raw: str) -> ApiToken | Refusal:
    """The token for a presented `inv_…` string, or why it is refused. Never raises."""
    raw = (raw or "").strip()
    if not TOKEN_SHAPE.fullmatch(raw):  # also keeps NUL and other bytes PostgreSQL refuses out of the query
        return Refusal(_("Token API tidak dikenali."))
    prefix, _sep, secret = raw[len(TOKEN_PREFIX) :].partition("_")
    token = ApiToken.objects.select_related("created_by", "government", "organizer_body").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        return Refusal(_("Token API tidak dikenali."))
    if token.revoked_at:
        return Refusal(_("Token API ini sudah dicabut."))
    if token.expires_at and token.expires_at <= timezone.now():
        return Refusal(_("Token API ini sudah kedaluwarsa."))
    if not may_manage(token.created_by, owner_of(token)):
        return Refusal(
            _("Pembuat token ini tidak lagi memegang peran atas %(owner)s; buat token baru.")
            % {"owner": owner_of(token).name}
        )
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def has_scope(token: ApiToken, scope) -> bool:
    return str(scope) in (token.scopes or [])
