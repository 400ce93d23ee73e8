"""How long a printed plan takes, next to the floor: WeasyPrint on a plain document with the
same words on as many pages; and what a name in another script costs (the Noto fonts it needs).

    .venv/bin/python benchmarks/render_speed.py [--runs 15] [--cold-runs 7]

Prints figures; it is not a test. "Warm" means one process rendering plan after plan (fonts,
stylesheet, templates and drawings already loaded); "cold" means a fresh `screening plan FILE`
process writing the PDF, as a user runs it (WeasyPrint made ready in a child process on a
second core while it screens: screening/render/pdf_child.py) and pinned to one CPU (no child,
everything in one process). Plan and floor runs are interleaved, so a busy machine slows both
alike; each figure is a median with its range (fastest to slowest), as CPU time of the
rendering thread (or of the child processes, all of them) and as wall-clock time.
"""

from __future__ import annotations

import argparse
import html
import io
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screening.core.answers import load_answers  # noqa: E402
from screening.core.engine import Screener  # noqa: E402
from screening.core.knowledge import load_knowledge  # noqa: E402
from screening.core.resources import default_rules, example_answers  # noqa: E402
from screening.render.html import render_html  # noqa: E402
from screening.render.pdf import render_pdf  # noqa: E402

# The demo plan again, under a name in another script (the masthead and running headers).
SCRIPTS = {
    "Arabic": "فاطمة الزهراء",
    "Devanagari": "अनन्या शर्मा",
    "Chinese": "王秀英",
    "Korean": "김민준",
}
# The plain twin's font size: the largest of these that fills as many pages as the plan.
TWIN_SIZES = ("9.5pt", "9pt", "8.5pt", "8pt", "7.5pt", "7pt")


def plain_twin(markup: str, size: str = "9.5pt") -> str:
    """The plan's words as bare paragraphs: same text, no layout, no pictures."""
    body = markup[markup.index("<body>") :]
    # Keep the words of any drawing with text (the log), one paragraph per text; drop the rest.
    body = re.sub(
        r"<svg.*?</svg>",
        lambda m: "".join(f"<p>{t}</p>" for t in re.findall(r"<text[^>]*>(.*?)</text>", m[0])),
        body,
        flags=re.S,
    )
    body = re.sub(r"<img[^>]*>", " ", body)
    blocks = re.split(r"</(?:p|li|h1|h2|h3|dd|dt|th|td|blockquote|caption|div)>", body)
    paragraphs = []
    for block in blocks:
        text = html.unescape(re.sub(r"<[^>]+>", " ", block))
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            paragraphs.append(f"<p>{html.escape(text)}</p>")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 16mm 15mm 18mm; }"
        f"body {{ font: {size}/1.38 'DejaVu Sans', sans-serif; }} p {{ margin: 0 0 1.6mm; }}"
        "</style></head><body>" + "\n".join(paragraphs) + "</body></html>"
    )


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def twin_as_long(markup: str, plan_pages: int) -> tuple[str, str]:
    """The plain twin at the largest font size that fills exactly the plan's page count."""
    import weasyprint

    for size in TWIN_SIZES:
        twin = plain_twin(markup, size)
        if pages(weasyprint.HTML(string=twin).write_pdf()) == plan_pages:
            return twin, size
    raise SystemExit(f"no plain twin of {plan_pages} pages with sizes {TWIN_SIZES}")


def interleaved(jobs: dict[str, Callable[[], tuple[float, float]]], runs: int) -> dict:
    """Run each job `runs` times, alternating between them; (cpu ms, wall ms) per run."""
    out: dict[str, list[tuple[float, float]]] = {name: [] for name in jobs}
    for i in range(runs):
        order = list(jobs) if i % 2 == 0 else list(jobs)[::-1]
        for name in order:
            out[name].append(jobs[name]())
    return out


