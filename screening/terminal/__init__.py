"""The terminal front door: the `screening` command and the interactive intake."""
