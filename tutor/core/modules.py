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
from typing import Any

from tutor.core.checkapi import CheckSpec, LoadedCheck
from tutor.core.checkguard import CheckClock, CheckTimeout
from tutor.core.manifest import PackError, Problem
from tutor.core.model import Exercise

_Stamp = tuple[int, int]
_cache: dict[Path, tuple[tuple[tuple[Path, _Stamp], ...], ModuleType]] = {}
"""path -> (the stamps of the file and of the helpers it imported, the module)."""


@dataclass(frozen=True)
class Variant:
    """A known-wrong implementation of an exercise, with the mistake it embodies."""

    name: str
    path: Path
    mistake: str
    namespace: dict[str, Any]


def _import_error(path: Path, exc: BaseException, timeout: float | None) -> PackError:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    line = getattr(exc, "lineno", None) if isinstance(exc, SyntaxError) else (frames[-1].lineno if frames else None)
    if isinstance(exc, CheckTimeout):
        message = (f"importing it took longer than {timeout:g} s (limits.check_timeout): "
                   "an endless loop at the module's top level?")
    else:
        helper = next((f for f in reversed(traceback.extract_tb(exc.__traceback__))
                       if Path(f.filename).parent == path.parent and Path(f.filename) != path), None)
        where = f" (in {Path(helper.filename).name}, line {helper.lineno})" if helper else ""
        message = f"cannot import: {type(exc).__name__}: {exc}{where}"
    return PackError([Problem(path, line, "", message)])


def _stamp(path: Path) -> _Stamp:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


def _fresh(stamps: tuple[tuple[Path, _Stamp], ...]) -> bool:
    try:
        return all(_stamp(p) == stamp for p, stamp in stamps)
    except OSError:
        return False


def _helpers_loaded(folder: Path, before: set[str]) -> list[tuple[str, Path]]:
    """Modules imported from ``folder`` since ``before`` (a snapshot of sys.modules' names)."""
    found = []
    for name in set(sys.modules) - before:
        file = getattr(sys.modules.get(name), "__file__", None)
        if file and Path(file).resolve().parent == folder:
            found.append((name, Path(file).resolve()))
    return found


def import_path(path: Path, *, timeout: float | None = None) -> ModuleType:
    """Import the Python file at ``path`` (cached until it, or a helper it imported, changes).

    While it runs, its own folder comes first on ``sys.path``, so it can import helper modules
    that sit beside it (``from _common import random_factors``). Those helpers are imported
    afresh for each module and taken out of ``sys.modules`` afterwards, so two packs' helpers of
    the same name never meet. With ``timeout`` (seconds), an import running longer is stopped.
    """
    path = path.resolve()
    try:
        stamp = _stamp(path)
    except OSError as exc:
        raise PackError([Problem(path, None, "", f"cannot read: {exc.strerror}")]) from None
    cached = _cache.get(path)
    if cached and cached[0][0] == (path, stamp) and _fresh(cached[0][1:]):
        return cached[1]
    name = f"_latent_tutor_pack_module_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise PackError([Problem(path, None, "", "not an importable Python file")])
    module = importlib.util.module_from_spec(spec)
    folder = str(path.parent)
    sys.modules[name] = module
    before = set(sys.modules)
    sys.path.insert(0, folder)
    try:
        with CheckClock(timeout, f"the module {path.parent.name}/{path.name} (at its top level)"):
            spec.loader.exec_module(module)
    except KeyboardInterrupt:
        sys.modules.pop(name, None)
        raise
    except BaseException as exc:
        sys.modules.pop(name, None)
        raise _import_error(path, exc, timeout) from None
    finally:
        if folder in sys.path:
            sys.path.remove(folder)
        helpers = _helpers_loaded(path.parent, before)
        for helper, _ in helpers:
            sys.modules.pop(helper, None)
    _cache[path] = (((path, stamp), *((file, _stamp(file)) for _, file in helpers)), module)
    return module


def checks_in(path: Path, hidden: bool, *, timeout: float | None = None) -> list[LoadedCheck]:
    """The checks a module defines, in source order."""
    module = import_path(path, timeout=timeout)
    found = [v for v in vars(module).values()
             if callable(v) and isinstance(getattr(v, "__latent_check__", None), CheckSpec)]
    found.sort(key=lambda f: getattr(getattr(f, "__code__", None), "co_firstlineno", 0))
    return [LoadedCheck(f.__latent_check__, f, hidden) for f in found]


def load_checks(exercise: Exercise, *, include_hidden: bool = True) -> list[LoadedCheck]:
    """Public checks first, then hidden ones; a module without any check is an error."""
    checks: list[LoadedCheck] = []
    for relative, hidden in ((exercise.public_checks, False), (exercise.hidden_checks, True)):
        if relative is None or (hidden and not include_hidden):
            continue
        path = exercise.pack_root / relative
        found = checks_in(path, hidden, timeout=exercise.limits.check_timeout)
        if not found:
            raise PackError([Problem(path, None, "", "defines no checks (functions decorated with @check())")])
        checks += found
    names = [c.spec.name for c in checks]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        checks_file = exercise.pack_root / (exercise.hidden_checks or exercise.public_checks or "")
        raise PackError([Problem(checks_file, None, "",
                                 f"duplicate check names in exercise {exercise.id}: {', '.join(duplicates)}")])
    return checks


def variant_files(exercise: Exercise) -> list[Path]:
    if not exercise.variants:
        return []
    folder = exercise.pack_root / exercise.variants
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith("_")) if folder.is_dir() else []


def _one_line(doc: str | None) -> str:
    return " ".join((doc or "").split())


def variant_mistake(path: Path) -> str:
    """A variant's explanation: its module docstring on one line, read without importing it."""
    try:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return ""
    return _one_line(doc)


def load_variants(exercise: Exercise) -> list[Variant]:
    """Import every known-wrong variant of ``exercise`` (for diagnosis in the trusted process)."""
    variants = []
    for path in variant_files(exercise):
        module = import_path(path, timeout=exercise.limits.check_timeout)
        # The docstring `variant_mistake` would parse the file again for.
        variants.append(Variant(path.stem, path, _one_line(module.__doc__), vars(module)))
    return variants
