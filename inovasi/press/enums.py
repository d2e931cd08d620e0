"""The press release's states and its one transition table (moved by `audit.transitions.transition`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inovasi.audit.transitions import machine


class PressState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")


# state → {allowed next state: audit action}; `press.services.transition` is the door.
PRESS_TRANSITIONS: dict[str, dict[str, str]] = {
    PressState.DRAFT: {PressState.PUBLISHED: "press.publish"},
    PressState.PUBLISHED: {PressState.DRAFT: "press.unpublish"},
}
PRESS_MACHINE = machine("press_release", PRESS_TRANSITIONS, states=PressState, noun=_("Siaran pers"))
