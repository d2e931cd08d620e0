"""How far an innovation record is: the one rule behind the task list, the submit pre-check and the
"wajib saat diajukan" marks on the form.

The record is five tasks (GOV.UK task list): Data · Narasi · Orang & hasil · Bukti · Ajukan. Each
content task lists the items it needs before the record may go to the Admin Pemda (`REQUIRED`),
and its status follows from what is filled in. `missing_for_submission` is the flat list of those
items; `submit_innovation` refuses while it is not empty.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovasi.innovations.enums import InnovationStage, InnovationStatus

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
NEEDS_FIX = "needs_fix"
CANNOT_START = "cannot_start"

STATUS_LABELS = {
    NOT_STARTED: gettext_lazy("Belum dimulai"),
    IN_PROGRESS: gettext_lazy("Sedang diisi"),
    DONE: gettext_lazy("Selesai"),
    NEEDS_FIX: gettext_lazy("Perlu diperbaiki"),
    CANNOT_START: gettext_lazy("Belum dapat dimulai"),
}

# Fields of the record form that must be filled before submitting, with the message when empty.
REQUIRED_FIELDS = {
    "name": gettext_lazy("Nama inovasi belum diisi."),
    "agency": gettext_lazy("Perangkat daerah belum dipilih."),
    "initiator_kind": gettext_lazy("Inisiator belum dipilih."),
    "form": gettext_lazy("Bentuk inovasi belum dipilih."),
    "type": gettext_lazy("Jenis inovasi (digital/non-digital) belum dipilih."),
    "stage": gettext_lazy("Tahapan inovasi belum dipilih."),
    "affairs": gettext_lazy("Pilih sedikitnya satu urusan pemerintahan."),
    "started_on": gettext_lazy("Tanggal mulai diterapkan belum diisi."),
    "summary": gettext_lazy("Ringkasan belum diisi."),
}
DATA_FIELDS = ["name", "agency", "initiator_kind", "form", "type", "stage", "affairs", "started_on"]
OPTIONAL_DATA_FIELDS = ["acronym_expansion", "sdgs"]
NARRATIVE_FIELDS = [
    "summary",
    "background",
    "novelty",
    "implementation",
    "significance",
    "adaptability",
    "resources",
    "sustainability",
]
# A tried-out or running innovation has something to show; an initiative not yet.
EVIDENCE_STAGES = frozenset({InnovationStage.UJI_COBA, InnovationStage.PENERAPAN})


@dataclass
class Task:
    key: str
    label: str
    status: str
    missing: list[str] = field(default_factory=list)
    required: bool = True
    hint: str = ""

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def done(self) -> bool:
        return self.status == DONE


@dataclass
class Progress:
    tasks: list[Task]

    @property
    def content_tasks(self) -> list[Task]:
        return [t for t in self.tasks if t.key != "ajukan"]

    @property
    def completed(self) -> int:
        return sum(1 for t in self.content_tasks if t.done)

    @property
    def total(self) -> int:
        return len(self.content_tasks)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def missing(self) -> list[str]:
        return [item for t in self.content_tasks if t.required for item in t.missing]

    def task(self, key: str) -> Task:
        return next(t for t in self.tasks if t.key == key)


def _has(innovation, name: str) -> bool:
    if name in ("affairs", "sdgs"):
        return getattr(innovation, name).exists() if innovation.pk else False
    if name == "agency":
        return bool(innovation.agency_id)
    value = getattr(innovation, name)
    return bool(value.strip()) if isinstance(value, str) else value is not None


def evidence_required(innovation) -> bool:
    return innovation.stage in EVIDENCE_STAGES


def required_fields(innovation=None) -> frozenset[str]:
    """The record-form fields a submission needs (the form marks them "wajib saat diajukan")."""
    return frozenset(REQUIRED_FIELDS)


def _status(filled: int, total_required_missing: int, returned: bool) -> str:
    if total_required_missing == 0 and filled:
        return DONE
    if returned:
        return NEEDS_FIX
    return IN_PROGRESS if filled else NOT_STARTED


def progress(innovation) -> Progress:
    """The five tasks of `innovation` with their status; the submit pre-check reads the same."""
    returned = innovation.status == InnovationStatus.RETURNED

    data_missing = [str(REQUIRED_FIELDS[n]) for n in DATA_FIELDS if not _has(innovation, n)]
    data_filled = sum(1 for n in DATA_FIELDS + OPTIONAL_DATA_FIELDS if _has(innovation, n))
    data = Task("data", _("Data inovasi"), _status(data_filled, len(data_missing), returned), data_missing)

    narrative_missing = [
        str(REQUIRED_FIELDS[n]) for n in NARRATIVE_FIELDS if n in REQUIRED_FIELDS and not _has(innovation, n)
    ]
    narrative_filled = sum(1 for n in NARRATIVE_FIELDS if _has(innovation, n))
    narrative = Task(
        "narasi",
        _("Narasi"),
        _status(narrative_filled, len(narrative_missing), returned),
        narrative_missing,
        hint=_("%(n)s dari %(total)s bagian terisi; ringkasan wajib.")
        % {"n": narrative_filled, "total": len(NARRATIVE_FIELDS)},
    )

    people = innovation.people.count() if innovation.pk else 0
    results = innovation.results.count() if innovation.pk else 0
    if people and results:
        people_status = DONE
    elif people or results:
        people_status = IN_PROGRESS
    else:
        people_status = NOT_STARTED
    people_task = Task(
        "orang",
        _("Orang & hasil"),
        people_status,
        required=False,
        hint=_("Dianjurkan: penggagas atau pelaksana dan sedikitnya satu hasil terukur."),
    )

    evidence = innovation.evidence.count() if innovation.pk else 0
    needs_evidence = evidence_required(innovation)
    evidence_missing = [_("Belum ada bukti.")] if needs_evidence and not evidence else []
    if evidence:
        evidence_status = DONE
    elif needs_evidence and returned:
        evidence_status = NEEDS_FIX
    else:
        evidence_status = NOT_STARTED
    evidence_task = Task(
        "bukti",
        _("Bukti"),
        evidence_status,
        evidence_missing,
        required=needs_evidence,
        hint=_("Wajib untuk tahapan uji coba dan penerapan: SK, foto kegiatan atau tautan video.")
        if needs_evidence
        else _("Dianjurkan: SK, foto kegiatan atau tautan video."),
    )

    tasks = [data, narrative, people_task, evidence_task]
    missing = [item for t in tasks if t.required for item in t.missing]
    if innovation.status in (InnovationStatus.SUBMITTED, InnovationStatus.PUBLISHED, InnovationStatus.ARCHIVED):
        submit_status = DONE
    elif missing:
        submit_status = NEEDS_FIX if returned else CANNOT_START
    else:
        submit_status = NOT_STARTED
    tasks.append(Task("ajukan", _("Periksa dan ajukan"), submit_status, required=False))
    return Progress(tasks)


def missing_for_submission(innovation) -> list[str]:
    """Every item still missing before an innovation can go to the Admin Pemda, in Indonesian."""
    return progress(innovation).missing
