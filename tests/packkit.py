"""A tiny lesson pack written into a temporary folder, for tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

MINI_MANIFEST = """\
format = 1
name = "mini"
title = "A tiny pack for tests"

[[lessons]]
id = "basics"
title = "Basics"
text = "lessons/basics.md"

  [[lessons.exercises]]
  id = "double"
  title = "Double a matrix"
  file = "double.py"
  functions = ["double"]
  public_checks = "checks/double_public.py"
  hidden_checks = "checks/double.py"
  variants = "variants/double"
  hints = ["Multiply by two.", "return 2 * A"]
  limits = { timeout = 3, call_timeout = 1.5, memory_mb = 1024 }
"""

MINI_FILES = {
    "lessons/basics.md": "# Basics\n\nDoubling.\n",
    "exercises/double.py": 'def double(A):\n    """Return 2 A."""\n    raise NotImplementedError\n',
    "solutions/double.py": "import numpy as np\n\ndef double(A):\n    return 2 * np.asarray(A, dtype=float)\n",
    "checks/double_public.py": """\
        import numpy as np
        from tutor.checks import check

        @check("doubles the identity")
        def identity(ctx):
            ctx.assert_close(ctx.learner.double(np.eye(2)), 2 * np.eye(2), what="double(I)")
        """,
    "checks/double.py": """\
        from tutor.checks import check

        @check("doubles a random matrix", weight=2)
        def random(ctx):
            A = ctx.rng.standard_normal((3, 4))
            ctx.assert_close(ctx.learner.double(A), 2 * A, what="double(A)")

        @check("keeps the shape")
        def shape(ctx):
            A = ctx.rng.standard_normal((2, 5))
            ctx.assert_array(ctx.learner.double(A), what="double(A)", shape=(2, 5))
        """,
    "variants/double/triple.py": '"""You multiplied by three, not two."""\n\ndef double(A):\n    return 3 * A\n',
    "variants/double/square.py":
        '"""You squared the entries instead of doubling them."""\n\ndef double(A):\n    return A * A\n',
}


def write_pack(root: Path, manifest: str = MINI_MANIFEST, files: dict[str, str] | None = None) -> Path:
    """Write a pack (the mini pack by default) into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.toml").write_text(manifest)
    for relative, text in (MINI_FILES if files is None else files).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root
