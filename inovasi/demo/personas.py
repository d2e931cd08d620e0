"""One demo account per persona, so every desk of the system can be tried right after `make run`."""

from dataclasses import dataclass

from inovasi.accounts.enums import ROLE_SCOPE, Role
from inovasi.accounts.models import Membership, User
from inovasi.organisations.models import Government

DEMO_PASSWORD = "Demo-Inovasi-2026"


@dataclass(frozen=True)
class Persona:
    email: str
    full_name: str
    role: Role
    scope_kind: str  # "government" (region code), "agency" (name), "body" (short name) or ""
    scope_key: str
    describe: str


PERSONAS = [
    Persona("admin@inovasi.test", "Admin Sistem", Role.SYSTEM_ADMIN, "", "", "Admin sistem"),
    Persona(
        "panitia.jatim@inovasi.test",
        "Rina Panitia",
        Role.ORGANIZER,
        "body",
        "Biro Organisasi Jatim",
        "Panitia KOVABLIK (Biro Organisasi Jatim)",
    ),
    Persona(
        "panitia.bskdn@inovasi.test",
        "Dedi Validator",
        Role.ORGANIZER,
        "body",
        "BSKDN Kemendagri",
        "Panitia/validator IID (BSKDN)",
    ),
    Persona(
        "admin.batu@inovasi.test", "Sari Admin Batu", Role.PEMDA_ADMIN, "government", "35.79", "Admin Pemda Kota Batu"
    ),
    Persona(
        "operator.distan.batu@inovasi.test",
        "Budi Operator",
        Role.OPERATOR,
        "agency",
        "Dinas Pertanian Kota Batu",
        "Operator OPD, Dinas Pertanian Kota Batu",
    ),
    Persona(
        "admin.malang@inovasi.test",
        "Wulan Admin Malang",
        Role.PEMDA_ADMIN,
        "government",
        "35.73",
        "Admin Pemda Kota Malang",
    ),
    Persona(
        "operator.polowijen@inovasi.test",
        "Anita Resky DS",
        Role.OPERATOR,
        "agency",
        "Puskesmas Polowijen",
        "Operator OPD, Puskesmas Polowijen (Kota Malang)",
    ),
    Persona(
        "admin.kabpasuruan@inovasi.test",
        "Hadi Admin Kab. Pasuruan",
        Role.PEMDA_ADMIN,
        "government",
        "35.14",
        "Admin Pemda Kabupaten Pasuruan",
    ),
    Persona(
        "operator.disnakkeswan@inovasi.test",
        "Yuli Operator",
        Role.OPERATOR,
        "agency",
        "Dinas Peternakan dan Kesehatan Hewan Kabupaten Pasuruan",
        "Operator OPD, Disnakkeswan Kab. Pasuruan",
    ),
    Persona(
        "admin.kotapasuruan@inovasi.test",
        "Adi Admin Kota Pasuruan",
        Role.PEMDA_ADMIN,
        "government",
        "35.75",
        "Admin Pemda Kota Pasuruan",
    ),
    Persona("juri@inovasi.test", "Prof. Lestari Juri", Role.JUROR, "body", "Biro Organisasi Jatim", "Juri KOVABLIK"),
    Persona(
        "juri.unair@inovasi.test",
        "Dr. Bagus Santoso",
        Role.JUROR,
        "body",
        "Biro Organisasi Jatim",
        "Juri KOVABLIK (akademisi, semua nilai terkirim)",
    ),
    Persona(
        "juri.batu@inovasi.test",
        "Ir. Dewi Kartika",
        Role.JUROR,
        "body",
        "Biro Organisasi Jatim",
        "Juri KOVABLIK dari Kota Batu (berkonflik dengan proposal Kota Batu)",
    ),
    Persona(
        "juri.its@inovasi.test",
        "Dr. Rahmat Hidayat",
        Role.JUROR,
        "body",
        "Biro Organisasi Jatim",
        "Juri KOVABLIK (praktisi, belum mulai menilai)",
    ),
    Persona(
        "verifikator@inovasi.test",
        "Awan Yanuarko",
        Role.VERIFIER,
        "body",
        "BSKDN Kemendagri",
        "Verifikator lapangan IGA",
    ),
]


def load_personas(loaded: dict) -> list[Persona]:
    for persona in PERSONAS:
        user = User.objects.filter(email=persona.email).first()
        if user is None:
            user = User.objects.create_user(persona.email, DEMO_PASSWORD, full_name=persona.full_name)
        scope = None
        if persona.scope_kind == "government":
            scope = Government.objects.get(region__code=persona.scope_key)
        elif persona.scope_kind == "agency":
            scope = loaded["agencies"][persona.scope_key]
        elif persona.scope_kind == "body":
            scope = loaded["bodies"][persona.scope_key]
        field = ROLE_SCOPE[persona.role]
        Membership.objects.get_or_create(user=user, role=persona.role, **({field: scope} if field else {}))
    return PERSONAS
