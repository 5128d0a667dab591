"""`pack release`: the student copy of a pack, without solutions, hidden checks or variants.

A release copies an allow-list, and nothing else:

- ``pack.toml``, rewritten: ``released = true``, and for each exercise ``hidden_check_count``
  (counted by importing its hidden checks now) instead of ``hidden_checks`` and ``variants``;
- each lesson's Markdown and companion module, each exercise's stub, each public check module,
  and the helper modules beside them that they import (read from their source, not run);
- the ``data/`` folder's regular files, for lessons and public checks that read data;
- an ``__init__.py`` at the pack's top, so a released pack can be published as a package.

No symbolic link is followed or copied (a link in ``exercises/`` could point at a solution); a
file that is named above but lies in a secret place (solutions, hidden checks, variants) stops
the release. Everything left out is named in the report. The pack must validate first. The copy
is built in a temporary folder beside OUT and renamed into place, so an interrupted release
leaves nothing half-written.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import stat
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.manifest import MANIFEST, PackError, load_pack
from tutor.core.model import Pack
from tutor.core.modules import load_checks
from tutor.core.validate import validate_pack

DATA = "data"
CACHES = {"__pycache__", ".DS_Store"}
"""Names never copied nor listed as left out (bytecode caches and Finder litter)."""


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
    """Everything in the pack folder that was not copied, relative to it: a folder with nothing
    copied as ``name/``, symbolic links and special files with the reason."""
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


# -- what is copied ------------------------------------------------------------------------

def local_imports(module: Path) -> list[Path]:
    """The helper modules beside ``module`` that it imports, and theirs in turn, found in the
    source without running it (``import _common``, ``from _common import x``)."""
    found: list[Path] = []
    todo = [module]
    while todo:
        current = todo.pop()
        try:
            tree = ast.parse(current.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
            continue
        names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        names += [node.module for node in ast.walk(tree)
                  if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module]
        for name in names:
            helper = module.parent / f"{name.split('.')[0]}.py"
            if helper != module and helper not in found and os.path.lexists(helper):
                found.append(helper)
                todo.append(helper)
    return found


def _secret_paths(pack: Pack) -> dict[Path, str]:
    secret = {pack.root / "solutions": "the solutions"}
    for exercise in pack.exercises:
        if exercise.hidden_checks:
            secret[pack.root / exercise.hidden_checks] = f"the hidden checks of {exercise.id}"
        if exercise.variants:
            secret[pack.root / exercise.variants] = f"the known-wrong variants of {exercise.id}"
    return secret


def _allowed(pack: Pack) -> dict[Path, str]:
    """Every file the student copy needs (absolute path -> what it is, for messages)."""
    allowed: dict[Path, str] = {}
    for lesson in pack.lessons:
        allowed[lesson.text_path] = f"the text of lesson {lesson.id}"
        if lesson.module_path:
            allowed[lesson.module_path] = f"the module of lesson {lesson.id}"
            allowed.update({h: f"a helper of lesson {lesson.id}'s module" for h in local_imports(lesson.module_path)})
    for exercise in pack.exercises:
        allowed[exercise.stub_path] = f"the stub of {exercise.id}"
        if exercise.public_checks:
            module = pack.root / exercise.public_checks
            allowed[module] = f"the public checks of {exercise.id}"
            allowed.update({h: f"a helper of {exercise.id}'s public checks" for h in local_imports(module)})
    if os.path.isfile(pack.root / "__init__.py"):
        allowed[pack.root / "__init__.py"] = "the package's __init__.py"
    return allowed


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _link_on_the_way(root: Path, path: Path) -> Path | None:
    """The first symbolic link between ``root`` and ``path`` (``path`` itself included), if any."""
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def _data_files(root: Path) -> list[Path]:
    """The regular files under data/, no link followed (links and special files stay behind)."""
    folder = root / DATA
    if folder.is_symlink() or not folder.is_dir():
        return []
    files = []
    for current, dirs, names in os.walk(folder):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if d not in CACHES and not (here / d).is_symlink())
        files += [here / n for n in sorted(names) if n not in CACHES and not n.endswith(".pyc")
                  and stat.S_ISREG((here / n).lstat().st_mode)]
    return files


def _checked(pack: Pack, allowed: dict[Path, str]) -> None:
    """Refuse a release that would copy a secret file, a link or a special file."""
    secret = _secret_paths(pack)
    for path, what in sorted(allowed.items()):
        relative = path.relative_to(pack.root).as_posix()
        hiding = next((s for s in secret if _inside(path, s)), None)
        if hiding is not None:
            raise ReleaseError(f"{relative} ({what}) is shown to learners but lies in "
                               f"{hiding.relative_to(pack.root).as_posix()} ({secret[hiding]}), "
                               "which the student copy leaves out: move it")
        link = _link_on_the_way(pack.root, path)
        if link is not None:
            raise ReleaseError(f"{relative} ({what}) is reached through the symbolic link "
                               f"{link.relative_to(pack.root).as_posix()}: a release copies no links "
                               "(one could point at a solution); put the file itself there")
        if not stat.S_ISREG(path.lstat().st_mode):
            raise ReleaseError(f"{relative} ({what}) is not a regular file")


def _copy_file(source: Path, destination: Path) -> None:
    """Copy a regular file, refusing to follow a link swapped in meanwhile."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as reader, destination.open("wb") as writer:
        shutil.copyfileobj(reader, writer)
    shutil.copystat(source, destination, follow_symlinks=False)


