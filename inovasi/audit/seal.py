"""The organizer body's electronic seal on the records we issue (minutes, award certificates).

A PAdES signature (pyHanko) made with the certificate and key named by `SEAL_CERT_FILE`,
`SEAL_KEY_FILE` and `SEAL_KEY_PASSPHRASE`. Outside production, when they are unset, a self-signed
certificate is generated once into `SEAL_DEV_DIR` (default `var/seal/`) so development, tests and
the demo seal too. The seal is a certification signature that still allows filling in forms and
signing, and every sealed PDF keeps an empty signature field ("TandaTanganPejabat") for the
official's personal electronic signature applied afterwards with their own tool.

`check_seal(data)` answers the public verification page: is the seal present, is the signed content
intact, and was it made with our configured certificate (the trust anchor is that certificate, so a
self-signed demo certificate checks as ours, and a PDF sealed elsewhere does not).
"""

import asyncio
import functools
import io
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

SEAL_FIELD = "SegelElektronik"
SIGNATURE_FIELD = "TandaTanganPejabat"
DEV_FILE = "segel-pengembangan.pem"


def _dev_pem() -> bytes:
    """Key and self-signed certificate in one PEM file, generated once (atomically: two processes
    racing each write a consistent pair, and the last rename wins)."""
    from cryptography import x509  # inline: cryptography is heavy
    from cryptography.hazmat.primitives import hashes, serialization  # inline: cryptography is heavy
    from cryptography.hazmat.primitives.asymmetric import rsa  # inline: cryptography is heavy
    from cryptography.x509.oid import NameOID  # inline: cryptography is heavy

    directory = Path(settings.SEAL_DEV_DIR)
    path = directory / DEV_FILE
    if path.exists():
        return path.read_bytes()
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Inovasi (pengembangan)"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Segel elektronik Inovasi (swa-tanda tangan)"),
        ]
    )
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2020, 1, 1, tzinfo=UTC))  # tests travel back in time
        .not_valid_after(now + timedelta(days=20 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ) + certificate.public_bytes(serialization.Encoding.PEM)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".segel-")
    with os.fdopen(handle, "wb") as out:
        out.write(pem)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
    return path.read_bytes()


def _material() -> tuple[bytes, bytes, bytes | None]:
    """(key PEM, certificate PEM, passphrase) from the environment, or the development pair."""
    cert_file, key_file = settings.SEAL_CERT_FILE, settings.SEAL_KEY_FILE
    if cert_file or key_file:
        if not (cert_file and key_file):
            raise ImproperlyConfigured("SEAL_CERT_FILE and SEAL_KEY_FILE must be set together.")
        passphrase = settings.SEAL_KEY_PASSPHRASE.encode() if settings.SEAL_KEY_PASSPHRASE else None
        return Path(key_file).read_bytes(), Path(cert_file).read_bytes(), passphrase
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Set SEAL_CERT_FILE and SEAL_KEY_FILE: production seals with a real certificate.")
    pem = _dev_pem()
    return pem, pem, None


