"""Hostile and careless answers files: each gets one line naming the problem, exit code 2, no
traceback and no output file (`screening.core.reading`, `screening.core.text`)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml
from click.testing import CliRunner

from screening.core import reading
from screening.core.answers import load_answers, parse_answers
from screening.core.errors import ScreeningError
from screening.terminal.cli import cli
from tests.test_cli import SCREENING

RUNNER = "runner: {name: Ana, age: 30}\n"


def refused(tmp_path, name: str, content: str | bytes) -> str:
    """The error line `screening plan` gives for a file `name` holding `content`."""
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    os.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["plan", name, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == "" and not (tmp_path / "reports").exists()
    assert result.stderr.startswith(f"error: {name}: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and len(result.stderr) < 400
    return result.stderr


@pytest.fixture(autouse=True)
def _back_home(monkeypatch):
    monkeypatch.chdir(os.getcwd())


CASES = [
    ("deep.json", "[" * 10_000 + "]" * 10_000, "nested more than 20 levels deep"),
    ("deep.yaml", "[" * 10_000 + "]" * 10_000, "line 1: lists or mappings nested more than 20"),
    (
        "deep-block.yaml",
        "".join(f"{' ' * i}a{i}:\n" for i in range(200)) + " " * 200 + "x\n",
        "nested more than 20",
    ),
    ("deep-map.json", '{"a":' * 5000 + "1" + "}" * 5000, "nested more than 20 levels deep"),
    (
        "huge.json",
        '{"runner": {"name": "A", "age": 1' + "0" * 4999 + "}}",
        "a number of 5,000 digits is too long",
    ),
    (
        "huge.yaml",
        "runner: {name: A, age: 1" + "0" * 4999 + "}\n",
        "line 1: a number of 5,000 digits is too long",
    ),
    (
        "nan.json",
        '{"runner": {"name": "A", "age": NaN}}',
        "NaN is not a number this file may hold",
    ),
    ("inf.json", '{"runner": {"name": "A", "age": -Infinity}}', "-Infinity is not a number"),
    (
        "binary.yaml",
        RUNNER + "pain: {level: !!binary aGVsbG8=}\n",
        'line 2: the tag "!!binary" is not allowed',
    ),
    ("set.yaml", "runner: !!set {name, age}\n", 'line 1: the tag "!!set" is not allowed'),
    ("omap.yaml", "runner: !!omap [{name: A}, {age: 30}]\n", 'the tag "!!omap" is not allowed'),
    (
        "python.yaml",
        "runner: !!python/name:os.system {}\n",
        'the tag "!!python/name:os.system"',
    ),
    ("local.yaml", "runner: !clinic {name: A, age: 30}\n", 'the tag "!clinic" is not allowed'),
    (
        "float-tag.yaml",
        "runner: {name: A, age: !!float 30}\n",
        'the tag "!!float" is not allowed',
    ),
    (
        "int-tag.yaml",
        "runner: {name: A, age: !!int 0x1E}\n",
        'line 1: "0x1E" is not a decimal whole number',
    ),
    (
        "laughs.yaml",
        'a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\n' + RUNNER,
        "line 1: anchors and aliases (& and *) are not allowed",
    ),
    (
        "merge.yaml",
        "base: &base {name: A}\nrunner:\n  <<: *base\n  age: 30\n",
        "anchors and aliases",
    ),
    ("twice.yaml", "runner: {name: A, age: 30, age: 31}\n", 'line 1: key "age" is given twice'),
    ("key.yaml", RUNNER + "1: x\n", "line 2: key 1 is not a name"),
    (
        "latin1.yaml",
        "runner: {name: Jos\xe9, age: 30}\n".encode("latin-1"),
        "not UTF-8 text (a byte that is not UTF-8 at position 18)",
    ),
    ("multi.yaml", RUNNER + "---\n" + RUNNER, "not valid YAML at line 2"),
]


@pytest.mark.parametrize(("name", "content", "message"), CASES)
def test_files_that_are_not_plain_answers_are_refused_in_one_line(tmp_path, name, content, message):
    assert message in refused(tmp_path, name, content)


def _outcome(text: str, loader: type) -> object:
    """What reading `text` as YAML with `loader` gives: the data, or the refusal's words (for
    a syntax error, its line)."""
    try:
        return reading._parse_yaml(text, loader)
    except reading._Refused as exc:
        return str(exc)
    except yaml.MarkedYAMLError as exc:  # the line as `load_data` gives it
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        return f"not valid YAML at line {min(line, text.count(chr(10)) + 1)}"
    except yaml.YAMLError:
        return "not valid YAML"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [case for case in CASES if case[0].endswith(".yaml") and isinstance(case[1], str)],
)
def test_libyaml_under_the_strict_composer_reads_as_the_pure_python_loader(name, content, message):
    """Rules and answers files are parsed by libyaml (fast) and composed by the strict
    pure-Python composer: every refusal and every value is the pure-Python loader's."""
    assert reading._PlainLoader is not reading._PurePlainLoader  # libyaml is there
    fast = _outcome(content, reading._PlainLoader)
    assert fast == _outcome(content, reading._PurePlainLoader)
    assert isinstance(fast, str) and message in fast


