"""Import a pack's check modules and known-wrong variants (trusted code, written by its author).

Modules are imported from their file paths under private names and cached until the file
changes. An import that fails becomes a `PackError` naming the file and line.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

from tutor.core.checkapi import CheckSpec
from tutor.core.manifest import PackError, Problem
from tutor.core.model import Exercise

_cache: dict[Path, tuple[tuple[int, int], ModuleType]] = {}


@dataclass(frozen=True)
class LoadedCheck:
    spec: CheckSpec
    func: Callable[..., None]
    hidden: bool


@dataclass(frozen=True)
class Variant:
    """A known-wrong implementation of an exercise, with the mistake it embodies."""

    name: str
    path: Path
    mistake: str
    namespace: dict[str, Any]


def _import_error(path: Path, exc: BaseException) -> PackError:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    line = getattr(exc, "lineno", None) if isinstance(exc, SyntaxError) else (frames[-1].lineno if frames else None)
    return PackError([Problem(path, line, "", f"cannot import: {type(exc).__name__}: {exc}")])


def import_path(path: Path) -> ModuleType:
    """Import the Python file at ``path`` (cached until its size or mtime changes)."""
    path = path.resolve()
    try:
        stat = path.stat()
    except OSError as exc:
        raise PackError([Problem(path, None, "", f"cannot read: {exc.strerror}")]) from None
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached and cached[0] == key:
        return cached[1]
    name = f"_latent_tutor_pack_module_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise PackError([Problem(path, None, "", "not an importable Python file")])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:
        sys.modules.pop(name, None)
        raise _import_error(path, exc) from None
    _cache[path] = (key, module)
    return module


def checks_in(path: Path, hidden: bool) -> list[LoadedCheck]:
    """The checks a module defines, in source order."""
    module = import_path(path)
    found = [v for v in vars(module).values() if callable(v) and isinstance(getattr(v, "__latent_check__", None), CheckSpec)]
    found.sort(key=lambda f: getattr(getattr(f, "__code__", None), "co_firstlineno", 0))
    return [LoadedCheck(f.__latent_check__, f, hidden) for f in found]


def load_checks(exercise: Exercise, *, include_hidden: bool = True) -> list[LoadedCheck]:
    """Public checks first, then hidden ones; a module without any check is an error."""
    checks: list[LoadedCheck] = []
    for relative, hidden in ((exercise.public_checks, False), (exercise.hidden_checks, True)):
        if relative is None or (hidden and not include_hidden):
            continue
        path = exercise.pack_root / relative
        found = checks_in(path, hidden)
        if not found:
            raise PackError([Problem(path, None, "", "defines no checks (functions decorated with @check())")])
        checks += found
    names = [c.spec.name for c in checks]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise PackError([Problem(exercise.pack_root / (exercise.hidden_checks or exercise.public_checks or ""),
                                 None, "", f"duplicate check names in exercise {exercise.id}: {', '.join(duplicates)}")])
    return checks


def variant_files(exercise: Exercise) -> list[Path]:
    if not exercise.variants:
        return []
    folder = exercise.pack_root / exercise.variants
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith("_")) if folder.is_dir() else []


def variant_mistake(path: Path) -> str:
    """A variant's explanation: its module docstring, read without importing it."""
    try:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return ""
    return " ".join((doc or "").split())


def load_variants(exercise: Exercise) -> list[Variant]:
    """Import every known-wrong variant of ``exercise`` (for diagnosis in the trusted process)."""
    variants = []
    for path in variant_files(exercise):
        module = import_path(path)
        variants.append(Variant(path.stem, path, variant_mistake(path), vars(module)))
    return variants
