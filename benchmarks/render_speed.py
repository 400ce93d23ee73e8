"""How long a printed plan takes, next to the floor: WeasyPrint on a plain document as long;
and what a name in another script costs in time and size (the Noto fonts it pulls in).

    .venv/bin/python benchmarks/render_speed.py [--runs 7]

Prints figures; it is not a test. "Warm" means one process rendering plan after plan (fonts,
stylesheet and templates already loaded); "cold" means a fresh `screening demo` process.
"""

from __future__ import annotations

import argparse
import html
import io
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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


def timed(func, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        out.append((time.perf_counter() - start) * 1000)
    return out


def plain_twin(markup: str) -> str:
    """The plan's words as bare paragraphs: same length of text, no layout, no pictures."""
    body = markup[markup.index("<body>") :]
    # The log is drawn as SVG: keep its words (as one table row per line), drop the figures.
    body = re.sub(
        r'<svg class="log-grid".*?</svg>',
        lambda m: "".join(f"<p>{t}</p>" for t in re.findall(r"<text[^>]*>(.*?)</text>", m[0])),
        body,
        flags=re.S,
    )
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)
    blocks = re.split(r"</(?:p|li|h1|h2|h3|dd|dt|th|td|blockquote|caption)>", body)
    paragraphs = []
    for block in blocks:
        text = html.unescape(re.sub(r"<[^>]+>", " ", block))
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            paragraphs.append(f"<p>{html.escape(text)}</p>")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 16mm 15mm 18mm; }"
        "body { font: 9.5pt/1.38 'DejaVu Sans', sans-serif; }"
        "</style></head><body>" + "\n".join(paragraphs) + "</body></html>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    import weasyprint
    from pypdf import PdfReader
    from weasyprint.text.fonts import FontConfiguration

    plan = Screener(load_knowledge(default_rules())).screen(load_answers(example_answers()))
    on = date(2026, 11, 25)
    pdf = render_pdf(plan, on=on)  # warm-up: fonts, stylesheet, templates
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    warm = timed(lambda: render_pdf(plan, on=on), runs)
    html_only = timed(lambda: render_html(plan, on=on, for_print=True), runs)

    twin = plain_twin(render_html(plan, on=on, for_print=True))
    fonts = FontConfiguration()
    weasyprint.HTML(string=twin).write_pdf(font_config=fonts)
    twin_pages = len(PdfReader(io.BytesIO(weasyprint.HTML(string=twin).write_pdf())).pages)
    floor = timed(lambda: weasyprint.HTML(string=twin).write_pdf(font_config=fonts), runs)

    exe = shutil.which("screening", path=str(Path(sys.executable).parent)) or "screening"
    with tempfile.TemporaryDirectory() as folder:
        cold = timed(
            lambda: subprocess.run([exe, "demo"], cwd=folder, check=True, capture_output=True),
            max(3, runs // 2),
        )
        floor_script = (
            "import sys, weasyprint; weasyprint.HTML(string=sys.stdin.read()).write_pdf()"
        )
        cold_floor = timed(
            lambda: subprocess.run(
                [sys.executable, "-c", floor_script], input=twin.encode(), check=True
            ),
            max(3, runs // 2),
        )

    scripts = {}
    for script, name in SCRIPTS.items():
        other = plan.model_copy(update={"runner": plan.runner.model_copy(update={"name": name})})
        size = len(render_pdf(other, on=on))  # the first also loads the script's fonts
        scripts[script] = (
            statistics.median(timed(lambda p=other: render_pdf(p, on=on), runs)),
            size,
        )

    w, f = statistics.median(warm), statistics.median(floor)
    print(
        f"demo plan: {pages} pages, {len(pdf) / 1000:,.0f} kB; plain twin: {twin_pages} pages, "
        f"{len(twin):,} characters"
    )
    print(f"warm, HTML only (Jinja):            median {statistics.median(html_only):6.1f} ms")
    print(f"warm, plan PDF:                     median {w:6.0f} ms")
    print(f"warm, floor (plain twin PDF):       median {f:6.0f} ms")
    print(f"warm ratio plan / floor:                   {w / f:6.2f}x")
    print(f"cold, `screening demo`:             median {statistics.median(cold):6.0f} ms")
    print(f"cold, floor (python + plain twin):  median {statistics.median(cold_floor):6.0f} ms")
    for script, (ms, size) in scripts.items():
        print(
            f"warm, demo plan, {script + ' name:':19s}median {ms:6.0f} ms, {size / 1000:5,.0f} kB"
        )


if __name__ == "__main__":
    main()
