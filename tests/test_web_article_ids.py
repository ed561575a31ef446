"""Unknown and malformed article ids get a 404 on every article route (the HTML page, the JSON article and its
related stories), never a 500; the 404 repeats only the start of the id."""

from __future__ import annotations

import pytest

from search.model import document_id
from web.views import MAX_ECHO_CHARS

FLOOD_ID = document_id("west-midlands/flood-defences.html")

# As they appear in the URL path (percent-encoded where a browser would encode them).
BAD_IDS = {
    "unknown": "0123456789abcdef",
    "very long": "x" * 10_000,
    "NUL": "%00",
    "NUL inside": f"{FLOOD_ID[:8]}%00{FLOOD_ID[8:]}",
    "unicode": "%C3%BCber-%E6%97%A5%E6%9C%AC",
    "emoji": "%F0%9F%98%80",
    "not UTF-8": "%FF%FE",
    "slashes": "a/b/c",
    "encoded slashes": "..%2F..%2Fetc%2Fpasswd",
    "dot segments": "../../etc/passwd",
    "upper case": FLOOD_ID.upper(),
    "trailing slash": f"{FLOOD_ID}/",
    "leading space": f"%20{FLOOD_ID}",
    "newline": f"{FLOOD_ID}%0A",
    "query syntax": "id:*",
    "wildcard": "*",
    "lone percent": "%",
}
ROUTES = ["/article/{}", "/api/article/{}", "/api/article/{}/related"]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("bad_id", list(BAD_IDS.values()), ids=list(BAD_IDS))
def test_a_bad_id_is_404(client, route: str, bad_id: str):
    response = client.get(route.format(bad_id))
    assert response.status_code == 404
    if route.startswith("/api/"):
        assert response.mimetype == "application/json"
        assert set(response.get_json()["error"]) == {"param", "message"}
    else:
        assert response.mimetype == "text/html"
    assert len(response.data) < 3_000  # a long id is not echoed whole


@pytest.mark.parametrize("route", ROUTES)
def test_the_real_id_is_found(client, route: str):
    assert client.get(route.format(FLOOD_ID)).status_code == 200


def test_a_404_names_the_start_of_a_long_id(client):
    long_id = "y" * 5_000
    message = client.get(f"/api/article/{long_id}").get_json()["error"]
    assert message["param"] == "id" and "y" * MAX_ECHO_CHARS in message["message"]
    assert "y" * (MAX_ECHO_CHARS + 1) not in message["message"]
    page = client.get(f"/article/{long_id}").get_data(as_text=True)
    assert "y" * MAX_ECHO_CHARS in page and "y" * (MAX_ECHO_CHARS + 1) not in page
