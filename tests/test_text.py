"""One line of free text (`screening.core.text`): what a runner's or a clinic's name may hold,
in every front door, and how a bad value is shown back."""

from __future__ import annotations

import pytest

from screening import service
from screening.core.answers import parse_answers
from screening.core.catalogue import load_catalogue
from screening.core.errors import ScreeningError
from screening.core.questionnaire import problem
from screening.core.text import line_problem, one_line, shown

NAME = load_catalogue().question("runner.name")


@pytest.mark.parametrize(
    "name",
    [
        "Zoë Ødegård-Ñúñez",
        "Ελένη Παπαδοπούλου",
        "Анна Кузнецова",
        "فاطمة الزهراء",
        "שרה לוי",
        "अनन्या शर्मा",
        "王秀英",
        "佐藤 さくら",
        "김민준",
        "مهرداد می\u200cخواهد",  # noqa: RUF001 (Persian: ZWNJ keeps "mi" apart from the verb)
        "क\u094d\u200dष",  # Devanagari: ZWJ asks for the half form
        "O'Brien-Smith, Jr.",
        "Ana\u00a0María",  # a no-break space
        "葛\U000e0100飾",  # an ideographic variation selector (a mark, inside the name)
        "Ana 🏃",  # emoji are allowed (they need not print)
    ],
)
def test_real_names_in_any_script_are_accepted_as_written(name):
    assert line_problem(name, 80) is None
    assert parse_answers({"runner": {"name": name, "age": 30}}).runner.name == name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Ana\u2028Smith", "it has a line separator (U+2028)"),
        ("Ana\u2029", "it has a paragraph separator (U+2029)"),
        ("Ana\nREFERRAL: none", "it has a line break (U+000A)"),
        ("Ana\tSmith", "it has a tab (U+0009)"),
        ("Ana\x1b[2J", "it has a terminal escape (U+001B)"),
        ("Ana\x7f", "it has a control character (U+007F)"),
        ("Ana\u0085", "it has a control character (U+0085)"),
        ("\u2800", "it has a character that looks blank (U+2800)"),
        ("\u3164", "it has a character that looks blank (U+3164)"),
        ("Ana\u3164Smith", "it has a character that looks blank (U+3164)"),
        ("\u115f\u1160", "it has a character that looks blank (U+115F)"),
        ("\uffa0", "it has a character that looks blank (U+FFA0)"),
        ("\u200b\u200b", "it has an invisible formatting character (U+200B)"),
        ("Ana\u202egnp.exe", "it has an invisible formatting character (U+202E)"),
        ("\u200fAna", "it has an invisible formatting character (U+200F)"),
        ("Ana\U000e0041", "it has an invisible formatting character (U+E0041)"),
        ("\ufeffAna", "it has an invisible formatting character (U+FEFF)"),
        ("Ana\ue000", "it has a private-use character (U+E000)"),
        ("Ana\ud800", "it has a broken character (half of a surrogate pair) (U+D800)"),
        ("\u200cAna", "it has a zero-width non-joiner (U+200C) outside a word"),
        ("Ana\u200d", "it has a zero-width joiner (U+200D) outside a word"),
        ("Ana \u200cSmith", "it has a zero-width non-joiner (U+200C) outside a word"),
        ("A\u200c\u200cna", "it has a zero-width non-joiner (U+200C) outside a word"),
        ("\u0301\u0301", "it has nothing visible in it"),  # combining marks on nothing
        ("\u3000\u00a0", "it is empty"),  # only spaces
        ("", "it is empty"),
        ("A" * 81, "it is 81 characters long"),
    ],
)
def test_what_breaks_hides_or_blanks_a_line_is_refused_saying_what(name, reason):
    assert line_problem(name, 80) == reason.removeprefix("it ")
    with pytest.raises(ValueError) as err:
        one_line(name, 80)
    assert str(err.value) == reason


def test_surrounding_spaces_and_line_ends_are_trimmed_not_refused():
    assert one_line("  Ana López \n", 80) == "Ana López"
    assert one_line("\u3000王秀英\u3000", 80) == "王秀英"


def test_every_front_door_gives_the_same_verdict_in_its_own_words():
    bad = "Ana\u2028Smith"
    with pytest.raises(ScreeningError) as err:  # an answers file, the desk, the batch
        parse_answers({"runner": {"name": bad, "age": 30}})
    assert str(err.value) == (
        'answers: runner.name: "Ana\\u2028Smith" is not allowed: it has a line separator '
        "(U+2028); expected 1 to 80 characters on one line: letters in any alphabet, digits, "
        "spaces and punctuation"
    )
    assert problem(NAME, bad) == (  # the intake
        "Please type 1 to 80 characters on one line: letters in any alphabet, digits, spaces "
        "and punctuation. What you typed has a line separator (U+2028)."
    )
    assert problem(NAME, "مهرداد می\u200cخواهد") is None  # noqa: RUF001
    with pytest.raises(ScreeningError, match=r"^--clinic: .* it has a line separator"):
        service.look(clinic=bad)
    assert service.look(clinic=" Clínica Ελλάς 東京 ").clinic == "Clínica Ελλάς 東京"


def test_the_catalogue_says_what_a_name_may_hold_in_plain_words():
    assert NAME.allowed() == (
        "1 to 80 characters on one line: letters in any alphabet, digits, spaces and punctuation"
    )
    assert "control" not in NAME.allowed()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ana", '"Ana"'),
        ('say "hi"\\', '"say \\"hi\\"\\\\"'),
        ("a\x1b[31mb", '"a\\u001b[31mb"'),
        ("a\u2028b\u202e", '"a\\u2028b\\u202e"'),
        ("\U000e0041", '"\\U000e0041"'),
        ("王秀英", '"王秀英"'),
        ("x" * 61, '"' + "x" * 60 + '…" (61 characters)'),
        ("\u2800" * 100, '"' + "\\u2800" * 10 + '…" (100 characters)'),
        (True, "true"),
        (None, "null"),
        (45, "45"),
        pytest.param(10**5000, "a number of about 5,001 digits", id="5001-digits"),
        (1.5, "1.5"),
        ({"a": 1}, "dict"),
    ],
)
def test_a_bad_value_is_shown_escaped_and_short(value, expected):
    assert shown(value) == expected
