"""Reading whole numbers from addresses, query strings and forms. A value that is not a
plain number is treated as absent, never as an error: bad input is ignored or gets a Dutch
message, never a 500."""

# Ids are BigAutoField (DEFAULT_AUTO_FIELD): no larger number reaches the database.
MAX_ID = 2**63 - 1


def positive_int(value, maximum=MAX_ID):
    """``value`` as a whole number from 1 to ``maximum``, or None.

    Only ASCII digits count: ``str.isdigit()`` also says yes to "²", which ``int()``
    refuses, and a number beyond ``maximum`` overflows the database's integer."""
    text = "" if value is None else str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= maximum else None
