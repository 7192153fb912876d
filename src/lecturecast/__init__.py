"""lecturecast: compile lecture scripts into a PowerPoint deck, a voiceover and an MP4 lecture."""
from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
