"""The app's start-up path stays light: no NumPy, SymPy, lesson documents or editor until used."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_app_import_loads_no_heavy_modules():
    code = "import sys, json\nimport tutor.app\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    loaded = set(json.loads(out))
    heavy = {"numpy", "sympy", "tutor.core.lessondoc", "tutor.lessonkit", "tutor.core.service", "tutor.render",
             "textual.widgets._text_area", "textual.widgets._markdown", "watchfiles"}
    assert not heavy & loaded
