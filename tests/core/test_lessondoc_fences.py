"""Lesson documents: each formula or figure block closes at its own fence, empty or not."""

from __future__ import annotations

from pathlib import Path

from tutor.core.lessondoc import FigureBlock, FormulaBlock, TextBlock, load_document
from tutor.core.model import Lesson


def test_empty_blocks_close_at_their_own_fence(tmp_path: Path) -> None:
    (tmp_path / "l.md").write_text("Intro\n\n```formula f\n```\n\nMiddle {{ v }}\n\n```figure g\ncaption\n```\n\nEnd\n")
    (tmp_path / "l.py").write_text(
        "from tutor.lessonkit import Figure, figure, formula, value\n"
        "@value\ndef v():\n    return 5\n"
        "@formula\ndef f():\n    return 'a = b'\n"
        "@figure\ndef g():\n    return Figure.matrix([[1.0]])\n")
    document = load_document(Lesson("l", "L", "l.md", (), tmp_path, "l.py"))
    kinds = [type(block) for block in document.blocks]
    assert kinds == [TextBlock, FormulaBlock, TextBlock, FigureBlock, TextBlock]
    assert "Middle 5" in document.blocks[2].markdown and document.errors == []
