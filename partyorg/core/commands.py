"""A command: a service function that changes state, in one transaction of its own.

``@command`` runs the function in ``transaction.atomic(durable=True)``: called inside a caller's
transaction it raises ``RuntimeError`` instead of committing with it, so a command always
commits (or fails) as a whole, when it returns. (Django's ``TestCase`` lets its own wrapping
transaction through, so tests call commands as pages do.)

A larger command that does several smaller ones calls them with ``.within(...)``: in the caller's
transaction, as a savepoint, as they ran before they were durable (a merger records each member's
reassignment with ``record_event.within``; a yearly-work service records a membership event so).
So does anything that rehearses a command and rolls it back (:func:`rehearse`), and the loader of
a whole file, whose one transaction is the command.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

from django.db import transaction

__all__ = ["Command", "command", "rehearse"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class Command(Generic[P, R]):
    """A durable command; ``within`` the same, in the caller's transaction."""

    def __init__(self, fn: Callable[P, R]) -> None:
        functools.update_wrapper(self, fn)
        self.fn = fn

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(durable=True):
            return self.fn(*args, **kwargs)

    def within(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run as part of the caller's transaction (a savepoint: undone alone if it raises)."""
        with transaction.atomic():
            return self.fn(*args, **kwargs)


def command(fn: Callable[P, R]) -> Command[P, R]:
    return Command(fn)


class _RolledBack(Exception):
    pass


def rehearse(run: Callable[[], T], keep: Callable[[T], bool]) -> tuple[T, bool]:
    """Run ``run`` (commands called ``.within``) in one durable transaction, and commit it only when
    ``keep`` says so of what it returned (read inside the transaction: what it wrote is visible
    there); else roll everything back. Returns the result and whether it was kept: a preview that
    really runs the services instead of a second copy of their logic."""
    result: list[T] = []
    try:
        with transaction.atomic(durable=True):
            result.append(run())
            if not keep(result[0]):
                raise _RolledBack
    except _RolledBack:
        return result[0], False
    return result[0], True
