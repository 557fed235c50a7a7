"""Static files: versioned URLs a browser keeps for a year, CSS and JS sent compressed."""

import gzip
import re
from pathlib import Path

import brotli
import pytest

from app.static_files import StaticVersions, content_version
from tests.conftest import ROOT

STATIC = ROOT / "static"
YEAR_LONG = "public, max-age=31536000, immutable"
STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"?]+)(?:\?v=([^"&]*))?"')
DECOMPRESS = {"gzip": gzip.decompress, "br": brotli.decompress}


def static_links(page: str) -> dict[str, str | None]:
    """Each static file a page links to, with the version its URL carries (None: no version)."""
    return {path: version for path, version in STATIC_LINK.findall(page)}


def file_bytes(url_path: str) -> bytes:
    """The bytes of the file in static/ that a /static/... path names."""
    return (STATIC / url_path.removeprefix("/static/")).read_bytes()


def dashboard_links(member_client) -> dict[str, str | None]:
    """The static files linked from the member's dashboard."""
    response = member_client.get("/dashboard")
    assert response.status_code == 200
    return static_links(response.get_data(as_text=True))


def test_a_page_links_every_stylesheet_and_script_with_its_contents_version(member_client):
    links = dashboard_links(member_client)
    assert len([path for path in links if path.endswith(".css")]) >= 5
    assert len([path for path in links if path.endswith(".js")]) >= 2
    for path, version in links.items():
        assert version == content_version(file_bytes(path)), path


def test_a_versioned_file_is_kept_for_a_year_without_the_session(member_client):
    for path, version in dashboard_links(member_client).items():
        response = member_client.get(f"{path}?v={version}")
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == YEAR_LONG, path
        # A cached file must not depend on the session cookie, nor set it.
        assert "Cookie" not in response.headers.get("Vary", "")
        assert "Set-Cookie" not in response.headers
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("query", ["", "?v=", "?v=000000000000", "?v=an-old-version"])
def test_an_unversioned_or_outdated_url_is_checked_again_each_time(client, query):
    response = client.get(f"/static/css/app.css{query}")
    assert response.status_code == 200
    assert response.get_data() == file_bytes("/static/css/app.css")
    assert "max-age=31536000" not in response.headers["Cache-Control"]
    assert "immutable" not in response.headers["Cache-Control"]
    assert "no-cache" in response.headers["Cache-Control"]


def test_a_missing_file_has_no_version_and_is_not_kept(app, client):
    with app.test_request_context():
        from flask import url_for

        assert url_for("static", filename="css/no-such-file.css") == "/static/css/no-such-file.css"
    response = client.get("/static/css/no-such-file.css?v=000000000000")
    assert response.status_code == 404
    assert "immutable" not in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize("encoding", ["gzip", "br"])
@pytest.mark.parametrize("path", ["/static/vendor/pico/pico.min.css", "/static/css/app.css",
                                  "/static/js/app.js", "/static/js/unsaved.js"])
def test_stylesheets_and_scripts_come_compressed_and_unpack_to_the_file(member_client, path, encoding):
    version = dashboard_links(member_client)[path]
    response = member_client.get(f"{path}?v={version}", headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.get_data()
    assert int(response.headers["Content-Length"]) == len(body) < len(file_bytes(path))
    assert DECOMPRESS[encoding](body) == file_bytes(path)
    assert response.headers["Cache-Control"] == YEAR_LONG


def test_a_browser_that_accepts_no_compression_gets_the_plain_file(client):
    response = client.get("/static/js/app.js", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == file_bytes("/static/js/app.js")
    assert "Accept-Encoding" in response.headers["Vary"]


def test_a_range_of_a_file_is_sent_as_is(client):
    response = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
    assert response.status_code == 206
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == file_bytes("/static/css/app.css")[:10]


def test_a_page_is_not_compressed_and_keeps_its_csp_and_no_store(member_client):
    # Pages carry the CSRF token: compressing them would open the door to BREACH over HTTPS.
    response = member_client.get("/dashboard", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert "<html" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_changed_file_gets_a_new_version(tmp_path: Path):
    sheet = tmp_path / "css" / "site.css"
    sheet.parent.mkdir()
    sheet.write_text("body { color: black; }\n")
    seconds = [100.0]
    versions = StaticVersions(str(tmp_path), recheck_seconds=1.0, clock=lambda: seconds[0])
    before = versions.version("css/site.css")
    assert before == content_version(sheet.read_bytes())
    assert versions.version("css/site.css") == before  # unchanged: the same URL

    sheet.write_text("body { color: darkblue; }\n")
    seconds[0] += 0.5
    assert versions.version("css/site.css") == before  # not looked at again within the second
    seconds[0] += 0.6
    after = versions.version("css/site.css")
    assert after == content_version(sheet.read_bytes())
    assert after != before


def test_the_version_names_the_contents_only():
    assert content_version(b"a { }") == content_version(b"a { }")
    assert content_version(b"a { }") != content_version(b"a {  }")


@pytest.mark.parametrize("name", ["../pyproject.toml", "/etc/hostname", "css", "no-such-file.css", None])
def test_only_files_inside_the_folder_have_a_version(name):
    assert StaticVersions(str(STATIC)).version(name) is None
