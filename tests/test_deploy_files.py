"""The files that host the app agree with the app: Dockerfile, nginx config, Streamlit config.

Docker is not needed to run these: they read the Dockerfile as text and check
what a build would depend on. nginx's own `-t` checks deploy/nginx.conf when
Debian's nginx is installed (`make test` installs it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib

import pytest

from tests.support import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
NGINX = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def instruction(name: str) -> list[str]:
    """The arguments of every `name` instruction, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [
        line.split(None, 1)[1].strip()
        for line in joined.splitlines()
        if line.split(None, 1)[:1] == [name]
    ]


def test_the_image_is_python_3_11_slim_and_runs_as_a_user_not_root():
    assert instruction("FROM") == ["python:3.11-slim"]
    users = instruction("USER")
    assert users and users[-1] not in ("root", "0")
    assert DOCKERFILE.index("USER") > DOCKERFILE.index("RUN pip install")


def test_the_image_runs_the_app_and_checks_its_health_on_the_port_it_serves():
    (cmd,) = instruction("CMD")
    args = json.loads(cmd)
    assert args[:3] == ["streamlit", "run", "app.py"]
    port = next(a.split("=", 1)[1] for a in args if a.startswith("--server.port="))
    assert instruction("EXPOSE") == [port]
    (health,) = instruction("HEALTHCHECK")
    assert f"http://127.0.0.1:{port}/_stcore/health" in health
    # Static serving (the map's assets) comes from the config the image copies.
    assert CONFIG["server"]["enableStaticServing"] is True


def test_the_image_keeps_what_the_app_serves():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for needed in ("static", "static/vendor", "static/basemap", ".streamlit", "data", "app.py"):
        assert needed not in ignored and f"{needed}/" not in ignored, needed
    assert "COPY . ." in DOCKERFILE


def test_a_closed_tab_gives_back_its_uploads_within_seconds_not_minutes():
    """Streamlit frees a session's uploaded files when the session is dropped."""
    assert CONFIG["server"]["disconnectedSessionTTL"] <= 30


def test_nginx_keeps_each_browser_on_one_process_and_upgrades_the_websocket():
    assert re.search(r"hash \$route_key consistent;", NGINX)
    assert "map $cookie_conflict_map_route $route_key" in NGINX
    assert 'Set-Cookie "conflict_map_route=$route_key;' in NGINX
    stream = NGINX[NGINX.index("location /_stcore/stream") :]
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_set_header Connection $connection_upgrade;" in stream
    assert "proxy_http_version 1.1;" in stream
    max_mb = CONFIG["server"]["maxUploadSize"]
    assert f"client_max_body_size {max_mb}m;" in NGINX


def test_nginx_listens_and_proxies_on_loopback_only():
    addresses = re.findall(r"^\s*(?:listen|server)\s+([^;\s{]+);", NGINX, flags=re.MULTILINE)
    assert len(addresses) >= 3
    assert all(address.startswith("127.0.0.1:") for address in addresses), addresses


@pytest.mark.skipif(not shutil.which("nginx"), reason="Debian's nginx not installed")
def test_nginx_accepts_the_config(tmp_path):
    done = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(ROOT / "deploy" / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
