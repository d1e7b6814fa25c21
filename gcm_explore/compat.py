"""Old spellings of the API that keep working for one release, with a DeprecationWarning.

>>> import warnings
>>> @legacy(positional=("lang",), renamed={"as_range": "window"})
... def f(x, *, lang="en", window=None):
...     return x, lang, window
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     f(1, "ar", as_range=(2, 3)), len(caught)
((1, 'ar', (2, 3)), 2)
"""

from __future__ import annotations

import functools
import inspect
import warnings

__all__ = ["legacy"]


def legacy(positional: tuple[str, ...] = (), renamed: dict[str, str] | None = None,
           window: tuple[str, str] | None = None, until: str = "0.3"):
    """Accept the old calls of a function whose arguments became keyword-only or were renamed.

    ``positional``: the keyword-only arguments that used to come by position, in their old order,
    after the positional ones. ``renamed``: ``{old name: new name}``. ``window``: two old arguments
(e.g. ``("start", "end")``) that are now one ``window=(start, end)``. Each old use warns once per
    call. The function's signature (``inspect.signature``) stays the new one.
    """
    renamed = renamed or {}

    def wrap(fn):
        n_positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                           for p in inspect.signature(fn).parameters.values())

        @functools.wraps(fn)
        def call(*args, **kwargs):
            extra, args = args[n_positional:], args[:n_positional]
            if len(extra) > len(positional):
                raise TypeError(f"{fn.__name__}() takes {n_positional} positional arguments "
                                f"but {n_positional + len(extra)} were given")
            for name, value in zip(positional, extra):
                warnings.warn(f"{fn.__name__}(): pass {name}= by name; by position it stops working in {until}",
                              DeprecationWarning, stacklevel=2)
                if name in kwargs:
                    raise TypeError(f"{fn.__name__}() got multiple values for argument {name!r}")
                kwargs[name] = value
            for old, new in renamed.items():
                if old in kwargs:
                    warnings.warn(f"{fn.__name__}(): {old}= is now {new}=; {old}= stops working in {until}",
                                  DeprecationWarning, stacklevel=2)
                    value = kwargs.pop(old)
                    if new not in kwargs or kwargs[new] is None:
                        kwargs[new] = value
            if window and any(kwargs.get(k) is not None for k in window):
                warnings.warn(f"{fn.__name__}(): {'=, '.join(window)}= are now window=({', '.join(window)}); "
                              f"the old names stop working in {until}", DeprecationWarning, stacklevel=2)
                kwargs["window"] = tuple(kwargs.pop(k, None) for k in window)
            for k in window or ():
                kwargs.pop(k, None)
            return fn(*args, **kwargs)

        return call

    return wrap
