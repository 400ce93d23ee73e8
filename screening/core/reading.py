"""Reading a file someone hands us (an answers file, a clinic's rules), whatever is in it.

- Only a regular file is read: a named pipe would hang and /dev/zero would fill the memory, so
  what was opened is checked before a byte is read, and no more than a size cap is read.
- UTF-8, with or without a byte-order mark.
- JSON or YAML, strictly: a key given twice, nesting deeper than `MAX_DEPTH`, a number of more
  than `MAX_DIGITS` digits, NaN and Infinity are refused. YAML is read as plain data: a number
  is a decimal integer, and YAML 1.1's other forms (045, 0x1E, 1:00, 1_000, 1.5, dates) stay
  text, so a field expecting a number refuses them by name instead of reading 045 as 37; tags
  (!!binary, !!set, ...) and anchors and aliases (& and *) are refused.

Every problem is a `ScreeningError` naming the file, and the line where there is one.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:  # libyaml, in every PyYAML wheel on PyPI
    from yaml.cyaml import CParser
except ImportError:  # pragma: no cover - a PyYAML built without it
    CParser = None

from screening.core.errors import ScreeningError
from screening.core.text import shown

MAX_DEPTH = 20
MAX_DIGITS = 30
_STR, _INT, _BOOL, _NULL, _SEQ, _MAP = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null", "seq", "map")
)
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


class _Refused(ValueError):
    """Something in the file that is read as no data at all: the message says what, and where."""


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words ("named pipe")."""
    for test, name in (
        (stat.S_ISDIR, "folder"),
        (stat.S_ISLNK, "symbolic link"),
        (stat.S_ISFIFO, "named pipe"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return name
    return "special file"


def read_text(path: Path, limit: int, what: str) -> str:
    """The text of the regular file `path`, at most `limit` bytes (`what` names the kind of file
    in the message, e.g. "an answers file")."""
    origin = str(path)
    try:  # O_NONBLOCK: opening a named pipe must not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise ScreeningError("no such file", origin=origin) from None
    except OSError as exc:
        raise ScreeningError(f"cannot read ({exc.strerror})", origin=origin) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ScreeningError(
                f"is a {file_kind(info.st_mode)}, not a regular file; refusing to read it",
                origin=origin,
            )
        data = b""
        while len(data) <= limit and (chunk := os.read(fd, limit + 1 - len(data))):
            data += chunk
    except OSError as exc:
        raise ScreeningError(f"cannot read ({exc.strerror})", origin=origin) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ScreeningError(
            f"larger than {limit // 1024:,} KB, the most {what} may be", origin=origin
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScreeningError(
            f"not UTF-8 text (a byte that is not UTF-8 at position {exc.start:,})", origin=origin
        ) from None


def load_data(path: Path, limit: int, what: str) -> Any:
    """The data in a JSON (by its suffix) or YAML file, read as described above."""
    text = read_text(path, limit, what)
    is_json = path.suffix.lower() == ".json"
    try:
        return _parse_json(text) if is_json else _parse_yaml(text)
    except _Refused as exc:
        raise ScreeningError(str(exc), origin=str(path)) from None
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        # (libyaml ends a file without a final newline with one: a line past the last)
        line = min(mark.line + 1, text.count("\n") + 1) if mark else getattr(exc, "lineno", None)
        where = f" at line {line}" if line else ""
        raise ScreeningError(
            f"not valid {'JSON' if is_json else 'YAML'}{where}", origin=str(path)
        ) from None


# ---------------------------------------------------------------- JSON


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"key {shown(key)} is given twice")
        out[key] = value
    return out


def _json_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"a number of {len(digits.lstrip('-')):,} digits is too long")
    return int(digits)


def _json_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number this file may hold")


def _depth(data: Any) -> int:
    """How deeply `data` nests lists and mappings (without recursion)."""
    deepest, todo = 0, [(data, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            todo += [(v, depth + 1) for v in (item.values() if isinstance(item, dict) else item)]
    return deepest


def _parse_json(text: str) -> Any:
    try:
        data = json.loads(
            text,
            object_pairs_hook=_json_pairs,
            parse_int=_json_int,
            parse_constant=_json_constant,
        )
    except RecursionError:
        data = None
        too_deep = True
    else:
        too_deep = _depth(data) > MAX_DEPTH
    if too_deep:
        raise _Refused(f"lists or mappings nested more than {MAX_DEPTH} levels deep")
    return data


# ---------------------------------------------------------------- YAML


class _Plain:
    """YAML as plain data (see the module's docstring): the composing and constructing steps,
    over a SafeLoader's parser, constructors and resolver."""

    yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(f"line {_line(event)}: anchors and aliases (& and *) are not allowed")
        nests = isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent)
        self.depth += nests
        if self.depth > MAX_DEPTH:
            raise _Refused(
                f"line {_line(event)}: lists or mappings nested more than {MAX_DEPTH} levels deep"
            )
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= nests

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node.tag not in (_STR, _INT, _BOOL, _NULL, _SEQ, _MAP):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(f"line {_line(node)}: the tag {shown(tag)} is not allowed")
        return super().construct_object(node, deep=deep)  # type: ignore[misc]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise _Refused(f"line {_line(key_node)}: key {shown(key)} is not a name")
            if key in seen:
                raise _Refused(f"line {_line(key_node)}: key {shown(key)} is given twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        value = self.construct_scalar(node)  # type: ignore[attr-defined]
        if not _DECIMAL.fullmatch(value):
            raise _Refused(f"line {_line(node)}: {shown(value)} is not a decimal whole number")
        if len(value.lstrip("+-")) > MAX_DIGITS:
            raise _Refused(
                f"line {_line(node)}: a number of {len(value.lstrip('+-')):,} digits is too long"
            )
        return int(value)


class _PurePlainLoader(_Plain, yaml.SafeLoader):
    """`_Plain` over PyYAML's pure-Python scanner and parser (where libyaml is missing)."""


if CParser is not None:

    class _FastPlainLoader(_Plain, Composer, CParser, SafeConstructor, Resolver):
        """`_Plain` over libyaml's scanner and parser, in C and about ten times faster (most of
        what a cold start spends reading the rules): they hand their events to the same
        pure-Python composer, so the checks above see every anchor, alias, tag and level."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _PlainLoader: type = _FastPlainLoader
else:  # a PyYAML built without libyaml
    _PlainLoader = _PurePlainLoader


def _line(item: Any) -> int:
    return _line_of(item.start_mark)


def _line_of(mark: Any) -> int:
    return mark.line + 1


# Only null, true/false and decimal integers are read as anything but text.
for _first, _resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
    for _tag, _pattern in _resolvers:
        if _tag in (_NULL, _BOOL):
            _Plain.yaml_implicit_resolvers.setdefault(_first, []).append((_tag, _pattern))
for _first in "+-0123456789":
    _Plain.yaml_implicit_resolvers.setdefault(_first, []).append(
        (_INT, re.compile(_DECIMAL.pattern + "$"))
    )
for _loader in {_PlainLoader, _PurePlainLoader}:
    _loader.add_constructor(_INT, _Plain.construct_yaml_int)


def _parse_yaml(text: str, loader: type = _PlainLoader) -> Any:
    try:
        return yaml.load(text, Loader=loader)  # safe constructors only
    except yaml.MarkedYAMLError as exc:
        # libyaml stops at 1,000 levels of brackets while looking ahead, before the composer
        # has seen the 21st: the same refusal as the composer's.
        if exc.problem_mark and "maximum nesting depth" in (exc.problem or ""):
            raise _Refused(
                f"line {_line_of(exc.problem_mark)}: lists or mappings nested more than "
                f"{MAX_DEPTH} levels deep"
            ) from None
        raise
