"""Check your answers before an irreversible step: one pattern for every such page.

A view builds a `CheckAnswers` (what will happen, what can no longer change, the answers it will
send, pre-checks as blockers and warnings) and returns `render_check`; the page's only form POSTs
back to the same URL, where the view runs the business verb. `is_confirmed` tells that POST apart
(the hidden `konfirmasi` field), so a view may still take other POSTs on the same URL.

The page is `templates/includes/check_answers_page.html`; `includes/check_answers.html` is the
block alone, for pages that wrap it in their own layout (a preview beside it, for instance).
"""

from dataclasses import dataclass, field

from django.shortcuts import render


@dataclass
class CheckAnswers:
    title: str
    confirm_label: str
    back_url: str
    intro: str = ""
    happens: list[str] = field(default_factory=list)
    frozen: list[str] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    change_url: str = ""
    hidden: dict = field(default_factory=dict)
    breadcrumb: list[tuple[str, str]] = field(default_factory=list)

    @property
    def can_confirm(self) -> bool:
        return not self.blockers


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("konfirmasi") == "1"


def render_check(request, check: CheckAnswers, *, template="includes/check_answers_page.html", extra=None, status=200):
    context = {"check": check, **(extra or {})}
    return render(request, template, context, status=status)
