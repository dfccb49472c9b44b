"""Framework versions: a used version is frozen, so editing means copying it into a new one."""

from django.db import transaction
from django.db.models import Max

from assessments.models import Criterion, FrameworkVersion, Theme


def structure(version):
    """The version's themes with their criteria (real subclasses), in order: three queries."""
    themes = list(version.themes.order_by("sort_order", "pk"))
    criteria = Criterion.objects.filter(theme__version=version).order_by("sort_order", "pk")
    by_theme = {}
    for criterion in criteria:
        by_theme.setdefault(criterion.theme_id, []).append(criterion)
    for theme in themes:
        theme.criteria_list = by_theme.get(theme.pk, [])
    return themes


@transaction.atomic
def new_version(version, *, notes=""):
    """Copy ``version`` (thresholds, themes, criteria of every kind) into the next version
    number of the same framework. Keys stay the same, so trends keep comparing."""
    number = (version.framework.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    copy = FrameworkVersion.objects.create(
        framework=version.framework,
        number=number,
        notes=notes,
        pass_threshold=version.pass_threshold,
        partial_threshold=version.partial_threshold,
    )
    for theme in structure(version):
        new_theme = Theme.objects.create(
            version=copy,
            key=theme.key,
            title=theme.title,
            description=theme.description,
            weight=theme.weight,
            sort_order=theme.sort_order,
        )
        for criterion in theme.criteria_list:
            type(criterion).objects.create(theme=new_theme, **criterion.copy_fields())
    return copy
