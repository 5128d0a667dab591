"""Turn a lesson's Markdown and companion module into blocks the UI draws.

See `tutor.lessonkit` for the authoring side. A value, formula or figure that fails to compute
becomes a visible error in its place (and a problem reported by `pack validate`), never a crash.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.lessonapi import Figure
from tutor.core.manifest import PackError
from tutor.core.model import Lesson
from tutor.core.modules import import_path

# The body is optional and lazy: an empty block must close at its own fence, not a later one.
FENCE_RE = re.compile(r"^```[ \t]*(figure|formula)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n"
                      r"(?:.*?\n)??```[ \t]*$", re.M | re.S)
VALUE_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class TextBlock:
    markdown: str


@dataclass(frozen=True)
class FormulaBlock:
    name: str
    text: str
    """The formula pretty-printed in Unicode (monospace, several lines)."""


@dataclass(frozen=True)
class FigureBlock:
    name: str
    figure: Figure | None
    error: str | None = None


Block = TextBlock | FormulaBlock | FigureBlock


@dataclass(frozen=True)
class LessonProblem:
    """A value, formula or figure that could not be computed: where it is used in the lesson's
    Markdown and, when its function raised, where in the companion module."""

    message: str
    line: int | None = None
    """The line of the lesson's Markdown that uses it."""
    module_line: int | None = None
    """The line of the companion module where its function raised, if it did."""

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class LessonDocument:
    lesson: Lesson
    blocks: list[Block]
    problems: list[LessonProblem] = field(default_factory=list)
    """Every value, formula or figure that could not be computed, with the reason and lines."""

    @property
    def errors(self) -> list[str]:
        """The problems as lines for people ("line 12: no @value named 'cos02' ...")."""
        return [str(p) for p in self.problems]


def format_value(value: Any) -> str:
    """How a computed value appears in a lesson's text."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int)) or (hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0
                                          and value.dtype.kind in "iub"):
        return f"{int(value):,}" if not isinstance(value, bool) else str(value)
    if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0):
        return f"{float(value):.4g}"
    return str(value)


def pretty(expression: Any) -> str:
    """A SymPy expression as Unicode text; strings pass through unchanged."""
    if isinstance(expression, str):
        return expression
    import sympy  # heavy: only when a lesson with formulas is shown

    return str(sympy.pretty(expression, use_unicode=True, wrap_line=False, order="none"))


def _members(lesson: Lesson) -> tuple[dict[str, Any], list[LessonProblem]]:
    if lesson.module_path is None:
        return {}, []
    try:
        module = import_path(lesson.module_path)
    except PackError as exc:
        return {}, [LessonProblem(str(p), None, p.line) for p in exc.problems]
    return {k: v for k, v in vars(module).items() if getattr(v, "__lesson_kind__", None)}, []


def _compute(members: dict[str, Any], kind: str, name: str, lesson: Lesson,
             line: int) -> tuple[Any, LessonProblem | None]:
    func = members.get(name)
    if func is None or func.__lesson_kind__ != kind:
        return None, LessonProblem(f"no @{kind} named {name!r} in the lesson's module", line)
    try:
        return func(), None
    except Exception as exc:  # an author's bug: shown in place, reported by pack validate
        module = lesson.module_path.resolve() if lesson.module_path else None
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if module and Path(f.filename) == module]
        return None, LessonProblem(f"{kind} {name!r} failed: {type(exc).__name__}: {exc}", line,
                                   frames[-1].lineno if frames else None)


def load_document(lesson: Lesson) -> LessonDocument:
    """Read the lesson's Markdown, compute its values, formulas and figures."""
    text = lesson.text_path.read_text(encoding="utf-8")
    members, problems = _members(lesson)
    cache: dict[str, str] = {}

    def line_at(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    def filled(start: int, end: int) -> str:
        """The text between ``start`` and ``end`` with every ``{{ name }}`` replaced."""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in cache:
                value, problem = _compute(members, "value", name, lesson, line_at(start + match.start()))
                if problem:
                    problems.append(problem)  # once per name, at its first use
                cache[name] = f"⟨{name}?⟩" if problem else format_value(value)
            return cache[name]

        return VALUE_RE.sub(fill, text[start:end])

    blocks: list[Block] = []
    position = 0
    for match in FENCE_RE.finditer(text):
        if text[position : match.start()].strip():
            blocks.append(TextBlock(filled(position, match.start())))
        kind, name = match.group(1), match.group(2)
        result, problem = _compute(members, kind, name, lesson, line_at(match.start()))
        if kind == "figure":
            if problem is None and not isinstance(result, Figure):
                problem = LessonProblem(f"figure {name!r} returned {type(result).__name__}, not a Figure",
                                        line_at(match.start()))
            blocks.append(FigureBlock(name, None if problem else result, problem.message if problem else None))
        else:
            if problem is None:
                try:
                    result = pretty(result)
                except Exception as exc:
                    problem = LessonProblem(f"formula {name!r} could not be printed: {exc}", line_at(match.start()))
            blocks.append(FormulaBlock(name, f"⟨{problem.message}⟩" if problem else result))
        if problem:
            problems.append(problem)
        position = match.end()
    if text[position:].strip():
        blocks.append(TextBlock(filled(position, len(text))))
    return LessonDocument(lesson, blocks, problems)
