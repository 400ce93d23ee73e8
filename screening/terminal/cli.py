"""The `screening` command: option parsing and printing over the service layer.

Every user mistake becomes one line on standard error and exit code 2. Heavy libraries are
imported inside the commands that need them, so `screening --help` stays fast.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from screening import __version__
from screening.core.errors import ScreeningError
from screening.core.resources import example_answers
from screening.desk.command import desk

REPORTS = Path("reports")
DRAFTS = REPORTS / ".intakes"
RESUME = "screening intake --resume"
RESUME_HINT = "Your answers so far are saved. To continue:"


class _OwnProcess:
    """Click's context object when `main` runs a command: the command runs in the `screening`
    process itself, not in a test that invokes it in its own process. Only then does a one-shot
    command print on a second core (`pdf_child`) and leave its objects to the operating system."""


def _in_own_process() -> bool:
    context = click.get_current_context(silent=True)
    return context is not None and context.find_object(_OwnProcess) is not None


def _one_shot(func: Callable[..., Any]) -> Callable[..., Any]:
    """A command that screens or prints once and ends: it runs without the cyclic garbage
    collector, which would spend 60-70 ms of a cold PDF's CPU walking objects that are all
    still in use (peak memory is 86 MB either way). In its own process it then leaves every
    object it made out of collection (`gc.freeze`): the next collection, and the last one at
    exit, would walk them all (about 100 ms after a PDF), and the operating system frees them
    at once when the process ends. Commands that wait for a person or serve for hours (intake,
    desk, batch) collect as usual."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        own = _in_own_process()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if own:
                gc.freeze()
            gc.enable()

    return run


def _printing_ahead(pdf: bool) -> contextlib.AbstractContextManager[None]:
    """For a PDF made by the `screening` process: a child process gets WeasyPrint ready on
    the second core while this one screens, or the person answers (`pdf_child`)."""
    from screening.render import pdf_child

    return pdf_child.printing_ahead(pdf and _in_own_process())


def _rules_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--rules",
        "rules_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Use this rules folder (a copy of the bundled rules/) instead of the built-in one.",
    )(func)


def _look_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--paper",
        type=click.Choice(["a4", "letter"]),
        default="a4",
        show_default=True,
        help="Paper size of the PDF.",
    )(func)
    return click.option("--clinic", default=None, help="Clinic name printed on the plan.")(func)


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
        click.option("--force", is_flag=True, help="Overwrite an existing --output file."),
    ]
    for option in reversed(options):
        func = option(func)
    return _look_options(func)


def _wrote(path: Path | None, plan: Any) -> None:
    from screening.terminal.summary import summary

    if path is not None:
        click.echo(f"Wrote {path}")
        click.echo(summary(plan))


# What a full or closed standard output raises (everything else is turned into a
# ScreeningError where it happens).
STREAM_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


