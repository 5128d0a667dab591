"""A seccomp filter that denies the learner process what no NumPy exercise needs.

The filter is a classic BPF program, built once in the zygote (`build_filter`) and installed by
each learner process as its last step of isolation (`install`). It checks the architecture
first (any other ABI, such as x32 or 32-bit compat calls, kills the process), then answers the
denied system calls with EPERM, so learner code sees a plain ``PermissionError`` and gets a
clear verdict instead of a dead process:

- tracing and reading other processes: ptrace, process_vm_*, kcmp, pidfd_getfd;
- the kernel's larger attack surfaces: bpf, keyctl, userfaultfd, io_uring, perf_event_open,
  modules, kexec, fanotify, open_by_handle_at;
- mounts and namespaces: mount and the new mount API, pivot_root, chroot, unshare, setns, and
  clone with any namespace flag (clone3 answers ENOSYS, so the C library falls back to clone,
  whose flags the filter can see);
- SysV IPC (shared memory, messages, semaphores) and every new socket;
- changing the machine: clock, hostname, swap, reboot, quotas, personality;
- pushing input into a terminal (ioctl TIOCSTI / TIOCLINUX).
"""

from __future__ import annotations

import ctypes
import os
import struct

PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2

# BPF instruction classes and modes (linux/filter.h, linux/bpf_common.h).
BPF_LD, BPF_JMP, BPF_RET = 0x00, 0x05, 0x06
BPF_W, BPF_ABS, BPF_K = 0x00, 0x20, 0x00
BPF_JEQ, BPF_JGE, BPF_JSET = 0x10, 0x30, 0x40

SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
EPERM, ENOSYS = 1, 38

# Offsets in struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6].
_NR, _ARCH, _ARG0, _ARG1 = 0, 4, 16, 24

CLONE_NAMESPACES = 0x7E020080
"""CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET | NEWTIME."""
TIOCSTI, TIOCLINUX = 0x5412, 0x541C
PERSONALITY_QUERY = 0xFFFFFFFF

DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    "bpf", "keyctl", "add_key", "request_key", "userfaultfd", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "perf_event_open", "init_module", "finit_module", "delete_module",
    "kexec_load", "kexec_file_load", "fanotify_init", "open_by_handle_at", "name_to_handle_at",
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "fsopen", "fsmount", "fsconfig",
    "fspick", "open_tree", "move_mount", "mount_setattr",
    "shmget", "shmat", "shmdt", "shmctl", "msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop",
    "semtimedop", "semctl", "socket", "socketpair",
    "acct", "swapon", "swapoff", "reboot", "sethostname", "setdomainname", "settimeofday",
    "clock_settime", "clock_adjtime", "adjtimex", "quotactl", "syslog", "vhangup", "iopl", "ioperm",
    "lookup_dcookie", "move_pages", "migrate_pages", "memfd_secret", "uselib", "ustat", "sysfs",
    "_sysctl", "nfsservctl", "create_module", "get_kernel_syms", "query_module",
)

# System call numbers (asm/unistd_64.h on x86_64; asm-generic/unistd.h on aarch64). A name
# missing from an architecture's table does not exist there.
_X86_64 = dict(
    ptrace=101, process_vm_readv=310, process_vm_writev=311, kcmp=312, pidfd_getfd=438, bpf=321,
    keyctl=250, add_key=248, request_key=249, userfaultfd=323, io_uring_setup=425, io_uring_enter=426,
    io_uring_register=427, perf_event_open=298, init_module=175, finit_module=313, delete_module=176,
    kexec_load=246, kexec_file_load=320, fanotify_init=300, open_by_handle_at=304, name_to_handle_at=303,
    mount=165, umount2=166, pivot_root=155, chroot=161, unshare=272, setns=308, fsopen=430, fsmount=432,
    fsconfig=431, fspick=433, open_tree=428, move_mount=429, mount_setattr=442, shmget=29, shmat=30,
    shmdt=67, shmctl=31, msgget=68, msgsnd=69, msgrcv=70, msgctl=71, semget=64, semop=65, semtimedop=220,
    semctl=66, socket=41, socketpair=53, acct=163, swapon=167, swapoff=168, reboot=169, sethostname=170,
    setdomainname=171, settimeofday=164, clock_settime=227, clock_adjtime=305, adjtimex=159, quotactl=179,
    syslog=103, vhangup=153, iopl=172, ioperm=173, lookup_dcookie=212, move_pages=279, migrate_pages=256,
    memfd_secret=447, uselib=134, ustat=136, sysfs=139, _sysctl=156, nfsservctl=180, create_module=174,
    get_kernel_syms=177, query_module=178,
    clone=56, clone3=435, ioctl=16, personality=135,
)
_AARCH64 = dict(
    ptrace=117, process_vm_readv=270, process_vm_writev=271, kcmp=272, pidfd_getfd=438, bpf=280,
    keyctl=219, add_key=217, request_key=218, userfaultfd=282, io_uring_setup=425, io_uring_enter=426,
    io_uring_register=427, perf_event_open=241, init_module=105, finit_module=273, delete_module=106,
    kexec_load=104, kexec_file_load=294, fanotify_init=262, open_by_handle_at=265, name_to_handle_at=264,
    mount=40, umount2=39, pivot_root=41, chroot=51, unshare=97, setns=268, fsopen=430, fsmount=432,
    fsconfig=431, fspick=433, open_tree=428, move_mount=429, mount_setattr=442, shmget=194, shmat=196,
    shmdt=197, shmctl=195, msgget=186, msgsnd=189, msgrcv=188, msgctl=187, semget=190, semop=193,
    semtimedop=192, semctl=191, socket=198, socketpair=199, acct=89, swapon=224, swapoff=225, reboot=142,
    sethostname=161, setdomainname=162, settimeofday=170, clock_settime=112, clock_adjtime=266,
    adjtimex=171, quotactl=60, syslog=116, vhangup=58, lookup_dcookie=18, move_pages=239,
    migrate_pages=238, memfd_secret=447, nfsservctl=42,
    clone=220, clone3=435, ioctl=29, personality=92,
)

AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7
X32_SYSCALL_BIT = 0x40000000
ARCHITECTURES = {"x86_64": (AUDIT_ARCH_X86_64, _X86_64), "aarch64": (AUDIT_ARCH_AARCH64, _AARCH64)}


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _op(code: int, k: int, jt: int = 0, jf: int = 0) -> tuple[int, int, int, int]:
    return (code, jt, jf, k)


def _load(offset: int) -> tuple[int, int, int, int]:
    return _op(BPF_LD | BPF_W | BPF_ABS, offset)


def _ret(action: int) -> tuple[int, int, int, int]:
    return _op(BPF_RET | BPF_K, action)


def build_filter(machine: str | None = None) -> bytes | None:
    """The filter for this machine's architecture as packed ``sock_filter`` structs, or None
    when the architecture is not one the table knows (the layer is then reported missing)."""
    arch = ARCHITECTURES.get(machine or os.uname().machine)
    if arch is None:
        return None
    audit_arch, numbers = arch
    deny = _ret(SECCOMP_RET_ERRNO | EPERM)
    program = [
        _load(_ARCH),
        _op(BPF_JMP | BPF_JEQ | BPF_K, audit_arch, jt=1, jf=0),
        _ret(SECCOMP_RET_KILL_PROCESS),
        _load(_NR),
    ]
    if audit_arch == AUDIT_ARCH_X86_64:  # the x32 ABI shares the architecture value
        program += [_op(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, jt=0, jf=1), _ret(SECCOMP_RET_KILL_PROCESS)]
    for name in DENIED:
        if name in numbers:
            program += [_op(BPF_JMP | BPF_JEQ | BPF_K, numbers[name], jt=0, jf=1), deny]
    program += [_op(BPF_JMP | BPF_JEQ | BPF_K, numbers["clone3"], jt=0, jf=1), _ret(SECCOMP_RET_ERRNO | ENOSYS)]
    # clone: allowed unless a namespace flag is set (args[0], low word).
    program += [
        _op(BPF_JMP | BPF_JEQ | BPF_K, numbers["clone"], jt=0, jf=3),
        _load(_ARG0),
        _op(BPF_JMP | BPF_JSET | BPF_K, CLONE_NAMESPACES, jt=0, jf=1),
        deny,
        _load(_NR),
    ]
    # ioctl: allowed unless it pushes input into a terminal (args[1]).
    program += [
        _op(BPF_JMP | BPF_JEQ | BPF_K, numbers["ioctl"], jt=0, jf=5),
        _load(_ARG1),
        _op(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, jt=1, jf=0),
        _op(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, jt=0, jf=1),
        deny,
        _load(_NR),
    ]
    # personality: only the query.
    program += [
        _op(BPF_JMP | BPF_JEQ | BPF_K, numbers["personality"], jt=0, jf=3),
        _load(_ARG0),
        _op(BPF_JMP | BPF_JEQ | BPF_K, PERSONALITY_QUERY, jt=1, jf=0),
        deny,
        _ret(SECCOMP_RET_ALLOW),
    ]
    return b"".join(struct.pack("<HBBI", *instruction) for instruction in program)


_libc = ctypes.CDLL(None, use_errno=True)
_prepared: dict[bytes, tuple[object, _SockFprog]] = {}


def prepare(program: bytes) -> None:
    """Build the C structures for ``program`` now (in the zygote), so that a learner process
    installs it with one system call and no ctypes work of its own."""
    if program not in _prepared:
        count = len(program) // struct.calcsize("<HBBI")
        filters = (_SockFilter * count).from_buffer_copy(program)
        _prepared[program] = (filters, _SockFprog(count, ctypes.cast(filters, ctypes.POINTER(_SockFilter))))


def install(program: bytes) -> None:
    """Install ``program`` (from `build_filter`) on the calling thread; it needs no_new_privs.
    Raises OSError if the kernel refuses it."""
    prepare(program)
    _, prog = _prepared[program]
    if _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"seccomp filter refused ({errno})")
