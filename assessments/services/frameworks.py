"""Framework versions: a used version is frozen, so editing means copying it into a new one."""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from assessments.models import Criterion, DerivedCriterion, FrameworkVersion, Theme
from ido_platform.core import metrics
from ido_platform.core.errors import ServiceRefusal


@cache
def _criterion_kinds():
    """Each kind of criterion → the name under which a ``Criterion`` row joins its row."""
    return {
        model: model._meta.parents[Criterion].remote_field.get_accessor_name()
        for model in Criterion.__subclasses__()
        if not model._meta.abstract and model._meta.parents.get(Criterion) is not None
    }


def criteria_of(version):
    """The version's criteria as their real subclasses, in order, in one query (each row
    joined with the row of its kind, instead of one query per kind)."""
    kinds = _criterion_kinds()
    rows = (
        Criterion.objects.non_polymorphic()
        .filter(theme__version=version)
        .select_related(*kinds.values())
        .order_by("sort_order", "pk")
    )
    criteria = []
    for row in rows:
        model = ContentType.objects.get_for_id(row.polymorphic_ctype_id).model_class()
        real = getattr(row, kinds[model], None) if model in kinds else None
        criteria.append(real if real is not None else row.get_real_instance())
    return criteria


def structure(version):
    """The version's themes with their criteria (real subclasses), in order: two queries."""
    themes = list(version.themes.order_by("sort_order", "pk"))
    criteria = criteria_of(version)
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


def unknown_metric_keys(version):
    """The derived criteria of ``version`` whose metric key no app has registered."""
    known = {key for key, _label in metrics.choices()}
    return [
        criterion
        for criterion in DerivedCriterion.objects.filter(theme__version=version).order_by("pk")
        if criterion.metric_key not in known
    ]


def check_publishable(version):
    """A version is put to use (published) by planning an audit with it. Refused while a
    derived criterion names a metric that does not exist: it would silently drop out of
    every score."""
    unknown = unknown_metric_keys(version)
    if unknown:
        raise ServiceRefusal(
            _(
                "Deze kaderversie kan nog niet gebruikt worden: deze afgeleide criteria "
                "verwijzen naar een onbekend gegeven van het platform: %(criteria)s."
            )
            % {"criteria": "; ".join(f"{c.title} ({c.metric_key})" for c in unknown)},
            code="unknown_metric",
        )
