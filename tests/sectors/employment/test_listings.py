import pandas as pd
import pytest

from sectors.employment import REGIONS, WAGE_BANDS, generate_listings, listings_to_csv, load_listings
from shared.errors import DataError


def test_generator_is_seeded_and_realistic(taxonomy):
    a = generate_listings(taxonomy, 40, seed=11)
    b = generate_listings(taxonomy, 40, seed=11)
    c = generate_listings(taxonomy, 40, seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not a["title"].equals(c["title"])
    assert a["id"].is_unique and a["region"].isin(list(REGIONS)).all()
    for row in a.itertuples():
        assert row.title == taxonomy.occupations.loc[row.occupation_id, "title"]
        assert set(row.skills) <= set(taxonomy.skills_of(row.occupation_id))
        assert 1 <= len(row.skills) <= 10
        low, high = WAGE_BANDS[int(row.job_zone)]
        assert low <= row.salary <= high * 1.1 + 1e5


def test_csv_round_trip(taxonomy, tmp_path):
    listings = generate_listings(taxonomy, 15, seed=2)
    path = listings_to_csv(listings, tmp_path / "listings.csv")
    back = load_listings(path)
    assert back["id"].tolist() == listings["id"].tolist()
    assert back["skills"].tolist() == listings["skills"].tolist()
    assert back["salary"].tolist() == listings["salary"].tolist()
    assert back["occupation_id"].tolist() == listings["occupation_id"].tolist()


def _write(tmp_path, text):
    path = tmp_path / "jobs.csv"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = "id,title,description,skills,region,salary,posted\nA1,Data analyst,SQL reports,SQL; Python,서울,42000000,2025-06-01\n"


def test_plain_csv_without_optional_columns_loads(tmp_path):
    frame = load_listings(_write(tmp_path, GOOD))
    assert frame.loc[0, "skills"] == ["SQL", "Python"] and frame.loc[0, "salary"] == 42_000_000


@pytest.mark.parametrize(
    "text, column, fragment",
    [
        (GOOD.replace(",salary,", ",pay,"), "salary", "column is missing"),
        (GOOD + "A1,Other,x,,부산,1,2025-06-02\n", "id", "used twice"),
        (GOOD.replace("42000000", "lots"), "salary", "not a number"),
        (GOOD.replace("42000000", "-5"), "salary", "0 or more"),
        (GOOD.replace("2025-06-01", "yesterday"), "posted", "not a date"),
        (GOOD.replace("Data analyst", ""), "title", "empty title"),
    ],
)
def test_bad_listings_name_file_column_and_problem(tmp_path, text, column, fragment):
    path = _write(tmp_path, text)
    with pytest.raises(DataError) as info:
        load_listings(path)
    message = str(info.value)
    assert "jobs.csv" in message and f"'{column}'" in message and fragment in message
