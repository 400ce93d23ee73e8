"""Getting the desk ready to run: its data folder (0700) with the secret key and the SQLite
database (0600 each), the environment the settings read, Django set up and migrated."""

from __future__ import annotations

import contextlib
import os
import secrets
import zoneinfo
from pathlib import Path

from screening.core.errors import Problem, ScreeningError

ENV_DATA = "SCREENING_DESK_DATA"
DATABASE = "desk.sqlite3"
SECRET = "secret_key"


def default_data() -> Path:
    """Where the desk keeps its data unless told otherwise: `$SCREENING_DESK_DATA`, else
    `$XDG_DATA_HOME/screening/desk` (`~/.local/share/screening/desk`)."""
    if os.environ.get(ENV_DATA):
        return Path(os.environ[ENV_DATA])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "screening" / "desk"


def _private_file(path: Path, content: bytes = b"") -> None:
    """Create `path` readable by its owner only, unless it exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as f:
        f.write(content)


def _data_folder(data: Path) -> Path:
    data = data.expanduser().absolute()
    try:
        data.mkdir(parents=True, exist_ok=True, mode=0o700)
        data.chmod(0o700)
        _private_file(data / SECRET, secrets.token_urlsafe(48).encode())
        _private_file(data / DATABASE)
        (data / DATABASE).chmod(0o600)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ScreeningError(Problem("--data", f"{data}: {reason}")) from None
    return data


def local_zone() -> str:
    """The machine's time zone name (the queue's "today" is local), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        candidates.append(str(localtime.resolve()).partition("zoneinfo/")[2])
    for name in candidates:
        try:
            if name:
                zoneinfo.ZoneInfo(name)
                return name
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            continue
    return "UTC"


def prepare(
    data: Path, *, tls: bool = False, hosts: list[str] | None = None, rules: Path | None = None
) -> Path:
    """Make the data folder, set the environment and set Django up; returns the folder."""
    os.umask(0o077)  # the database's journal files, like the database, are the owner's only
    data = _data_folder(data)
    os.environ[ENV_DATA] = str(data)
    os.environ["SCREENING_DESK_SECRET_KEY"] = (data / SECRET).read_text().strip()
    os.environ["SCREENING_DESK_TLS"] = "1" if tls else "0"
    if hosts:
        os.environ["SCREENING_DESK_HOSTS"] = ",".join(hosts)
    if rules is not None:
        os.environ["SCREENING_DESK_RULES"] = str(rules.absolute())
    os.environ.setdefault("SCREENING_DESK_TIME_ZONE", local_zone())
    os.environ["DJANGO_SETTINGS_MODULE"] = "screening.desk.settings"
    import django

    django.setup()
    return data


def migrate() -> None:
    """Create or update the database's tables (quietly)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
