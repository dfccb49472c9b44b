"""Small numbers hidden (statistical disclosure control) in every figure that leaves a
library's own view: a cell below the threshold is shown as "< 5", and totals cannot be used
to recover it, because every line (cells plus their shown total) hides either none or at
least two of its cells; when no second cell is left to hide, the total is hidden too."""

from django.conf import settings


def threshold():
    return settings.QUESTIONS_SMALL_NUMBER


def hide(values, constraints, limit=None):
    """``values``: {key: count}; ``constraints``: [(member keys, total key)], each total the
    sum of its members (all keys in ``values``). Returns the set of keys to hide."""
    limit = threshold() if limit is None else limit
    hidden = {key for key, value in values.items() if 0 < value < limit}
    changed = True
    while changed:
        changed = False
        for members, total in constraints:
            if total in hidden:
                continue
            hidden_members = [key for key in members if key in hidden]
            if len(hidden_members) != 1:
                continue
            candidates = sorted(
                (values[key], str(key), key)
                for key in members
                if key not in hidden and values[key] > 0
            )
            hidden.add(candidates[0][2] if candidates else total)
            changed = True
    return hidden


def hide_line(counts, limit=None):
    """One line with its total: ``counts`` is {label: count}. Returns (shown, total) where a
    hidden value is None."""
    values = dict(counts)
    values["__total__"] = sum(counts.values())
    hidden = hide(values, [(list(counts), "__total__")], limit)
    shown = {key: (None if key in hidden else value) for key, value in counts.items()}
    total = None if "__total__" in hidden else values["__total__"]
    return shown, total


def hide_matrix(cells, rows, columns, limit=None):
    """A table with row, column and grand totals: ``cells`` {(row, column): count}.
    Returns (cells, row_totals, column_totals, grand) with hidden values as None."""
    values = {("c", r, c): cells.get((r, c), 0) for r in rows for c in columns}
    for r in rows:
        values[("r", r)] = sum(cells.get((r, c), 0) for c in columns)
    for c in columns:
        values[("k", c)] = sum(cells.get((r, c), 0) for r in rows)
    values[("g",)] = sum(values[("r", r)] for r in rows)
    constraints = [([("c", r, c) for c in columns], ("r", r)) for r in rows]
    constraints += [([("c", r, c) for r in rows], ("k", c)) for c in columns]
    constraints += [([("r", r) for r in rows], ("g",)), ([("k", c) for c in columns], ("g",))]
    hidden = hide(values, constraints, limit)

    def shown(key):
        return None if key in hidden else values[key]

    return (
        {(r, c): shown(("c", r, c)) for r in rows for c in columns},
        {r: shown(("r", r)) for r in rows},
        {c: shown(("k", c)) for c in columns},
        shown(("g",)),
    )
