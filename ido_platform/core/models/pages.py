"""Site pages: the home page, the list of IDO locations with a page per location, and plain
content pages (privacy statement, accessibility statement)."""

from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ido_platform.core import routing
from ido_platform.core.blocks import BaseStreamBlock, CardsBlock

from .network import DeliveryModel, Location, OpeningHours, Province


class HomePage(routing.KnownAncestorsMixin, Page):
    """The front door: leads to training (staff), courses (citizens) and audits."""

    intro = RichTextField(_("inleiding"), features=["bold", "italic", "link"], blank=True)
    journeys = StreamField(CardsBlock(), verbose_name=_("wegwijzers voor inwoners"), blank=True)
    staff_links = StreamField(
        CardsBlock(),
        verbose_name=_("ingangen voor medewerkers"),
        help_text=_("Klein onder de wegwijzers: inwoners komen eerst."),
        blank=True,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("journeys"),
        FieldPanel("staff_links"),
    ]
    max_count = 1
    # No subpage_types: the course and audit apps add their own index pages under home.
    page_cache = True  # served to anonymous visitors from the cache (core/pagecache.py)

    class Meta:
        verbose_name = _("startpagina")

    def route(self, request, path_components):
        # The site root routes every page below it in one query (see ido_platform.core.routing).
        return routing.route(self, request, path_components)

    route.plain_routing = True


class StandardPage(routing.KnownAncestorsMixin, Page):
    """A plain content page: privacy statement, accessibility statement, about."""

    intro = models.TextField(_("inleiding"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("inhoud"), blank=True)

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    subpage_types = ["ido_platform.StandardPage"]
    page_cache = True

    class Meta:
        verbose_name = _("inhoudspagina")


class LocationIndexPage(RoutablePageMixin, routing.KnownAncestorsMixin, Page):
    """All IDO locations, filterable by province and way of working, with a page each."""

    intro = RichTextField(_("inleiding"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = []
    page_cache = True

    class Meta:
        verbose_name = _("overzicht IDO-locaties")

    @staticmethod
    def locations():
        return Location.objects.select_related("organisation").prefetch_related(
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
        )

    @path("")
    def location_list(self, request):
        locations = self.locations()
        province = request.GET.get("provincie", "")
        delivery_model = request.GET.get("werkwijze", "")
        query = request.GET.get("zoek", "").strip()[:100]
        if province in Province.values:
            locations = locations.filter(province=province)
        else:
            province = ""
        if delivery_model in DeliveryModel.values:
            locations = locations.filter(delivery_model=delivery_model)
        else:
            delivery_model = ""
        if query:
            locations = locations.filter(
                models.Q(town__icontains=query)
                | models.Q(municipality__icontains=query)
                | models.Q(name__icontains=query)
                | models.Q(organisation__name__icontains=query)
            )
        locations = list(locations)
        for location in locations:
            location.page_url = self.url_for(location)
        return self.render(
            request,
            context_overrides={
                "locations": locations,
                "provinces": Province.choices,
                "delivery_models": DeliveryModel.choices,
                "selected_province": province,
                "selected_delivery_model": delivery_model,
                "query": query,
            },
        )

    @path("<slug:slug>/", name="location")
    def location_detail(self, request, slug):
        location = get_object_or_404(self.locations(), slug=slug)
        return self.render(
            request,
            template="ido_platform/location_page.html",
            context_overrides={"location": location},
        )

    def url_for(self, location):
        return self.url + self.reverse_subpage("location", kwargs={"slug": location.slug})

    @cached_property
    def url(self):
        # Computed once per page object: the list page builds one URL per location.
        return super().url


def location_index_page():
    """The live location overview page, or 404 when the site has none yet."""
    page = LocationIndexPage.objects.live().first()
    if page is None:
        raise Http404
    return page


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """What every page's footer links to."""

    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacyverklaring"),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("toegankelijkheidsverklaring"),
    )
    contact_text = models.CharField(_("contacttekst"), max_length=300, blank=True)

    select_related = ["privacy_page", "accessibility_page"]

    panels = [
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
        FieldPanel("contact_text"),
    ]

    class Meta:
        verbose_name = _("voettekst")
