"""Helpers shared by the instructor-tool tests: run the CLI, make small packs in tmp_path."""

from __future__ import annotations

import os
import shutil
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


def fast_limits(pack: Path) -> None:
    """Short time limits for the scaffold's exercise, so hostile submissions cost little."""
    edit(pack / "pack.toml", "limits = { timeout = 5 }", "limits = { timeout = 2, call_timeout = 1 }")


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target
