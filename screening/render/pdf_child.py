"""Printing on a second core: a child process, forked as a one-shot command starts, imports
WeasyPrint and builds the fonts and stylesheet while this process reads the answers and screens;
then it turns the plan's HTML into the PDF.

A cold `screening plan` spends about 280 ms importing WeasyPrint and about 200 ms before it has
any HTML to print; the child does the first while this process does the second. The child
prints through `screening.render.printer`, as this process would (the same stylesheet, the same
fetcher of bundled assets only), and anything going wrong there (an exception, a crash, a
signal) leaves the page to this process, which prints it as it would have without the child.

Only where it pays: on Linux-like systems with `fork` and at least two CPUs for this process.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator

PDF_MAGIC = b"%PDF-"


class PdfChild:
    """A forked process waiting for one page of HTML to print."""

    def __init__(self, pid: int, to_child: int, from_child: int) -> None:
        self.pid = pid
        self._to_child = os.fdopen(to_child, "wb")
        self._from_child = os.fdopen(from_child, "rb")
        self._ended = False

    def render(self, html: str, paper: str) -> bytes | None:
        """The PDF the child made of `html`, or None if it could not (the caller prints it)."""
        try:
            with self._to_child:
                self._to_child.write(paper.encode() + b"\n" + html.encode())
            with self._from_child:
                data = self._from_child.read()
        except OSError:  # the child is gone (a broken pipe): it is reaped below
            self._from_child.close()
            data = b""
        except BaseException:  # an interrupt while waiting: the child is not needed any more
            self.stop()
            raise
        self._ended = True
        _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not data.startswith(PDF_MAGIC):
            return None
        return data

    def stop(self) -> None:
        """End the child if it is still there (not used: a mistake in the answers, an
        interrupt), and reap it."""
        if self._ended:
            return
        self._ended = True
        self._to_child.close()
        self._from_child.close()
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)


_waiting: PdfChild | None = None


def worth_it() -> bool:
    """Whether a child can run beside this process: `fork`, and two CPUs to run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    cpus = len(affinity(0)) if affinity else (os.cpu_count() or 1)
    return hasattr(os, "fork") and cpus >= 2


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
    try:
        to_read, to_write = os.pipe()
        from_read, from_write = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: never returns
        os.close(to_write)
        os.close(from_read)
        _serve(to_read, from_write)
    os.close(to_read)
    os.close(from_write)
    return PdfChild(pid, to_write, from_read)


def _serve(requests: int, answers: int) -> None:
    """In the child: get ready, print the one page asked for, and end (exit code 0 only when
    the whole PDF was handed over)."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
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
    except BaseException:  # this process prints the page instead, and says what went wrong
        code = 1
    finally:
        os._exit(code)
