"""Slide layouts as small registered units (``name``, ``fits(content) -> score``, ``compose``).

A layout is any object with

* ``name`` — a short identifier (recorded in the plan as ``SlideSpec.design``);
* ``fits(content: SlideContent) -> float`` — 0 when it cannot show the content, higher the better
  (the plain headline + points layout scores 0.5 for everything, so a layout that scores above it
  wins only where it shows the content better);
* ``compose(content, theme) -> list[list[Item]]`` — the slide's items, one list per page (pages after
  the first become continuation slides).

:func:`choose` asks every registered layout and takes the best score (registration order breaks
ties).  The built-in layouts register themselves through :func:`register` exactly as a school's own
layout would (``lecturecast.slides.layouts.register(MyLayout())`` before building).
"""
from __future__ import annotations

# the built-in layouts register themselves on import, through the same register() as any other
from . import cards, code, diagrams, people, text, visual  # noqa: F401
from .registry import Layout, by_name, choose, register, registered, unregister

__all__ = ["Layout", "register", "unregister", "registered", "choose", "by_name"]
