"""Published figures quoted beside the benchmark, with their source and whether we could check them.

Numbers only (facts), with the page they come from. ``verified`` says whether the figure was read in
the cited source while preparing this module; the others are carried from the project's ANCHORS.md.
"""

from __future__ import annotations

import pandas as pd

NM_TO_KM = 1.852

#: Official (agency) and model track errors in the western North Pacific, km at 24/48/72 h.
PUBLISHED_TRACK_ERRORS: list[dict] = [
    {
        "who": "Hong Kong Observatory, official forecasts",
        "years": "2018",
        "km_24h": 79,
        "km_48h": 129,
        "km_72h": 185,
        "cases_24h": 331,
        "source": "HKO, Tropical Cyclones in 2018, Table 4.12 (hko.gov.hk/en/publica/tc/tc2018/table412.html)",
        "verified": True,
        "scope": "forecasts inside 7-36N, 100-140E; against the HKO best track",
    },
    {
        "who": "Hong Kong Observatory, official forecasts",
        "years": "2019",
        "km_24h": 84,
        "km_48h": 144,
        "km_72h": 205,
        "cases_24h": 326,
        "source": "HKO, Tropical Cyclones in 2019, Table 4.12 (hko.gov.hk/en/publica/tc/tc2019/table412.html)",
        "verified": True,
        "scope": "forecasts inside 7-36N, 100-140E; against the HKO best track",
    },
    {
        "who": "Hong Kong Observatory, official forecasts",
        "years": "2020",
        "km_24h": 72,
        "km_48h": 116,
        "km_72h": 164,
        "cases_24h": 296,
        "source": "HKO, Tropical Cyclones in 2020, Table 4.12 (hko.gov.hk/en/publica/tc/tc2020/table412.html)",
        "verified": True,
        "scope": "forecasts inside 7-36N, 100-140E; against the HKO best track",
    },
    {
        "who": "Hong Kong Observatory, official forecasts",
        "years": "2021",
        "km_24h": 75,
        "km_48h": 121,
        "km_72h": 197,
        "cases_24h": 388,
        "source": "HKO, Tropical Cyclones in 2021, Table 4.12 (weather.gov.hk/en/publica/tc/tc2021/table412.html)",
        "verified": True,
        "scope": "forecasts inside 7-36N, 100-140E; against the HKO best track",
    },
    {
        "who": "JTWC, official forecasts",
        "years": "1978-1993",
        "km_24h": round(116 * NM_TO_KM),
        "km_48h": round(227 * NM_TO_KM),
        "km_72h": round(345 * NM_TO_KM),
        "cases_24h": None,
        "source": "NRL, Tropical Cyclone Forecasters' Reference Guide, ch. 1 sec. 4.1 (116/227/345 nm)",
        "verified": True,
        "scope": "all western North Pacific warnings; against the JTWC best track",
    },
    {
        "who": "Global and regional NWP models (mean of 9), not official",
        "years": "2021",
        "km_24h": 80,
        "km_48h": 150,
        "km_72h": 200,
        "cases_24h": None,
        "source": "Evaluation of WNP typhoon track forecasts in global and regional models during the 2021 season (abstract: 'approximately 80, 150, 200 km')",
        "verified": True,
        "scope": "model direct position errors, 2021 season",
    },
    {
        "who": "JTWC and RSMC Tokyo, official forecasts",
        "years": "2018-2021",
        "km_24h": None,
        "km_48h": None,
        "km_72h": None,
        "cases_24h": None,
        "source": "JTWC Annual Tropical Cyclone Reports; RSMC Tokyo annual reports: figures not found in the sources reachable here",
        "verified": False,
        "scope": "not verified: left blank rather than quoted from memory",
    },
]

#: Published CAMELS results, from ANCHORS.md (with the protocol differences that matter).
PUBLISHED_FLOOD: list[dict] = [
    {
        "who": "LSTM, ungauged (no observed flow as input), 531 basins",
        "median_nse": 0.69,
        "source": "Kratzert et al., Water Resources Research 2019 (via ANCHORS.md)",
        "differs": "simulation without observed flow, k-fold over basins, 531 basins",
    },
    {
        "who": "SAC-SMA calibrated per basin",
        "median_nse": 0.64,
        "source": "Kratzert et al., Water Resources Research 2019 (via ANCHORS.md)",
        "differs": "simulation, 531 basins",
    },
    {
        "who": "US National Water Model",
        "median_nse": 0.58,
        "source": "Kratzert et al., Water Resources Research 2019 (via ANCHORS.md)",
        "differs": "simulation, 531 basins",
    },
    {
        "who": "LSTM gauged simulation, single model / ensemble",
        "median_nse": "0.74 / 0.76",
        "source": "Kratzert et al., HESS 23:5089 (2019); ANCHORS.md marks the figures 'to verify' and we could not read them",
        "differs": "simulation (no observed flow input), 531 basins, train 1999-2008, test 1989-1999",
    },
    {
        "who": "Persistence, these 15 basins, test 2005-10..2013-09",
        "median_nse": "0.657 (lead 1), 0.084 (lead 3)",
        "source": "ANCHORS.md, independent implementation; our persistence reproduces both",
        "differs": "same data and protocol as ours",
    },
]


def published_flood_table() -> pd.DataFrame:
    """The published CAMELS figures as a table (for the benchmark report and the README).

    Example:
        >>> "median_nse" in published_flood_table().columns
        True
    """
    return pd.DataFrame(PUBLISHED_FLOOD)


def published_track_table() -> pd.DataFrame:
    """The published track errors as a table, plus the case-weighted HKO 2018-2021 mean.

    Example:
        >>> t = published_track_table()
        >>> round(float(t.loc[t["years"] == "2018-2021 (weighted)", "km_24h"].iloc[0]))
        78
    """
    table = pd.DataFrame(PUBLISHED_TRACK_ERRORS)
    hko = table[table["who"].str.startswith("Hong Kong") & table["years"].str.len().eq(4)]
    # The tables give per-lead case counts; the 24 h counts weigh the 24 h mean, 48/72 h use theirs:
    counts = {"km_24h": [331, 326, 296, 388], "km_48h": [239, 236, 204, 296], "km_72h": [162, 155, 138, 228]}
    row = {"who": "Hong Kong Observatory, official forecasts", "years": "2018-2021 (weighted)"}
    for col, n in counts.items():
        row[col] = round(float((hko[col].to_numpy() * n).sum() / sum(n)), 1)
    row.update(
        cases_24h=sum(counts["km_24h"]),
        source="weighted by the case counts of the four tables",
        verified=True,
    )
    row["scope"] = "as above"
    return pd.concat([table, pd.DataFrame([row])], ignore_index=True)
