"""Names compared as a receptionist would: case, accents and spacing do not tell two people
apart ("Ana López" and "ana  lopez" are the same name)."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> str:
    """`name` without accents, case or extra spaces: what matching and search compare."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def words(query: str) -> list[str]:
    """The words of a search, each compared as `name_key` compares names."""
    return name_key(query).split()
