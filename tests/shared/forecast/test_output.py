"""Panel forecast arrays become the suite's forecast Dataset (shared.schema), with clear errors otherwise."""

import numpy as np
import pandas as pd
import pytest

from shared.errors import DataError
from shared.forecast.output import panel_forecast
from shared.schema import check_forecast


def test_quantile_forecast_moves_the_series_axis_first_and_names_leads():
    arr = np.arange(2 * 3 * 4 * 2, dtype=np.float32).reshape(2, 3, 4, 2)  # (origin, step, series, quantile)
    issue = pd.DatetimeIndex(["2024-01-01 08:00", "2024-01-01 09:00"])
    ds = check_forecast(
        panel_forecast(
            arr, issue, pd.Timedelta("15min"), list("abcd"), quantiles=(0.1, 0.9), name="flow", units="veh/h"
        )
    )
    assert ds.flow.dims == ("site", "issue_time", "lead", "quantile")
    assert ds.flow.sel(site="c", quantile=0.9).values.tolist() == arr[:, :, 2, 1].tolist()
    assert pd.TimedeltaIndex(ds.lead.values).tolist() == pd.to_timedelta([15, 30, 45], unit="min").tolist()
    assert pd.Timestamp(ds.valid_time.values[1, 2]) == pd.Timestamp("2024-01-01 09:45")
    assert ds.flow.attrs["units"] == "veh/h"


def test_point_forecast_has_no_quantile_dim_and_shapes_are_checked():
    issue = pd.DatetimeIndex(["2024-01-01"])
    ds = panel_forecast(np.zeros((1, 2, 3)), issue, pd.Timedelta("1h"), ["x", "y", "z"], units="m")
    assert ds.forecast.dims == ("site", "issue_time", "lead")
    with pytest.raises(DataError, match="does not match"):
        panel_forecast(np.zeros((1, 2, 3)), issue, pd.Timedelta("1h"), ["x", "y"], units="m")
    with pytest.raises(DataError, match="dims"):
        panel_forecast(
            np.zeros((1, 2, 3)), issue, pd.Timedelta("1h"), ["x", "y", "z"], quantiles=[0.5], units="m"
        )
