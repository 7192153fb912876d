"""Speaking-rate arithmetic shared by lint (estimates) and timing (plans)."""
from __future__ import annotations

DEFAULT_WPM = 150


def estimate_seconds(words: int, wpm: int = DEFAULT_WPM) -> float:
    """How long ``words`` take at ``wpm`` words per minute."""
    if wpm <= 0:
        raise ValueError("speaking rate must be positive")
    return words * 60.0 / wpm


def words_that_fit(seconds: float, wpm: int = DEFAULT_WPM) -> int:
    return int(seconds * wpm / 60.0)