@pytest.mark.parametrize(
    "text",
    [
        RUNNER + "symptoms: {short_stride: yes, knee_pain: false}\npain: {level: 045}\n",
        "runner:\n  name: 'Ana: \\u00e9 \"q\"'\n  age: +30\n  equipment: [a, b]\nnotes: |\n  two\n",
        "a: ~\nb: null\nc: 1:00\nd: 1_000\ne: 2026-11-25\nf: 1.5e3\ng: .inf\nh: -0\n",
        "a: [\n",
        "runner: [",
        "a: 1\nb: {",
        "a: 1\n b: 2\n",
        "x: '\x07'\n",
        "- " * 25 + "x\n",
        "? [1]\n: 2\n",
    ],
)
def test_both_yaml_loaders_agree_on_ordinary_and_broken_files(text):
    assert _outcome(text, reading._PlainLoader) == _outcome(text, reading._PurePlainLoader)


@pytest.mark.parametrize(
    ("field", "written"),
    [
        ("runner.age", "045"),  # YAML 1.1: octal 37
        ("runner.age", "030"),  # octal 24
        ("runner.age", "0x1E"),  # hexadecimal 30
        ("runner.age", "0o36"),
        ("runner.age", "0b11110"),
        ("runner.age", "1:00"),  # base 60: 60
        ("runner.age", "3_0"),  # 30
        ("runner.age", "30.0"),
        ("runner.age", "3e1"),
        ("pain.level", "07"),
        ("pain.level", "0x5"),
        ("hypermobility.beighton_score", "011"),  # octal 9
        ("hypermobility.beighton_score", "0:05"),
    ],
)
def test_yaml_11_number_forms_never_change_an_answer(tmp_path, field, written):
    """A number is a decimal whole number; any other form is refused by name, as written."""
    section, key = field.split(".")
    runner = {"name": "A", "age": 30, **({key: written} if section == "runner" else {})}
    text = f"runner: {{name: {runner['name']}, age: {runner['age']}}}\n"
    if section != "runner":
        text += f"{section}:\n  {key}: {written}\n"
    line = refused(tmp_path, "forms.yaml", text)
    assert f'{field}: "{written}" is not allowed; expected a whole number' in line


def test_decimal_numbers_and_plain_words_still_read_as_before(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(
        "runner: {name: 0x1E 1:00 2024-01-01, age: +30}\n"
        "pain: {level: 0}\n"
        "symptoms: {knee_pain: yes, short_stride: off}\n"
        "hypermobility: {beighton: {pinky_left: null, pinky_right: ~}}\n"
    )
    answers = load_answers(path)
    assert answers.runner.name == "0x1E 1:00 2024-01-01"  # text stays text, as written
    assert answers.runner.age == 30 and answers.pain.level == 0
    assert answers.symptoms.knee_pain is True and answers.symptoms.short_stride is False


@pytest.mark.parametrize("name", ["bom.json", "bom.yaml"])
def test_a_byte_order_mark_is_accepted_in_json_and_yaml(tmp_path, name):
    path = tmp_path / name
    data = {"runner": {"name": "Ana", "age": 30}}
    text = json.dumps(data) if name.endswith(".json") else RUNNER
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_answers(path).runner.name == "Ana"


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path):
    line = refused(tmp_path, "big.yaml", RUNNER + "# " + "x" * (1024 * 1024) + "\n")
    assert "big.yaml: larger than 1,024 KB, the most an answers file may be" in line


def test_a_long_bad_value_is_shortened_in_the_error_line(tmp_path):
    line = refused(tmp_path, "long.yaml", "runner: {name: '" + "\u2028" * 300_000 + "', age: 30}\n")
    assert 'runner.name: "\\u2028\\u2028' in line
    assert '…" (300,000 characters) is not allowed: it has a line separator (U+2028)' in line
    with pytest.raises(ScreeningError) as err:  # the desk's path: 50 MB in memory, no file cap
        parse_answers({"runner": {"name": "Ana " * 13_000_000, "age": 30}})
    assert len(str(err.value)) < 400 and "(52,000,000 characters)" in str(err.value)


@pytest.mark.parametrize(
    ("special", "kind"),
    [("/dev/zero", "character device"), ("/dev/null", "character device"), ("fifo", "named pipe")],
)
def test_an_answers_path_that_is_not_a_regular_file_is_refused_before_reading(
    tmp_path, special, kind
):
    """The installed command: /dev/zero would fill the memory and a FIFO would hang."""
    path = special
    if special == "fifo":
        path = str(tmp_path / "answers.yaml")
        os.mkfifo(path)
    result = subprocess.run(
        [SCREENING, "plan", path, "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == f"error: {path}: is a {kind}, not a regular file; refusing to read it\n"
    assert result.stdout == ""


def test_a_folder_as_answers_file_is_one_line(tmp_path):
    (tmp_path / "answers.yaml").mkdir()
    os.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["plan", "answers.yaml"], catch_exceptions=False)
    assert result.exit_code == 2
    assert (
        result.stderr
        == "error: answers.yaml: is a folder, not a regular file; refusing to read it\n"
    )
