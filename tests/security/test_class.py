"""A class in which one student reads the key, one reads the grader's memory and one sabotages a
classmate grades exactly as if those three had handed in nothing."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from kit import CORRECT, write_secure_pack

REPO = Path(__file__).resolve().parents[2]


def _submit(root: Path, student: str, source: str | None) -> Path:
    """A student folder laid out like a workspace: a pack other than the built-in one sits in a
    folder named after it."""
    folder = root / student / "mini"
    folder.mkdir(parents=True)
    if source is not None:
        (folder / "double.py").write_text(source)
    return folder


def test_cheaters_and_saboteurs_score_as_nothing(tmp_path):
    pack = write_secure_pack(tmp_path / "pack")
    subs = tmp_path / "submissions"
    out, results = tmp_path / "grades.csv", tmp_path / "results.json"
    alice = _submit(subs, "alice", CORRECT) / "double.py"
    key = pack / "solutions" / "double.py"
    _submit(subs, "keyreader", f"ns = {{}}\nexec(open({str(key)!r}).read(), ns)\ndouble = ns['double']\n")
    _submit(subs, "memoryreader", (
        "import gc\nimport numpy as np\n\ndef double(A):\n"
        "    for obj in gc.get_objects():\n"
        "        if type(obj).__name__ in ('CheckContext', 'StudentGrades', 'GradeItem'):\n"
        "            return 2 * np.asarray(A, dtype=float)\n"
        "    return None\n"))
    _submit(subs, "saboteur", (
        "import os\n"
        f"for target in ({str(alice)!r}, {str(out)!r}, {str(results)!r}):\n"
        "    try:\n        os.makedirs(target + '.d')\n"
        "        open(target, 'w').write('def double(A):\\n    return A\\n')\n"
        "    except OSError:\n        pass\n"
        "def double(A):\n    return None\n"))
    _submit(subs, "empty", "")
    _submit(subs, "absent", None)
    before = alice.read_bytes()
    env = {**{k: v for k, v in os.environ.items() if k != "LATENT_TUTOR_ISOLATION_OFF"}, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-m", "tutor", "--pack", str(pack), "grade", str(subs), "--out", str(out),
                          "--json", str(results), "--jobs", "2"], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = {row["student"]: row for row in csv.DictReader(out.open())}
    assert float(rows["alice"]["total"]) == 1.0
    nothing = rows["empty"]["total"]
    assert nothing == rows["absent"]["total"] == f"{0:.4f}"
    for student in ("keyreader", "memoryreader", "saboteur"):
        assert rows[student]["total"] == nothing, (student, rows[student])
    assert alice.read_bytes() == before
    assert not any(p.name.endswith(".d") for p in tmp_path.rglob("*"))
    data = json.loads(results.read_text())
    assert {s["student"] for s in data["students"]} == set(rows)