def in_thread(func: Callable[[], object]) -> Callable[[], tuple[float, float]]:
    def run() -> tuple[float, float]:
        cpu, wall = time.thread_time(), time.perf_counter()
        func()
        return (time.thread_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000

    return run


def on_one_cpu() -> None:
    """Pin a child process to one CPU: `screening plan` then prints in its own process."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def in_child(args: list[str], **kwargs: object) -> Callable[[], tuple[float, float]]:
    def run() -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, **kwargs)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return cpu * 1000, (time.perf_counter() - wall) * 1000

    return run


def figure(runs: list[tuple[float, float]], which: int) -> str:
    values = [run[which] for run in runs]
    return f"{statistics.median(values):5.0f} ({min(values):.0f}-{max(values):.0f})"


def report(title: str, results: dict, floor: str) -> None:
    print(title)
    for name, runs in results.items():
        print(f"  {name:34s} cpu {figure(runs, 0):18s} wall {figure(runs, 1)}")
    for name, runs in results.items():
        if name == floor:
            continue
        ratios = [
            statistics.median(r[which] for r in runs)
            / statistics.median(r[which] for r in results[floor])
            for which in (0, 1)
        ]
        print(f"  {name.strip()} / floor: cpu {ratios[0]:.2f}x, wall {ratios[1]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="warm renders of each")
    parser.add_argument("--cold-runs", type=int, default=7, help="fresh processes of each")
    options = parser.parse_args()

    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    answers = example_answers()
    plan = Screener(load_knowledge(default_rules())).screen(load_answers(answers))
    on = date(2026, 11, 25)
    plan_pages = pages(render_pdf(plan, on=on))  # warm-up: fonts, stylesheet, templates
    render_pdf(plan, on=on)
    html_only = [in_thread(lambda: render_html(plan, on=on, for_print=True))()[0] for _ in "12345"]

    twin, size = twin_as_long(render_html(plan, on=on, for_print=True), plan_pages)
    fonts = FontConfiguration()
    weasyprint.HTML(string=twin).write_pdf(font_config=fonts)
    print(
        f"demo plan: {plan_pages} pages; floor: the same words as plain paragraphs at {size}, "
        f"{plan_pages} pages, {len(twin):,} characters of HTML"
    )
    print(f"warm, HTML only (Jinja): median {statistics.median(html_only):.1f} ms cpu")
    warm = interleaved(
        {
            "plan PDF": in_thread(lambda: render_pdf(plan, on=on)),
            "floor (plain twin PDF)": in_thread(
                lambda: weasyprint.HTML(string=twin).write_pdf(font_config=fonts)
            ),
        },
        options.runs,
    )
    report(f"warm, {options.runs} runs each, ms:", warm, "floor (plain twin PDF)")

    exe = shutil.which("screening", path=str(Path(sys.executable).parent)) or "screening"
    floor_script = "import sys, weasyprint; weasyprint.HTML(string=sys.stdin.read()).write_pdf()"
    with tempfile.TemporaryDirectory() as folder:
        cold = interleaved(
            {
                "`screening plan` to PDF": in_child(
                    [exe, "plan", str(answers), "-o", "plan.pdf", "--force"], cwd=folder
                ),
                "  the same on one CPU (no child)": in_child(
                    [exe, "plan", str(answers), "-o", "plan.pdf", "--force"],
                    cwd=folder,
                    preexec_fn=on_one_cpu,
                ),
                "floor (python + plain twin PDF)": in_child(
                    [sys.executable, "-c", floor_script], input=twin.encode(), cwd=folder
                ),
            },
            options.cold_runs,
        )
    report(f"cold, {options.cold_runs} runs each, ms:", cold, "floor (python + plain twin PDF)")

    print("warm, the demo plan under a name in another script (cpu ms, PDF size):")
    for script, name in SCRIPTS.items():
        other = plan.model_copy(update={"runner": plan.runner.model_copy(update={"name": name})})
        size_kb = len(render_pdf(other, on=on)) / 1000  # the first also loads the script's fonts
        cpu = [in_thread(lambda p=other: render_pdf(p, on=on))()[0] for _ in range(options.runs)]
        print(f"  {script:12s} median {statistics.median(cpu):5.0f} ms, {size_kb:5,.0f} kB")


if __name__ == "__main__":
    main()
