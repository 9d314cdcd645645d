"""Each route is written once, as a method that builds its request; these descriptors make it a method
of both clients: a blocking one on ``AshClient``, a coroutine on ``AsyncAshClient``. So the two have
the same surface by construction, and type checkers see each with its true return type."""

from __future__ import annotations

import inspect
import types
from typing import Any, Callable, Concatenate, Coroutine, Generic, ParamSpec, TypeVar, overload

from ._call import Call
from ._follow import StreamPlan
from .streams import AsyncEventStream, EventStream

P = ParamSpec("P")
T = TypeVar("T")


class SyncRunner:
    """What ``AshClient`` does with a built request: send it and wait."""

    def _run(self, call: Call[T]) -> T:
        raise NotImplementedError

    def _follow(self, plan: StreamPlan) -> EventStream:
        raise NotImplementedError


class AsyncRunner:
    """What ``AsyncAshClient`` does with a built request: a coroutine that sends it."""

    async def _run(self, call: Call[T]) -> T:
        raise NotImplementedError

    def _follow(self, plan: StreamPlan) -> AsyncEventStream:
        raise NotImplementedError


class _Route(Generic[P]):
    """What both kinds of route keep: the operationId it serves and the method that builds its request."""

    def __init__(self, operation_id: str, build: Callable[..., Any], local: tuple[str, ...], sends: tuple[str, ...]) -> None:
        self.operation_id = operation_id
        self.build = build
        self.local = local
        """Parameters that are not sent under their own name (a local folder to upload, say)."""
        self.sends = sends
        """Request fields the method fills in itself rather than from a parameter of that name."""
        self.__name__ = build.__name__
        self.__doc__ = build.__doc__
        self._signature = inspect.signature(build)

    def _method(self, client: SyncRunner | AsyncRunner, function: Callable[..., Any], returns: str) -> Any:
        """``function`` as a method of ``client``, named, documented and typed as the route."""
        function.__name__ = self.__name__
        function.__qualname__ = f"{type(client).__name__}.{self.__name__}"
        function.__doc__ = self.__doc__
        function.__signature__ = self._signature.replace(return_annotation=returns)  # type: ignore[attr-defined]
        function.operation_id = self.operation_id  # type: ignore[attr-defined]
        return types.MethodType(function, client)

    def _result(self) -> str:
        """The type the route's method gives, as written (``Call[Agent]`` gives ``Agent``)."""
        annotation = str(self._signature.return_annotation)
        return annotation.removeprefix("Call[").removesuffix("]") if annotation.startswith("Call[") else annotation


class Operation(_Route[P], Generic[P, T]):
    """A route answered by one response (JSON read into a model, bytes, or nothing)."""

    @overload
    def __get__(self, client: None, owner: type) -> Operation[P, T]: ...

    @overload
    def __get__(self, client: SyncRunner, owner: type) -> Callable[P, T]: ...

    @overload
    def __get__(self, client: AsyncRunner, owner: type) -> Callable[P, Coroutine[Any, Any, T]]: ...

    def __get__(self, client: SyncRunner | AsyncRunner | None, owner: type) -> Any:
        if client is None:
            return self
        build = self.build
        if isinstance(client, AsyncRunner):

            async def run_async(runner: AsyncRunner, *args: Any, **kwargs: Any) -> Any:
                return await runner._run(build(runner, *args, **kwargs))

            return self._method(client, run_async, self._result())

        def run(runner: SyncRunner, *args: Any, **kwargs: Any) -> Any:
            return runner._run(build(runner, *args, **kwargs))

        return self._method(client, run, self._result())


class StreamOperation(_Route[P]):
    """A route answered by an event stream: an iterator on ``AshClient``, an async iterator on ``AsyncAshClient``."""

    @overload
    def __get__(self, client: None, owner: type) -> StreamOperation[P]: ...

    @overload
    def __get__(self, client: SyncRunner, owner: type) -> Callable[P, EventStream]: ...

    @overload
    def __get__(self, client: AsyncRunner, owner: type) -> Callable[P, AsyncEventStream]: ...

    def __get__(self, client: SyncRunner | AsyncRunner | None, owner: type) -> Any:
        if client is None:
            return self
        build = self.build

        def follow(runner: SyncRunner | AsyncRunner, *args: Any, **kwargs: Any) -> Any:
            return runner._follow(build(runner, *args, **kwargs))

        returns = "AsyncEventStream" if isinstance(client, AsyncRunner) else "EventStream"
        return self._method(client, follow, returns)


def operation(
    operation_id: str, *, local: tuple[str, ...] = (), sends: tuple[str, ...] = ()
) -> Callable[[Callable[Concatenate[Any, P], Call[T]]], Operation[P, T]]:
    """Marks a method that builds the request of ``operation_id`` (docs/openapi.json)."""

    def wrap(build: Callable[Concatenate[Any, P], Call[T]]) -> Operation[P, T]:
        return Operation(operation_id, build, local, sends)

    return wrap


def stream_operation(
    operation_id: str, *, local: tuple[str, ...] = (), sends: tuple[str, ...] = ()
) -> Callable[[Callable[Concatenate[Any, P], StreamPlan]], StreamOperation[P]]:
    """Marks a method that plans the event stream of ``operation_id``."""

    def wrap(build: Callable[Concatenate[Any, P], StreamPlan]) -> StreamOperation[P]:
        return StreamOperation(operation_id, build, local, sends)

    return wrap

