"""`pack release`: the student copy of a pack, without solutions, hidden checks or variants.

Only what learners need is copied (an allowlist, so nothing secret slips out by accident):

- ``pack.toml``, rewritten: ``released = true``, and for each exercise ``hidden_check_count``
  (counted by importing its hidden checks now) instead of ``hidden_checks`` and ``variants``;
- the ``lessons/`` and ``exercises/`` folders, each lesson's text and companion module, and each
  public check module;
- an ``__init__.py`` at the pack's top, so a released pack can be published as a package.

Solutions, hidden check modules and variant folders are never copied, even from inside those
folders. The pack must validate first. The copy is built in a temporary folder beside OUT and
renamed into place, so an interrupted release leaves nothing half-written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.manifest import MANIFEST, PackError, load_pack
from tutor.core.model import Pack
from tutor.core.modules import load_checks
from tutor.core.validate import validate_pack

COPIED_FOLDERS = ("lessons", "exercises")
SKIPPED_NAMES = {"__pycache__", ".DS_Store"}


class ReleaseError(Exception):
    """The pack cannot be released; the message says why and what to fix."""


@dataclass
class ReleaseReport:
    """What `release_pack` wrote."""

    out: Path
    files: list[str] = field(default_factory=list)
    """Files of the student copy, relative to it."""
    hidden_counts: dict[str, int] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    """Top-level entries of the pack that were not copied (solutions, hidden checks, ...)."""
    notes: list[str] = field(default_factory=list)


# -- TOML output ---------------------------------------------------------------------------

def _toml_string(text: str) -> str:
    if "\n" not in text:
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char in "\n\t" or (ord(char) >= 0x20 and ord(char) != 0x7F):
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}")
    return '"""\n' + "".join(out) + '"""'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        items = [_toml_value(v) for v in value]
        if sum(len(i) for i in items) > 60:
            return "[\n" + "".join(f"    {item},\n" for item in items) + "]"
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml_value(v)}" for key, v in value.items()) + " }"
    raise TypeError(f"cannot write a {type(value).__name__} to TOML")


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def to_toml(data: dict[str, Any], prefix: str = "") -> str:
    """Write a manifest-shaped mapping as TOML: scalars first, then arrays of tables."""
    lines = [f"{key} = {_toml_value(value)}" for key, value in data.items() if not _is_table_array(value)]
    for key, value in data.items():
        if _is_table_array(value):
            for table in value:
                lines += ["", f"[[{prefix}{key}]]", to_toml(table, f"{prefix}{key}.")]
    return "\n".join(lines)


# -- the release ---------------------------------------------------------------------------

def _secret_paths(pack: Pack) -> set[Path]:
    secret = {pack.root / "solutions"}
    for exercise in pack.exercises:
        secret |= {pack.root / p for p in (exercise.hidden_checks, exercise.variants) if p}
    return secret


def _public_paths(pack: Pack) -> list[Path]:
    paths = [pack.root / folder for folder in COPIED_FOLDERS if (pack.root / folder).is_dir()]
    paths += [lesson.text_path for lesson in pack.lessons]
    paths += [lesson.module_path for lesson in pack.lessons if lesson.module_path]
    paths += [pack.root / ex.public_checks for ex in pack.exercises if ex.public_checks]
    if (pack.root / "__init__.py").is_file():
        paths.append(pack.root / "__init__.py")
    return paths


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _copy(pack: Pack, staging: Path) -> list[str]:
    secret = _secret_paths(pack)
    copied: set[str] = set()
    for start in _public_paths(pack):
        if any(_inside(start, s) for s in secret):
            raise ReleaseError(f"{start.relative_to(pack.root)} is shown to learners but lies in "
                               f"{next(s for s in secret if _inside(start, s)).relative_to(pack.root)}, "
                               "which the student copy leaves out")
        files = [start] if start.is_file() else sorted(p for p in start.rglob("*") if p.is_file())
        for path in files:
            relative = path.relative_to(pack.root)
            if any(_inside(path, s) for s in secret) or SKIPPED_NAMES & set(relative.parts) or path.suffix == ".pyc":
                continue
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            copied.add(relative.as_posix())
    return sorted(copied)


def _released_manifest(pack: Pack, counts: dict[str, int]) -> str:
    data = tomllib.loads((pack.root / MANIFEST).read_text(encoding="utf-8"))
    data["released"] = True
    for lesson in data.get("lessons", []):
        for exercise in lesson.get("exercises", []):
            exercise.pop("hidden_checks", None)
            exercise.pop("variants", None)
            exercise["hidden_check_count"] = counts[exercise["id"]]
    header = (f"# The student copy of the lesson pack {pack.name!r}, made by `latent-tutor pack release`.\n"
              "# Solutions, hidden checks and known-wrong variants are not included; hidden checks run\n"
              "# when the instructor grades with the full pack.\n")
    return header + to_toml(data) + "\n"


def release_pack(source: Path | str, out: Path | str) -> ReleaseReport:
    """Make the student copy of the pack at ``source`` in the new (or empty) folder ``out``.

    Raises `ReleaseError` when ``out`` is not empty, the pack does not load or does not validate.
    """
    source, out = Path(source).resolve(), Path(out).expanduser().resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ReleaseError(f"{out} is not an empty folder: release into a new one, so nothing is overwritten")
    try:
        pack = load_pack(source)
    except PackError as exc:
        raise ReleaseError(f"the pack does not load; fix its manifest first:\n{exc}") from None
    if pack.released:
        raise ReleaseError(f"{source} is already a student copy (released = true); release the original pack")
    if _inside(out, source) and any(_inside(out, p) for p in _public_paths(pack)):
        raise ReleaseError(f"{out} is inside a folder that the release copies; choose a folder elsewhere")
    report = validate_pack(source)
    if not report.ok:
        found = [str(p) for p in report.problems] + [str(p) for ps in report.lessons.values() for p in ps]
        found += [f"{e.id}: {p}" for e in report.exercises for p in e.problems]
        raise ReleaseError(f"the pack is not valid (fix {report.to_fix}; "
                           "see `latent-tutor pack validate`):\n  " + "\n  ".join(found))
    counts = {ex.id: sum(c.hidden for c in load_checks(ex)) for ex in pack.exercises}
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        files = _copy(pack, staging)
        (staging / MANIFEST).write_text(_released_manifest(pack, counts), encoding="utf-8")
        try:
            load_pack(staging)
        except PackError as exc:
            raise ReleaseError(f"the student copy would not load:\n{exc}") from None
        if out.exists():
            out.rmdir()
        os.rename(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    release = ReleaseReport(out, sorted([MANIFEST, *files]), counts)
    copied_tops = {Path(f).parts[0] for f in release.files}
    release.left_out = sorted(p.name + ("/" if p.is_dir() else "") for p in pack.root.iterdir()
                              if p.name not in copied_tops and not p.name.startswith(".") and p.resolve() != out)
    release.notes = [f"{ex.id} has no public checks: learners can check nothing before grading"
                     for ex in pack.exercises if not ex.public_checks]
    return release
