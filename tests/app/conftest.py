from __future__ import annotations

from pathlib import Path

import pytest

from tutor.app import WELCOMED, TutorApp
from tutor.core.course import Course

from .fakepack import make_pack


@pytest.fixture
def fake_pack(tmp_path: Path) -> Path:
    return make_pack(tmp_path / "pack")


def returning_learner(workspace: Path, packs: list[Path], options: dict) -> None:
    """Create the workspace before the app starts, as a previous session would have, welcome
    seen."""
    tutor = Course(workspace, packs, builtin=options.get("builtin", True), installed=options.get("installed", True))
    tutor.ensure_workspace()
    tutor.progress.set_setting(WELCOMED, "earlier")
    tutor.close()


@pytest.fixture
def make_app(tmp_path: Path, fake_pack: Path, monkeypatch: pytest.MonkeyPatch):
    """An app over the fake pack only, with a workspace in tmp_path."""
    monkeypatch.delenv("LATENT_TUTOR_PACKS", raising=False)
    apps: list[TutorApp] = []

    def make(**kwargs) -> TutorApp:
        options = dict(builtin=False, installed=False)
        options.update(kwargs)
        packs = options.pop("packs", [fake_pack])
        if options.pop("returning", True):  # a learner who has been here before: no welcome
            returning_learner(tmp_path / "workspace", packs, options)
        app = TutorApp(workspace=tmp_path / "workspace", packs=packs, **options)
        apps.append(app)
        return app

    return make
