"""The desk's settings for its view tests: an in-memory database (pytest-django makes it),
a fixed secret and a fast password hasher (Argon2 costs about 100 ms a check)."""

import os
import tempfile

os.environ.setdefault("SCREENING_DESK_DATA", tempfile.gettempdir())  # unused: in-memory DB
os.environ.setdefault("SCREENING_DESK_SECRET_KEY", "only-for-tests")

from screening.desk.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
