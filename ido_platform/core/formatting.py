"""How numbers and people's names read, in one place: pages (through the ``score``,
``decimal`` and ``person`` template filters in ``ido_tags``), charts, PDFs, exports and
messages all call these functions."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NO_VALUE = "–"
ONE_DECIMAL = Decimal("0.1")


def _decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def score(value, empty=NO_VALUE):
    """A score (0–100) with one decimal and a Dutch comma: ``84.9`` → ``"84,9"``,
    ``80`` → ``"80,0"``; ``None`` → ``"–"``."""
    number = _decimal(value)
    if number is None:
        return empty
    return f"{number.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP):f}".replace(".", ",")


def signed_score(value, empty=NO_VALUE):
    """A change in score with its sign: ``+2,5``, ``-1,0``, ``0,0``."""
    number = _decimal(value)
    if number is None:
        return empty
    text = score(number)
    return f"+{text}" if number > 0 else text


def decimal(value, empty=""):
    """Any other decimal number as written, with a Dutch comma and no trailing zeros:
    ``Decimal("3.50")`` → ``"3,5"``, ``Decimal("4")`` → ``"4"``."""
    number = _decimal(value)
    if number is None:
        return empty
    text = f"{number.normalize():f}"
    return text.replace(".", ",")


def person_name(user, empty=NO_VALUE):
    """How a user is named wherever the platform shows one (pages, PDFs, exports, messages,
    choices): the full name, else the user name; no user → ``empty``."""
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()
