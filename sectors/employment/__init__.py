"""Job recommendation from listings and personalised training plans.

The public API agencies import is listed in ``__all__``.
"""

__all__: list[str] = []
