"""``newsearch serve``: its port is checked, a busy port is a clear message, and the base URL of its links."""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from web.cli import cli
from web.links import BASE_URL_ENV_VAR

OPENSEARCH_NS = "{http://a9.com/-/spec/opensearch/1.1/}"


@pytest.fixture()
def served(monkeypatch):
    """What ``serve`` hands to waitress; waitress itself is not started."""
    calls: dict = {}

    def fake_serve(app, host, port, threads):
        calls.update(app=app, host=host, port=port, threads=threads)

    monkeypatch.setattr("waitress.serve", fake_serve)
    monkeypatch.delenv(BASE_URL_ENV_VAR, raising=False)
    return calls


@pytest.mark.parametrize("port", ["99999", "65536", "0", "-1"])
def test_a_port_out_of_range_is_refused(runner, sample_index_dir: Path, served, port: str):
    result = runner.invoke(cli, ["serve", "--port", port, "--index", str(sample_index_dir)])
    assert result.exit_code == 2, result.output
    assert "--port" in result.output and "1<=x<=65535" in result.output
    assert not served


def test_a_busy_port_is_a_clear_message(runner, sample_index_dir: Path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(cli, ["serve", "--port", str(port), "--index", str(sample_index_dir)])
    assert result.exit_code == 1, result.output
    assert f"Error: cannot serve on http://127.0.0.1:{port}: Address already in use" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError)


def _opensearch_templates(app, host: str) -> list[str]:
    root = ET.fromstring(app.test_client().get("/opensearch.xml", headers={"Host": host}).data)
    return [url.get("template") for url in root.findall(f"{OPENSEARCH_NS}Url")]


def test_links_name_the_address_served_by_default(runner, sample_index_dir: Path, served):
    result = runner.invoke(cli, ["serve", "--host", "::1", "--port", "8123", "--index", str(sample_index_dir)])
    assert result.exit_code == 0, result.output
    assert served["app"].config["BASE_URL"] == "http://[::1]:8123"
    templates = _opensearch_templates(served["app"], "forged.example")
    assert templates and all(t.startswith("http://[::1]:8123/") for t in templates), templates


@pytest.mark.parametrize("how", ["option", "environment"])
def test_links_name_the_configured_base_url(runner, sample_index_dir: Path, served, monkeypatch, how: str):
    args = ["serve", "--port", "8123", "--index", str(sample_index_dir)]
    if how == "option":
        args += ["--base-url", "https://news.example.org/archive/"]
    else:
        monkeypatch.setenv(BASE_URL_ENV_VAR, "https://news.example.org/archive/")
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert served["port"] == 8123
    assert "links name https://news.example.org/archive/" in result.output
    templates = _opensearch_templates(served["app"], "forged.example")
    assert all(t.startswith("https://news.example.org/archive/") for t in templates), templates


@pytest.mark.parametrize("bad", ["ftp://news.example.org", "news.example.org", "http://", "http://host:99999",
                                 "http://host/?q=1"])
def test_a_bad_base_url_is_refused(runner, sample_index_dir: Path, served, bad: str):
    result = runner.invoke(cli, ["serve", "--base-url", bad, "--index", str(sample_index_dir)])
    assert result.exit_code == 2, result.output
    assert "--base-url" in result.output and bad in result.output
    assert not served
