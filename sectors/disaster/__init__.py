"""Flood forecasting and typhoon strike probability.

The public API agencies import is listed in ``__all__``.
"""

__all__: list[str] = []
