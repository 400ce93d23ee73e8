"""The one error type a user can cause; the CLI turns it into one line and exit code 2."""


class ScreeningError(Exception):
    """A problem with the user's input (answers, rules folder, output path), in plain words."""
