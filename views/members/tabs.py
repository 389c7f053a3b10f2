"""Tabs of the member page: each capability registers the tabs it adds.

A tab is rendered by a function `render(person) -> markup` (a Markup/str of HTML, usually from
`render_template`) and is shown when `visible(person)` is true.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass
class Tab:
    key: str
    label: str
    render: Callable
    order: int = 100
    visible: Callable = lambda person: True


TABS: list[Tab] = []


def register_tab(key: str, label: str, render: Callable, order: int = 100,
                 visible: Callable = lambda person: True) -> None:
    """Add a tab once (re-registering a key replaces it)."""
    TABS[:] = [t for t in TABS if t.key != key]
    TABS.append(Tab(key, label, render, order, visible))
    TABS.sort(key=lambda t: t.order)


def tabs_for(person) -> list[Tab]:
    return [t for t in TABS if t.visible(person)]
