"""The organizer's judging desk, people side: the jury of an edition (jurors and panels), the
reliability of the jurors' scores, and the presentation schedule. Every change goes through
`inovasi.judging`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovasi.innovations.models import GovernmentAffair
from inovasi.inputs import validate_web_url
from inovasi.judging import schedule, services
from inovasi.judging.models import (
    Juror,
    Panel,
    PresentationSlot,
)
from inovasi.judging.reliability import stage_report
from inovasi.organisations.models import Government
from inovasi.organizer import desks
from inovasi.organizer.competition_views import edition_for
from inovasi.organizer.judging_views import SECONDARY_PER_PAGE, stage_for


class JurorForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Surel akun juri"))
    name = forms.CharField(label=gettext_lazy("Nama"), max_length=150)
    affiliation = forms.CharField(label=gettext_lazy("Afiliasi"), max_length=200, required=False)
    home_government = forms.ModelChoiceField(
        label=gettext_lazy("Pemerintah daerah asal"),
        queryset=Government.objects.select_related("region").order_by("name"),
        required=False,
    )
    expertise = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Keahlian (urusan)"), queryset=GovernmentAffair.objects.order_by("code"), required=False
    )

    def clean_email(self):
        user = services.get_user_by_email(self.cleaned_data["email"])
        if user is None:
            raise forms.ValidationError(_("Belum ada akun dengan surel ini. Undang juri terlebih dahulu."))
        return user


class PanelForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama panel"), max_length=150)
    stage = forms.ModelChoiceField(
        label=gettext_lazy("Tahap"), queryset=None, required=False, empty_label=gettext_lazy("Seluruh edisi")
    )
    jurors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Juri"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, edition, **kwargs):
        # Shares the jury page with the juror form: its own ids, so "Nama" labels the right field.
        kwargs.setdefault("auto_id", "panel_%s")
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = edition.stages.filter(kind__in=services.SCORED_KINDS)
        self.fields["jurors"].queryset = services.edition_jurors(edition)


def _save_panel(request, edition):
    form = PanelForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            services.save_panel(edition=edition, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Panel disimpan."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("organizer:judging_jury", edition.pk)


@login_required
def jury(request, edition_id):
    edition = edition_for(request, edition_id)
    if request.method == "POST" and request.POST.get("action") == "panel":
        return _save_panel(request, edition)
    form = JurorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            juror = services.save_juror(
                body=edition.competition.body,
                user=data["email"],
                name=data["name"],
                affiliation=data["affiliation"],
                home_government=data["home_government"],
                expertise=data["expertise"],
                actor=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            if juror.role_granted:
                messages.success(
                    request,
                    _("Juri disimpan. %(email)s kini memegang peran Juri pada %(body)s.")
                    % {"email": data["email"].email, "body": edition.competition.body.name},
                )
            else:
                messages.success(request, _("Juri disimpan."))
            return redirect("organizer:judging_jury", edition.pk)
    jurors = (
        Juror.objects.filter(body_id=edition.competition.body_id)
        .annotate(active_role=services.holds_juror_role_q())
        .select_related("user", "home_government", "home_agency")
        .prefetch_related("expertise")
    )
    stages = edition.stages.filter(kind__in=services.SCORED_KINDS)
    panels = Panel.objects.filter(edition=edition).select_related("stage").prefetch_related("jurors")
    return render(
        request,
        "organizer/judging/jury.html",
        {
            "edition": edition,
            "jurors": jurors,
            "form": form,
            "stages": stages,
            "panels": panels,
            "panel_form": PanelForm(edition=edition),
        },
    )


@login_required
def reliability(request, stage_id):
    stage = stage_for(request, stage_id)
    report = stage_report(stage)  # complete figures, computed once per change; only the lists page
    params = desks.list_params(request.GET, sorts=("simpangan",), default_sort="-simpangan")
    disagreement = report.disagreement
    if params.q:
        disagreement = [d for d in disagreement if desks.matches(params.q, d[0].title, d[0].government)]
    if params.sort == "simpangan":
        disagreement = sorted(disagreement, key=lambda d: (d[1], d[0].pk))
    return render(
        request,
        "organizer/judging/reliability.html",
        {
            "edition": stage.edition,
            "stage": stage,
            "report": report,
            "params": params,
            "per_page_choices": desks.PER_PAGE_CHOICES,
            "disagreement_page": desks.page_of(request.GET, disagreement, params.per_page),
            "outlier_page": desks.page_of(request.GET, report.outliers, SECONDARY_PER_PAGE, "hal_pencilan"),
            "missing_page": desks.page_of(request.GET, report.missing, SECONDARY_PER_PAGE, "hal_kurang"),
        },
    )


class SlotForm(forms.Form):
    proposal = forms.ModelChoiceField(label=gettext_lazy("Proposal"), queryset=None)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Mulai (WIB)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Selesai (WIB)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    room = forms.CharField(label=gettext_lazy("Ruang"), max_length=150, required=False)
    online_link = forms.URLField(
        label=gettext_lazy("Tautan daring"), required=False, assume_scheme="https", validators=[validate_web_url]
    )

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = services.candidates(stage)


@login_required
def slots(request, stage_id):
    stage = stage_for(request, stage_id)
    form = SlotForm(request.POST or None, stage=stage)
    if request.method == "POST" and form.is_valid():
        try:
            schedule.schedule(stage=stage, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field_name, errors in exc.message_dict.items():
                form.add_error(field_name if field_name in form.fields else None, errors)
        else:
            messages.success(request, _("Jadwal disimpan dan Pemda diberi tahu."))
            return redirect("organizer:judging_slots", stage.pk)
    listed = PresentationSlot.objects.filter(stage=stage).select_related("proposal", "proposal__government")
    return render(
        request,
        "organizer/judging/slots.html",
        {"edition": stage.edition, "stage": stage, "form": form, "slots": listed},
    )
