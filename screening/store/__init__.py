"""Where files go: plans and answers written atomically and owner-only, and intake drafts."""
