"""The rules folder's fingerprint: the same files give the same fingerprint, any change to a
rules file gives another; the service gives the fingerprint of the rules its screener loaded."""

from __future__ import annotations

import shutil

from screening import service
from screening.core.knowledge import fingerprint
from screening.core.resources import default_rules


def test_a_copy_has_the_same_fingerprint_and_an_edit_changes_it(tmp_path):
    copy = tmp_path / "rules"
    shutil.copytree(default_rules(), copy)
    original = fingerprint(default_rules())
    assert len(original) == 64 and fingerprint(copy) == original
    (copy / "notes.txt").write_text("not a rules file")
    assert fingerprint(copy) == original
    emphases = copy / "emphases.yaml"
    emphases.write_text(emphases.read_text() + "\n# a comment\n")
    assert fingerprint(copy) != original


def test_the_service_gives_the_fingerprint_of_the_rules_it_loaded(tmp_path):
    copy = tmp_path / "rules"
    shutil.copytree(default_rules(), copy)
    assert service.rules_fingerprint() == fingerprint(default_rules())
    assert service.rules_fingerprint(copy) == fingerprint(copy)
