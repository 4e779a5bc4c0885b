"""Proactive welfare service matching and the blind-spot finder.

The public API agencies import is listed in ``__all__``.
"""

__all__: list[str] = []
