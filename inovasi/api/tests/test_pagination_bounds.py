"""An absurd page number is a 422 like any invalid parameter, never a database overflow (500)."""

import pytest

from inovasi.api.pagination import MAX_PAGE

LISTS = [
    "/api/v1/regions",
    "/api/v1/governments",
    "/api/v1/replications",
    "/api/v1/innovations",
]


@pytest.mark.parametrize("url", LISTS)
def test_a_page_beyond_the_bound_is_refused_with_422(client, db, url):
    response = client.get(url, {"page": 96491248764169216, "page_size": 100})
    assert response.status_code == 422


@pytest.mark.parametrize("url", LISTS)
def test_the_last_allowed_page_is_empty_but_fine(client, db, url):
    response = client.get(url, {"page": MAX_PAGE, "page_size": 100})
    assert response.status_code == 200
    assert response.json()["items"] == []
