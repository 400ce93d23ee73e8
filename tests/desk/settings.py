"""The desk's settings for its view tests: an in-memory database (pytest-django makes it;
with `--desk-database=postgresql`, tests/desk/conftest.py puts a PostgreSQL one in its place),
a fixed secret and a fast password hasher (Argon2 costs about 100 ms a check)."""

import os
import tempfile

os.environ.pop("SCREENING_DATABASE_URL", None)  # never a real desk's database

os.environ.setdefault("SCREENING_DESK_DATA", tempfile.gettempdir())  # unused: in-memory DB
os.environ.setdefault("SCREENING_DESK_SECRET_KEY", "only-for-tests")

from screening.desk.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
