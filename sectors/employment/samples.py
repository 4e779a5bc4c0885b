"""Example job seekers for the demo page: one per kind of work in the bundled O*NET sample, each
with skills taken from the occupation's own O*NET technology skills so the model has something to
match on.

Example:
    >>> [s.occupation for s in SAMPLE_SEEKERS][:2]
    ['43-4051.00', '15-1252.00']
"""

from __future__ import annotations

from sectors.employment.seeker import Seeker

SAMPLE_SEEKERS: tuple[Seeker, ...] = (
    Seeker(
        "43-4051.00",
        ("Microsoft Excel", "Microsoft Office software", "Microsoft Outlook"),
        education=2,
        region="부산",
    ),
    Seeker("15-1252.00", ("Git", "GitHub", "Docker", "C"), education=6, region="서울"),
    Seeker(
        "29-1141.00", ("Epic Systems", "MEDITECH software", "Microsoft Access"), education=6, region="대구"
    ),
    Seeker(
        "43-3031.00", ("Intuit QuickBooks", "Microsoft Excel", "Microsoft Word"), education=5, region="인천"
    ),
    Seeker("53-3032.00", ("Microsoft Excel", "Microsoft Word"), education=2, region="경기"),
    Seeker(
        "35-2014.00", ("Inventory management software", "Menu planning software"), education=2, region="광주"
    ),
)
