"""A deploy the way Streamlit Community Cloud makes one draws the map.

Cloud clones the repository, runs `pip install -r requirements.txt` and then
`streamlit run app.py`: no `make`, no secrets, no asset download. This does
the same with the committed HEAD: a fresh `git clone` into a temporary
folder, a fresh virtualenv with the requirements only (pip's cache keeps it
to a minute or two), and the app started with the repository's own
`.streamlit/config.toml` and nothing else. At run time the server's proxy
variables point at a closed port and Chromium aborts every request that
leaves 127.0.0.1, so the map can only come from the clone; afterwards the
clone has no file git does not know, so nothing was fetched into it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from events import load_events
from tests.support import ROOT
from tests.support.browser import (
    block_other_hosts,
    free_port,
    require_browser,
    wait_for_markers,
    wait_healthy,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NO_NETWORK = "http://127.0.0.1:9"  # the discard port: nothing listens, every request fails


def run(command: list[str], cwd: Path, timeout_s: float, env: dict | None = None) -> None:
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout_s, env=env
    )
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def cloud_deploy(tmp_path_factory):
    """A fresh clone of HEAD with its own venv holding requirements.txt only, served."""
    require_browser()
    root = tmp_path_factory.mktemp("deploy")
    repo = root / "repo"
    run(["git", "clone", "--quiet", str(ROOT), str(repo)], cwd=root, timeout_s=120)
    run([sys.executable, "-m", "venv", str(root / "venv")], cwd=root, timeout_s=120)
    python = root / "venv" / "bin" / "python"
    pip_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        cwd=repo,
        timeout_s=900,
        env=pip_env,
    )
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "MAP_ASSETS", "npm_config", "STREAMLIT"))
    }
    env.update(
        HTTP_PROXY=NO_NETWORK, HTTPS_PROXY=NO_NETWORK, http_proxy=NO_NETWORK,
        https_proxy=NO_NETWORK, npm_config_registry=NO_NETWORK, NO_PROXY="127.0.0.1",
    )  # fmt: skip
    log_path = root / "streamlit.log"
    with open(log_path, "w") as log:
        # What Cloud runs, plus where to listen: every other setting is the repository's own.
        server = subprocess.Popen(
            [str(python), "-m", "streamlit", "run", "app.py"]
            + [f"--server.port={port}", "--server.address=127.0.0.1"],
            cwd=repo,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(f"{base}/_stcore/health", server, timeout_s=120)
            yield repo, base
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


@pytest.fixture(scope="module")
def server(cloud_deploy):
    """The deployed app's base URL (the shared `browser` fixture starts after it)."""
    return cloud_deploy[1]


def test_a_fresh_clone_with_only_its_requirements_draws_every_marker(cloud_deploy, browser):
    repo, base = cloud_deploy
    expected = len(load_events(repo / "data" / "events.csv").events)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    attempted = block_other_hosts(context)
    try:
        page = context.new_page()
        page.goto(base)
        frame = wait_for_markers(page, expected, timeout_s=90)
        frame.wait_for_function(
            "() => document.querySelectorAll('.leaflet-pane path').length > 20", timeout=30_000
        )
        assert "cannot be drawn" not in page.inner_text("body")
    finally:
        context.close()
    assert attempted == []
    untracked = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert untracked == "", "the deploy wrote files the repository does not have"


def test_the_deploy_serves_the_assets_and_not_the_build_bookkeeping(cloud_deploy):
    _, base = cloud_deploy
    assert status(f"{base}/app/static/vendor/leaflet@1.9.3/leaflet.js") == 200
    assert status(f"{base}/app/static/basemap/countries.geojson") == 200
    assert status(f"{base}/app/static/.stamp-assets") == 404
    assert status(f"{base}/app/static/static.lock.json") == 404
