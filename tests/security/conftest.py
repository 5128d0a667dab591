"""The hostile suite: every test ends with no learner process alive and no run folder on disk."""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kit import fresh_zygote, run_folders, serve_secret, wait_until_gone, write_secure_pack

from tutor.core import standby


@pytest.fixture(autouse=True)
def nothing_left_behind() -> Iterator[None]:
    standby.set_prefetch(False)
    standby.drop_standby()
    before = run_folders()
    yield
    assert wait_until_gone() == [], "learner processes outlived their run"
    assert run_folders() - before == set(), "run folders were left on disk"
    standby.set_prefetch(True)


@pytest.fixture
def secure_pack(tmp_path: Path) -> Path:
    return write_secure_pack(tmp_path / "pack")


@pytest.fixture
def listeners(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A TCP server on 127.0.0.1 and a unix socket on disk, each handing out the secret."""
    tcp = socket.create_server(("127.0.0.1", 0))
    path = tmp_path / "grader.sock"
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.bind(str(path))
    os.chmod(path, 0o777)
    unix.listen()
    for server in (tcp, unix):
        threading.Thread(target=serve_secret, args=(server,), daemon=True).start()
    yield tcp.getsockname()[1], path
    for server in (tcp, unix):
        server.close()


_mode = {"off": ""}


@pytest.fixture(autouse=True)
def isolation_mode(request: pytest.FixtureRequest) -> Iterator[None]:
    """Layers forced off for a test marked ``@pytest.mark.isolation_off("mount,landlock")``
    (none otherwise). The zygote starts again only when the setting changes."""
    marker = request.node.get_closest_marker("isolation_off")
    wanted = marker.args[0] if marker else ""
    if wanted != _mode["off"]:
        if wanted:
            os.environ["LATENT_TUTOR_ISOLATION_OFF"] = wanted
        else:
            os.environ.pop("LATENT_TUTOR_ISOLATION_OFF", None)
        fresh_zygote()
        _mode["off"] = wanted
    yield


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "isolation_off(layers): force these isolation layers off for the test")


@pytest.fixture(scope="session", autouse=True)
def default_isolation_afterwards() -> Iterator[None]:
    yield
    os.environ.pop("LATENT_TUTOR_ISOLATION_OFF", None)
    fresh_zygote()
