# Calls syscalls with arguments that make the kernel fail them with EBADF/EFAULT/EINVAL, so a result of
# EPERM/ENOSYS/EAFNOSUPPORT means a seccomp filter answered instead (Flatpak's tests/try-syscall.c
# method). Each probe runs in a forked child, so a probe the filter kills (SIGSYS) or one that
# changes the process (personality) does not affect the others. Prints one JSON object:
# probe name -> "ok", an errno name, or "signal:N". x86-64 syscall numbers (asm/unistd_64.h).
import ctypes
import errno
import json
import mmap
import os
import sys

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
BAD = 1  # a user pointer that faults
FD = (1 << 64) - 1  # -1 as a file descriptor argument
X32 = 0x40000000
CLONE_FS = 0x200
CLONE_SIGHAND = 0x800
CLONE_NEWNS = 0x20000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
BAD_SOCKET_TYPE = 0x40000001  # unknown type flags: the kernel says EINVAL before it looks at the family


def call(nr, *args):
    result = libc.syscall(ctypes.c_long(nr), *[ctypes.c_ulong(a & ((1 << 64) - 1)) for a in args])
    return result, ctypes.get_errno()


def ia32(nr, a=0, b=0, c=0):
    """A syscall through the 32-bit int 0x80 entry, which seccomp sees as AUDIT_ARCH_I386."""
    code = (b"\x53" + b"\xb8" + nr.to_bytes(4, "little") + b"\xbb" + a.to_bytes(4, "little")
            + b"\xb9" + b.to_bytes(4, "little") + b"\xba" + c.to_bytes(4, "little") + b"\xcd\x80\x5b\xc3")
    page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    page.write(code)
    function = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(page)))
    result = function()
    return (result, 0) if result >= 0 else (-1, -result)


def real_socket(family, kind, protocol=0):
    fd = libc.socket(family, kind, protocol)
    return fd, ctypes.get_errno()