def _left_out(root: Path, copied: set[Path], skip: Path) -> list[str]:
    """Everything under ``root`` not copied: folders with nothing copied as a whole."""
    keep = {p.parent for p in copied} | {a for p in copied for a in p.parents}
    found = []
    for current, dirs, names in os.walk(root):
        here = Path(current)
        for name in sorted(dirs):
            path = here / name
            if name in CACHES or _inside(skip, path):
                continue
            if path.is_symlink():
                found.append(f"{path.relative_to(root).as_posix()}/ (a symbolic link)")
            elif path not in keep:
                found.append(f"{path.relative_to(root).as_posix()}/")
        dirs[:] = sorted(d for d in dirs if (here / d) in keep and not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            if path in copied or name in CACHES or name.endswith(".pyc") or (here == root and name == MANIFEST):
                continue
            mode = path.lstat().st_mode
            why = " (a symbolic link)" if stat.S_ISLNK(mode) else "" if stat.S_ISREG(mode) else " (not a regular file)"
            found.append(f"{path.relative_to(root).as_posix()}{why}")
    return sorted(found)


# -- the release ---------------------------------------------------------------------------

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
              "# when the instructor grades with the full pack. The hints below are meant to be read:\n"
              "# learners see them one at a time with `latent-tutor hint`.\n")
    return header + to_toml(data) + "\n"


def release_pack(source: Path | str, out: Path | str) -> ReleaseReport:
    """Make the student copy of the pack at ``source`` in the new (or empty) folder ``out``.

    Raises `ReleaseError` when ``out`` is not empty, the pack does not load or does not validate,
    or a file learners need is secret, a link or not a regular file.
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
    allowed = _allowed(pack)
    _checked(pack, allowed)
    folders = {a for p in allowed for a in p.parents if a != source and _inside(a, source)}
    if any(_inside(out, folder) for folder in folders):
        raise ReleaseError(f"{out} is inside a folder that the release copies from; choose a folder elsewhere")
    report = validate_pack(source)
    if not report.ok:
        found = [str(p) for p in report.problems] + [str(p) for ps in report.lessons.values() for p in ps]
        found += [f"{e.id}: {p}" for e in report.exercises for p in e.problems]
        raise ReleaseError(f"the pack is not valid (fix {report.to_fix}; "
                           "see `latent-tutor pack validate`):\n  " + "\n  ".join(found))
    counts = {ex.id: sum(c.hidden for c in load_checks(ex)) for ex in pack.exercises}
    copied = sorted(set(allowed) | set(_data_files(source)))
    left_out = _left_out(source, set(copied), out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        for path in copied:
            _copy_file(path, staging / path.relative_to(source))
        (staging / MANIFEST).write_text(_released_manifest(pack, counts), encoding="utf-8")
        try:
            load_pack(staging)
        except PackError as exc:
            raise ReleaseError(f"the student copy would not load:\n{exc}") from None
        staging.chmod(0o777 & ~_umask())
        if out.exists():
            out.rmdir()
        os.rename(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files = sorted([MANIFEST, *(p.relative_to(source).as_posix() for p in copied)])
    release = ReleaseReport(out, files, counts, left_out)
    release.notes = [f"{ex.id} has no public checks: learners can check nothing before grading"
                     for ex in pack.exercises if not ex.public_checks]
    return release


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
