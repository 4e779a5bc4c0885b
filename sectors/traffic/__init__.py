"""Traffic flow forecasting on sensor networks.

The public API agencies import is listed in ``__all__``.
"""

__all__: list[str] = []
