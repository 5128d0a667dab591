"""Turn a lesson's Markdown and companion module into blocks the UI draws.

See `tutor.lessonkit` for the authoring side. A value, formula or figure that fails to compute
becomes a visible error in its place (and a problem reported by `pack validate`), never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Union

from tutor.core.lessonapi import Figure
from tutor.core.manifest import PackError
from tutor.core.model import Lesson
from tutor.core.modules import import_path

# The body is optional and lazy: an empty block must close at its own fence, not a later one.
FENCE_RE = re.compile(r"^```[ \t]*(figure|formula)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n(?:.*?\n)??```[ \t]*$", re.M | re.S)
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


Block = Union[TextBlock, FormulaBlock, FigureBlock]


@dataclass
class LessonDocument:
    lesson: Lesson
    blocks: list[Block]
    errors: list[str] = field(default_factory=list)
    """Every value, formula or figure that could not be computed, with the reason."""


def format_value(value: Any) -> str:
    """How a computed value appears in a lesson's text."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int)) or (hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0 and value.dtype.kind in "iub"):
        return f"{int(value):,}" if not isinstance(value, bool) else str(value)
    if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0):
        return f"{float(value):.4g}"
    return str(value)


def pretty(expression: Any) -> str:
    """A SymPy expression as Unicode text; strings pass through unchanged."""
    if isinstance(expression, str):
        return expression
    import sympy  # heavy: only when a lesson with formulas is shown

    return sympy.pretty(expression, use_unicode=True, wrap_line=False, order="none")


def _members(lesson: Lesson) -> tuple[dict[str, Any], list[str]]:
    if lesson.module_path is None:
        return {}, []
    try:
        module = import_path(lesson.module_path)
    except PackError as exc:
        return {}, [str(p) for p in exc.problems]
    return {k: v for k, v in vars(module).items() if getattr(v, "__lesson_kind__", None)}, []


def _compute(members: dict[str, Any], kind: str, name: str) -> tuple[Any, str | None]:
    func = members.get(name)
    if func is None or func.__lesson_kind__ != kind:
        return None, f"no @{kind} named {name!r} in the lesson's module"
    try:
        return func(), None
    except Exception as exc:  # an author's bug: shown in place, reported by pack validate
        return None, f"{kind} {name!r} failed: {type(exc).__name__}: {exc}"


def load_document(lesson: Lesson) -> LessonDocument:
    """Read the lesson's Markdown, compute its values, formulas and figures."""
    text = lesson.text_path.read_text(encoding="utf-8")
    members, errors = _members(lesson)
    cache: dict[str, str] = {}

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name not in cache:
            value, error = _compute(members, "value", name)
            if error:
                errors.append(error)
                cache[name] = f"⟨{name}?⟩"
            else:
                cache[name] = format_value(value)
        return cache[name]

    blocks: list[Block] = []
    position = 0
    for match in FENCE_RE.finditer(text):
        before = text[position : match.start()]
        if before.strip():
            blocks.append(TextBlock(VALUE_RE.sub(fill, before)))
        kind, name = match.group(1), match.group(2)
        result, error = _compute(members, kind, name)
        if kind == "figure":
            if error is None and not isinstance(result, Figure):
                error = f"figure {name!r} returned {type(result).__name__}, not a Figure"
            blocks.append(FigureBlock(name, None if error else result, error))
        else:
            if error is None:
                try:
                    result = pretty(result)
                except Exception as exc:
                    error = f"formula {name!r} could not be printed: {exc}"
            blocks.append(FormulaBlock(name, f"⟨{error}⟩" if error else result))
        if error:
            errors.append(error)
        position = match.end()
    rest = text[position:]
    if rest.strip():
        blocks.append(TextBlock(VALUE_RE.sub(fill, rest)))
    return LessonDocument(lesson, blocks, errors)
