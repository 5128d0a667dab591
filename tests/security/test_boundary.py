"""The trusted side cannot be exhausted by what comes back, and honest answers cross it.

A learner process can write anything into its reply pipe. Each forged reply here is refused
for what it is, quickly and cheaply, as a verdict: never a traceback, never gigabytes.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from kit import grade
from packkit import write_pack

from tutor.core.grading import grade_file
from tutor.core.manifest import load_pack

FIND_REPLY_PIPE = """\
import fcntl, os, stat, struct
def reply_pipe():
    for fd in range(3, 256):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                return fd
        except OSError:
            pass
def frame(header, arrays=b""):
    body = b"LT1" + struct.pack("<I", len(header)) + header + arrays
    return struct.pack("<Q", len(body)) + body
def forge(data):
    fd = reply_pipe()
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
"""

FORGERIES = {
    "an absurd frame length": "forge(struct.pack('<Q', 1 << 40))",
    "a 90 MB header": "forge(struct.pack('<Q', 90_000_007) + b'LT1' + struct.pack('<I', 90_000_000) + b'[' * 65536)",
    "a header over the limit": "forge(frame(b'[' + b'0,' * 700_000 + b'0]'))",
    "a string over the limit": "forge(frame(json.dumps({'status': 'ok', 'value': 'x' * 100_000}).encode()))",
    "an array claiming a huge shape": (
        "npy = b'\\x93NUMPY\\x01\\x00' + struct.pack('<H', 118) + "
        "(\"{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }\").ljust(117).encode() + b'\\n'"
        " + b'\\0' * 16\n"
        "    forge(frame(b'{\"~d\": [[\"status\", \"ok\"], [\"value\", {\"~a\": 0}]]}', "
        "struct.pack('<Q', len(npy)) + npy))"),
    "an object array": (
        "npy = b'\\x93NUMPY\\x01\\x00' + struct.pack('<H', 118) + "
        "(\"{'descr': '|O', 'fortran_order': False, 'shape': (2,), }\").ljust(117).encode() + b'\\n' + b'\\0' * 16\n"
        "    forge(frame(b'{\"~d\": [[\"status\", \"ok\"], [\"value\", {\"~a\": 0}]]}', "
        "struct.pack('<Q', len(npy)) + npy))"),
    "nesting beyond the limit": "forge(frame(b'[' * 5000 + b']' * 5000))",
    "a reply that is not an object": "forge(frame(b'[1, 2, 3]'))",
    "garbage": "forge(struct.pack('<Q', 64) + os.urandom(64))",
}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@pytest.mark.parametrize("name", list(FORGERIES))
def test_a_forged_reply_is_refused_cheaply(name, mini_pack, tmp_path):
    source = ("import json\nimport numpy as np\n" + FIND_REPLY_PIPE + "\ndef double(A):\n    "
              + FORGERIES[name] + "\n    import time\n    time.sleep(30)\n")
    before, started = _rss_mb(), time.monotonic()
    result = grade(mini_pack, source, tmp_path / "s")
    assert not result.passed
    assert {c.verdict for c in result.checks} <= {"bad-type", "crash"}, [(c.verdict, c.message) for c in result.checks]
    assert time.monotonic() - started < 10
    assert _rss_mb() - before < 100
    assert len(json.dumps(result.to_json())) < 20_000


def test_a_forged_syntax_error_says_little(mini_pack, tmp_path):
    """A forged "syntax" report with a message of 900 KB (under the header limit) is trimmed."""
    source = ("import json\n" + FIND_REPLY_PIPE + "\nforge(frame(json.dumps({'status': 'syntax', 'line': 1, "
              "'offset': 1, 'text': 'x' * 300_000, 'msg': '\\x1b]0;pwned\\x07' + 'y' * 600_000}).encode()))\n"
              "os._exit(0)\n")
    result = grade(mini_pack, source, tmp_path / "s")
    said = json.dumps(result.to_json())
    assert not result.passed and len(said) < 20_000 and "\x1b" not in said and "pwned\\u0007" not in said


def test_a_huge_integer_is_a_verdict_not_a_crash(mini_pack, tmp_path):
    """10**400 cannot become a float: the checks and the diagnosis say so, they do not crash."""
    result = grade(mini_pack, "def double(A):\n    return 10 ** 400\n", tmp_path / "s")
    assert not result.passed and {c.verdict for c in result.checks} <= {"bad-type", "wrong"}
    json.dumps(result.to_json())


def test_control_sequences_never_reach_the_screen(mini_pack, tmp_path):
    source = ("import sys\nprint('\\x1b[2J\\x1b]0;owned\\x07cleared', file=sys.stderr)\n"
              "def double(A):\n    raise ValueError('\\x1b[31mred\\x1b[0m \\x9b6n \\u202eevil')\n")
    result = grade(mini_pack, source, tmp_path / "s")
    said = json.dumps(result.to_json(), ensure_ascii=False) + result.output
    assert "cleared" in result.output and "red" in said
    for control in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert control not in said


# -- honest answers ------------------------------------------------------------------------

HONEST_MANIFEST = """\
format = 1
name = "honest"
title = "Honest values"

