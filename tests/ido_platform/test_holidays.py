"""Dutch public holidays: the dates meetings and audit visits skip."""

import datetime

import pytest

from ido_platform.core.holidays import (
    easter_sunday,
    is_public_holiday,
    is_working_day,
    next_working_day,
    public_holidays,
)

D = datetime.date


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2019, D(2019, 4, 21)), (2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)),
     (2026, D(2026, 4, 5)), (2027, D(2027, 3, 28)), (2038, D(2038, 4, 25))],
)  # fmt: skip
def test_easter_sunday_matches_the_church_calendar(year, expected):
    assert easter_sunday(year) == expected


def test_easter_agrees_with_dateutil_over_two_centuries():
    easter = pytest.importorskip("dateutil.easter")
    assert all(easter_sunday(y) == easter.easter(y) for y in range(1900, 2101))


def test_the_holidays_of_2026():
    assert public_holidays(2026) == {
        D(2026, 1, 1),
        D(2026, 4, 6),  # Easter Monday
        D(2026, 4, 27),  # King's Day, a Monday
        D(2026, 5, 5),
        D(2026, 5, 14),  # Ascension Day
        D(2026, 5, 25),  # Whit Monday
        D(2026, 12, 25),
        D(2026, 12, 26),
    }


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday():
    assert D(2025, 4, 27).weekday() == 6
    assert is_public_holiday(D(2025, 4, 26)) and not is_public_holiday(D(2025, 4, 27))
    assert is_public_holiday(D(2026, 4, 27)) and not is_public_holiday(D(2026, 4, 26))


def test_a_datetime_is_judged_by_its_date():
    assert is_public_holiday(datetime.datetime(2027, 12, 25, 10, 0))  # noqa: DTZ001
    assert not is_public_holiday(D(2027, 12, 27))


def test_working_days_skip_weekends_and_holidays():
    assert not is_working_day(D(2026, 12, 25))  # Friday, Christmas
    assert not is_working_day(D(2026, 12, 27))  # Sunday
    assert next_working_day(D(2026, 12, 24)) == D(2026, 12, 24)
    assert next_working_day(D(2026, 12, 25)) == D(2026, 12, 28)
    assert next_working_day(D(2026, 12, 31)) == D(2026, 12, 31)
    assert next_working_day(D(2027, 1, 1)) == D(2027, 1, 4)
