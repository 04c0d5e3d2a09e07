"""Handlers that cannot take the editor down: an unexpected error undoes its action, and says so.

Textual ends the app on any exception that escapes a handler. Every screen, widget and the app
of the editor derive from :class:`SafeHandlers`, which wraps each of its own handlers when the
class is made: the methods Textual calls by name (``action_*``, ``on_*``, ``watch_*``) and the
callbacks passed through :func:`guarded`. A wrapped handler runs inside the running app's
:meth:`Guardian.guarded`: the app takes a checkpoint of the plan before it, and when the
handler raises, puts the plan back as it was, shows a notification naming what failed, and
the editor goes on.

Only the outermost handler of a chain (a handler calling an action, say) takes the checkpoint
and reports; the inner ones let the error through to it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol, TypeVar, cast, runtime_checkable

from textual.app import App
from textual.dom import DOMNode

__all__ = ["HANDLER_PREFIXES", "Guardian", "SafeHandlers", "guarded"]

#: Prefixes of the methods Textual calls by name: actions, message handlers, watchers.
HANDLER_PREFIXES = ("action_", "on_", "watch_")

CallableType = TypeVar("CallableType", bound=Callable[..., Any])


@runtime_checkable
class Guardian(Protocol):
    """The app: runs a handler so that its failure undoes its action and is reported."""

    def guarded(self, what: str, args: tuple[Any, ...]) -> AbstractContextManager[None]:
        """A context that catches what the handler ``what`` (called with ``args``) raises."""
        ...


def _guardian(node: object) -> Guardian | None:
    """The running app of ``node`` when it guards handlers, else ``None``."""
    if isinstance(node, App):
        app: object = node
    elif isinstance(node, DOMNode):
        try:
            app = node.app
        except Exception:  # no app is running (a widget used on its own, in a test)
            return None
    else:
        return None
    return app if isinstance(app, Guardian) else None


def guarded(node: object, what: str, callback: CallableType) -> CallableType:
    """``callback`` (a screen result callback, a timer...) run as a handler of ``node``'s app."""
    if inspect.iscoroutinefunction(callback):

        @functools.wraps(callback)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            guardian = _guardian(node)
            if guardian is None:
                return await callback(*args, **kwargs)
            with guardian.guarded(what, args):
                return await callback(*args, **kwargs)
            return None

        return cast(CallableType, run_async)

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        guardian = _guardian(node)
        if guardian is None:
            return callback(*args, **kwargs)
        with guardian.guarded(what, args):
            return callback(*args, **kwargs)
        return None

    return cast(CallableType, run)


def _wrap_method(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def run_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            guardian = _guardian(self)
            if guardian is None:
                return await method(self, *args, **kwargs)
            with guardian.guarded(name, args):
                return await method(self, *args, **kwargs)
            return None

        wrapped: Callable[..., Any] = run_async
    else:

        @functools.wraps(method)
        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            guardian = _guardian(self)
            if guardian is None:
                return method(self, *args, **kwargs)
            with guardian.guarded(name, args):
                return method(self, *args, **kwargs)
            return None

        wrapped = run
    wrapped.__safe_handler__ = True  # type: ignore[attr-defined]
    return wrapped


class SafeHandlers:
    """Mixin: the handlers a class defines run guarded by the running app (see the module)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(cls.__dict__.items()):
            if (
                name.startswith(HANDLER_PREFIXES)
                and inspect.isfunction(value)
                and not getattr(value, "__safe_handler__", False)
            ):
                setattr(cls, name, _wrap_method(name, value))
