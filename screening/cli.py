"""The `screening` command: a thin layer over the engine and the renderers.

Every user mistake becomes one line on standard error and exit code 2.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from screening import __version__
from screening.errors import ScreeningError
from screening.resources import default_rules, example_answers

REPORTS = Path("reports")


def _rules_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--rules",
        "rules_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Use this rules folder (a copy of the bundled rules/) instead of the built-in one.",
    )(func)


def _output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(["pdf", "html", "json"]),
            default="pdf",
            show_default=True,
            help="What to write.",
        ),
        click.option(
            "--output",
            "-o",
            default=None,
            help="Where to write; '-' is standard output. Default: a new file in "
            "reports/ (JSON: standard output).",
        ),
        click.option("--clinic", default=None, help="Clinic name printed on the plan."),
        click.option(
            "--paper",
            type=click.Choice(["a4", "letter"]),
            default="a4",
            show_default=True,
            help="Paper size of the PDF.",
        ),
        click.option("--force", is_flag=True, help="Overwrite an existing --output file."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def screener(rules_dir: Path | None):
    """A warm screener for the chosen rules folder (imports experta only when called)."""
    from screening.engine import Screener
    from screening.knowledge import load_knowledge

    return Screener(load_knowledge(rules_dir or default_rules()))


def report_path(name: str, suffix: str) -> Path:
    """The default file in reports/ for a runner's plan or answers: `<name>-<date>.<suffix>`."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "runner"
    return REPORTS / f"{slug}-{date.today().isoformat()}.{suffix}"


def emit(
    plan: Any, fmt: str, output: str | None, *, clinic: str | None, paper: str, force: bool = False
) -> Path | None:
    """Render the plan and write it; returns the file written (None for standard output)."""
    from screening import render
    from screening.answers import has_control_characters

    if clinic is not None and (
        not 1 <= len(clinic.strip()) <= 80 or has_control_characters(clinic)
    ):
        raise ScreeningError(
            f"--clinic: {clinic!r} is not allowed; expected 1 to 80 characters, "
            "without control characters"
        )
    if output not in (None, "-"):  # before rendering: a bad --output path fails at once
        render.check_output(output, force=force)
    if fmt == "json":
        data = render.render_json(plan).encode()
    elif fmt == "html":
        data = render.render_html(plan, clinic=clinic, paper=paper).encode()
    else:
        data = render.render_pdf(plan, clinic=clinic, paper=paper)
    if output == "-" or (output is None and fmt == "json"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    if output is None:
        path = report_path(plan.runner.name, fmt)
        return render.write_atomic(path, data)
    # An explicit path: no folder is created, only a regular file is replaced (with --force).
    return render.write_output(output, data, force=force)


def summary(plan: Any) -> str:
    """A few lines for the terminal, wrapped to its width: referral, headline, routine."""
    width = min(shutil.get_terminal_size().columns, 100)

    def item(text: str, first: str = "  ", rest: str = "     ") -> list[str]:
        return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest)

    lines = []
    if plan.referral.required:
        lines.append(click.style("See a clinician before you start:", fg="red", bold=True))
        for reason in plan.referral.reasons:
            lines += item(reason.text, "  - ", "    ")
    if plan.emphases:
        lines.append(click.style(f"Focus: {plan.headline.title}", bold=True))
        lines += item(plan.headline.sentence, "  ", "  ")
    lines.append("Routine:")
    for n, i in enumerate(plan.routine, 1):
        lines += item(f"{i.name}: {i.dose}", f"  {n}. ")
    if plan.left_out:
        lines += item("Left out: " + ", ".join(i.name for i in plan.left_out), "", "  ")
        lines.append("  (the plan says why; `screening explain` gives every reason)")
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="screening")
def cli() -> None:
    """Screen a runner for imbalances and print a personal mobility plan.

    \b
    Start with:  screening demo
    Your own:    screening plan answers.yaml
    """


