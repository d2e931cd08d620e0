"""Search that forgives ordinary typing (#18): a word still being typed, a typo, an unusual affix."""

import pytest

from inovasi.search.catalog import CatalogParams, search_catalog
from inovasi.search.tests.factories import make_innovation

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(cast):
    # Kota Malang's health office: its name must not match what the tests look for ("Pertanian").
    make_innovation(cast.agency_b, "Bank Sampah Digital", summary="Warga menabung sampah lewat aplikasi.")
    make_innovation(cast.agency_b, "Pengolahan Sampah Organik", summary="Sampah pasar diolah menjadi kompos.")
    make_innovation(cast.agency_a, "Sekolah Lapang Petani", summary="Petani belajar pertanian organik bersama.")
    make_innovation(cast.agency_b, "Rumah Layak Huni", summary="Bedah rumah warga miskin.")


def _search(q):
    result = search_catalog(CatalogParams.from_data({"q": q}))
    names = [i.name for i in result.page(1).innovations]
    return result, names


@pytest.mark.parametrize(
    ("typed", "found", "meant"),
    [
        ("sampa", {"Bank Sampah Digital", "Pengolahan Sampah Organik"}, "sampah"),
        ("bank sampah digitl", {"Bank Sampah Digital"}, "bank sampah digital"),
        ("pengolahn sampah", {"Pengolahan Sampah Organik"}, "pengolahan sampah"),
        ("bertani", {"Sekolah Lapang Petani"}, "petani"),
    ],
)
def test_ordinary_typing_finds_the_intended_innovations_and_says_what_it_read(catalog, typed, found, meant):
    result, names = _search(typed)
    assert set(names) == found
    assert result.total == len(found)
    assert result.correction is not None
    assert result.correction.text == meant


def test_an_exact_query_is_never_corrected(catalog):
    result, names = _search("sampah")
    assert set(names) == {"Bank Sampah Digital", "Pengolahan Sampah Organik"}
    assert result.correction is None


def test_gibberish_finds_nothing_and_suggests_nothing(catalog):
    result, names = _search("qwxzv")
    assert (names, result.total, result.correction) == ([], 0, None)


def test_a_known_word_that_finds_nothing_with_the_filters_stays_as_typed(catalog, cast):
    result = search_catalog(CatalogParams.from_data({"q": "rumah", "region": "35.79"}))  # Rumah is in Malang
    assert (result.total, result.correction) == (0, None)


def test_the_catalog_page_says_mungkin_maksud_anda(client, catalog):
    content = client.get("/inovasi/", {"q": "bank sampah digitl"}).content.decode()
    assert "Mungkin maksud Anda: <strong>bank sampah digital</strong>" in content
    assert "Bank Sampah Digital" in content


def test_a_typo_searched_once_does_not_become_a_known_word(catalog, cast):
    from inovasi.search.models import SearchStem

    _search("bank sampah digitl")
    make_innovation(cast.agency_b, "Posyandu Remaja", summary="Remaja sehat.")  # the indexer stores new words
    assert not SearchStem.objects.filter(word="digitl").exists()
    assert SearchStem.objects.filter(word="posyandu").exists()


def test_a_correction_is_worked_out_once_per_index_version(catalog, monkeypatch):
    from inovasi.search import forgiving

    calls = []
    real = forgiving.correct
    monkeypatch.setattr(forgiving, "correct", lambda *args: calls.append(args) or real(*args))
    assert _search("bank sampah digitl")[0].correction.text == "bank sampah digital"
    assert _search("bank sampah digitl")[0].correction.text == "bank sampah digital"
    assert len(calls) == 1
    # An index write changes the version: the vocabulary may have changed, so it is worked out again.
    make_innovation(catalog_agency(), "Posyandu Keliling", summary="Kader datang ke rumah warga.")
    assert _search("bank sampah digitl")[0].correction.text == "bank sampah digital"
    assert len(calls) == 2
    # And once the words as typed find something, nothing is corrected any more.
    make_innovation(catalog_agency(), "Bank Sampah Digitl Kota", summary="Nama ditulis apa adanya.")
    result, names = _search("bank sampah digitl")
    assert len(calls) == 2 and result.correction is None and names == ["Bank Sampah Digitl Kota"]


def catalog_agency():
    from inovasi.organisations.models import Agency

    return Agency.objects.first()
