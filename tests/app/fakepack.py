"""A small lesson pack written into a temporary folder, for the app's tests.

One lesson with a companion module (a value, a formula, a figure) and an exercise
`fake-double` (double(A) = 2 A); a second lesson with `attn-weights`, whose playground is
drawn by `attention` and `causal_mask`, and `als-fit`, whose playground fits `als`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

MANIFEST = '''
format = 1
name = "fake"
title = "A fake pack"
welcome = "Welcome to the fake pack."
final = "All fake exercises done."

[[lessons]]
id = "doubling"
title = "Doubling matrices"
text = "lessons/01-doubling.md"
module = "lessons/01_doubling.py"

  [[lessons.exercises]]
  id = "fake-double"
  title = "Double a matrix"
  file = "01_doubling/double.py"
  functions = ["double"]
  hidden_checks = "checks/double.py"
  hints = ["Multiply by two.", "A + A works too.", "return 2 * A"]

[[lessons]]
id = "attention"
title = "Attention weights"
text = "lessons/02-attention.md"

  [[lessons.exercises]]
  id = "attn-weights"
  title = "Attention as weights"
  file = "02_attention/weights.py"
  functions = ["attention", "causal_mask"]
  hidden_checks = "checks/attention.py"
  hints = ["Softmax of the scaled scores."]
  playground = "attention"

  [[lessons.exercises]]
  id = "als-fit"
  title = "ALS"
  file = "02_attention/als.py"
  functions = ["als", "rmse"]
  hidden_checks = "checks/attention.py"
  playground = "als"
'''

LESSON = '''
# Doubling matrices

Doubling a matrix doubles its largest entry, {{ biggest }}.

```formula doubled
```

```figure picture
```

That is all.
'''

MODULE = '''
import numpy as np
from tutor.lessonkit import Figure, figure, formula, value

A = np.arange(6.0).reshape(2, 3)

@value
def biggest():
    return 2 * A.max()

@formula
def doubled():
    return "B = 2 · A"

@figure
def picture():
    return Figure.heatmap(2 * A, title="2 A")
'''

STUB = '''
"""Exercise fake-double: double a matrix."""

import numpy as np


def double(A):
    """Return 2 A, a new array of the same shape."""
    raise NotImplementedError
'''

SOLUTION = '''
import numpy as np


def double(A):
    return 2 * np.asarray(A, dtype=float)
'''

WRONG = '''
import numpy as np


def double(A):
    return 3 * np.asarray(A, dtype=float)
'''

SYNTAX_ERROR = '''
import numpy as np


def double(A)
    return 2 * A
'''

CHECKS = '''
import numpy as np
from tutor.checks import check


@check("doubles every entry")
def doubles(ctx):
    A = ctx.rng.standard_normal((3, 4))
    ctx.assert_close(ctx.learner.double(A), 2 * A, what="double(A)", message="every entry should be doubled")
'''

ATTENTION_STUB = '''
"""Exercise attn-weights."""

import numpy as np


def attention(Q, K, V, mask=None):
    """Return (out, weights)."""
    raise NotImplementedError


def causal_mask(n):
    """True where j <= i."""
    raise NotImplementedError
'''

ATTENTION_SOLUTION = '''
import numpy as np


def causal_mask(n):
    return np.tril(np.ones((n, n), dtype=bool))


def attention(Q, K, V, mask=None):
    scores = Q @ K.T / np.sqrt(K.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ V, weights
'''

ATTENTION_CHECKS = '''
import numpy as np
from tutor.checks import check


@check("rows of the weights sum to 1")
def rows(ctx):
    Q = ctx.rng.standard_normal((4, 3))
    out, weights = ctx.learner.attention(Q, Q, Q)
    ctx.assert_close(np.asarray(weights).sum(axis=1), np.ones(4), what="weights.sum(axis=1)")
'''


ALS_SOLUTION = '''
import numpy as np


def update_factors(R, mask, fixed, lam):
    k = fixed.shape[1]
    out = np.zeros((R.shape[0], k))
    for i in range(R.shape[0]):
        F = fixed[mask[i]]
        if len(F):
            out[i] = np.linalg.solve(F.T @ F + lam * np.eye(k), F.T @ R[i, mask[i]])
    return out


def als(R, mask, k, lam=0.1, iters=20, seed=0):
    rng = np.random.default_rng(seed)
    V = rng.standard_normal((R.shape[1], k)) * 0.1
    for _ in range(iters):
        U = update_factors(R, mask, V, lam)
        V = update_factors(R.T, mask.T, U, lam)
    return U, V


def rmse(R, mask, U, V):
    diff = (R - U @ V.T)[mask]
    return float(np.sqrt(np.mean(diff ** 2))) if diff.size else 0.0
'''


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def make_pack(root: Path) -> Path:
    """Write the fake pack into ``root``; return it."""
    write(root, "pack.toml", MANIFEST)
    write(root, "lessons/01-doubling.md", LESSON)
    write(root, "lessons/01_doubling.py", MODULE)
    write(root, "lessons/02-attention.md", "# Attention weights\n\nRows sum to one.\n")
    write(root, "exercises/01_doubling/double.py", STUB)
    write(root, "solutions/01_doubling/double.py", SOLUTION)
    write(root, "checks/double.py", CHECKS)
    write(root, "exercises/02_attention/weights.py", ATTENTION_STUB)
    write(root, "solutions/02_attention/weights.py", ATTENTION_SOLUTION)
    write(root, "checks/attention.py", ATTENTION_CHECKS)
    write(root, "exercises/02_attention/als.py",
          "def als(R, mask, k, lam=0.1, iters=20, seed=0):\n    raise NotImplementedError\n")
    write(root, "solutions/02_attention/als.py", ALS_SOLUTION)
    return root
