"""What learner processes may do, decided once: the isolation `Plan`, and the `Isolation` a
learner process's layers add up to.

A `Plan` is made in the zygote (`tutor.core.zygote`) before any learner process exists: which
trees of the file system learner code may read (the Python standard library without its
site-packages, NumPy, and the system libraries they load, found from the zygote's own memory
map), which folders inside them stay hidden, the compiled seccomp filter, and the Landlock ABI
and rules. `tutor.core.confine` applies it, layer by layer; every layer that cannot be set up is
recorded, never skipped silently, and `isolation_of` turns the layers a learner process reports
into a level. Tests force layers off with ``LATENT_TUTOR_ISOLATION_OFF`` (a comma-separated
list of `LAYERS` names, or ``all``) to prove that a weaker machine is reported as weaker.
"""

from __future__ import annotations

import ctypes
import glob
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core import seccomp
from tutor.core.launch import RUN_FOLDER
from tutor.core.launch import forced_off as _named_off
from tutor.core.results import Isolation, IsolationLevel

UNPRIVILEGED_UID = 65534
"""The uid (and gid) learner code runs as when the grader is root: `nobody` on Linux."""

LAYERS = {
    # name: what a person is told when it is missing
    "user": "user namespace",
    "mount": "filesystem jail (mount namespace, capped run folder)",
    "pid": "PID namespace",
    "net": "network namespace",
    "ipc": "IPC namespace",
    "landlock": "Landlock",
    "uid": "unprivileged user",
    "caps": "no capabilities",
    "nnp": "no_new_privs",
    "seccomp": "seccomp filter",
    "limits": "resource limits",
}
REQUIRED = ("mount", "pid", "net", "ipc", "uid", "caps", "nnp", "seccomp", "limits")
"""Layers full isolation needs. Landlock adds a second allow-list over the jail's, and a user
namespace is only the means to the other namespaces for an ordinary user: neither is counted."""

# -- Landlock's numbers (the plan's rules use them) ------------------------------------------

SYS_LANDLOCK = {"x86_64": (444, 445, 446), "aarch64": (444, 445, 446)}
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1, 2, 4, 8
FS_ABI1_ALL = (1 << 13) - 1
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
FS_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
NET_ALL = 0b11
SCOPE_ALL = 0b11  # abstract unix sockets, signals

CAP_LAST_CAP_FILE = "/proc/sys/kernel/cap_last_cap"
_libc = ctypes.CDLL(None, use_errno=True)


def forced_off(names: list[str] | None = None) -> frozenset[str]:
    """The layers switched off by ``LATENT_TUTOR_ISOLATION_OFF`` (or by ``names``, as the zygote
    is told), for testing degraded machines: `LAYERS` names, or ``all``."""
    wanted = set(_named_off() if names is None else names)
    return frozenset(LAYERS) if "all" in wanted else frozenset(wanted & set(LAYERS))


# -- the plan ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Grant:
    """A file or tree learner code may read, at the path Python knows it by."""

    path: str
    is_dir: bool
    fd: int
    """An O_PATH descriptor opened in the zygote, for the Landlock rules: they are made after
    the switch to an unprivileged uid, which may not be able to reach the path itself."""
    writable: bool = False


