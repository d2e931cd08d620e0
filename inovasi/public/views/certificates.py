"""Public verification of award certificates: the page the QR code opens, a form to paste a code or
a serial number, and the PDF download of a valid certificate.

A code that finds no certificate gets HTTP 404 and one of two pages, never an error: "tidak
ditemukan — periksa penulisan" for a typo, an unknown serial or an unknown code, and "kode rusak
atau dipalsukan" only when the code has our signed shape and its signature fails (cut short while
copying, or altered), so nobody is accused of forgery for a mistyped number. A revoked certificate
is shown as revoked, with the reason, and its PDF is not served.
"""

from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from inovasi.audit.seal import check_seal
from inovasi.awards.certificates import (
    CodeProblem,
    certificate_for_token,
    code_problem,
    pdf_filename,
    token_for,
    token_from_text,
)
from inovasi.awards.models import Certificate
from inovasi.innovations.enums import InnovationStatus


def _invalid(request, code=""):
    damaged = code_problem(code) == CodeProblem.DAMAGED
    return render(request, "public/certificates/invalid.html", {"code": code[:200], "damaged": damaged}, status=404)


def certificate_lookup(request):
    """Empty form, or `?kode=` with a verification URL, a code or a serial number."""
    text = request.GET.get("kode", "").strip()[:1000]
    if not text:
        return render(request, "public/certificates/lookup.html", {})
    certificate = certificate_for_token(token_from_text(text))
    if certificate is None:
        # A serial number is accepted for certificates of published editions only: serials are
        # sequential, and an unpublished edition's awards are not public yet.
        certificate = (
            Certificate.objects.filter(serial__iexact=text, award__label__edition__is_published=True)
            .select_related("award")
            .first()
        )
    if certificate is None:
        return _invalid(request, token_from_text(text))
    return redirect("public:certificate_verify", token=token_for(certificate))


def certificate_verify(request, token):
    certificate = certificate_for_token(token)
    if certificate is None:
        return _invalid(request, token)
    award = certificate.award
    innovation = award.innovation
    innovation_url = (
        reverse("public:innovation_detail", args=[innovation.pk])
        if innovation is not None and innovation.status == InnovationStatus.PUBLISHED
        else None
    )
    return render(
        request,
        "public/certificates/verify.html",
        {
            "certificate": certificate,
            "award": award,
            "label": award.label,
            "edition": award.label.edition,
            "ceremony": award.ceremony,
            "innovation_url": innovation_url,
            "edition_url": (
                reverse("public:edition_detail", args=[award.label.edition_id])
                if award.label.edition.is_published
                else None
            ),
            "token": token,
        },
    )


def certificate_pdf(request, token):
    certificate = certificate_for_token(token)
    if certificate is None or not certificate.pdf:
        return _invalid(request, token)
    if certificate.revoked_at:
        return redirect("public:certificate_verify", token=token)
    try:
        handle = certificate.pdf.open("rb")
    except FileNotFoundError:
        return _invalid(request, token)
    return FileResponse(handle, as_attachment=True, filename=pdf_filename(certificate), content_type="application/pdf")


SEAL_CHECK_MAX_BYTES = 20 * 1024 * 1024


def seal_check(request):
    """Upload a PDF we issued (certificate, minutes): is the organizer's electronic seal intact?

    Nothing is stored; the answer comes from pyHanko's validation against our sealing certificate.
    """
    context, status = {}, 200
    if request.method == "POST":
        upload = request.FILES.get("berkas")
        if upload is None:
            context["error"], status = _("Pilih berkas PDF yang akan diperiksa."), 400
        elif upload.size > SEAL_CHECK_MAX_BYTES:
            context["error"], status = _("Berkas terlalu besar (maksimal 20 MB)."), 400
        else:
            context["check"] = check_seal(upload.read())
            context["filename"] = upload.name[:200]
    return render(request, "public/certificates/seal_check.html", context, status=status)
