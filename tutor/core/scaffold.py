"""`pack new`: a new lesson pack that validates out of the box and teaches the format.

The scaffold is the template pack ``templates/pack/`` (carried inside the wheel, like the built-in
pack, as ``tutor/_template``): one lesson, one exercise with
a stub, a reference solution, public and hidden checks, two known-wrong variants and hints, all
commented for a first-time author. Only the manifest's ``name`` and ``title`` are filled in.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from string import Template

from tutor.core.manifest import ID_RE, MANIFEST


def _template_root() -> Path:
    """The template pack: inside the installed package, or under templates/ in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_template"
    return installed if (installed / MANIFEST).is_file() else package.parent / "templates" / "pack"


TEMPLATE = _template_root()
DEFAULT_NAME = "my-pack"


class ScaffoldError(Exception):
    """The scaffold cannot be written where asked; the message says why."""


def pack_name_for(folder: Path) -> str:
    """A pack name made from a folder name: lowercase, runs of other characters become '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-")
    return slug if ID_RE.match(slug) else DEFAULT_NAME


def _template_files() -> list[Path]:
    """The scaffold's files, relative to the template folder (caches and bytecode left out)."""
    return sorted(p.relative_to(TEMPLATE) for p in TEMPLATE.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def new_pack(target: Path | str, *, name: str | None = None, title: str | None = None) -> list[Path]:
    """Write the scaffold into ``target`` (created if missing; it must be empty) and return the
    files written. Raises `ScaffoldError` for a non-empty folder, a file in the way or a bad name.
    """
    target = Path(target).expanduser()
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise ScaffoldError(f"{target} is not empty: pack new only writes into a new or empty folder, "
                            "so nothing of yours is overwritten")
    name = name or pack_name_for(target.resolve())
    if not ID_RE.match(name):
        raise ScaffoldError(f"pack name {name!r} must be lowercase letters, digits and '-'")
    title = title or name.replace("-", " ").capitalize()
    written = []
    for relative in _template_files():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if relative.as_posix() == MANIFEST:
            text = Template((TEMPLATE / relative).read_text(encoding="utf-8"))
            # json.dumps gives a valid TOML basic string for any title.
            destination.write_text(text.substitute(name=json.dumps(name), title=json.dumps(title, ensure_ascii=False)),
                                   encoding="utf-8")
        else:
            shutil.copyfile(TEMPLATE / relative, destination)
        written.append(destination)
    return written
