"""Helpers shared by the instructor-tool tests: run the CLI, make small packs in tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PACKAGE = REPO / "tests" / "example_pack"
EXAMPLE_PACK = EXAMPLE_PACKAGE / "latent_tutor_example"
EXERCISE = "normalize-columns"
FILE = "01_norms/normalize_columns.py"
"""The scaffold's exercise and its file, relative to the pack's exercises/ and to a workspace."""


def cli(*args: str | os.PathLike, tmp: Path, env: dict[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `python -m tutor ARGS` in a fresh process with a throwaway workspace."""
    environment = {k: v for k, v in os.environ.items() if k not in ("LATENT_TUTOR_PACKS", "NO_COLOR")}
    environment["LATENT_TUTOR_WORKSPACE"] = str(tmp / "workspace")
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), (env or {}).pop("PYTHONPATH", "")]))
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "tutor", *map(str, args)], capture_output=True, text=True,
                          env=environment, cwd=tmp, timeout=timeout)


def fake_distribution(site: Path, name: str, entry_points: dict[str, str]) -> None:
    """An installed distribution as importlib.metadata sees it: a *.dist-info folder on sys.path."""
    info = site / f"{name.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n")
    lines = "".join(f"{key} = {value}\n" for key, value in entry_points.items())
    (info / "entry_points.txt").write_text(f"[latent_tutor.packs]\n{lines}")


def scaffold(tmp: Path, name: str = "pack") -> Path:
    """A fresh `pack new` scaffold in ``tmp/name``."""
    from tutor.core.scaffold import new_pack

    root = tmp / name
    new_pack(root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) by ``new`` in the file at ``path``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


SECOND = "again"
SECOND_FILE = "01_norms/normalize_again.py"
"""The second exercise `two_exercises` adds: the same task in another file, worth 3 points."""


def two_exercises(pack: Path) -> Path:
    """Add to a scaffold a second exercise like the first, worth 3 points (the first is worth 1)."""
    manifest = (pack / "pack.toml").read_text()
    block = manifest[manifest.index("  [[lessons.exercises]]"):]
    block = (block.replace(f'id = "{EXERCISE}"', f'id = "{SECOND}"')
             .replace(f'file = "{FILE}"', f'file = "{SECOND_FILE}"'))
    assert "points = 1" in block
    (pack / "pack.toml").write_text(manifest + "\n" + block.replace("points = 1", "points = 3"))
    for folder in ("exercises", "solutions"):
        (pack / folder / SECOND_FILE).write_text((pack / folder / FILE).read_text())
    return pack


def grading_pack(tmp: Path, name: str = "course") -> Path:
    """A scaffold with two exercises and short limits for the learner's code and the checks'."""
    pack = two_exercises(scaffold(tmp, name))
    edit(pack / "pack.toml", "timeout = 10\ncall_timeout = 5\ncheck_timeout = 10\n",
         "timeout = 2\ncall_timeout = 1\ncheck_timeout = 1\n")
    edit(pack / "pack.toml", "limits = { timeout = 5 }", "limits = { timeout = 2 }")
    return pack
