"""Read-only metadata for ``DataFrame.attrs``.

pandas deep-copies ``attrs`` on nearly every operation (a filter, a column pick, a sort), so
a nested dict there is copied hundreds of times by a single report. A :class:`FrozenDict`
cannot change, so every copy of a frame shares the one object: its deep copy is itself.
"""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = ["FrozenDict"]


class FrozenDict(dict):
    """A dict that refuses every change; ``copy.deepcopy`` returns the object itself.

    It is still a ``dict``: ``json.dumps``, ``==`` and ``pickle`` treat it as one. To change
    the contents, build a new one: ``FrozenDict({**old, "key": value})`` or ``dict(old)``.
    """

    def _refuse(self, *_args: Any, **_kwargs: Any) -> NoReturn:
        raise TypeError("this metadata is read-only; copy it with dict(...) to change it")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict:
        return self

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        return (type(self), (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))
