#!/usr/bin/env python
"""Quick manual check of the English translation (not a test).

Usage, from the project root:

    .venv/bin/python scripts/translate_check.py

Activates English and prints a few translated strings (plain, with
placeholders, plural, a template, and a msgid whose source uses \\u escapes),
then prints the msgfmt statistics of locale/en/LC_MESSAGES/django.po when the
gettext tools are installed. Exits non-zero if a sample is left untranslated.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.template import Context, Template  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.translation import gettext, ngettext  # noqa: E402

SAMPLES = [
    "Admin Pemda",
    "Operator OPD",
    "Indeks Inovasi Daerah",
    "Sangat Inovatif",
    "Kelurahan / Desa",
    "Selamat datang, %(name)s. Akun Anda sudah aktif.",
    "Bagian \u201c%(title)s\u201d wajib diisi.",
]


def main() -> int:
    failures = 0
    with translation.override("en"):
        for msgid in SAMPLES:
            text = gettext(msgid)
            failures += text == msgid
            print(f"{msgid!r}\n    -> {text!r}")
        for n in (1, 3):
            text = ngettext("%(total)s inovasi", "%(total)s inovasi", n) % {"total": n}
            print(f"ngettext n={n} -> {text!r}")
        failures += "innovation" not in text
        rendered = Template(
            "{% load i18n %}{% translate 'Masuk' %} | {% blocktranslate %}Halaman {{ number }} dari {{ pages }}"
            "{% endblocktranslate %}"
        ).render(Context({"number": 2, "pages": 5}))
        print(f"template -> {rendered!r}")
        failures += "Sign in" not in rendered
    with translation.override("id"):
        print(f"id (source) -> {gettext('Sangat Inovatif')!r}")

    po = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if shutil.which("msgfmt"):
        result = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
            capture_output=True,
            text=True,
        )
        print("msgfmt:", (result.stderr or result.stdout).strip())
        failures += result.returncode != 0
    print("OK" if not failures else f"{failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
