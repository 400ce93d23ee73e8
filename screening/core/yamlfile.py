"""The questionnaire (`questions.yaml`, bundled with the program and never edited by a user),
read safely with libyaml's C parser when PyYAML has it: about ten times faster than the
pure-Python parser, with the same safe constructors, so the pure-Python loader is an exact
stand-in where libyaml is missing.

Files people hand us (answers files, a clinic's rules folder, and the bundled rules, which a
clinic copies and edits) go through `screening.core.reading` instead: plain data only, no
anchors, tags or deep nesting (libyaml's parser under PyYAML's pure-Python composer, which
makes those checks).
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """`text` as YAML, read safely (no Python objects)."""
    return yaml.load(text, Loader=SafeLoader)
