"""The layout registry (see the package docstring for the contract)."""
from __future__ import annotations

from typing import Protocol

from ...plan.content import SlideContent
from ..theme import Theme
from .kit import Page


class Layout(Protocol):
    name: str

    def fits(self, content: SlideContent) -> float: ...

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]: ...


_REGISTRY: list[Layout] = []


def register(layout: Layout) -> Layout:
    """Add ``layout`` (a layout with the same name is replaced)."""
    for i, known in enumerate(_REGISTRY):
        if known.name == layout.name:
            _REGISTRY[i] = layout
            return layout
    _REGISTRY.append(layout)
    return layout


def registered() -> tuple[Layout, ...]:
    return tuple(_REGISTRY)


def by_name(name: str) -> Layout:
    return next(layout for layout in _REGISTRY if layout.name == name)


def choose(content: SlideContent) -> Layout:
    best, best_score = None, 0.0
    for layout in _REGISTRY:
        score = layout.fits(content)
        if score > best_score:
            best, best_score = layout, score
    if best is None:
        raise LookupError(f"no layout fits a {content.kind} slide")
    return best


def unregister(name: str) -> Layout | None:
    """Remove the layout called ``name`` (returns it, or None when there is none)."""
    for i, known in enumerate(_REGISTRY):
        if known.name == name:
            return _REGISTRY.pop(i)
    return None