class _OutputFailed(Exception):
    """Standard output could not take what a command printed (click would exit 1 in silence)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class Screening(click.Group):
    """The command group; every mistake a user can make ends as one line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno in STREAM_ERRNOS:
                raise _OutputFailed(exc) from None
            raise

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:
        extra["standalone_mode"] = False
        try:
            return super().main(args, prog_name, **extra)
        except ScreeningError as exc:
            click.echo(f"error: {exc.line()}", err=True)
            sys.exit(2)
        except _OutputFailed as failed:
            sys.exit(_stdout_failed(failed.error))
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(130)
        except click.ClickException as exc:  # usage errors: one line, like every other mistake
            click.echo(f"error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)


@click.group(cls=Screening, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="screening")
def cli() -> None:
    """Screen a runner for imbalances and print a personal mobility plan.

    \b
    Start with:  screening demo
    Your own:    screening plan answers.yaml
    """


@cli.command()
@_rules_option
@_look_options
@_one_shot
def demo(rules_dir: Path | None, clinic: str | None, paper: str) -> None:
    """Screen the bundled example runner and write her PDF plan into reports/.

    Example: screening demo
    """
    with _printing_ahead(True):
        from screening import service
        from screening.core.answers import load_answers
        from screening.terminal import summary  # noqa: F401 - loaded while the child starts

        options = service.look(clinic, paper)
        plan = service.screen(load_answers(example_answers()), rules_dir)
        out = sys.stdout.buffer
        path = service.publish(plan, "pdf", options, output=None, folder=REPORTS, stream=out)
    _wrote(path, plan)


@cli.command()
@click.argument("answers_file", type=click.Path(path_type=Path))
@_output_options
@_rules_option
@_one_shot
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
    with _printing_ahead(fmt == "pdf"):
        from screening import service
        from screening.core.answers import load_answers

        if fmt == "pdf":  # the summary's module loads while the child starts, not after it
            from screening.terminal import summary  # noqa: F401

        options = service.look(clinic, paper)
        service.check_output(output, force=force)  # a bad path fails before any work
        result = service.screen(load_answers(answers_file), rules_dir)
        path = service.publish(
            result,
            fmt,
            options,
            output=output,
            folder=REPORTS,
            stream=sys.stdout.buffer,
            force=force,
        )
    _wrote(path, result)


@cli.command()
@click.option("--plan", "of_plan", is_flag=True, help="The plan's JSON Schema instead.")
@click.option(
    "--csv-header", is_flag=True, help="The header row of a CSV for `screening batch` instead."
)
@_one_shot
def schema(of_plan: bool, csv_header: bool) -> None:
    """Print the JSON Schema of the answers file (or, with --plan, of the plan).

    \b
    Example: screening schema > answers.schema.json
             screening schema --plan > plan.schema.json
             screening schema --csv-header > club.csv
    """
    import json

    if csv_header:
        from screening.batch.columns import header

        click.echo(",".join(header()))
    elif of_plan:
        from screening.core.plan import plan_schema

        click.echo(json.dumps(plan_schema(), indent=2))
    else:
        from screening.core.answers import json_schema

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
@_one_shot
def rules_command(check_dir: Path | None, rules_dir: Path | None) -> None:
    """List every rule and exercise of the knowledge base, with its source.

    \b
    Example: screening rules
             screening rules --check my-clinic-rules/
    """
    from screening import service
    from screening.render.explain import describe_knowledge

    kb = service.screener(check_dir or rules_dir).kb  # loads, checks and compiles the rules
    if check_dir is not None:
        click.echo(f"{check_dir}: OK, {len(kb.rules)} rules and {len(kb.exercises)} exercises")
        return
    click.echo(describe_knowledge(kb), nl=False)


@cli.command()
@click.argument("answers_file", type=click.Path(path_type=Path))
@_rules_option
@_one_shot
def explain(answers_file: Path, rules_dir: Path | None) -> None:
    """Explain the plan for ANSWERS_FILE: every decision, its rule and the answers behind it.

    Example: screening explain answers.yaml
    """
    from screening import service
    from screening.core.answers import load_answers
    from screening.render.explain import explain_plan

    click.echo(explain_plan(service.screen(load_answers(answers_file), rules_dir)), nl=False)


@cli.command()
@click.argument("source", metavar="INPUT", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder for the PDFs, summary.csv, errors.csv and the manifest (made if missing).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all cores).",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    default=None,
    help="Make the plans on this Dask cluster instead (needs 'screening[dask]').",
)
@click.option("--retry-failed", is_flag=True, help="Try the runners whose plan failed again.")
@_look_options
@_rules_option
def batch(
    source: Path,
    out: Path,
    jobs: int | None,
    scheduler: str | None,
    retry_failed: bool,
    clinic: str | None,
    paper: str,
    rules_dir: Path | None,
) -> None:
    """Screen every runner in INPUT, a CSV file or a folder of answers files, into the folder
    --out: one PDF each, summary.csv and errors.csv. Stopped, the same command goes on where it
    stopped. Exit code 1 if some rows are in errors.csv.

    \b
    Example: screening schema --csv-header > club.csv   (then one runner per row)
             screening batch club.csv --out club-plans/
    """
    from screening import service
    from screening.batch.run import Options, default_jobs, run_batch

    options = Options(
        source=source,
        out=out,
        jobs=jobs or default_jobs(),
        scheduler=scheduler,
        retry_failed=retry_failed,
        rules=rules_dir,
        look=service.look(clinic, paper),
    )
    try:
        report = run_batch(options)
    except KeyboardInterrupt:
        click.echo("\nStopped. What is done is kept: run the same command to go on.", err=True)
        sys.exit(130)
    click.echo("\n".join(report.lines(out)))
    if report.invalid or report.failed:
        sys.exit(1)


