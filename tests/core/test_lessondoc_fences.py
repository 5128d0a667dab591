"""Lesson documents: empty fenced blocks, one after another, each become their own block."""

from pathlib import Path

from tutor.core.lessondoc import FigureBlock, FormulaBlock, load_document
from tutor.core.model import Lesson

MODULE = """
from tutor.lessonkit import Figure, figure, formula

@formula
def first():
    return "x = 1"

@figure
def second():
    return Figure.heatmap([[1.0, 2.0]], title="row")

@figure
def third():
    return Figure.spectrum([3.0, 1.0])
"""

TEXT = """# Fences

```formula first
```

Between.

```figure second
```

```figure third
a body the author left in
```
"""


def test_empty_fences_do_not_swallow_the_next_block(tmp_path: Path):
    (tmp_path / "lesson.md").write_text(TEXT)
    (tmp_path / "lesson.py").write_text(MODULE)
    lesson = Lesson("fences", "Fences", "lesson.md", (), tmp_path, module="lesson.py")
    document = load_document(lesson)
    kinds = [(type(b).__name__, getattr(b, "name", None)) for b in document.blocks]
    assert kinds == [("TextBlock", None), ("FormulaBlock", "first"), ("TextBlock", None),
                     ("FigureBlock", "second"), ("FigureBlock", "third")]
    assert not document.errors
    assert isinstance(document.blocks[1], FormulaBlock) and document.blocks[1].text == "x = 1"
    assert all(isinstance(b, FigureBlock) and b.figure is not None for b in document.blocks[3:])
