"""The Indonesian full-text index: stemming, keeping current on saves, bulk re-indexing."""

import pytest
from django.core.management import call_command
from django.db import connection

from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import GovernmentAffair, Innovation, Partner
from inovasi.search.indexing import index_innovations, rebuild_index
from inovasi.search.models import SearchDocument, SearchPosting, SearchText
from inovasi.search.queries import filter_matching, query_terms
from inovasi.search.tests.factories import make_innovation
from inovasi.search.text import stems


def _found(text):
    return set(filter_matching(SearchDocument.objects.all(), query_terms(text)).values_list("pk", flat=True))


def test_stemming_reduces_derived_words_to_one_stem():
    assert stems("Pengolahan sampah") == ["olah", "sampah"]
    assert stems("mengolah sampah di sekolah") == ["olah", "sampah", "sekolah"]
    assert stems("para petani dan pertanian") == ["tani", "tani"]


def test_pengolahan_sampah_finds_an_innovation_that_says_mengolah_sampah(cast):
    waste = make_innovation(cast.agency_a, "Bank Sampah Sekolah", summary="Murid mengolah sampah anorganik.")
    make_innovation(cast.agency_b, "Rumah Diapers", summary="Mendaur ulang popok bayi.")
    assert _found("pengolahan sampah") == {waste.pk}
    assert _found("daur ulang popok") == {Innovation.objects.get(name="Rumah Diapers").pk}
    assert _found("pengolahan kopi") == set()


def test_the_index_covers_agency_region_affairs_and_partners(cast):
    innovation = make_innovation(
        cast.agency_a, "Among Tani Crop", affairs=[GovernmentAffair.objects.get(code="3.27")], summary="Aplikasi."
    )
    Partner.objects.create(innovation=innovation, name="Universitas Brawijaya")
    assert _found("brawijaya") == {innovation.pk}
    assert _found("dinas pertanian batu") == {innovation.pk}
    assert _found("jawa timur") == {innovation.pk}


def test_only_published_innovations_have_an_entry_kept_current_on_save_and_delete(cast):
    innovation = make_innovation(cast.agency_a, "Kantin Sehat", status=InnovationStatus.DRAFT)
    assert not SearchDocument.objects.exists()
    innovation.status = InnovationStatus.PUBLISHED
    innovation.save()
    document = SearchDocument.objects.get(pk=innovation.pk)
    assert (document.region_code, document.province_code, document.agency_kind) == ("35.79", "35", "dinas")
    innovation.name = "Kantin Ikan"
    innovation.save()
    assert _found("kantin ikan") == {innovation.pk}
    assert _found("sehat") == set()
    innovation.status = InnovationStatus.ARCHIVED
    innovation.save()
    assert _found("kantin ikan") == set()
    innovation.status = InnovationStatus.PUBLISHED
    innovation.save()
    innovation.delete()
    assert not SearchDocument.objects.exists()
    assert _found("kantin") == set()


def test_bulk_created_innovations_are_indexed_by_index_innovations(cast):
    created = Innovation.objects.bulk_create(
        [
            Innovation(
                agency=cast.agency_b,
                government=cast.gov_b,
                name=f"Sekolah Pasar {n}",
                initiator_kind="asn",
                form="pelayanan_publik",
                type="digital",
                stage="penerapan",
                year=2024,
                status=InnovationStatus.PUBLISHED,
                summary="Pedagang pasar belajar berjualan daring.",
            )
            for n in range(3)
        ]
    )
    ids = [innovation.pk for innovation in created]
    assert _found("pedagang") == set()
    assert index_innovations([*ids, 999_999]) == 3
    assert _found("pembelajaran pedagang") == set(ids)


def test_rebuild_drops_entries_of_innovations_that_are_gone(cast):
    kept = make_innovation(cast.agency_a, "Kampung Tangguh")
    gone = make_innovation(cast.agency_a, "Kampung Hilang")
    Innovation.objects.filter(pk=gone.pk)._raw_delete(Innovation.objects.db)  # bypass signals and cascades
    SearchText.objects.filter(pk=kept.pk).update(stemmed_text="usang")
    SearchPosting.objects.filter(document_id=kept.pk).delete()  # the catalog matches through postings
    assert _found("tangguh") == set()
    assert rebuild_index() == 1
    assert list(SearchDocument.objects.values_list("pk", flat=True)) == [kept.pk]
    assert _found("tangguh") == {kept.pk}
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _found("tangguh") == {kept.pk}


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_the_full_text_structure_exists_for_the_database_in_use(db, vendor):
    if connection.vendor != vendor:
        pytest.skip(f"runs on {vendor}")
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'search_fts'")
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = 'search_document_fts'")
        assert cursor.fetchone() is not None


def test_indexing_costs_the_same_queries_for_1_and_5_innovations(cast):
    from django.test.utils import CaptureQueriesContext

    affair = GovernmentAffair.objects.get(code="1.02")

    def cost(n):
        ids = [make_innovation(cast.agency_a, f"Inovasi {n}-{i}", affairs=[affair]).pk for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            assert index_innovations(ids) == n
        return len(ctx)

    assert cost(1) == cost(5)


def test_stems_are_kept_and_read_back_by_another_process_instead_of_stemming_again(cast, monkeypatch):
    from inovasi.search import text
    from inovasi.search.models import SearchStem

    text.forget_known_stems()  # earlier tests' stems were rolled back with their transactions
    innovation = make_innovation(cast.agency_a, "Pengolahan Sampah Plastik", summary="Mengolah sampah rumah tangga.")
    assert SearchStem.objects.filter(word="pengolahan", stem="olah").exists()
    before = SearchText.objects.get(document_id=innovation.pk).stemmed_text

    text.forget_known_stems()  # as a fresh process would start

    def no_sastrawi():
        raise AssertionError("a stored word was stemmed again")

    monkeypatch.setattr(text, "_stemmer", no_sastrawi)
    assert index_innovations([innovation.pk]) == 1
    assert SearchText.objects.get(document_id=innovation.pk).stemmed_text == before


def test_rebuilding_the_index_stems_every_word_afresh(cast):
    from inovasi.search.models import SearchStem

    innovation = make_innovation(cast.agency_a, "Pengolahan Sampah Plastik")
    SearchStem.objects.filter(word="pengolahan").update(stem="salah")  # as an older stemmer might have left it
    rebuild_index()
    assert SearchStem.objects.get(word="pengolahan").stem == "olah"
    assert "olah" in SearchText.objects.get(document_id=innovation.pk).stemmed_text.split()
