"""Writing files that hold health answers: atomically, owner-only, never over what is not ours.

Every file is written with mode 0600 through a temporary file in the same folder, so a crash
never leaves half a file under the final name. Default names (`reports/<name>-<date>.pdf`) are
numbered rather than replaced; an explicit `--output` path follows stricter rules
(`check_output`). Standard output is written in full or the write fails (`write_stream`).

A temporary file's name carries the machine and the process writing it
(`.<name>.<host>-<pid>.<random>.part`): a write interrupted by an exception (Ctrl-C, or SIGTERM
where the program turns it into SystemExit, as the CLI does) removes its own, and a write
removes the ones this machine's dead
processes left behind (SIGKILL, a power cut) — never one a live process is still writing,
such as a parallel batch's or another desk worker's, and never another machine's on a shared
folder. A process looks for them in a folder at its first write there, then at most once a
minute (`SWEEP_EVERY`): a batch writes thousands of files into one folder, and each look lists
the whole folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import stat
import tempfile
import time
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from anyascii import anyascii

from screening.core.errors import ScreeningError
from screening.core.reading import file_kind

FILE_MODE = 0o600
Fill = Callable[[Path], None]  # writes a whole file's contents to the (empty) path it is given
STEM_NAME_LENGTH = 40
_HOST = re.sub(r"[^A-Za-z0-9]+", "-", socket.gethostname()).strip("-")[:32] or "host"
SWEEP_EVERY = 60.0  # seconds between two looks for dead processes' temporaries in a folder
_swept: dict[Path, float] = {}  # when this process last looked in each folder (monotonic)
_TEMPORARY = re.compile(r"\..+\.(?P<host>[A-Za-z0-9-]+)-(?P<pid>[0-9]+)\.[^.]+\.part")


def report_stem(name: str, on: date | None = None) -> str:
    """The default name (without suffix) of a runner's files: `<name>-<date>`, the name in
    plain ASCII letters so a receptionist can find it (María López: `maria-lopez-2026-11-25`);
    "runner" when nothing of the name is left."""
    return f"{_slug(name) or 'runner'}-{(on or date.today()).isoformat()}"


def _slug(name: str) -> str:
    """`name` transliterated (anyascii), lower case, words joined by hyphens. A script written
    without spaces between names (Chinese, Korean) gets a hyphen between its syllables."""
    parts = []
    for char in unicodedata.normalize("NFC", name):
        ascii_text = anyascii(char)
        if unicodedata.category(char) == "Lo" and ascii_text[:1].isupper():
            ascii_text = f" {ascii_text} "  # 王芳 -> Wang Fang, not WangFang
        parts.append(ascii_text)
    plain = re.sub(r"['`]", "", "".join(parts).lower())  # O'Neil -> oneil
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:STEM_NAME_LENGTH].rstrip("-")


def free_stem(folder: Path, stem: str, suffixes: tuple[str, ...]) -> str:
    """`stem`, or `stem-2`, `stem-3`, ...: the first under which no file with any of
    `suffixes` exists yet, so a runner's answers and plan share one name."""
    candidate, n = stem, 2
    while any(os.path.lexists(folder / f"{candidate}.{s}") for s in suffixes):
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write `data` to `path` (a default name, e.g. in reports/, whose folder is created).

    An existing file is kept unless `overwrite` (which replaces a regular file, nothing else):
    the new one gets a numbered name instead.
    Returns the path written, through the real folder when the folder is a symbolic link
    (`reports/` on a network drive), so the caller can say where the file really is.
    """
    folder = _folder(path.parent)
    while True:
        target = path if overwrite else _free_name(path)
        try:
            _write(target, _contents(data), replace=overwrite)
        except FileExistsError:  # the name was taken meanwhile: take the next free one
            continue
        return target if folder == path.parent else folder / target.name


def _folder(folder: Path) -> Path:
    """A default name's folder, created if need be; its real location if it is a link."""
    for place in (folder, *folder.parents):
        if os.path.isdir(place):
            break
        if os.path.islink(place) and not os.path.exists(place):
            raise ScreeningError(
                f"{place}: is a link to {os.readlink(place)}, which does not exist; "
                "mount or create it, or remove the link"
            )
        if os.path.lexists(place):
            raise ScreeningError(
                f"{place}: is a {_kind_at(place)}, not a folder, so nothing can be written "
                "into it; move it away, or give another path with --output"
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScreeningError(f"{folder}: cannot create the folder ({exc.strerror})") from None
    real = Path(os.path.realpath(folder))
    return folder if real == Path(os.path.realpath(folder.parent)) / folder.name else real


def _kind_at(path: Path) -> str:
    mode = os.stat(path).st_mode
    return "file" if stat.S_ISREG(mode) else file_kind(mode)


def write_stream(stream: BinaryIO, data: bytes, name: str = "standard output") -> None:
    """Write all of `data` to `stream` or fail in one line: a short write, a full disk, a
    closed pipe. On a regular file (`-o - > plan.pdf`) the data is also synced, so a disk
    that fills up late still fails here rather than leaving a truncated file and exit 0."""
    try:
        view = memoryview(data)
        while view:
            written = stream.write(view)
            if not written:
                raise OSError(0, f"wrote {len(data) - len(view):,} of {len(data):,} bytes")
            view = view[written:]
        stream.flush()
        fileno = _fileno(stream)
        if fileno is not None and stat.S_ISREG(os.fstat(fileno).st_mode):
            os.fsync(fileno)
    except OSError as exc:
        raise stream_error(exc, name) from None


def stream_error(exc: OSError, name: str = "standard output") -> ScreeningError:
    """A failed write to a stream in plain words."""
    if isinstance(exc, BrokenPipeError):
        return ScreeningError(f"{name}: closed before everything was written")
    return ScreeningError(f"{name}: cannot write ({exc.strerror})")


def _fileno(stream: Any) -> int | None:
    try:
        return int(stream.fileno())
    except (AttributeError, OSError, ValueError):  # io.BytesIO, a test runner's capture
        return None


def check_output(output: str, *, force: bool = False) -> bool:
    """Check an explicit --output path before anything is rendered; True if it will be replaced.

    Refused, each in one line: an empty name, a folder, a missing folder (none is created for
    an explicit path), anything there that is not a regular file (a symbolic link, a FIFO, a
    device: not even with --force), and an existing file without --force.
    """
    if not output.strip():
        raise ScreeningError(
            "--output: the file name is empty; give a path, or '-' for standard output"
        )
    path = Path(output)
    if output.endswith(("/", os.sep)) or path.name in ("", ".", ".."):
        raise ScreeningError(f"{output}: is a folder; give a file name inside it")
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        parent = path.parent
        if not parent.is_dir():
            what = "is not a folder" if os.path.lexists(parent) else "folder does not exist"
            raise ScreeningError(f"{parent}: {what}") from None
        return False
    except OSError as exc:
        raise ScreeningError(f"{path}: cannot write ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise ScreeningError(f"{path}: is a folder; give a file name inside it")
    if not stat.S_ISREG(mode):
        raise ScreeningError(
            f"{path}: is a {file_kind(mode)}, not a regular file; refusing to write to it"
        )
    if not force:
        raise ScreeningError(f"{path}: already exists (use --force to replace it)")
    return True


def write_output(output: str, data: bytes, *, force: bool = False) -> Path:
    """Write `data` to the explicit path `output` (see `check_output` for what is refused)."""
    return write_output_with(output, _contents(data), force=force)


def write_output_with(output: str, fill: Fill, *, force: bool = False) -> Path:
    """Like `write_output`, for a file that `fill(path)` writes itself (a database copy): it
    is given an empty owner-only file beside `output`, which takes its name once complete."""
    path = Path(output)
    while True:
        replace = check_output(output, force=force)
        try:
            return _write(path, fill, replace=replace)
        except FileExistsError:  # created meanwhile: check it again (refused without --force)
            continue


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files in `folder` that processes of this machine and user left
    behind when they were killed; returns what was removed."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _TEMPORARY.fullmatch(entry.name)
        if not found or found["host"] != _HOST or _alive(int(found["pid"])):
            continue
        with contextlib.suppress(OSError):
            if entry.stat(follow_symlinks=False).st_uid == os.getuid() and entry.is_file(
                follow_symlinks=False
            ):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _sweep(folder: Path) -> None:
    """`remove_stale_temporaries` at a process's first write in `folder`, then at most once
    every `SWEEP_EVERY` seconds (5 ms a write in a folder of 10,000 files otherwise)."""
    key, now = folder.absolute(), time.monotonic()
    last = _swept.get(key)
    if last is not None and now - last < SWEEP_EVERY:
        return
    _swept[key] = now
    remove_stale_temporaries(folder)


def _alive(pid: int) -> bool:
    """Whether a process `pid` exists on this machine (another user's counts as alive)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _contents(data: bytes) -> Fill:
    def fill(tmp: Path) -> None:
        with tmp.open("r+b") as handle:
            handle.write(data)

    return fill


def _write(target: Path, fill: Fill, *, replace: bool) -> Path:
    """Write through a temporary file; rename over a regular file, or create `target` anew.

    Creating is exclusive: FileExistsError if the name is taken (the caller decides). The
    temporary file's name carries this machine and process, so a later write can tell our own
    leftovers (a killed process) from another process's file in the making.
    """
    _sweep(target.parent)
    try:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.{_HOST}-{os.getpid()}.", suffix=".part"
        )
    except OSError as exc:
        raise ScreeningError(f"{target}: cannot write ({exc.strerror})") from None
    try:
        os.fchmod(fd, FILE_MODE)  # mkstemp's 0600 already; said, not assumed
        os.close(fd)
        fill(Path(tmp))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        mode = _lstat_mode(target) if replace else None
        if mode is None:
            _create_exclusive(tmp, target)
        elif stat.S_ISREG(mode):
            os.replace(tmp, target)
        else:  # a rename would replace a symbolic link, FIFO or device node itself
            raise ScreeningError(f"{target}: is not a regular file; refusing to replace it")
    except FileExistsError:
        raise
    except OSError as exc:
        raise ScreeningError(f"{target}: cannot write ({exc.strerror})") from None
    finally:  # whatever happened (even Ctrl-C), no temporary file is left behind
        if os.path.lexists(tmp):
            os.unlink(tmp)
    return target


def _lstat_mode(path: Path) -> int | None:
    """The mode of what is at `path` itself (a link is not followed); None if nothing is."""
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None


def _create_exclusive(tmp: str, target: Path) -> None:
    """Give the finished file `tmp` the name `target`, only if that name is free."""
    try:
        os.link(tmp, target)  # atomic and exclusive: FileExistsError if the name is taken
        return
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, exFAT, some SMB shares): EPERM, ENOTSUP, ...
        pass
    # Reserve the name with an exclusive create (FileExistsError if taken), then rename the
    # finished file over that empty placeholder of ours: the name never shows a partly written
    # plan, at most an empty file for an instant. If the rename fails, the placeholder goes.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise


def _free_name(path: Path) -> Path:
    if not os.path.lexists(path):  # a dangling symbolic link takes a name too
        return path
    n = 2
    while os.path.lexists(candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")):
        n += 1
    return candidate
