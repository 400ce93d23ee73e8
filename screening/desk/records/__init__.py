"""Clinic records: client records that submissions are matched to, every screening's printed
PDF kept for identical reprints, history and comparison, exports and erasure."""
