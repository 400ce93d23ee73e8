"""`screening desk`: serve the clinic front desk, and add its accounts. Only click is imported
here; Django, gunicorn and the rest come in when a desk command runs."""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path
from typing import Any

import click

from screening.core.errors import Problem, ScreeningError

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def _data_option(func: Any) -> Any:
    return click.option(
        "--data",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="The desk's data folder (database, secret key). Default: $SCREENING_DESK_DATA, "
        "else ~/.local/share/screening/desk.",
    )(func)


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_tls(host: str, certfile: Path | None, keyfile: Path | None) -> bool:
    """Whether to serve HTTPS; refuses the clinic network without a certificate and key."""
    if (certfile is None) != (keyfile is None):
        raise ScreeningError(Problem("--certfile/--keyfile", "give both, or neither"))
    if certfile is None:
        if not is_loopback(host):
            raise ScreeningError(
                Problem(
                    "--host",
                    f"{host} is reachable from the network: a tablet must never send health "
                    "answers in clear text, so give --certfile and --keyfile (see the README)",
                )
            )
        return False
    for option, path in (("--certfile", certfile), ("--keyfile", keyfile)):
        assert path is not None
        if not path.is_file():
            raise ScreeningError(Problem(option, f"{path}: no such file"))
    return True


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), port))
    except OSError as exc:
        raise ScreeningError(
            Problem(
                "--port", f"cannot listen on {host}:{port} ({exc.strerror}); try another --port"
            )
        ) from None


def _needs_extra() -> None:
    """The desk's libraries come with the `desk` extra; without them, one line says so."""
    try:
        import django  # noqa: F401
        import gunicorn  # noqa: F401
    except ImportError:
        raise ScreeningError(
            "screening desk needs the desk extra: pip install 'screening[desk]' "
            "(make demo and make test install it)"
        ) from None


def _data(ctx: click.Context, data: Path | None) -> Path:
    from screening.desk.boot import default_data

    return data or (ctx.obj or {}).get("data") or default_data()


@click.group(invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers", type=click.IntRange(1, 32), default=2, show_default=True, help="Server processes."
)
@_data_option
@click.option("--certfile", type=click.Path(path_type=Path), help="TLS certificate (PEM).")
@click.option("--keyfile", type=click.Path(path_type=Path), help="TLS private key (PEM).")
@click.option(
    "--rules",
    "rules_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Use this rules folder (a copy of the bundled rules/) instead of the built-in one.",
)
@click.pass_context
def desk(
    ctx: click.Context,
    host: str,
    port: int,
    workers: int,
    data: Path | None,
    certfile: Path | None,
    keyfile: Path | None,
    rules_dir: Path | None,
) -> None:
    """Serve the clinic front desk: clients answer on a kiosk tablet, staff review and print.

    Serves http://127.0.0.1:8000 by default. To reach it from the clinic's network, give
    --host with --certfile and --keyfile (HTTPS). Add accounts with `screening desk adduser`.

    \b
    Example: screening desk
             screening desk adduser sam --admin
             screening desk --host 0.0.0.0 --port 8443 --certfile desk.pem --keyfile desk.key
             screening desk backup desk-backup.sqlite3
    """
    ctx.obj = {"data": data}
    _needs_extra()
    if ctx.invoked_subcommand is not None:
        return
    tls = _check_tls(host, certfile, keyfile)
    if rules_dir is not None:
        from screening import service

        service.screener(rules_dir)  # a broken rules folder is one line, before serving
    _check_port(host, port)
    from screening.desk import boot, database, server

    folder = boot.prepare(
        _data(ctx, data), tls=tls, hosts=None if is_loopback(host) else ["*"], rules=rules_dir
    )
    with database.serving(folder):  # held from before the migration to the last worker
        boot.migrate()
        from screening.desk.staff.models import Account

        scheme = "https" if tls else "http"
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"Desk data: {folder}")
        if not Account.objects.filter(is_active=True).exists():
            click.echo(
                "No accounts yet: add the first (an admin) with: "
                "screening desk adduser NAME --admin"
            )
        click.echo(
            f"Serving the desk on {scheme}://{shown}:{port}/ with {workers} workers "
            "(Ctrl-C stops it)"
        )
        server.run(host=host, port=port, workers=workers, certfile=certfile, keyfile=keyfile)


