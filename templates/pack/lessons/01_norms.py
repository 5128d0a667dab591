"""Companion module of lessons/01-norms.md: every number, formula and figure the lesson shows is
computed here, never typed into the Markdown. The Markdown refers to them by name:

- {{ name }} in the text is replaced by what the @value function `name` returns;
- a fenced block whose info string is `formula name` shows the @formula `name` (a SymPy
  expression, pretty-printed, or a plain string as here);
- a fenced block whose info string is `figure name` shows the @figure `name` (a `Figure`:
  heatmap, matrix, spectrum, energy, line, attention, heads, or a row of them).

`pack validate` computes every one of them and reports any that fails.
"""

import numpy as np

from tutor.lessonkit import Figure, figure, formula, value

A = np.array([[3.0, 0.0, 1.0], [4.0, 2.0, -1.0]])
NORMS = np.linalg.norm(A, axis=0)


@value
def first_norm():
    return NORMS[0]


@formula
def column_norm():
    return "‖a‖ = √(a₁² + a₂² + … + a_m²)"


@figure
def normalized():
    return Figure.row([Figure.matrix(A, "A"), Figure.matrix(A / NORMS, "each column divided by its norm")])
