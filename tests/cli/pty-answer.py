#!/usr/bin/env python3
"""Run a command on a new pseudo-terminal and answer its prompts.

pty-answer.py [--answer TEXT]... [--eof | --hangup] [--deadline SECONDS]
              [--transcript FILE] -- COMMAND [ARG]...

Each --answer is typed (with a newline) once the command has printed a
prompt (a line ending in ': ') after the previous answer; --eof then types
the end-of-input character (^D) at the next prompt; --hangup instead
closes the terminal at the next prompt, as when a terminal window is
closed. Everything the command
writes to the terminal goes to --transcript. The exit status is the
command's, 124 if it is still running at the deadline (it is then killed),
128+N if a signal N ended it. The deadline only guards against a hang: the
tests never depend on timing otherwise.
"""
import argparse
import os
import pty
import select
import signal
import sys
import time


def wait_until(pid, end):
    """The wait status of PID, or 124 (killed) at the deadline END."""
    while time.monotonic() < end:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            return st
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return 124


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--answer", action="append", default=[])
    ap.add_argument("--eof", action="store_true")
    ap.add_argument("--hangup", action="store_true")
    ap.add_argument("--deadline", type=float, default=30.0)
    ap.add_argument("--transcript")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command")

    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)

    todo = [a.encode() + b"\n" for a in args.answer]
    if args.eof:
        todo.append(b"\x04")
    if args.hangup:
        todo.append(None)
    seen = b""  # output since the last answer
    transcript = b""
    end = time.monotonic() + args.deadline
    status = None
    while status is None:
        left = end - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            status = 124
            break
        ready, _, _ = select.select([fd], [], [], min(left, 0.2))
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            transcript += chunk
            seen += chunk
            if todo and seen.endswith(b": "):
                answer = todo.pop(0)
                if answer is None:
                    os.close(fd)
                    status = wait_until(pid, end)
                    break
                os.write(fd, answer)
                seen = b""
            if not chunk:
                _, st = os.waitpid(pid, 0)
                status = st
                break
        else:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = st
    if status is not None and status != 124:
        if os.WIFEXITED(status):
            status = os.WEXITSTATUS(status)
        elif os.WIFSIGNALED(status):
            status = 128 + os.WTERMSIG(status)
    # Whatever is left to read after the exit.
    try:
        if args.hangup and not todo:
            raise OSError("closed")
        while True:
            r, _, _ = select.select([fd], [], [], 0)
            if not r:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            transcript += chunk
    except OSError:
        pass
    if args.transcript:
        with open(args.transcript, "wb") as f:
            f.write(transcript)
    sys.exit(status)


if __name__ == "__main__":
    main()
