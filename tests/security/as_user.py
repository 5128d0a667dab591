"""Run the hostile cases as an ordinary user (started by test_unprivileged.py, already switched
to that user). Prints one JSON object: the uid, and per case what happened."""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent), str(HERE)]

from cases import ESCAPES, make_targets  # noqa: E402
from kit import (  # noqa: E402
    CORRECT,
    MARKER,
    SECRET,
    everything_said,
    grade,
    serve_secret,
    wait_until_gone,
    write_secure_pack,
)

from tutor.core import standby  # noqa: E402

KILLER = ("import os, signal\nimport numpy as np\n\ndef double(A):\n"
          "    for target in (-1, 1, os.getppid()):\n"
          "        try:\n            os.kill(target, signal.SIGKILL)\n        except OSError:\n            pass\n"
          "    return 2 * np.asarray(A, dtype=float)\n")
FORKER = "import os\n\ndef double(A):\n    os.fork()\n    return 2 * A\n"


def main() -> None:
    standby.set_prefetch(False)
    root = Path(tempfile.mkdtemp(prefix="lt-user-"))
    pack = write_secure_pack(root / "pack")
    tcp = socket.create_server(("127.0.0.1", 0))
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.bind(str(root / "grader.sock"))
    unix.listen()
    for server in (tcp, unix):
        threading.Thread(target=serve_secret, args=(server,), daemon=True).start()
    out: dict = {"uid": os.getuid(), "cases": {}}
    for index, (name, case) in enumerate(ESCAPES.items()):
        targets = make_targets(root / f"t{index}", pack, tcp.getsockname()[1], root / "grader.sock")
        result = grade(pack, targets.fill(case.source), root / f"s{index}")
        said = everything_said(result)
        out["cases"][name] = {
            "passed": result.passed, "leaked": SECRET in said or MARKER in said, "changed": case.verify(targets),
            "isolation": result.isolation.to_json() if result.isolation else None,
        }
    out["honest"] = grade(pack, CORRECT, root / "honest").passed
    out["killer"] = grade(pack, KILLER, root / "killer").passed  # and we are still here to say so
    out["fork"] = [str(c.verdict) for c in grade(pack, FORKER, root / "fork").checks]
    out["leftover processes"] = wait_until_gone()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