@dataclass(frozen=True)
class Plan:
    """What every learner process of one zygote is confined to."""

    grants: tuple[Grant, ...]
    holes: tuple[str, ...]
    """Folders inside granted trees that stay hidden (other Python packages, the tutor's own)."""
    links: tuple[tuple[str, str], ...]
    """Top-level symbolic links to recreate in the jail (``/lib -> usr/lib``)."""
    python_path: tuple[str, ...]
    """``sys.path`` for learner code (the run folder comes first)."""
    seccomp_filter: bytes | None
    landlock_abi: int
    landlock_rules: tuple[tuple[int, int], ...] = ()
    """(O_PATH descriptor, allowed rights) for each Landlock rule of the allow-list."""
    off: frozenset[str] = field(default_factory=frozenset)
    root: bool = False
    cap_count: int = 64
    """How many capabilities this kernel knows (read before /proc is out of sight)."""
    own_user_namespace: bool = False
    """The zygote made a user namespace of its own (an ordinary user): keepers need none."""
    shared_net: bool = False
    """The zygote sits in an empty network namespace that its learner processes share (only
    with the seccomp filter, which leaves them no socket to use it with)."""
    template: str | None = None
    """The jail, built once in the zygote's private mount namespace: a learner process copies
    it with its own mount namespace and mounts only its run folder."""
    jail_rules: tuple[tuple[int, int], ...] = ()
    """Landlock rules for a learner inside the jail, where holes are covered already: each
    granted tree whole."""

    def describe(self) -> dict[str, Any]:
        """What a grader checks its packs against: every path a learner may read, and the holes."""
        return {"grants": [g.path for g in self.grants], "holes": list(self.holes)}


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 when it has none (or it is disabled)."""
    numbers = SYS_LANDLOCK.get(os.uname().machine)
    if numbers is None:
        return 0
    version = _libc.syscall(numbers[0], None, ctypes.c_size_t(0), LANDLOCK_CREATE_RULESET_VERSION)
    return max(int(version), 0)


def _python_package_dirs(trees: list[str]) -> list[str]:
    """Where Python packages live on this machine, as far as the granted ``trees`` and the
    usual places tell: never shown to learner code."""
    found = {str(Path(p).absolute()) for p in sys.path if p.endswith(("site-packages", "dist-packages"))}
    patterns = ["/usr/lib/python3*/*-packages", "/usr/local/lib/python3*/*-packages", "/usr/lib/python3/dist-packages"]
    for tree in trees:
        patterns += [f"{glob.escape(tree)}/*-packages", f"{glob.escape(tree)}/python3*/*-packages"]
    for pattern in patterns:
        found.update(p for p in glob.glob(pattern) if p.endswith(("site-packages", "dist-packages")))
    return sorted(found)


def _mapped_library_dirs() -> set[str]:
    """Folders of the shared libraries the zygote has loaded, where they are system folders."""
    dirs: set[str] = set()
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return dirs
    for line in maps.splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and parts[5].startswith("/"):
            folder = os.path.dirname(os.path.realpath(parts[5].removesuffix(" (deleted)")))
            if folder.startswith(("/usr/lib", "/lib", "/usr/local/lib")):
                dirs.add(folder)
    return dirs


def is_inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _open_path(path: str, is_dir: bool) -> int | None:
    try:
        return os.open(path, os.O_PATH | os.O_CLOEXEC | (os.O_DIRECTORY if is_dir else 0))
    except OSError:
        return None


def _landlock_rules(grants: list[Grant], holes: list[str]) -> tuple[tuple[int, int], ...]:
    """(fd, rights) rules for the allow-list. Landlock cannot carve a hole in an allowed tree, so
    a granted tree holding a hole is granted child by child, leaving the hole out: the folders on
    the way down to a hole may be listed (so imports find their modules), and the hole's names
    are then listed too, but nothing in it can be read."""
    read_dir = FS_READ_FILE | FS_READ_DIR | FS_EXECUTE
    rules: list[tuple[int, int]] = []

    def grant_tree(path: str, fd: int | None) -> None:
        inner = [h for h in holes if is_inside(h, path) and h != path]
        if path in holes:
            return
        if not inner:
            if fd is None:
                fd = _open_path(path, True)
            if fd is not None:
                rules.append((fd, read_dir))
            return
        try:
            children = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            return
        if fd is None:
            fd = _open_path(path, True)
        if fd is not None:
            rules.append((fd, FS_READ_DIR))
        for child in children:
            if child.is_dir(follow_symlinks=False):
                grant_tree(child.path, None)
            else:
                child_fd = _open_path(child.path, False)
                if child_fd is not None:
                    rules.append((child_fd, FS_READ_FILE | FS_EXECUTE))

    for grant in grants:
        if grant.is_dir:
            grant_tree(grant.path, grant.fd)
        else:
            rules.append((grant.fd, FS_READ_FILE | FS_EXECUTE | (FS_WRITE_FILE if grant.writable else 0)))
    return tuple(rules)


def make_plan(stdlib_paths: list[str], numpy_dir: str, hidden: list[str], off: frozenset[str]) -> Plan:
    """The plan for learner processes forked from this process (the zygote), whose loaded
    libraries tell which system folders they need. ``hidden`` adds folders never shown (the
    tutor package, where packs may live)."""
    numpy_path = Path(numpy_dir).absolute()
    libs = numpy_path.parent / "numpy.libs"
    candidates: list[tuple[str, bool]] = [(str(Path(p).absolute()), True) for p in stdlib_paths if os.path.isdir(p)]
    candidates.append((str(numpy_path), True))
    if libs.is_dir():
        candidates.append((str(libs), True))
    candidates += [(d, True) for d in sorted(_mapped_library_dirs())]
    trees = [path for path, is_dir in candidates if is_dir]
    private = sorted({str(Path(p).absolute()) for p in [*_python_package_dirs(trees), *hidden]})
    candidates += [(p, False) for p in ("/etc/ld.so.cache", "/dev/null", "/dev/zero", "/dev/urandom", "/dev/random")
                   if os.path.exists(p)]
    grants: list[Grant] = []
    for path, is_dir in candidates:
        in_private = any(is_inside(path, h) for h in private)
        covered = any(g.is_dir and is_inside(path, g.path) for g in grants)
        if (covered and not in_private) or any(g.path == path for g in grants):
            continue
        if in_private and not (is_inside(path, str(numpy_path)) or is_inside(path, str(libs))):
            continue
        fd = _open_path(path, is_dir)
        if fd is not None:
            grants.append(Grant(path, is_dir, fd, writable=path in ("/dev/null", "/dev/zero")))
    holes = sorted(h for h in private if os.path.isdir(h) and any(g.is_dir and is_inside(h, g.path) and h != g.path
                                                                   for g in grants))
    links = tuple((f"/{name}", os.readlink(f"/{name}")) for name in ("lib", "lib64", "lib32", "libx32", "bin", "sbin")
                  if os.path.islink(f"/{name}"))
    python_path = (RUN_FOLDER, *(str(Path(p).absolute()) for p in stdlib_paths))
    seccomp_filter = None if "seccomp" in off else seccomp.build_filter()
    if seccomp_filter is not None:
        seccomp.prepare(seccomp_filter)
    abi = 0 if "landlock" in off else landlock_abi()
    rules = _landlock_rules(grants, holes) if abi else ()
    return Plan(tuple(grants), tuple(holes), links, python_path, seccomp_filter, abi, rules, off, os.getuid() == 0,
                _capability_count())


def _capability_count() -> int:
    try:
        return int(Path(CAP_LAST_CAP_FILE).read_text()) + 1
    except (OSError, ValueError):
        return 64



def isolation_of(held: set[str] | frozenset[str], *, platform: str = sys.platform) -> Isolation:
    """The isolation level a learner process with these layers had."""
    if platform != "linux":
        return Isolation(IsolationLevel.NONE, (f"no isolation on {platform}: learner code runs as you, "
                                               "with your files and network",))
    missing = [LAYERS[name] for name in REQUIRED if name not in held]
    if "mount" not in held and "landlock" not in held:
        missing.insert(0, "filesystem allow-list")
    if not missing:
        return Isolation(IsolationLevel.FULL)
    contained = {"mount", "landlock", "pid", "seccomp"} & set(held)
    return Isolation(IsolationLevel.PARTIAL if contained else IsolationLevel.NONE, tuple(missing))
