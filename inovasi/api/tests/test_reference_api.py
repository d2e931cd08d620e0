def test_the_openapi_schema_is_served(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Inovasi API"
    assert "/api/v1/regions" in schema["paths"]


def test_regions_of_a_province_with_codes(client, db):
    data = client.get("/api/v1/regions", {"parent": "35", "page_size": 100}).json()
    assert data["count"] == 38
    codes = {item["code"]: item["name"] for item in data["items"]}
    assert codes["35.79"] == "Kota Batu"
    assert codes["35.14"] == "Kabupaten Pasuruan"


def test_one_region(client, db):
    assert client.get("/api/v1/regions/35.73").json() == {
        "code": "35.73",
        "name": "Kota Malang",
        "level": "kota",
        "parent_code": "35",
        "is_autonomous": True,
    }
    assert client.get("/api/v1/regions/99.99").status_code == 404


def test_governments_filtered_by_province(client, db):
    data = client.get("/api/v1/governments", {"province": "35"}).json()
    assert data["count"] == 39
