"""Default file names: a runner's name in plain ASCII letters, whatever script it is written in,
from the one function that names plans and answers files (`plan`, `intake`, the batch)."""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml
from click.testing import CliRunner

from screening.store.files import report_stem
from screening.terminal.cli import cli

DAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("María López", "maria-lopez"),
        ("Jürgen Groß", "jurgen-gross"),
        ("Łukasz Żółć", "lukasz-zolc"),
        ("Şükrü I\u015f\u0131k", "sukru-isik"),  # Turkish dotless i
        ("Nguyễn Thị Minh Khai", "nguyen-thi-minh-khai"),
        ("Anne-Marie O'Neil", "anne-marie-oneil"),
        ("Νίκος Παπαδόπουλος", "nikos-papadopoylos"),
        ("Анна Каренина", "anna-karenina"),
        ("王芳", "wang-fang"),  # syllables of a script without spaces stay apart
        ("김민준", "gim-min-jun"),
        ("佐藤 さくら", "zuo-teng-sakura"),
        ("محمد علي", "mhmd-ly"),
        ("דוד לוי", "dvd-lvy"),
        ("अनिता शर्मा", "anita-srma"),
    ],
)
def test_every_script_gives_a_readable_ascii_name(name, stem):
    assert report_stem(name, DAY) == f"{stem}-2026-11-25"


@pytest.mark.parametrize("name", ["!!!", "\u200b", "\ue000", "---", "   "])
def test_a_name_with_nothing_to_spell_is_called_runner(name):
    assert report_stem(name, DAY) == "runner-2026-11-25"


def test_a_long_name_is_cut_at_40_letters_without_a_trailing_hyphen():
    stem = report_stem("Bartholomew Aloysius " + "Fitzgerald-" * 5, DAY)
    name = stem.removesuffix("-2026-11-25")
    assert len(name) <= 40 and not name.endswith("-")
    assert re.fullmatch(r"[a-z0-9-]+", name)


def test_plan_names_the_file_by_the_transliterated_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    answers = tmp_path / "maria.yaml"
    answers.write_text(
        yaml.safe_dump({"runner": {"name": "María López", "age": 34}}, allow_unicode=True),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["plan", str(answers), "--format", "html"])
    assert result.exit_code == 0, result.output
    written = [p.name for p in (tmp_path / "reports").iterdir()]
    assert written == [f"maria-lopez-{date.today().isoformat()}.html"]
    assert "María López" in (tmp_path / "reports" / written[0]).read_text(encoding="utf-8")
