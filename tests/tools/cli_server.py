"""A fork server for the tests' `sitegen` runs: python cli_server.py SOCKET

Starting Python and importing sitegen, Jinja, pydantic and WeasyPrint took half a second of CPU
for each of the suite's ~130 command-line runs (a fifth of what those runs cost). This process
imports them once; for each run it forks a process that is the command: its own pid, working
folder, environment, stdin from /dev/null, stdout and stderr into the files it is given, and
its exit status as `python -m sitegen.cli` gives it. sitegen keeps no state in its modules
(test_architecture.py checks), so a fork of a process that has only imported them starts
where a new interpreter starts.

A request is one line of JSON on a connection to SOCKET: {"args", "cwd", "env", "out", "err"};
the answer, two lines: the command's pid, then its exit status (none if it was killed).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import traceback

# what a build or any other command imports as it goes (WeasyPrint in its typesetting
# workers, as they import it), imported here once
import sitegen.build
import sitegen.content.loader
import sitegen.outputs.epub.output
import sitegen.outputs.pdf.output
import sitegen.outputs.pdf.typeset
import sitegen.outputs.web.output
import sitegen.workflow.deploy  # noqa: F401
from sitegen.cli import main
from sitegen.outputs.pdf.libraries import weasyprint

weasyprint()


def command(conn: socket.socket) -> None:
    """In the forked process: become the command and run it; never returns."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the command waits for its own children
        request = json.loads(conn.makefile("r", encoding="utf-8").readline())
        conn.sendall(f"{os.getpid()}\n".encode())
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        streams = ((0, os.devnull, os.O_RDONLY), (1, request["out"], os.O_WRONLY), (2, request["err"], os.O_WRONLY))
        for fd, path, flags in streams:
            opened = os.open(path, flags)
            os.dup2(opened, fd)
            os.close(opened)
        try:
            code = main(request["args"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # as the interpreter would: the traceback on stderr, status 1
            traceback.print_exc()
            code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            conn.sendall(f"{code}\n".encode())
        finally:
            os._exit(code)


def serve(path: str) -> None:
    parent = os.getppid()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    server.settimeout(1.0)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # each command reports itself; the kernel reaps it
    print("ready", flush=True)
    while os.getppid() == parent:  # gone with the test worker that started it
        try:
            conn, _ = server.accept()
        except TimeoutError:
            continue
        if os.fork() == 0:
            server.close()
            command(conn)
        conn.close()


if __name__ == "__main__":
    serve(sys.argv[1])
