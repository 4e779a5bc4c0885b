"""Korean occupation titles: the bundled mapping covers the bundled sample and marks what it lacks."""

from sectors.employment import BUNDLED, korean_titles, load_taxonomy, occupation_title, occupation_titles


def test_every_bundled_occupation_has_a_korean_title_and_the_english_title_agrees():
    occupations = load_taxonomy(BUNDLED).occupations
    titles = korean_titles()
    assert set(occupations.index) <= set(titles.index)
    shared = titles.loc[occupations.index]
    assert (shared["title_en"] == occupations["title"]).all()
    # Korean titles contain Hangul and never just repeat the English title
    assert shared["title_ko"].str.contains("[가-힣]").all()
    assert (shared["title_ko"] != shared["title_en"]).all()


def test_unknown_codes_fall_back_to_the_english_title_marked_as_english():
    assert occupation_title("43-4051.00", "Customer Service Representatives") == "고객 상담원"
    assert occupation_title("43-4031.00", "Court, Municipal, and License Clerks") == (
        "Court, Municipal, and License Clerks (영문)"
    )
    assert occupation_titles(["15-1252.00"], ["Software Developers"], lang="en") == ["Software Developers"]
