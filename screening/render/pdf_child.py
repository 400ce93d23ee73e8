"""Printing on a second core: a child process, forked as a command that prints a plan starts
(`plan`, `demo`, `intake`), imports WeasyPrint and builds the fonts and stylesheet while this
process reads the answers and screens (or the person answers); then it turns the plan's HTML
into the PDF.

A cold `screening plan` spends about 280 ms importing WeasyPrint and about 200 ms before it has
any HTML to print; the child does the first while this process does the second. The child
prints through `screening.render.printer`, as this process would (the same stylesheet, the same
fetcher of bundled assets only). Anything going wrong there (an exception, a crash, a signal,
no answer within `DEADLINE`) leaves the page to this process, which prints it as it would have
without the child. What the child writes to standard error (a font library's warning) is kept
aside and shown only when its PDF is used, so nothing is said twice or in the middle of a
question.

Only where it pays and is safe: with `fork`, at least two CPUs for this process, and no other
thread in it (a forked copy of a threaded process can hang on a lock another thread held).
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from typing import BinaryIO

PDF_MAGIC = b"%PDF-"
DEADLINE = 30.0  # seconds for the child's PDF, counted from when the HTML is handed over
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class PdfChild:
    """A forked process waiting for one page of HTML to print."""

    def __init__(self, pid: int, to_child: int, from_child: int, said: BinaryIO) -> None:
        self.pid = pid
        self._to_child = to_child
        self._from_child = from_child
        self._open = {to_child, from_child}  # closed once each: a number may be reused after
        self._said = said  # the child's standard error
        self._ended = False

    def render(self, html: str, paper: str) -> bytes | None:
        """The PDF the child made of `html`, or None if it could not (the caller prints it)."""
        try:
            data = self._exchange(paper.encode() + b"\n" + html.encode())
        except BaseException:  # an interrupt while waiting: the child is not needed any more
            self.stop()
            raise
        if data is None:  # no answer in time
            self.stop()
            return None
        self._ended = True
        ok = False
        with contextlib.suppress(ChildProcessError):
            _, status = os.waitpid(self.pid, 0)
            ok = os.waitstatus_to_exitcode(status) == 0 and data.startswith(PDF_MAGIC)
        if ok:
            self._replay()
        self._said.close()
        return data if ok else None

    def _exchange(self, request: bytes) -> bytes | None:
        """Hand `request` over and read the answer to its end, both at once and without
        blocking; None if the child has not finished within `DEADLINE`."""
        os.set_blocking(self._to_child, False)
        os.set_blocking(self._from_child, False)
        chunks: list[bytes] = []
        deadline = time.monotonic() + DEADLINE
        with selectors.DefaultSelector() as pipes:
            pipes.register(self._to_child, selectors.EVENT_WRITE)
            pipes.register(self._from_child, selectors.EVENT_READ)
            while pipes.get_map():
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                for key, _ in pipes.select(left):
                    if key.fd == self._to_child:
                        try:
                            request = request[os.write(self._to_child, request) :]
                        except BlockingIOError:
                            continue
                        except BrokenPipeError:  # the child is gone: its answer says so
                            request = b""
                        if not request:
                            pipes.unregister(self._to_child)
                            self._close(self._to_child)
                        continue
                    try:
                        chunk = os.read(self._from_child, 1 << 16)
                    except BlockingIOError:
                        continue
                    if chunk:
                        chunks.append(chunk)
                    else:
                        pipes.unregister(self._from_child)
                        self._close(self._from_child)
        return b"".join(chunks)

    def _close(self, fd: int) -> None:
        if fd in self._open:
            self._open.discard(fd)
            os.close(fd)

    def _replay(self) -> None:
        """Show what the child wrote to standard error, as if this process had printed."""
        self._said.seek(0)
        if said := self._said.read():
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.flush()
                os.write(sys.stderr.fileno(), said)

    def stop(self) -> None:
        """End the child if it is still there (not used: a mistake in the answers, an
        interrupt, no answer in time), and reap it; what it said is dropped."""
        if self._ended:
            return
        self._ended = True
        for fd in list(self._open):
            with contextlib.suppress(OSError):
                self._close(fd)
        self._said.close()
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)


_waiting: PdfChild | None = None


def worth_it() -> bool:
    """Whether a child can run beside this process: `fork`, two CPUs to run on, and no other
    thread in this process."""
    affinity = getattr(os, "sched_getaffinity", None)
    cpus = len(affinity(0)) if affinity else (os.cpu_count() or 1)
    return hasattr(os, "fork") and cpus >= 2 and threading.active_count() == 1


@contextlib.contextmanager
def printing_ahead(wanted: bool = True) -> Iterator[None]:
    """While the block runs, a child gets ready to print (if `wanted` and `worth_it`); the
    first `take` inside the block gets it. On leaving, an unused child is ended."""
    global _waiting
    child = _start() if wanted and worth_it() else None
    _waiting = child
    try:
        yield
    finally:
        _waiting = None
        if child is not None:
            child.stop()


def take() -> PdfChild | None:
    """The child waiting to print, once (None if there is none)."""
    global _waiting
    child, _waiting = _waiting, None
    return child


def _start() -> PdfChild | None:
    opened: list[int] = []
    said = tempfile.TemporaryFile()  # noqa: SIM115 - the child's; closed when it ends
    # No signal between the fork and the child's own handlers: this process's handlers would
    # raise in the child and run this program's code there.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        to_read, to_write = os.pipe()
        opened += (to_read, to_write)
        from_read, from_write = os.pipe()
        opened += (from_read, from_write)
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        for fd in opened:
            os.close(fd)
        said.close()
        return None
    if pid == 0:  # the child: never returns
        try:
            for number in _SIGNALS:  # end at once, as the command does (unless it ignores it)
                if signal.getsignal(number) != signal.SIG_IGN:
                    signal.signal(number, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            os.close(to_write)
            os.close(from_read)
            os.dup2(said.fileno(), 2)
        except BaseException:
            os._exit(1)
        _serve(to_read, from_write)
    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    os.close(to_read)
    os.close(from_write)
    return PdfChild(pid, to_write, from_read, said)


def _serve(requests: int, answers: int) -> None:
    """In the child: get ready, print the one page asked for, and end (exit code 0 only when
    the whole PDF was handed over)."""
    code = 1
    try:
        from screening.render import printer

        printer.pdf_kit()
        with os.fdopen(requests, "rb") as request:
            asked = request.read()
        if asked:
            paper, _, html = asked.partition(b"\n")
            data = printer.write_pdf(html.decode(), paper.decode())
            with os.fdopen(answers, "wb") as answer:
                answer.write(data)
            code = 0
    except BaseException:  # the command prints the page itself, and reports any error then
        code = 1
    finally:
        with contextlib.suppress(BaseException):
            sys.stderr.flush()
        os._exit(code)
