"""The lesson-author API: what a lesson's companion module imports
(``from tutor.lessonkit import Figure, figure, formula, value``).

The types live in the headless core (`tutor.core.lessonapi`, documented there); this module is
their stable public name.
"""

from tutor.core.lessonapi import Figure, figure, formula, value

__all__ = ["Figure", "figure", "formula", "value"]