@cli.command()
@_rules_option
@click.option("--clinic", default=None, help="Clinic name printed on the plan.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
def demo(rules_dir: Path | None, clinic: str | None, paper: str) -> None:
    """Screen the bundled example runner and write her PDF plan into reports/.

    Example: screening demo
    """
    from screening.answers import load_answers

    plan = screener(rules_dir).screen(load_answers(example_answers()))
    path = emit(plan, "pdf", None, clinic=clinic, paper=paper)
    click.echo(f"Wrote {path}")
    click.echo(summary(plan))


@cli.command()
@click.argument("answers_file", type=click.Path(path_type=Path))
@_output_options
@_rules_option
def plan(
    answers_file: Path,
    fmt: str,
    output: str | None,
    clinic: str | None,
    paper: str,
    force: bool,
    rules_dir: Path | None,
) -> None:
    """Screen the runner in ANSWERS_FILE (JSON or YAML) and write the plan.

    Example: screening plan answers.yaml --format json
    """
    from screening.answers import load_answers

    result = screener(rules_dir).screen(load_answers(answers_file))
    path = emit(result, fmt, output, clinic=clinic, paper=paper, force=force)
    if path is not None:
        click.echo(f"Wrote {path}")
        click.echo(summary(result))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the answers file.

    Example: screening schema > answers.schema.json
    """
    import json

    from screening.answers import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@cli.command("rules")
@click.option(
    "--check",
    "check_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Only validate this rules folder and report what it holds.",
)
@_rules_option
def rules_command(check_dir: Path | None, rules_dir: Path | None) -> None:
    """List every rule and exercise of the knowledge base, with its source.

    \b
    Example: screening rules
             screening rules --check my-clinic-rules/
    """
    from screening.explain import describe_knowledge
    from screening.knowledge import load_knowledge

    kb = load_knowledge(check_dir or rules_dir or default_rules())
    if check_dir is not None:
        from screening.engine import compile_engine

        compile_engine(kb)
        click.echo(f"{check_dir}: OK, {len(kb.rules)} rules and {len(kb.exercises)} exercises")
        return
    click.echo(describe_knowledge(kb), nl=False)


@cli.command()
@click.argument("answers_file", type=click.Path(path_type=Path))
@_rules_option
def explain(answers_file: Path, rules_dir: Path | None) -> None:
    """Explain the plan for ANSWERS_FILE: every decision, its rule and the answers behind it.

    Example: screening explain answers.yaml
    """
    from screening.answers import load_answers
    from screening.explain import explain_plan

    click.echo(explain_plan(screener(rules_dir).screen(load_answers(answers_file))), nl=False)


@cli.command()
@click.option("--resume", is_flag=True, help="Continue an intake that was interrupted.")
@click.option("--no-pdf", is_flag=True, help="Write the answers file but not the PDF plan.")
@click.option("--clinic", default=None, help="Clinic name printed on the plan.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@_rules_option
def intake(
    resume: bool, no_pdf: bool, clinic: str | None, paper: str, rules_dir: Path | None
) -> None:
    """Ask a runner the questions in the terminal; write the answers and the PDF plan into reports/.

    Every answer is saved as it is given: after Ctrl-C (or a closed terminal), run
    `screening intake --resume` to continue from the next question.

    Example: screening intake
    """
    if not sys.stdin.isatty():
        raise ScreeningError(
            "screening intake asks its questions in a terminal, and standard input is not one; "
            "to screen an answers file, run: screening plan ANSWERS_FILE"
        )
    from screening import intake as walk
    from screening.answers import parse_answers
    from screening.drafts import Draft, load_draft
    from screening.knowledge import load_knowledge
    from screening.render import write_atomic

    draft_path = REPORTS / ".intake-draft.json"
    draft = load_draft(draft_path)
    resume_hint = "Your answers so far are saved; continue with: screening intake --resume"
    try:
        if draft is None and resume:
            raise ScreeningError(
                f"no unfinished intake in {REPORTS}/; start one with: screening intake"
            )
        if draft is None or (not resume and not walk.continue_draft(draft)):
            draft = Draft(draft_path)
        kb = load_knowledge(rules_dir or default_rules())
        data = walk.Intake(draft, kb.beighton).run()
    except (KeyboardInterrupt, EOFError):
        click.echo(f"\nStopped. {resume_hint}", err=True)
        sys.exit(130)
    except Exception as exc:
        if not isinstance(exc, ScreeningError) and draft_path.exists():
            click.echo(resume_hint, err=True)
        raise
    answers = parse_answers(data, "intake")
    path = report_path(answers.runner.name, "yaml")
    click.echo(f"\nWrote {write_atomic(path, walk.answers_yaml(data).encode())}")
    draft.discard()
    from screening.engine import Screener

    result = Screener(kb).screen(answers)
    if not no_pdf:
        click.echo(f"Wrote {emit(result, 'pdf', None, clinic=clinic, paper=paper)}")
    click.echo(summary(result))


def main() -> None:
    """Entry point: run the CLI, turning a ScreeningError into one line and exit code 2."""
    try:
        cli.main(standalone_mode=False)
    except ScreeningError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:  # usage errors: one line, like every other mistake
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