@cli.command()
@click.option("--resume", is_flag=True, help="Continue an unfinished intake (you choose which).")
@click.option("--no-pdf", is_flag=True, help="Write the answers file but not the PDF plan.")
@_look_options
@_rules_option
def intake(
    resume: bool, no_pdf: bool, clinic: str | None, paper: str, rules_dir: Path | None
) -> None:
    """Ask a runner the questions in the terminal; write the answers and the PDF plan into reports/.

    Every answer is saved as it is given: after Ctrl-C (or a closed terminal), run
    `screening intake --resume` to continue from the next question. The questions are asked
    on the terminal even when the output is piped (`| tee log` logs only the results).

    Example: screening intake
    """
    if not sys.stdin.isatty():
        raise ScreeningError(
            "screening intake asks its questions in a terminal, and standard input is not one; "
            "to screen an answers file, run: screening plan ANSWERS_FILE"
        )
    from screening import service
    from screening.core.questionnaire import Questionnaire, answers_yaml
    from screening.store.drafts import DraftStore
    from screening.terminal import intake as terminal
    from screening.terminal.console import Console, open_terminal
    from screening.terminal.summary import summary

    options = service.look(clinic, paper)
    questionnaire = Questionnaire(service.screener(rules_dir).kb.beighton)
    drafts = DraftStore(DRAFTS)
    output, stream = open_terminal()
    console = Console(output=output, stream=stream)
    if not resume and (waiting := len(drafts.unfinished())):
        console.say(
            f"{waiting} unfinished intake{'s are' if waiting > 1 else ' is'} saved. "
            f"To continue one:\n  {RESUME}",
            fg="yellow",
        )
    draft = None
    try:
        # WeasyPrint gets ready in a child while the person answers: the plan is printed
        # as soon as they are done.
        with _printing_ahead(not no_pdf):
            draft = terminal.pick_draft(drafts, console) if resume else drafts.new()
            data = terminal.Intake(draft, questionnaire, console).run()
            finished = service.finish_intake(
                data,
                folder=REPORTS,
                answers_text=answers_yaml(data, origin="`screening intake`", on=options.on),
                rules=rules_dir,
                options=options,
                pdf=not no_pdf,
            )
    except (KeyboardInterrupt, EOFError):
        if draft is not None and draft.path.exists():
            _resume_hint(console, "Stopped. ")
        else:
            click.echo("\nStopped before the first answer; nothing was saved.", err=True)
        sys.exit(130)
    except ScreeningError as exc:
        if draft is None or not draft.path.exists():
            raise
        click.echo(f"error: {exc.line()}", err=True)
        _resume_hint(console)  # the draft is kept: say how to go on
        sys.exit(2)
    except Exception:
        if draft is not None and draft.path.exists():
            _resume_hint(console)
        raise
    draft.discard()
    click.echo(f"\nWrote {finished.answers_file}")
    if finished.pdf is not None:
        click.echo(f"Wrote {finished.pdf}")
    else:
        click.echo(f"Make the plan with:\n  screening plan {finished.answers_file}")
    click.echo(summary(finished.plan, console.width))


def _resume_hint(console: Any, before: str = "") -> None:
    """Say (on standard error, wrapped to the terminal) that the answers are kept."""
    from screening.terminal.text import wrap

    text = wrap(before + RESUME_HINT, console.width)
    click.echo(("\n" if before else "") + f"{text}\n  {RESUME}", err=True)


cli.add_command(desk)


def main() -> None:
    """Entry point of the `screening` command.

    SIGTERM ends the command through Python (exit code 143), so a file being written loses
    its temporary copy; a closed or full standard output is one line and exit code 2, like
    every other mistake, with no traceback and no "Exception ignored" at exit.
    """
    signal.signal(signal.SIGTERM, _terminate)
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        click.echo("error: standard output is closed; nothing could be shown", err=True)
        sys.exit(2)
    code: Any = 0
    try:
        cli.main(obj=_OwnProcess())
    except SystemExit as exc:
        code = exc.code
    try:
        sys.stdout.flush()
    except OSError as exc:  # what was printed last could not be written
        code = _stdout_failed(exc, say=code == 0) or code
    sys.exit(code)


def _terminate(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _stdout_failed(error: OSError, *, say: bool = True) -> int:
    """Point standard output at /dev/null, so that nothing tries to flush into it again at
    exit, and say (once) that it failed: exit code 2."""
    from screening.store.files import stream_error

    with contextlib.suppress(AttributeError, OSError, ValueError):  # not a real file in tests
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if not say:
        return 0
    click.echo(f"error: {stream_error(error).line()}", err=True)
    return 2
