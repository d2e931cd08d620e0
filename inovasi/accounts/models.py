from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inovasi.accounts.enums import ROLE_SCOPE, SCOPE_FIELDS, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address. What they may do comes from `Membership`."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("akses admin Django"), default=False)
    date_joined = models.DateTimeField(_("terdaftar"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


def _scope_condition() -> Q:
    condition = Q()
    for role, field in ROLE_SCOPE.items():
        required = Q(role=role)
        for scope_field in SCOPE_FIELDS:
            required &= Q(**{f"{scope_field}__isnull": scope_field != field})
        condition |= required
    return condition


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(models.Model):
    """A role held by a user, scoped to what it governs.

    Admin Pemda → one Government; operator → one Agency; organizer, juror, verifier → one
    OrganizerBody; system admin → no scope. A user may hold several memberships.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    government = models.ForeignKey(
        "organisations.Government",
        verbose_name=_("pemerintah daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    organizer_body = models.ForeignKey(
        "organisations.OrganizerBody",
        verbose_name=_("penyelenggara"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.CheckConstraint(condition=_scope_condition(), name="membership_scope_matches_role"),
            models.UniqueConstraint(
                "user",
                "role",
                Coalesce("government", Value(0)),
                Coalesce("agency", Value(0)),
                Coalesce("organizer_body", Value(0)),
                name="membership_unique",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.scope or '-'}"

    @property
    def scope(self):
        field = ROLE_SCOPE[Role(self.role)]
        return getattr(self, field) if field else None


class Invitation(models.Model):
    """An invitation to join with a role; accepting it sets a password and creates the membership."""

    email = models.EmailField(_("email"))
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    government = models.ForeignKey("organisations.Government", null=True, blank=True, on_delete=models.CASCADE)
    agency = models.ForeignKey("organisations.Agency", null=True, blank=True, on_delete=models.CASCADE)
    organizer_body = models.ForeignKey("organisations.OrganizerBody", null=True, blank=True, on_delete=models.CASCADE)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        constraints = [models.CheckConstraint(condition=_scope_condition(), name="invitation_scope_matches_role")]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()

    @property
    def scope(self):
        field = ROLE_SCOPE[Role(self.role)]
        return getattr(self, field) if field else None
