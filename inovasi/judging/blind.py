"""Blind review: an opaque per-stage code instead of the proposal's id.

In a stage whose `StageJudging.anonymise` is on, a juror sees "P-7K3Q9M" where an open stage shows
the title. The code is an HMAC (keyed by SECRET_KEY) of the stage id and the proposal id, so it is
stable for the stage, differs from stage to stage, and cannot be turned back into the proposal id
that public pages (gallery, objections, results) carry. Nothing public ever prints it.
"""

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud in a panel room


def blind_code(stage_id: int, proposal_id: int) -> str:
    """ "P-" and six characters (32**6 ≈ 10⁹ codes per stage)."""
    digest = salted_hmac("inovasi.judging.blind", f"{stage_id}:{proposal_id}", algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _i in range(6):
        number, index = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[index])
    return "P-" + "".join(chars)


def is_blind(stage) -> bool:
    judging = getattr(stage, "judging", None)
    return bool(judging and judging.anonymise)


def blind_notice() -> str:
    """What the Pemda is told about a blind stage, and what the juror is shown about it."""
    return _(
        "Tahap ini dinilai tanpa identitas: juri tidak melihat judul, nama daerah, perangkat daerah, "
        "dan orang yang tercantum pada proposal, melainkan kode samaran. Isi bagian dan lampiran "
        "ditampilkan apa adanya dan tidak disamarkan oleh sistem; karena itu pengusul diminta tidak "
        "menuliskan nama daerah, instansi atau orang di dalamnya."
    )