[[lessons]]
id = "values"
title = "Values"
text = "lessons/values.md"

  [[lessons.exercises]]
  id = "factors"
  title = "Factors"
  file = "factors.py"
  functions = ["svd3", "pair", "rank"]
  public_checks = "checks/factors.py"
"""
HONEST_FILES = {
    "lessons/values.md": "# Values\n",
    "exercises/factors.py": "def svd3(A):\n    raise NotImplementedError\n",
    "solutions/factors.py": (
        "import numpy as np\n\ndef svd3(A):\n    U, s, Vt = np.linalg.svd(A, full_matrices=False)\n"
        "    return U, s, Vt\n\n"
        "def pair(A):\n    return A, A.T\n\ndef rank(A):\n    return int(np.linalg.matrix_rank(A))\n"),
    "checks/factors.py": """\
        import numpy as np
        from tutor.checks import check

        @check("three factors whose product is A")
        def factors(ctx):
            A = ctx.rng.standard_normal((5, 3))
            U, s, Vt = ctx.assert_tuple(ctx.learner.svd3(A), 3, what="svd3(A)")
            ctx.assert_close((np.asarray(U) * np.asarray(s)) @ np.asarray(Vt), A, what="U diag(s) Vt")

        @check("a pair")
        def pair(ctx):
            A = ctx.rng.standard_normal((2, 3))
            first, second = ctx.assert_tuple(ctx.learner.pair(A), 2, what="pair(A)")
            ctx.assert_close(second, A.T, what="pair(A)[1]")

        @check("the rank")
        def rank(ctx):
            ctx.assert_int(ctx.learner.rank(np.eye(3)[:, :2] @ np.ones((2, 4))), 1, what="rank(A)")
        """,
}
HONEST = (
    "import collections\nimport numpy as np\n\n"
    "def svd3(A):\n    return np.linalg.svd(A, full_matrices=False)  # a namedtuple, SVDResult\n\n"
    "Pair = collections.namedtuple('Pair', 'U V')\n\n"
    "def pair(A):\n    return Pair(A, A.T)\n\n"
    "def rank(A):\n    return np.array(np.linalg.matrix_rank(A))  # a 0-d integer array\n"
)


@pytest.fixture
def honest_exercise(tmp_path):
    return load_pack(write_pack(tmp_path / "honest", HONEST_MANIFEST, HONEST_FILES)).exercise("factors")


@pytest.mark.parametrize("encoding", ["plain", "byte-order mark", "CRLF line endings", "both"])
def test_honest_python_values_and_files_pass(honest_exercise, tmp_path, encoding):
    text = HONEST.replace("\n", "\r\n") if encoding in ("CRLF line endings", "both") else HONEST
    data = text.encode("utf-8-sig" if encoding in ("byte-order mark", "both") else "utf-8")
    path = tmp_path / "factors.py"
    path.write_bytes(data)
    result = grade_file(honest_exercise, path)
    assert result.passed, [(c.name, c.message) for c in result.checks if not c.passed]


def test_the_grader_never_reads_more_than_it_accepts():
    """The frame limit is enforced before a byte of the frame body is buffered."""
    from tutor.core import framing

    buffer = framing.FrameBuffer(limit=1024)
    with pytest.raises(framing.FrameError):
        buffer.feed((2048).to_bytes(8, "little"))
