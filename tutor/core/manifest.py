"""Read a pack's ``pack.toml`` into typed objects, with an error for every field that is wrong.

Every problem names the file, the line (where the TOML text shows it) and the field, and says
what is wrong, e.g. ``pack.toml:42: lessons[1].exercises[0].hints: expected a list of strings``.
All problems of a manifest are collected before `PackError` is raised, so an author fixes them
in one pass.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath
from typing import Any

from tutor.core.model import Exercise, Lesson, Limits, Pack
from tutor.core.playgrounds import PLAYGROUNDS, needs

MANIFEST = "pack.toml"
FORMAT = 1
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

PACK_KEYS = {"format", "name", "title", "welcome", "final", "released", "limits", "lessons"}
LESSON_KEYS = {"id", "title", "text", "module", "exercises"}
EXERCISE_KEYS = {
    "id", "title", "file", "functions", "hints", "public_checks", "hidden_checks",
    "variants", "limits", "hidden_check_count", "uses", "points", "playground",
}
LIMIT_KEYS = {f.name for f in fields(Limits)}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack."""

    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PackError(Exception):
    """A pack that cannot be loaded; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


Where = tuple[int | None, int | None]
"""A place in the manifest: (lesson index, exercise index), None for the top level."""


def _positive(value: Any) -> bool:
    """A finite number above zero (TOML's booleans, nan and inf are not)."""
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value) and value > 0


