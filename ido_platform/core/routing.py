"""Page routing in a fixed number of queries, whatever the depth of the page.

Wagtail's ``Page.route`` walks the URL one level at a time: a query for the child with the
next slug and one for its specific page, so a lesson four levels deep costs eight queries
before it is served, and the view-restriction check then reads its ancestors again.
``route`` below does the same walk over the candidates of every level read in one query,
with each candidate's specific row joined, so the page served needs no query of its own.
A page type with its own ``route`` (``RoutablePageMixin``) still routes what lies below
it, exactly as before.

The ancestors read on the way are kept on the page (``_ido_ancestors``), and the same query
tells for each of them, the root and the page whether a view restriction is set on it
(``_ido_restricted_ids``), so ``KnownAncestorsMixin.get_view_restrictions`` needs no query
when none is, and one when some are.
"""

from functools import cache

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from wagtail.models import Page, PageViewRestriction


def _uses_plain_routing(page_class):
    """Whether pages of this class route to their children as ``Page.route`` does."""
    if page_class is None:
        return False
    return page_class.route is Page.route or getattr(page_class.route, "plain_routing", False)


@cache
def _specific_accessors():
    """Page type → the name under which a ``Page`` row joins its specific row, for the
    page types that extend ``Page`` directly (all of ours)."""
    return {
        model: model._meta.parents[Page].remote_field.get_accessor_name()
        for model in apps.get_models()
        if Page in model._meta.parents and model._meta.parents[Page] is not None
    }


def _specific(page):
    """``page.specific`` without a query when the row came with its specific row joined."""
    accessor = _specific_accessors().get(page.specific_class)
    specific = getattr(page, accessor, None) if accessor else None
    if specific is None:
        return page.specific
    for name in ("_cached_parent_obj", "_ido_ancestors", "_ido_restricted_ids"):
        if hasattr(page, name):
            setattr(specific, name, getattr(page, name))
    return specific


def route(root, request, path_components):
    """Route ``path_components`` below ``root`` (the site's root page, specific) as
    ``Page.route`` would: the same page, the same 404s, the same ``RouteResult``."""
    if not path_components:
        return Page.route(root, request, path_components)
    steplen = root.steplen
    levels = Q()
    for offset, slug in enumerate(path_components, start=1):
        levels |= Q(depth=root.depth + offset, slug=slug)
    above_root = [root.path[: steplen * n] for n in range(1, root.depth)]
    rows = list(
        Page.objects.filter(
            (Q(path__startswith=root.path) & levels) | Q(path__in=[*above_root, root.path])
        )
        .annotate(
            ido_view_restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk")))
        )
        .select_related(*_specific_accessors().values())
    )
    restricted = {page.path: page.pk for page in rows if page.ido_view_restricted}
    by_parent_and_slug = {}
    ancestors = [page for page in rows if page.path in above_root]
    for page in rows:
        if page.path in above_root or page.path == root.path:
            continue
        key = (page.path[:-steplen], page.slug)
        if key in by_parent_and_slug:
            # Two siblings with one slug: let Wagtail's own routing decide (and complain).
            return Page.route(root, request, path_components)
        by_parent_and_slug[key] = page
    ancestors.sort(key=lambda page: page.depth)
    ancestors.append(root)
    parent = root
    for index, slug in enumerate(path_components):
        child = by_parent_and_slug.get((parent.path, slug))
        if child is None:
            raise Http404
        child._cached_parent_obj = parent
        remaining = path_components[index + 1 :]
        if remaining and _uses_plain_routing(child.specific_class):
            ancestors.append(child)
            parent = _specific(child)  # the specific parent, as Wagtail caches it
            continue
        child._ido_ancestors = tuple(ancestors)
        child._ido_restricted_ids = frozenset(
            restricted[page.path] for page in (*ancestors, child) if page.path in restricted
        )
        return _specific(child).route(request, remaining)
    raise Http404  # not reached: the loop returns at the last component


class KnownAncestorsMixin:
    """For page types: check view restrictions without reading the ancestors again when
    ``route`` has already read them (no alias among them: aliases take their source's
    restrictions, which Wagtail's own method resolves)."""

    def get_view_restrictions(self):
        ancestors = getattr(self, "_ido_ancestors", None)
        if (
            ancestors is None
            or self.alias_of_id
            or any(page.alias_of_id for page in ancestors)
            or [page.path for page in ancestors]
            != [self.path[: self.steplen * n] for n in range(1, self.depth)]
        ):
            return super().get_view_restrictions()
        restricted = getattr(self, "_ido_restricted_ids", None)
        if restricted is None:
            return PageViewRestriction.objects.filter(
                page_id__in=[self.pk, *(page.pk for page in ancestors)]
            )
        if not restricted:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=restricted)