@functools.cache
def _loaded(key_pem: bytes, cert_pem: bytes, passphrase: bytes | None):
    """(signer, certificate), loaded once per process: RSA key loading with its consistency check
    costs ~0.2 s, and pyHanko's SimpleSigner would repeat it on every signature."""
    from asn1crypto import keys, x509  # inline: asn1crypto (with pyHanko) is heavy
    from cryptography import x509 as cx509  # inline: cryptography is heavy
    from cryptography.hazmat.primitives import serialization  # inline: cryptography is heavy
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA  # inline: cryptography is heavy
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15  # inline: cryptography is heavy
    from pyhanko.sign.general import get_pyca_cryptography_hash  # inline: pyHanko is heavy
    from pyhanko.sign.signers import SimpleSigner  # inline: pyHanko is heavy
    from pyhanko_certvalidator.registry import SimpleCertificateStore  # inline: pyHanko is heavy

    private_key = serialization.load_pem_private_key(key_pem, password=passphrase)
    certificate = x509.Certificate.load(
        cx509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    )
    key_info = keys.PrivateKeyInfo.load(
        private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )

    class SealSigner(SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            try:
                mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            except ValueError:
                mechanism = ""
            hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
            if mechanism == "rsassa_pkcs1v15":
                return private_key.sign(data, PKCS1v15(), hash_algorithm)
            if mechanism == "ecdsa":
                return private_key.sign(data, ECDSA(hash_algorithm))
            return super().sign_raw(data, digest_algorithm)

    signer = SealSigner(
        signing_cert=certificate, signing_key=key_info, cert_registry=SimpleCertificateStore.from_certs([certificate])
    )
    return signer, certificate


def seal_certificate():
    """The configured (or development) certificate, as an asn1crypto object."""
    return _loaded(*_material())[1]


def _off_the_event_loop(work):
    """Run `work()` here, or in a worker thread when this thread already runs an asyncio loop.

    pyHanko's synchronous API wraps its async core in `asyncio.run`, which refuses to start inside a
    running loop (an async view, or a test driving Playwright's sync API); nothing here touches the
    database, so a worker thread is safe.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def seal_pdf(raw: bytes, *, signature_box=None, signature_page: int = 0, reason: str | None = None) -> bytes:
    """`raw` with an empty field for the official's signature and the body's seal over everything."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # inline: pyHanko is heavy
    from pyhanko.sign import fields, signers  # inline: pyHanko is heavy
    from pyhanko.sign.fields import MDPPerm  # inline: pyHanko is heavy

    signer, _certificate = _loaded(*_material())
    writer = IncrementalPdfFileWriter(io.BytesIO(raw), strict=False)
    fields.append_signature_field(
        writer,
        fields.SigFieldSpec(SIGNATURE_FIELD, on_page=signature_page, box=tuple(signature_box or (0, 0, 0, 0))),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        reason=reason or _("Segel elektronik penyelenggara"),
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=MDPPerm.FILL_FORMS,
    )
    out = io.BytesIO()
    # A fixed reservation skips pyHanko's dummy signature (half the time); 16 KiB holds a chain of a few certificates.
    _off_the_event_loop(lambda: signers.sign_pdf(writer, meta, signer=signer, output=out, bytes_reserved=16384))
    return out.getvalue()


@dataclass
class SealCheck:
    sealed: bool
    intact: bool
    ours: bool
    signer: str = ""
    signed_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.sealed and self.intact and self.ours

    @property
    def message(self) -> str:
        if not self.sealed:
            return _("Berkas ini tidak bersegel elektronik atau bukan PDF yang dapat dibaca.")
        if not self.intact:
            return _("Segel rusak: isi berkas sudah diubah setelah disegel.")
        if not self.ours:
            return _("Segel utuh, tetapi tidak dibuat dengan sertifikat penyelenggara di sistem ini.")
        return _("Segel utuh: berkas tidak berubah sejak disegel oleh penyelenggara.")


def check_seal(data: bytes) -> SealCheck:
    """Validate the seal of an uploaded PDF against our certificate (never raises on bad input)."""
    from pyhanko.pdf_utils.reader import PdfFileReader  # inline: pyHanko is heavy
    from pyhanko.sign.validation import validate_pdf_signature  # inline: pyHanko is heavy
    from pyhanko_certvalidator import ValidationContext  # inline: pyHanko is heavy

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        seals = [s for s in reader.embedded_signatures if s.field_name == SEAL_FIELD]
    except Exception:
        return SealCheck(sealed=False, intact=False, ours=False)
    if not seals:
        return SealCheck(sealed=False, intact=False, ours=False)
    seal = seals[0]
    ours = seal_certificate()
    try:
        status = _off_the_event_loop(lambda: validate_pdf_signature(seal, ValidationContext(trust_roots=[ours])))
    except Exception:
        return SealCheck(sealed=True, intact=False, ours=False)
    made_by_us = seal.signer_cert is not None and seal.signer_cert.dump() == ours.dump()
    return SealCheck(
        sealed=True,
        intact=bool(status.intact and status.valid),
        ours=bool(made_by_us and status.trusted),
        signer=seal.signer_cert.subject.human_friendly if seal.signer_cert is not None else "",
        signed_at=status.signer_reported_dt,
    )


def check_seal_configuration(app_configs=None, **kwargs):
    """`manage.py check --deploy`: production seals with a configured certificate, readable here."""
    if not settings.PRODUCTION:
        return []
    if not (settings.SEAL_CERT_FILE and settings.SEAL_KEY_FILE):
        return [
            checks.Error(
                "SEAL_CERT_FILE and SEAL_KEY_FILE are not set: closing a stage and issuing a certificate will fail.",
                id="inovasi.E_SEAL_1",
            )
        ]
    try:
        _loaded(*_material())
    except Exception as exc:  # any unreadable certificate or key is the same deploy error
        return [checks.Error(f"The seal certificate or key cannot be loaded: {exc}", id="inovasi.E_SEAL_2")]
    return []
