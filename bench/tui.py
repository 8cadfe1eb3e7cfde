#!/usr/bin/env python3
"""certdeck benchmarks: the terminal UI under a pseudo-terminal (80x24).

  tui.py once CMD...
      Start CMD on the terminal, read what it writes, wait for its exit.
      Prints "wall SECONDS": start, first screen and exit, as a whole.
      For certdeck, with CERTDECK_TUI_BENCH=exit (it quits after its
      first screen, as ../shared/limits' tuimin does).

  tui.py session [--names] KEYS CMD...
      certdeck with CERTDECK_TUI_BENCH=stamp: after each refresh of the
      main screen it writes "refresh NANOSECONDS" (CLOCK_MONOTONIC, the
      clock of time.monotonic_ns) to stderr. Prints
        first SECONDS   from before the start to the first screen drawn
        names SECONDS   with --names (a store with issued certificates):
                        to the redraw with the names of issued/ (thread)
        key C SECONDS   for each character of KEYS, from its write on the
                        terminal to the refresh that follows it
        maxrss KIB      the peak resident size, VmHWM of /proc/PID/status
                        before the end (getrusage would count the fork
                        of this script before its exec)
      KEYS is typed after the first screen (and the names); then SIGTERM.
"""
import os
import pty
import select
import struct
import subprocess
import sys
import time
import fcntl
import termios

ROWS, COLS = 24, 80
TIMEOUT = 60.0


def terminal():
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ,
                struct.pack("HHHH", ROWS, COLS, 0, 0))
    return master, slave


def spawn(cmd, slave, stderr, env):
    return subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=stderr,
                            env=env, start_new_session=True,
                            close_fds=True)


def drain(master):
    """Read what the terminal has; False once the other side is gone."""
    try:
        return bool(os.read(master, 65536))
    except OSError:
        return False


def reap(proc, ok=(0,)):
    if proc.wait() not in ok:
        sys.exit("tui.py: %s exited with %d" % (proc.args[0], proc.returncode))


def once(cmd):
    env = dict(os.environ, TERM="xterm-256color", CERTDECK_TUI_BENCH="exit")
    master, slave = terminal()
    start = time.monotonic()
    proc = spawn(cmd, slave, subprocess.DEVNULL, env)
    os.close(slave)
    while drain(master):
        pass
    reap(proc)
    end = time.monotonic()
    os.close(master)
    print("wall %.6f" % (end - start))


class Stamps:
    """The refresh stamps certdeck writes on its stderr."""

    def __init__(self, master, fd, proc):
        self.master, self.fd, self.proc, self.buf = master, fd, proc, b""

    def fail(self, why):
        self.proc.kill()
        sys.exit("tui.py: " + why)

    def next(self):
        """The next stamp; other lines on stderr are not ours."""
        while True:
            line = self.line().split()
            if len(line) == 2 and line[0] == b"refresh":
                return int(line[1])

    def line(self):
        deadline = time.monotonic() + TIMEOUT
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail("no refresh within %d s" % TIMEOUT)
            ready, _, _ = select.select([self.master, self.fd], [], [], left)
            if self.master in ready:
                drain(self.master)
            if self.fd in ready:
                data = os.read(self.fd, 4096)
                if not data:
                    self.fail("certdeck ended before its refresh")
                self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line


def session(names, keys, cmd):
    env = dict(os.environ, TERM="xterm-256color", CERTDECK_TUI_BENCH="stamp")
    master, slave = terminal()
    rfd, wfd = os.pipe()
    start = time.monotonic_ns()
    proc = spawn(cmd, slave, wfd, env)
    os.close(slave)
    os.close(wfd)
    stamps = Stamps(master, rfd, proc)
    print("first %.6f" % ((stamps.next() - start) / 1e9))
    if names:
        print("names %.6f" % ((stamps.next() - start) / 1e9))
    for c in keys:
        sent = time.monotonic_ns()
        os.write(master, c.encode())
        print("key %r %.6f" % (c, (stamps.next() - sent) / 1e9))
    with open("/proc/%d/status" % proc.pid) as f:
        hwm = [l.split()[1] for l in f if l.startswith("VmHWM:")][0]
    proc.terminate()  # certdeck quits the normal way on SIGTERM
    while drain(master):
        pass
    reap(proc, (0, 128 + 15))  # and says so with its status, as a shell does
    os.close(master)
    os.close(rfd)
    print("maxrss %s" % hwm)


def main():
    sys.stdout.reconfigure(line_buffering=True)
    if len(sys.argv) > 2 and sys.argv[1] == "once":
        once(sys.argv[2:])
    elif len(sys.argv) > 4 and sys.argv[1:3] == ["session", "--names"]:
        session(True, sys.argv[3], sys.argv[4:])
    elif len(sys.argv) > 3 and sys.argv[1] == "session":
        session(False, sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
