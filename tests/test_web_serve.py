"""``newsearch serve``: its port is checked, a busy port is a clear message, and the base URL of its links."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import psutil
import pytest

from web.cli import cli
from web.links import BASE_URL_ENV_VAR

OPENSEARCH_NS = "{http://a9.com/-/spec/opensearch/1.1/}"


@pytest.fixture()
def served(monkeypatch):
    """What ``serve`` binds and hands to the serving processes; no socket is bound, nothing is started."""
    calls: dict = {}

    def fake_socket(host, port):
        calls.update(host=host, port=port)
        return socket.socket()

    def fake_serve(app, sock, processes, threads):
        calls.update(app=app, processes=processes, threads=threads)

    monkeypatch.setattr("web.serving.listening_socket", fake_socket)
    monkeypatch.setattr("web.serving.serve_app", fake_serve)
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


@pytest.mark.parametrize(
    "bad", ["ftp://news.example.org", "news.example.org", "http://", "http://host:99999", "http://host/?q=1"]
)
def test_a_bad_base_url_is_refused(runner, sample_index_dir: Path, served, bad: str):
    result = runner.invoke(cli, ["serve", "--base-url", bad, "--index", str(sample_index_dir)])
    assert result.exit_code == 2, result.output
    assert "--base-url" in result.output and bad in result.output
    assert not served


def test_one_process_per_core_with_four_threads_by_default(runner, sample_index_dir: Path, served):
    result = runner.invoke(cli, ["serve", "--port", "8123", "--index", str(sample_index_dir)])
    assert result.exit_code == 0, result.output
    assert (served["processes"], served["threads"]) == (os.cpu_count() or 1, 4)
    assert f"{served['processes']} process" in result.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def test_several_processes_share_the_port_and_stop_with_the_server(sample_index_dir: Path):
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "web",
        "serve",
        "--port",
        str(port),
        "--index",
        str(sample_index_dir),
        "--processes",
        "2",
        "--threads",
        "2",
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:  # the port opens only once the index has been read
            try:
                body = _get(f"http://127.0.0.1:{port}/api/search?q=flood")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stdout.read()
                time.sleep(0.2)
        assert body["total"] >= 1
        serving = psutil.Process(server.pid).children()
        assert len(serving) == 2
        serving[0].kill()  # a serving process that dies is replaced
        deadline = time.monotonic() + 30
        while len(psutil.Process(server.pid).children()) < 2 or serving[0].is_running():
            assert time.monotonic() < deadline
            time.sleep(0.1)
        for _ in range(10):
            assert _get(f"http://127.0.0.1:{port}/api/search?q=flood")["total"] == body["total"]
        serving = psutil.Process(server.pid).children()
        server.terminate()
        assert server.wait(timeout=30) is not None
        psutil.wait_procs(serving, timeout=30)
        assert not any(process.is_running() for process in serving)
    finally:
        if server.poll() is None:
            server.kill()
        server.wait()
