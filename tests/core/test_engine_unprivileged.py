"""The isolation an ordinary (non-root) learner gets: user, PID and network namespaces and
RLIMIT_NPROC = 0. CI runs as root, so the test drops to an unprivileged user first (keeping only
the capability to read files, as the learner process itself does)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, os, sys, tempfile
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
from packkit import write_pack
from tutor.core.sandbox import drop_root
root = Path(tempfile.mkdtemp())
pack = write_pack(root / "mini")
for path in [root, *root.rglob("*")]:
    os.chmod(path, 0o777)
if os.getuid() == 0:
    drop_root()
from tutor.core.grading import grade_source
from tutor.core.manifest import load_pack
exercise = load_pack(pack).exercise("double")
cases = {
    "kill everything": "import os, signal\ndef double(A):\n    for t in (os.getppid(), -1):\n"
                       "        try:\n            os.kill(t, signal.SIGKILL)\n        except OSError:\n            pass\n"
                       "    return 2 * A\n",
    "fork": "import os\ndef double(A):\n    os.fork()\n    return 2 * A\n",
}
out = {"uid": os.getuid()}
for name, source in cases.items():
    folder = Path(tempfile.mkdtemp())
    result = grade_source(exercise, source, folder / "double.py")
    out[name] = [c.verdict for c in result.checks]
print(json.dumps(out))
"""


def test_an_unprivileged_grader_is_protected_too(tmp_path):
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(REPO)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["uid"] != 0
    assert result["kill everything"] == ["pass", "pass", "pass"]  # and the grader lived to say so
    assert set(result["fork"]) == {"exception"}
