"""Small helpers for the browser journeys: logging personas in and out, flash messages, test files."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests_support import PASSWORD


def log_in(page: Page, base_url: str, email: str, *, lands_on: str) -> None:
    """Log in through the real login form and wait for the persona's landing page."""
    page.goto(base_url + "/akun/masuk/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"**{lands_on}")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("link", name="Masuk")).to_be_visible()


def expect_message(page: Page, text: str | re.Pattern) -> None:
    """A flash message (Bootstrap alert) containing `text` (or matching a pattern) is shown."""
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def wib_input(moment) -> str:
    """A moment as a `datetime-local` value in WIB (the site's time zone), e.g. 2026-05-01T09:30."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def tiny_pdf(title: str) -> bytes:
    """A valid one-page PDF (recognised by content, well under the 1 MB attachment limit)."""
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.drawString(72, 720, title)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
