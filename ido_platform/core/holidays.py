"""Dutch public holidays, for planning meetings and visits on days the library is open.

New Year, Easter Monday, King's Day (27 April, or 26 April when the 27th is a Sunday),
Liberation Day (5 May, taken every year as the national government does in lustrum years),
Ascension Day, Whit Monday and Christmas (25 and 26 December). Good Friday and the Easter
and Whit Sundays are left out: they are no general days off or fall on a Sunday anyway."""

import datetime
from functools import lru_cache


def easter_sunday(year):
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus, as in
    Meeus); no library needed for eight holidays a year."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year):
    """The Dutch public holidays of ``year`` as a frozenset of dates."""
    easter = easter_sunday(year)
    kings_day = datetime.date(year, 4, 27)
    if kings_day.weekday() == 6:  # a Sunday: celebrated the day before
        kings_day = datetime.date(year, 4, 26)
    return frozenset(
        {
            datetime.date(year, 1, 1),
            easter + datetime.timedelta(days=1),  # Easter Monday
            kings_day,
            datetime.date(year, 5, 5),
            easter + datetime.timedelta(days=39),  # Ascension Day
            easter + datetime.timedelta(days=50),  # Whit Monday
            datetime.date(year, 12, 25),
            datetime.date(year, 12, 26),
        }
    )


def is_public_holiday(day):
    """Whether ``day`` (a date or datetime) is a Dutch public holiday."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    return day in public_holidays(day.year)


def is_working_day(day):
    """Monday to Friday and no public holiday."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    return day.weekday() < 5 and not is_public_holiday(day)


def next_working_day(day):
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
