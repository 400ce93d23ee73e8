"""Test helper: a CSV of runners for `screening batch`, varied and repeatable (a fixed seed).

Every tenth runner (rows 11, 21, ...) has a bad cell; the rest are valid and differ in symptoms,
pain, red flags, Beighton items and equipment. Two runners share a name.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from screening.batch.columns import columns, header

BAD_CELLS = (
    ("runner.age", "forty"),
    ("symptoms.knee_pain", "maybe"),
    ("runner.equipment", "foam_roller;treadmill"),
    ("runner.age", "9"),
    ("hypermobility.beighton.knee_left", "sometimes"),
)
NAMES = ("Ana Example", "Sam Lee", "Zoë Ødegaard", "Li Wei", "Kofi Mensah", "Sam Lee")


def runner_rows(count: int, seed: int = 15, bad: bool = True) -> list[dict[str, str]]:
    """`count` runners as CSV cells (column -> text); row n of the file is runner n - 1.
    Without `bad`, every runner is valid."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        row = dict.fromkeys(header(), "")
        row["runner.name"] = f"{NAMES[index % len(NAMES)]} {index // len(NAMES) or ''}".strip()
        row["runner.age"] = str(rng.randint(14, 80))
        row["runner.strength_experience"] = rng.choice(["", "none", "beginner", "confident"])
        equipment = sorted(columns()["runner.equipment"].choices)
        row["runner.equipment"] = ";".join(rng.sample(equipment, rng.randint(0, 3)))
        for path in rng.sample([c for c in row if c.startswith("symptoms.")], rng.randint(0, 2)):
            row[path] = rng.choice(["yes", "true", "Yes"])
        if any(row[c] for c in row if c.startswith("symptoms.")):
            row["pain.level"] = str(rng.randint(0, 7))
        if rng.random() < 0.5:
            for path in (c for c in row if c.startswith("hypermobility.beighton.")):
                row[path] = rng.choice(["yes", "no", "no", ""])
        elif rng.random() < 0.5:
            row["hypermobility.beighton_score"] = str(rng.randint(0, 9))
        if rng.random() < 0.2:
            row[rng.choice([c for c in row if c.startswith("red_flags.")])] = "yes"
        if bad and index % 10 == 9:
            column, text = BAD_CELLS[(index // 10) % len(BAD_CELLS)]
            row[column] = text
        rows.append(row)
    return rows


def bad_rows(count: int) -> list[int]:
    """The CSV rows (the header is row 1) that have a bad cell."""
    return [index + 2 for index in range(count) if index % 10 == 9]


def write_runners(path: Path, count: int, seed: int = 15, bad: bool = True) -> Path:
    """Write a CSV of `count` runners (see the module's docstring) and return its path."""
    rows = runner_rows(count, seed, bad)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header())
        writer.writeheader()
        writer.writerows(rows)
    return path
