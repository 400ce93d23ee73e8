"""Rule-based imbalance screening for runners: answers in, a printable mobility plan out."""

__version__ = "0.1.0"
