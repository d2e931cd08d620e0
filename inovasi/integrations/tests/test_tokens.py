"""API tokens: issued once, stored hashed, scoped, refused when revoked, expired or orphaned."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inovasi.accounts.models import Membership
from inovasi.audit.models import AuditEvent
from inovasi.integrations import tokens
from inovasi.integrations.enums import Scope
from inovasi.integrations.models import ApiToken


def test_the_plain_token_is_returned_once_and_only_its_digest_is_stored(cast, pemda_a):
    token, plain = tokens.issue_token(
        owner=pemda_a, name="SIMDA Batu", scopes=[Scope.INNOVATIONS_WRITE], actor=cast.admin_a
    )
    assert plain.startswith("inv_") and len(plain) > 40
    secret = plain.split("_", 2)[2]
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    event = AuditEvent.objects.get(action="api_token.issue")
    assert event.after["scopes"] == ["innovations:write"] and secret not in str(event.after)
    assert tokens.authenticate(plain) == stored


def test_only_the_owner_s_admin_may_issue_and_only_scopes_the_owner_may_grant(cast, pemda_a, body):
    for stranger in (cast.admin_b, cast.operator_a, cast.organizer, cast.no_role):
        with pytest.raises(ValidationError):
            tokens.issue_token(owner=pemda_a, name="x", scopes=[Scope.INNOVATIONS_WRITE], actor=stranger)
    with pytest.raises(ValidationError, match="tidak dapat diberikan"):
        tokens.issue_token(owner=body, name="x", scopes=[Scope.INNOVATIONS_WRITE], actor=cast.organizer)
    with pytest.raises(ValidationError, match="sedikitnya satu"):
        tokens.issue_token(owner=pemda_a, name="x", scopes=[], actor=cast.admin_a)
    with pytest.raises(ValidationError, match="wajib"):
        tokens.issue_token(owner=pemda_a, name="   ", scopes=[Scope.INNOVATIONS_WRITE], actor=cast.admin_a)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("presented", ["", "Bearer", "inv_", "inv_abc", "inv_abc_def", "x" * 500, "inv_\x00_\x00"])
def test_malformed_or_unknown_tokens_are_refused_without_error(db, presented):
    assert isinstance(tokens.authenticate(presented), tokens.Refusal)


def test_revoked_expired_and_orphaned_tokens_stop_working(cast, pemda_a):
    revoked, plain_revoked = tokens.issue_token(
        owner=pemda_a, name="a", scopes=["innovations:write"], actor=cast.admin_a
    )
    tokens.revoke_token(token=revoked, actor=cast.admin_a)
    assert "dicabut" in tokens.authenticate(plain_revoked).message
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1

    expiring, plain_expiring = tokens.issue_token(
        owner=pemda_a, name="b", scopes=["innovations:write"], actor=cast.admin_a, expires_in_days=1
    )
    ApiToken.objects.filter(pk=expiring.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "kedaluwarsa" in tokens.authenticate(plain_expiring).message

    _orphan, plain_orphan = tokens.issue_token(
        owner=pemda_a, name="c", scopes=["innovations:write"], actor=cast.admin_a
    )
    Membership.objects.filter(user=cast.admin_a).update(is_active=False)
    assert "tidak lagi memegang peran" in tokens.authenticate(plain_orphan).message
