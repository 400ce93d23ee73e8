"""Template filters of the desk: the answers behind a decision, in `screening explain`'s words."""

from __future__ import annotations

from typing import Any

from django import template

from screening.render.explain import answers_in_words

register = template.Library()


@register.filter
def in_words(answers: dict[str, Any], empty: str = "every runner") -> str:
    return answers_in_words(answers, empty)
