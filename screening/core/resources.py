"""Where the bundled data lives: inside the wheel (`screening/_data/`) or, in a source
checkout, beside the package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the `screening` package


def data_dir(name: str) -> Path:
    """The bundled folder `name` (rules, templates or examples)."""
    packaged = _PACKAGE / "_data" / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


def default_rules() -> Path:
    return data_dir("rules")


def templates_dir() -> Path:
    return data_dir("templates")


def example_answers() -> Path:
    return data_dir("examples") / "ana.yaml"