PROBES = {
    "mount": lambda: call(165, BAD, BAD, BAD, 0, BAD),
    "umount2": lambda: call(166, BAD, 0),
    "pivot_root": lambda: call(155, BAD, BAD),
    "chroot": lambda: call(161, BAD),
    "unshare": lambda: call(272, FD),
    "setns": lambda: call(308, FD, 0),
    "clone-newuser": lambda: call(56, CLONE_NEWUSER | CLONE_FS, 0, 0, 0, 0),
    "clone-newuser-high-bits": lambda: call(56, (1 << 32) | CLONE_NEWUSER | CLONE_FS, 0, 0, 0, 0),
    "clone-newns": lambda: call(56, CLONE_NEWNS | CLONE_FS, 0, 0, 0, 0),
    "clone-newnet": lambda: call(56, CLONE_NEWNET | CLONE_SIGHAND, 0, 0, 0, 0),
    "clone-plain": lambda: call(56, CLONE_SIGHAND, 0, 0, 0, 0),
    "clone3": lambda: call(435, 0, 0),
    "keyctl": lambda: call(250, 0xFFFF, 0, 0, 0, 0),
    "add_key": lambda: call(248, BAD, BAD, BAD, 0, 0),
    "request_key": lambda: call(249, BAD, BAD, BAD, 0),
    "syslog": lambda: call(103, 3, 0, FD),
    "acct": lambda: call(163, BAD),
    "quotactl": lambda: call(179, FD, BAD, 0, BAD),
    "uselib": lambda: call(134, BAD),
    "move_pages": lambda: call(279, 0, 1, BAD, BAD, BAD, 0xFFFF),
    "mbind": lambda: call(237, 1, 4096, 0, 0, 0, 0),
    "migrate_pages": lambda: call(256, 0, 64, BAD, BAD),
    "get_mempolicy": lambda: call(239, 0, 0, 0, 0, 0xFFFF),
    "set_mempolicy": lambda: call(238, 0xFFFF, 0, 0),
    "perf_event_open": lambda: call(298, BAD, 0, FD, FD, 0),
    "ptrace": lambda: call(101, 0x7FFF, 0x7FFFFFFF, 0, 0),
    "process_vm_readv": lambda: call(310, 0, BAD, 1, BAD, 1, 1),
    "process_vm_writev": lambda: call(311, 0, BAD, 1, BAD, 1, 1),
    "bpf": lambda: call(321, 0xFFFF, 0, 0),
    "userfaultfd": lambda: call(323, FD),
    "ioctl-tiocsti": lambda: call(16, FD, 0x5412, 0),
    "ioctl-tiocsti-high-bits": lambda: call(16, FD, 0x1_0000_5412, 0),
    "ioctl-tioclinux": lambda: call(16, FD, 0x541C, 0),
    "ioctl-tioclinux-high-bits": lambda: call(16, FD, 0xFFFF_FFFF_0000_541C, 0),
    "ioctl-tcgets": lambda: call(16, FD, 0x5401, 0),
    "io_uring_setup": lambda: call(425, 0, BAD),
    "io_uring_enter": lambda: call(426, FD, 0, 0, 0, 0, 0),
    "io_uring_register": lambda: call(427, FD, 0, 0, 0),
    "open_tree": lambda: call(428, FD, BAD, 0),
    "move_mount": lambda: call(429, FD, BAD, FD, BAD, 0),
    "fsopen": lambda: call(430, BAD, 0),
    "fsconfig": lambda: call(431, FD, 0, 0, 0, 0),
    "fsmount": lambda: call(432, FD, 0, 0),
    "fspick": lambda: call(433, FD, BAD, 0),
    "mount_setattr": lambda: call(442, FD, BAD, 0, BAD, 0),
    "personality-linux": lambda: call(135, 0),
    "personality-query": lambda: call(135, 0xFFFF_FFFF),
    "personality-query-64": lambda: call(135, FD),
    "personality-addr-no-randomize": lambda: call(135, 0x0040000),
    "personality-read-implies-exec": lambda: call(135, 0x0400000),
    "personality-high-bits": lambda: call(135, (1 << 32) | 0x0040000),
    "personality-bsd": lambda: call(135, 0x0006),
    "read": lambda: call(0, FD, BAD, 1),
    "listen": lambda: call(50, FD, 0),
    "prctl": lambda: call(157, 3, 0, 0, 0, 0),
    "x32-getpid": lambda: call(X32 | 39),
    "x32-chroot": lambda: call(X32 | 161, BAD),
    "ia32-getpid": lambda: ia32(20),
    "ia32-chroot": lambda: ia32(61, BAD),
    "socket-unix": lambda: real_socket(1, 1),
    "socket-inet": lambda: real_socket(2, 1),
    "socket-inet6": lambda: real_socket(10, 2),
    "socket-netlink-route": lambda: real_socket(16, 3, 0),
}

for family in [0, 1, 2, 3, 4, 5, 9, 10, 11, 15, 16, 17, 29, 31, 38, 40, 44, 45, 1000, (1 << 32) | 2]:
    PROBES[f"socket-family-{family}"] = (lambda f: lambda: call(41, f, BAD_SOCKET_TYPE, 0))(family)
for protocol in [0, 4, 9, 12, 15]:
    PROBES[f"socket-netlink-protocol-{protocol}"] = (lambda p: lambda: call(41, 16, BAD_SOCKET_TYPE, p))(protocol)


def run(probe):
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        try:
            result, error = probe()
            answer = "ok" if result >= 0 else errno.errorcode.get(error, str(error))
        except Exception as exception:  # report, never let the child fall back into the loop
            answer = "exception:" + type(exception).__name__
        os.write(writer, answer.encode())
        os._exit(0)
    os.close(writer)
    _, status = os.waitpid(pid, 0)
    answer = os.read(reader, 256).decode()
    os.close(reader)
    return f"signal:{os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else answer


names = sys.argv[1:] or list(PROBES)
print(json.dumps({name: run(PROBES[name]) for name in names}))
