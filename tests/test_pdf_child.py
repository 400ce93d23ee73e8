"""Printing on a second core (`pdf_child`): the child prints the same bytes this process would,
any failure of the child leaves the page to this process, and no child outlives its block.

Each case runs in a fresh Python process, as `screening plan` does: forking the test process
itself would copy pytest and every fixture into the child.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import pytest

from screening.render import pdf_child
from tests.conftest import ROOT

SETUP = """
import os, signal, sys
from datetime import date
from pathlib import Path
from screening.render import pdf_child
from screening.core.answers import load_answers
from screening import service

plan = service.screen(load_answers(Path("examples/ana.yaml")))
ON = date(2026, 11, 25)

def render():
    from screening.render.pdf import render_pdf
    return render_pdf(plan, on=ON)
"""


def run(script: str) -> str:
    """Run `script` after SETUP in a fresh Python process; its standard output."""
    done = subprocess.run(
        [sys.executable, "-c", SETUP + textwrap.dedent(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no warning from WeasyPrint, the fonts or the child
    return done.stdout


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> bytes:
    """The demo plan's PDF printed in one process, with no child."""
    path = tmp_path_factory.mktemp("reference") / "plan.pdf"
    run(f"Path({str(path)!r}).write_bytes(render())")
    return path.read_bytes()


def test_the_child_prints_the_same_bytes_and_this_process_never_imports_weasyprint(
    reference, tmp_path
):
    out = tmp_path / "plan.pdf"
    said = run(f"""
        with pdf_child.printing_ahead():
            assert pdf_child._waiting is not None, "no child was started"
            Path({str(out)!r}).write_bytes(render())
        print("weasyprint" in sys.modules)
    """)
    assert said.split() == ["False"]
    assert out.read_bytes() == reference


def test_a_child_that_died_leaves_the_page_to_this_process(reference, tmp_path):
    out = tmp_path / "plan.pdf"
    said = run(f"""
        with pdf_child.printing_ahead():
            pid = pdf_child._waiting.pid
            os.kill(pid, signal.SIGKILL)
            Path({str(out)!r}).write_bytes(render())
        print("weasyprint" in sys.modules)
    """)
    assert said.split() == ["True"]
    assert out.read_bytes() == reference


def test_an_unused_child_is_ended_with_its_block():
    said = run("""
        try:
            with pdf_child.printing_ahead():
                pid = pdf_child._waiting.pid
                raise ValueError("a mistake in the answers")
        except ValueError:
            pass
        try:
            os.kill(pid, 0)
            print("still there")
        except ProcessLookupError:
            print("gone")
        print(pdf_child.take())
    """)
    assert said.split() == ["gone", "None"]


def test_an_interrupt_while_waiting_for_the_child_ends_it():
    said = run("""
        def interrupt(signum, frame):
            raise KeyboardInterrupt
        signal.signal(signal.SIGALRM, interrupt)
        try:
            with pdf_child.printing_ahead():
                pid = pdf_child._waiting.pid
                os.kill(pid, signal.SIGSTOP)  # it will never answer
                signal.setitimer(signal.ITIMER_REAL, 0.2)
                render()
        except KeyboardInterrupt:
            print("interrupted")
        try:
            os.kill(pid, 0)
            print("still there")
        except ProcessLookupError:
            print("gone")
    """)
    assert said.split() == ["interrupted", "gone"]


def test_no_child_on_one_cpu(monkeypatch):
    monkeypatch.setattr(pdf_child.os, "sched_getaffinity", lambda pid: {0})
    monkeypatch.setattr(pdf_child, "_start", lambda: pytest.fail("a child was started"))
    assert not pdf_child.worth_it()
    with pdf_child.printing_ahead():
        assert pdf_child.take() is None


def test_a_command_invoked_in_process_starts_no_child(monkeypatch, tmp_path):
    """Only the `screening` process itself prints ahead: a command run by a test (or any other
    caller in its own process) must not fork that process."""
    from click.testing import CliRunner

    from screening.terminal.cli import cli

    monkeypatch.setattr(pdf_child, "_start", lambda: pytest.fail("a child was started"))
    out = tmp_path / "plan.pdf"
    result = CliRunner().invoke(
        cli, ["plan", str(ROOT / "examples" / "ana.yaml"), "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")


NOISY = """
from screening.render import printer
PARENT = os.getpid()
write_pdf = printer.write_pdf

def noisy(html, paper):
    if os.getpid() != PARENT:  # only the child speaks, as a font library's warning would
        os.write(2, b"child: a font warning\\n")
        if FAIL:
            raise RuntimeError("the child fails")
    return write_pdf(html, paper)

printer.write_pdf = noisy
"""


@pytest.mark.parametrize("fail", [False, True])
def test_what_the_child_says_is_shown_once_and_only_with_its_pdf(reference, tmp_path, fail):
    out = tmp_path / "plan.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SETUP
            + f"FAIL = {fail}\n"
            + NOISY
            + textwrap.dedent(f"""
                with pdf_child.printing_ahead():
                    Path({str(out)!r}).write_bytes(render())
                print("weasyprint" in sys.modules)
            """),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == reference
    # Used: the child printed and what it said is shown, once. Failed: this process printed
    # (importing WeasyPrint) and the failed child's words are dropped.
    assert done.stdout.split() == [str(fail)]
    assert done.stderr == ("" if fail else "child: a font warning\n")


def test_a_child_with_no_answer_in_time_is_ended_and_the_page_printed_here(reference, tmp_path):
    out = tmp_path / "plan.pdf"
    said = run(f"""
        pdf_child.DEADLINE = 0.3
        with pdf_child.printing_ahead():
            pid = pdf_child._waiting.pid
            os.kill(pid, signal.SIGSTOP)  # hung
            Path({str(out)!r}).write_bytes(render())
        try:
            os.kill(pid, 0)
            print("still there")
        except ProcessLookupError:
            print("gone")
    """)
    assert said.split() == ["gone"]
    assert out.read_bytes() == reference


def test_a_child_keeps_ignoring_an_interrupt_the_command_ignores(reference, tmp_path):
    """Started with SIGINT ignored (`nohup`, `cmd &` in a script), the child is not ended by
    one either: it still prints."""
    out = tmp_path / "plan.pdf"
    said = run(f"""
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        with pdf_child.printing_ahead():
            os.kill(pdf_child._waiting.pid, signal.SIGINT)
            Path({str(out)!r}).write_bytes(render())
        print("weasyprint" in sys.modules)
    """)
    assert said.split() == ["False"]
    assert out.read_bytes() == reference


def test_a_failed_fork_leaves_no_file_open(monkeypatch):
    def no_fork():
        raise BlockingIOError("no more processes")

    monkeypatch.setattr(pdf_child.os, "fork", no_fork)
    monkeypatch.setattr(pdf_child, "worth_it", lambda: True)
    before = sorted(os.listdir("/proc/self/fd"))
    with pdf_child.printing_ahead():
        assert pdf_child.take() is None
    assert sorted(os.listdir("/proc/self/fd")) == before


def test_no_child_beside_another_thread():
    """A forked copy of a process with threads can hang on a lock another thread held."""
    assert threading.active_count() == 1 or not pdf_child.worth_it()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not pdf_child.worth_it()
    finally:
        stop.set()
        other.join()
