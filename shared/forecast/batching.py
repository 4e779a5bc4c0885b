"""Training batches cut from one (time, series) array on demand, for :func:`shared.forecast.training.fit_torch`.

:class:`PanelBatcher` holds the series as a torch tensor that shares memory with the numpy array
(no copy on the CPU; on CUDA the series is moved to the GPU once when it fits, else each batch
goes through pinned memory). A batch of origins becomes index arithmetic plus one gather, so the
windows of the whole dataset never exist at once.

Example:
    >>> import numpy as np
    >>> values = np.arange(40, dtype=np.float32).reshape(20, 2)
    >>> b = PanelBatcher(values, values, slot=np.arange(20) % 4, dow=np.zeros(20, int), n_in=3, n_out=2)
    >>> inputs, target = b(np.array([5, 10]))
    >>> tuple(inputs["x"].shape), tuple(target.shape), inputs["slot"].tolist()
    ((2, 3, 2), (2, 2, 2), [0, 1])
    >>> inputs["x"][0, :, 0].tolist(), target[0, :, 0].tolist()
    ([4.0, 6.0, 8.0], [10.0, 12.0])
"""

from __future__ import annotations

import numpy as np
import torch

from shared.forecast.training import Batch


def _fits_on_gpu(nbytes: int, device: torch.device) -> bool:
    free, _ = torch.cuda.mem_get_info(device)
    return nbytes < 0.25 * free


class PanelBatcher:
    """Cut (inputs, target) batches for a list of origins from a panel's arrays.

    ``inputs``: (time, series) values with missing steps filled (model inputs). ``targets``: the
    same shape with NaN for missing (masked in the loss); it may be the same array. ``slot`` and
    ``dow`` are each step's slot of day and day of week; the batch carries those of the last input
    step. With ``daily_lag`` (steps per day) the batch also carries ``x_daily``: the
    ``n_in + n_out`` steps around the same time one day earlier.
    """

    def __init__(
        self,
        inputs: np.ndarray,
        targets: np.ndarray | None,
        *,
        slot: np.ndarray,
        dow: np.ndarray,
        n_in: int,
        n_out: int,
        daily_lag: int = 0,
        device: torch.device | str = "cpu",
    ) -> None:
        self.device = torch.device(device)
        self.n_in, self.n_out, self.daily_lag = int(n_in), int(n_out), int(daily_lag)
        inputs = np.ascontiguousarray(inputs, dtype=np.float32)
        same = targets is None or targets is inputs
        on_gpu = self.device.type == "cuda" and _fits_on_gpu(inputs.nbytes * (1 if same else 2), self.device)
        self.store_device = self.device if on_gpu else torch.device("cpu")
        self.x = torch.from_numpy(inputs).to(self.store_device)
        if same:
            self.y = self.x
        else:
            self.y = torch.from_numpy(np.ascontiguousarray(targets, dtype=np.float32)).to(self.store_device)
        self.slot = torch.as_tensor(np.asarray(slot), dtype=torch.long).to(self.store_device)
        self.dow = torch.as_tensor(np.asarray(dow), dtype=torch.long).to(self.store_device)
        self._in_offsets = torch.arange(-self.n_in, 0, device=self.store_device)
        self._out_offsets = torch.arange(0, self.n_out, device=self.store_device)
        self._daily_offsets = torch.arange(-self.n_in, self.n_out, device=self.store_device) - self.daily_lag

    @property
    def min_history(self) -> int:
        """Steps an origin needs before it: ``n_in``, or ``daily_lag + n_in`` with the daily window."""
        return self.n_in + self.daily_lag

    def __call__(self, origins: np.ndarray) -> Batch:
        """Inputs ``x`` (batch, n_in, series), ``slot``, ``dow`` (and ``x_daily``); target (batch, n_out, series)."""
        o = torch.as_tensor(np.asarray(origins, dtype=np.int64), device=self.store_device)
        last = o - 1
        inputs = {"x": self.x[o[:, None] + self._in_offsets], "slot": self.slot[last], "dow": self.dow[last]}
        if self.daily_lag:
            inputs["x_daily"] = self.x[o[:, None] + self._daily_offsets]
        target = None
        if int(o.max()) + self.n_out <= self.y.shape[0]:
            target = self.y[o[:, None] + self._out_offsets]
        return inputs, target
