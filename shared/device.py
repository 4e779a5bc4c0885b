"""Which compute device the suite uses: CUDA when present, the CPU otherwise."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class DeviceInfo:
    """The device found, with the card's name when it is a GPU."""

    kind: str  # "cuda" or "cpu"
    name: str
    count: int

    def __str__(self) -> str:
        return f"{self.kind} ({self.name})" if self.kind == "cuda" else f"cpu ({self.name})"


def detect_device() -> DeviceInfo:
    """Look for CUDA through torch; CIVIC_DEVICE=cpu forces the CPU.

    Example:
        >>> detect_device().kind in {"cuda", "cpu"}
        True
    """
    import platform

    forced = os.environ.get("CIVIC_DEVICE", "").lower()
    try:
        import torch

        if forced != "cpu" and torch.cuda.is_available():
            return DeviceInfo("cuda", torch.cuda.get_device_name(0), torch.cuda.device_count())
    except ImportError:
        pass
    return DeviceInfo("cpu", platform.processor() or platform.machine(), os.cpu_count() or 1)


def torch_device() -> str:
    """The torch device string to use: ``"cuda"`` or ``"cpu"``."""
    return detect_device().kind