@desk.command()
@click.argument("name")
@click.option(
    "--admin", is_flag=True, help="An admin: manages accounts and settings, reads the audit log."
)
@_data_option
@click.pass_context
def adduser(ctx: click.Context, name: str, admin: bool, data: Path | None) -> None:
    """Add a staff account NAME (an admin with --admin). Asks for the password twice; when
    standard input is not a terminal, reads it from the first line there.

    \b
    Example: screening desk adduser sam --admin
             printf '%s\\n' "$PASSWORD" | screening desk adduser jo
    """
    if sys.stdin.isatty():
        password = click.prompt(
            "Password", hide_input=True, confirmation_prompt="The same password again"
        )
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    from screening.desk import boot

    boot.prepare(_data(ctx, data))
    boot.migrate()
    from screening.desk.staff.accounts import add_account

    account = add_account(name, password, admin=admin)
    click.echo(f"Added {account.username} ({account.get_role_display()}). Sign in at the desk.")


def _existing(ctx: click.Context, data: Path | None) -> Path:
    """The data folder of a desk that has been set up (its database is there), ready to use."""
    from screening.desk import boot

    folder = _data(ctx, data)
    if not (folder / boot.DATABASE).is_file():
        raise ScreeningError(Problem("--data", f"{folder}: no desk database here"))
    boot.prepare(folder)
    boot.migrate()
    return folder


def _force_option(func: Any) -> Any:
    return click.option("--force", is_flag=True, help="Replace FILE if it exists.")(func)


@desk.command()
@click.argument("file")
@_force_option
@_data_option
@click.pass_context
def backup(ctx: click.Context, file: str, force: bool, data: Path | None) -> None:
    """Copy the desk's database to FILE (readable by you only), also while the desk serves:
    the copy is one consistent moment. Keep backups as safe as the desk itself.

    \b
    Example: screening desk backup backups/desk-2025-05-12.sqlite3
    """
    _existing(ctx, data)
    from screening.desk.records import upkeep

    written, held = upkeep.backup(file, force=force)
    click.echo(f"Backed up {held} to {written}")


@desk.command()
@click.argument("file", type=click.Path(path_type=Path))
@_data_option
@click.pass_context
def restore(ctx: click.Context, file: Path, data: Path | None) -> None:
    """Replace the desk's database with the backup FILE. The desk must be stopped. Records
    erased since the backup was made are erased again; everyone signs in again.

    \b
    Example: screening desk restore backups/desk-2025-05-12.sqlite3
    """
    from screening.desk import boot, database

    database.check_backup(file)
    folder = boot.prepare(_data(ctx, data))
    with database.stopped(folder):
        from screening.desk.records import upkeep

        done = upkeep.restore(file)
    click.echo(f"Restored {done.held} from {file} into {folder}")
    if done.erased_again:
        numbers = ", ".join(str(n) for n in done.erased_again)
        click.echo(f"Erased again, as they were after this backup was made: record {numbers}")


@desk.group()
def export() -> None:
    """Write the desk's records to files (readable by you only): the screenings of a date
    range or the audit log as CSV (safe to open in a spreadsheet), a client's record as JSON."""


@export.command("screenings")
@click.argument("file")
@click.option(
    "--from", "start", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day."
)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Last day.")
@_force_option
@_data_option
@click.pass_context
def export_screenings(
    ctx: click.Context, file: str, start: Any, end: Any, force: bool, data: Path | None
) -> None:
    """The screenings sent from --from to --to (both included) as CSV: date, client, referral
    and reasons, hyper-mobility, focus, exercises.

    \b
    Example: screening desk export screenings may.csv --from 2025-05-01 --to 2025-05-31
    """
    if end < start:
        raise ScreeningError(Problem("--to", f"{end:%Y-%m-%d} is before --from"))
    _existing(ctx, data)
    from screening.desk.records import upkeep

    rows = upkeep.export_screenings(file, start.date(), end.date(), force=force)
    click.echo(f"Wrote {rows} screenings to {file}")


@export.command("record")
@click.argument("number", type=click.IntRange(1))
@click.argument("file")
@_force_option
@_data_option
@click.pass_context
def export_record(
    ctx: click.Context, number: int, file: str, force: bool, data: Path | None
) -> None:
    """Client record NUMBER, whole, as JSON: each screening's answers (as `screening plan`
    reads them), plan, rules fingerprint, program version, reviews and printed PDFs.

    \b
    Example: screening desk export record 12 record-12.json
    """
    _existing(ctx, data)
    from screening.desk.records import upkeep

    upkeep.export_record(file, number, force=force)
    click.echo(f"Wrote record {number} to {file}")


@export.command("audit")
@click.argument("file")
@_force_option
@_data_option
@click.pass_context
def export_audit(ctx: click.Context, file: str, force: bool, data: Path | None) -> None:
    """The whole audit log as CSV, newest first.

    \b
    Example: screening desk export audit audit.csv
    """
    _existing(ctx, data)
    from screening.desk.records import upkeep

    entries = upkeep.export_audit(file, force=force)
    click.echo(f"Wrote {entries} audit entries to {file}")
