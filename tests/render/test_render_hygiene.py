"""The renderables are pure Rich: importing them must not import Textual."""

from __future__ import annotations

import subprocess
import sys


def test_render_package_does_not_import_textual() -> None:
    code = (
        "import sys, tutor.render; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual'); "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