class _Reader:
    """Validates one manifest, collecting problems with their lines."""

    def __init__(self, root: Path, text: str) -> None:
        self.root = root
        self.file = root / MANIFEST
        self.lines = text.splitlines()
        self.problems: list[Problem] = []

    # -- locating lines -------------------------------------------------------------------

    def _line(self, lesson: int | None, exercise: int | None, key: str | None) -> int | None:
        """The line of ``key`` inside the given [[lessons]] / [[lessons.exercises]] block."""
        li = ei = -1
        header = None
        for number, raw in enumerate(self.lines, 1):
            text = raw.strip()
            if text.startswith("[[lessons]]"):
                li, ei = li + 1, -1
            elif text.startswith("[[lessons.exercises]]"):
                ei += 1
            in_block = ((lesson is None and li == -1)
                        or (li == lesson and ((exercise is None and ei == -1) or ei == exercise)))
            if not in_block:
                continue
            if header is None and text.startswith("[") and lesson is not None:
                header = number
            if key and re.search(rf"(^|[{{,]\s*){re.escape(key)}\s*=", text):  # a line or an inline table
                return number
        return header

    def problem(self, where: Where, field: str, message: str, key: str | None = None) -> None:
        line = self._line(where[0], where[1], key or field.rsplit(".", 1)[-1].split("[")[0])
        self.problems.append(Problem(self.file, line, field, message))

    # -- typed getters --------------------------------------------------------------------

    def unknown_keys(self, table: dict[str, Any], allowed: set[str], where: Where, prefix: str) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(sorted(allowed))}"
                self.problem(where, f"{prefix}{key}", f"unknown field{hint}", key)

    def string(self, table: dict[str, Any], key: str, where: Where, prefix: str, *, default: str | None = None,
               pattern: re.Pattern[str] | None = None) -> str:
        if key not in table:
            if default is None:
                self.problem(where, prefix + key, "missing (required)")
                return ""
            return default
        value = table[key]
        if not isinstance(value, str):
            self.problem(where, prefix + key, f"expected a string, got {type(value).__name__}")
            return ""
        if pattern is not None and not pattern.match(value):
            self.problem(where, prefix + key, f"{value!r} must be lowercase letters, digits and '-'")
        return value

    def strings(self, table: dict[str, Any], key: str, where: Where, prefix: str, *, required: bool) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(where, prefix + key, "missing (required)")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(where, prefix + key, "expected a list of strings")
            return ()
        return tuple(value)

    def path(self, table: dict[str, Any], key: str, where: Where, prefix: str, *, under: str = "",
             required: bool = True, must_exist: bool = True, directory: bool = False) -> str | None:
        if key not in table and not required:
            return None
        value = self.string(table, key, where, prefix)
        if not value:
            return None
        pure = PurePosixPath(value)
        if pure.is_absolute() or ".." in pure.parts:
            self.problem(where, prefix + key, f"{value!r} must be a relative path inside the pack")
            return None
        target = self.root / under / value
        if must_exist and not (target.is_dir() if directory else target.is_file()):
            kind = "folder" if directory else "file"
            self.problem(where, prefix + key, f"{kind} {Path(under) / value} does not exist")
        return value

    def limits(self, table: dict[str, Any], where: Where, prefix: str, base: Limits) -> Limits:
        raw = table.get("limits")
        if raw is None:
            return base
        if not isinstance(raw, dict):
            self.problem(where, prefix + "limits", "expected a table like { timeout = 10 }")
            return base
        self.unknown_keys(raw, LIMIT_KEYS, where, prefix + "limits.")
        values = {}
        for key, value in raw.items():
            if key in LIMIT_KEYS:
                if not _positive(value):
                    self.problem(where, f"{prefix}limits.{key}", f"expected a positive number, got {value!r}", key)
                else:
                    kind = type(getattr(base, key))
                    values[key] = kind(value)
        return Limits(**{**base.__dict__, **values})

    # -- the manifest ---------------------------------------------------------------------

    def read(self, data: dict[str, Any]) -> Pack:
        top = (None, None)
        self.unknown_keys(data, PACK_KEYS, top, "")
        fmt = data.get("format")
        if fmt != FORMAT:
            self.problem(top, "format", f"expected format = {FORMAT}, got {fmt!r}" if fmt is not None
                         else f"missing (write format = {FORMAT})")
        name = self.string(data, "name", top, "", pattern=ID_RE)
        title = self.string(data, "title", top, "")
        welcome = self.string(data, "welcome", top, "", default="")
        final = self.string(data, "final", top, "", default="")
        released = data.get("released", False)
        if not isinstance(released, bool):
            self.problem(top, "released", "expected true or false")
            released = False
        base = self.limits(data, top, "", Limits())
        raw_lessons = data.get("lessons")
        lessons: list[Lesson] = []
        if not isinstance(raw_lessons, list) or not raw_lessons:
            self.problem(top, "lessons", "expected at least one [[lessons]] table")
            raw_lessons = []
        seen_lessons: set[str] = set()
        seen_exercises: dict[str, str] = {}
        for li, raw in enumerate(raw_lessons):
            lesson = self.lesson(li, raw, base, released, seen_exercises)
            if lesson.id in seen_lessons:
                self.problem((li, None), f"lessons[{li}].id", f"duplicate lesson id {lesson.id!r}", "id")
            seen_lessons.add(lesson.id)
            lessons.append(lesson)
        lessons = self.resolve_uses(lessons)
        if self.problems:
            raise PackError(self.problems)
        return Pack(self.root, name, title, welcome, final, tuple(lessons), FORMAT, released)

    def lesson(self, li: int, raw: Any, base: Limits, released: bool, seen: dict[str, str]) -> Lesson:
        where, prefix = (li, None), f"lessons[{li}]."
        if not isinstance(raw, dict):
            self.problem(where, f"lessons[{li}]", "expected a table")
            return Lesson("", "", "", (), self.root, None)
        self.unknown_keys(raw, LESSON_KEYS, where, prefix)
        lesson_id = self.string(raw, "id", where, prefix, pattern=ID_RE)
        title = self.string(raw, "title", where, prefix)
        text = self.path(raw, "text", where, prefix) or ""
        module = self.path(raw, "module", where, prefix, required=False)
        if module and not module.endswith(".py"):
            self.problem(where, prefix + "module", f"{module!r} must be a .py file")
        exercises = []
        raw_exercises = raw.get("exercises", [])
        if not isinstance(raw_exercises, list):
            self.problem(where, prefix + "exercises", "expected [[lessons.exercises]] tables")
            raw_exercises = []
        for ei, item in enumerate(raw_exercises):
            exercise = self.exercise(li, ei, item, lesson_id, base, released)
            if exercise is None:
                continue
            if exercise.id in seen:
                self.problem((li, ei), f"{prefix}exercises[{ei}].id",
                             f"duplicate exercise id {exercise.id!r} (also in lesson {seen[exercise.id]!r})", "id")
            seen[exercise.id] = lesson_id
            exercises.append(exercise)
        return Lesson(lesson_id, title, text, tuple(exercises), self.root, module)

    def exercise(self, li: int, ei: int, raw: Any, lesson_id: str, base: Limits, released: bool) -> Exercise | None:
        where, prefix = (li, ei), f"lessons[{li}].exercises[{ei}]."
        if not isinstance(raw, dict):
            self.problem(where, prefix.rstrip("."), "expected a table")
            return None
        self.unknown_keys(raw, EXERCISE_KEYS, where, prefix)
        ex_id = self.string(raw, "id", where, prefix, pattern=ID_RE)
        title = self.string(raw, "title", where, prefix)
        file = self.path(raw, "file", where, prefix, under="exercises")
        if file and not file.endswith(".py"):
            self.problem(where, prefix + "file", f"{file!r} must be a .py file")
        if file and not released:
            solution = self.root / "solutions" / file
            if not solution.is_file():
                self.problem(where, prefix + "file", f"solution solutions/{file} does not exist")
        functions = self.strings(raw, "functions", where, prefix, required=True)
        for name in functions:
            if not IDENT_RE.match(name):
                self.problem(where, prefix + "functions", f"{name!r} is not a Python function name")
        hints = self.strings(raw, "hints", where, prefix, required=False)
        public = self.path(raw, "public_checks", where, prefix, required=False)
        hidden = self.path(raw, "hidden_checks", where, prefix, required=False)
        variants = self.path(raw, "variants", where, prefix, required=False, directory=True)
        count = raw.get("hidden_check_count", 0)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            self.problem(where, prefix + "hidden_check_count", "expected a whole number >= 0")
            count = 0
        # A student copy of an exercise with hidden checks only ships no check module at all.
        only_hidden_released = released and count > 0
        if (public is None and hidden is None and "public_checks" not in raw and "hidden_checks" not in raw
                and not only_hidden_released):
            self.problem(where, prefix + "public_checks",
                         "an exercise needs public_checks or hidden_checks (or both)", "id")
        limits = self.limits(raw, where, prefix, base)
        uses = self.strings(raw, "uses", where, prefix, required=False)
        points = raw.get("points", 1)
        if not _positive(points):
            self.problem(where, prefix + "points", f"expected a positive number of points, got {points!r}")
            points = 1
        playground = self.playground(raw, where, prefix, functions)
        return Exercise(ex_id, title, file or "", functions, hints, lesson_id, self.root,
                        public, hidden, variants, limits, count, uses, points=float(points), playground=playground)

    def playground(self, raw: dict[str, Any], where: Where, prefix: str, functions: tuple[str, ...]) -> str | None:
        """The optional ``playground`` name: a known playground whose functions the exercise defines."""
        name = self.string(raw, "playground", where, prefix, default="")
        if not name:
            if "playground" in raw and isinstance(raw["playground"], str):
                self.problem(where, prefix + "playground", "is empty: name a playground or leave the field out")
            return None
        if name not in PLAYGROUNDS:
            self.problem(where, prefix + "playground",
                         f"no playground {name!r}; known: {', '.join(sorted(PLAYGROUNDS))}")
            return None
        missing = needs(name, functions)
        if missing:
            self.problem(where, prefix + "playground",
                         f"the {name!r} playground calls {', '.join(missing)}, not in this exercise's functions")
            return None
        return name

    def resolve_uses(self, lessons: list[Lesson]) -> list[Lesson]:
        """Check every ``uses`` entry names an earlier exercise with a different file name, and
        record the files they refer to."""
        earlier: dict[str, Exercise] = {}
        resolved = []
        for li, lesson in enumerate(lessons):
            exercises = []
            for ei, exercise in enumerate(lesson.exercises):
                files = []
                for used in exercise.uses:
                    field = f"lessons[{li}].exercises[{ei}].uses"
                    target = earlier.get(used)
                    if target is None:
                        later = used in {e.id for ls in lessons for e in ls.exercises}
                        why = ("comes later: an exercise can use only earlier ones" if later
                               else "is not an exercise of this pack")
                        self.problem((li, ei), field, f"{used!r} {why}", "uses")
                    elif PurePosixPath(target.file).name == PurePosixPath(exercise.file).name:
                        self.problem((li, ei), field, f"{used!r} has the same file name as this exercise", "uses")
                    else:
                        files.append(target.file)
                exercises.append(dataclasses.replace(exercise, uses_files=tuple(files)))
                earlier[exercise.id] = exercise
            resolved.append(dataclasses.replace(lesson, exercises=tuple(exercises)))
        return resolved


def load_pack(root: Path | str) -> Pack:
    """Load the pack in directory ``root``; raise `PackError` listing every problem found."""
    root = Path(root).resolve()
    file = root / MANIFEST
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError([Problem(file, None, "", f"no {MANIFEST} here: is {root} a lesson pack?")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([Problem(file, None, "", f"cannot read: {exc}")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else (len(text.splitlines()) or None)
        raise PackError([Problem(file, line, "", f"invalid TOML: {exc}")]) from None
    return _Reader(root, text).read(data)
