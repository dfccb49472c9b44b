"""Demo data for funding (filled in below)."""


def load():
    return None
