"""Renderers for messages rendered on the worker rather than in the causing transaction.

A message that is costly to write (a renewal reminder lists what each holder still lacks) is
queued with the name of a renderer and its parameters, in the same transaction as its claim;
the worker calls the renderer when it sends. A renderer returns `Rendered(template, context)`,
or `None` when the message is no longer needed (the holder renewed in the meantime), and may
read the database. Apps register theirs in an `emails.py` module (imported at start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rendered:
    template: str
    context: dict = field(default_factory=dict)


_REGISTRY: dict[str, Callable[..., Rendered | None]] = {}


def register(name: str):
    """Decorator: make `func(**params)` the renderer called `name`."""

    def decorate(func):
        _REGISTRY[name] = func
        return func

    return decorate


def renderer(name: str) -> Callable[..., Rendered | None]:
    try:
        return _REGISTRY[name]
    except KeyError as exc:
        raise LookupError(f"no message renderer registered as {name!r}") from exc
