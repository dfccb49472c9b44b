"""Demo data for the IDO network: the 15 kopgroep libraries of 2019, the twelve service
providers named in the November 2021 press release, support organisations, topics, the
site's pages and one demo account per role. Every step is idempotent.

Facts (names, towns, provinces) come from ../shared/DOMAIN.md. Addresses, postcodes and phone
numbers are illustrative demo values (the town's postcode area and dialling code, an invented
street and number), like the opening hours: they show what a location page holds, and are not
the libraries' real details.
"""

import datetime
import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from ido_platform.core import people
from ido_platform.core.models import (
    DeliveryModel,
    FooterSettings,
    HomePage,
    LibraryOrganisation,
    Location,
    LocationIndexPage,
    Membership,
    OpeningHours,
    Organisation,
    Province,
    Role,
    ServiceProvider,
    StandardPage,
    SupportOrganisation,
    Topic,
)

# Illustrative contact details per library slug: (street, postcode, phone).
DEMO_CONTACT = {
    "rivierenland": ("Bibliotheekplein 1", "4001 AB", "0344 60 00 10"),
    "biblionet-groningen": ("Boekenstraat 12", "9711 CD", "050 300 00 20"),
    "bieb-zaanstreek": ("Leeshoek 3", "1506 EF", "075 600 00 30"),
    "kennemerwaard": ("Bibliotheekplein 4", "1811 GH", "072 500 00 40"),
    "dbieb-leeuwarden": ("Boekenstraat 5", "8911 JK", "058 200 00 50"),
    "midden-brabant": ("Leeshoek 6", "5038 LM", "013 500 00 60"),
    "hengelo": ("Bibliotheekplein 7", "7551 NP", "074 200 00 70"),
    "aanzet": ("Boekenstraat 8", "3311 RS", "078 600 00 80"),
    "katwijk": ("Leeshoek 9", "2225 TV", "071 400 00 90"),
    "rotterdam": ("Bibliotheekplein 10", "3011 WX", "010 200 01 00"),
    "venlo": ("Boekenstraat 11", "5911 AC", "077 300 01 10"),
    "dalfsen-nieuwleusen": ("Leeshoek 12", "7721 BD", "0529 40 01 20"),
    "gooi-en-meer": ("Bibliotheekplein 13", "1401 CE", "035 600 01 30"),
    "zb-zeeland": ("Boekenstraat 14", "4331 DF", "0118 60 01 40"),
    "nieuwe-veste": ("Leeshoek 15", "4811 EG", "076 500 01 50"),
}

# (library, slug, town, municipality, province, delivery model)
KOPGROEP_LIBRARIES = [
    (
        "Bibliotheek Rivierenland",
        "rivierenland",
        "Tiel",
        "Tiel",
        Province.GELDERLAND,
        DeliveryModel.BASIS,
    ),
    (
        "Biblionet Groningen",
        "biblionet-groningen",
        "Groningen",
        "Groningen",
        Province.GRONINGEN,
        DeliveryModel.BREED,
    ),
    (
        "De Bieb voor de Zaanstreek",
        "bieb-zaanstreek",
        "Zaandam",
        "Zaanstad",
        Province.NOORD_HOLLAND,
        DeliveryModel.ALTIJD_BESCHIKBAAR,
    ),
    (
        "Bibliotheek Kennemerwaard",
        "kennemerwaard",
        "Alkmaar",
        "Alkmaar",
        Province.NOORD_HOLLAND,
        DeliveryModel.BASIS,
    ),
    (
        "dbieb Leeuwarden",
        "dbieb-leeuwarden",
        "Leeuwarden",
        "Leeuwarden",
        Province.FRIESLAND,
        DeliveryModel.BREED,
    ),
    (
        "Bibliotheek Midden-Brabant",
        "midden-brabant",
        "Tilburg",
        "Tilburg",
        Province.NOORD_BRABANT,
        DeliveryModel.BASIS,
    ),
    (
        "Bibliotheek Hengelo",
        "hengelo",
        "Hengelo",
        "Hengelo",
        Province.OVERIJSSEL,
        DeliveryModel.ALTIJD_BESCHIKBAAR,
    ),
    (
        "Bibliotheek AanZet",
        "aanzet",
        "Dordrecht",
        "Dordrecht",
        Province.ZUID_HOLLAND,
        DeliveryModel.BASIS,
    ),
    (
        "Bibliotheek Katwijk",
        "katwijk",
        "Katwijk",
        "Katwijk",
        Province.ZUID_HOLLAND,
        DeliveryModel.ALTIJD_BESCHIKBAAR,
    ),
    (
        "Bibliotheek Rotterdam",
        "rotterdam",
        "Rotterdam",
        "Rotterdam",
        Province.ZUID_HOLLAND,
        DeliveryModel.BREED,
    ),
    ("Bibliotheek Venlo", "venlo", "Venlo", "Venlo", Province.LIMBURG, DeliveryModel.BASIS),
    (
        "Bibliotheek Dalfsen-Nieuwleusen",
        "dalfsen-nieuwleusen",
        "Dalfsen",
        "Dalfsen",
        Province.OVERIJSSEL,
        DeliveryModel.ALTIJD_BESCHIKBAAR,
    ),
    (
        "Bibliotheek Gooi en meer",
        "gooi-en-meer",
        "Bussum",
        "Gooise Meren",
        Province.NOORD_HOLLAND,
        DeliveryModel.BASIS,
    ),
    (
        "ZB Planbureau en Bibliotheek van Zeeland",
        "zb-zeeland",
        "Middelburg",
        "Middelburg",
        Province.ZEELAND,
        DeliveryModel.BREED,
    ),
    (
        "Bibliotheek De Nieuwe Veste",
        "nieuwe-veste",
        "Breda",
        "Breda",
        Province.NOORD_BRABANT,
        DeliveryModel.BASIS,
    ),
]

# (name, abbreviation, slug, what it does — our own words)
SERVICE_PROVIDERS = [
    (
        "Belastingdienst",
        "",
        "belastingdienst",
        "Int belastingen, zoals inkomstenbelasting. Helpt bij de aangifte en de voorlopige "
        "aanslag.",
    ),
    ("CAK", "CAK", "cak", "Berekent en int de eigen bijdrage voor zorg uit de Wlz en de Wmo."),
    ("CBR", "CBR", "cbr", "Neemt rijexamens af en beoordeelt of iemand rijgeschikt is."),
    ("CIZ", "CIZ", "ciz", "Beoordeelt of iemand recht heeft op langdurige zorg uit de Wlz."),
    (
        "Centraal Justitieel Incassobureau",
        "CJIB",
        "cjib",
        "Int boetes, zoals verkeersboetes, en regelt betalingsregelingen.",
    ),
    (
        "Dienst Uitvoering Onderwijs",
        "DUO",
        "duo",
        "Regelt studiefinanciering, de terugbetaling van studieschuld en inburgering.",
    ),
    (
        "Huurcommissie",
        "",
        "huurcommissie",
        "Helpt huurders en verhuurders bij een geschil over de huurprijs of het onderhoud.",
    ),
    (
        "Landelijk Bureau Inning Onderhoudsbijdragen",
        "LBIO",
        "lbio",
        "Int kinderalimentatie en partneralimentatie als die niet wordt betaald.",
    ),
    (
        "Raad voor Rechtsbijstand",
        "",
        "raad-voor-rechtsbijstand",
        "Regelt gesubsidieerde rechtsbijstand voor mensen met een laag inkomen.",
    ),
    ("RDW", "RDW", "rdw", "Registreert voertuigen en geeft rijbewijzen uit."),
    ("Sociale Verzekeringsbank", "SVB", "svb", "Betaalt onder andere de AOW en de kinderbijslag."),
    (
        "Uitvoeringsinstituut Werknemersverzekeringen",
        "UWV",
        "uwv",
        "Regelt uitkeringen bij werkloosheid en ziekte, zoals WW en WIA, en helpt bij werk zoeken.",
    ),
]

SUPPORT_ORGANISATIONS = [
    ("KB, de nationale bibliotheek", "kb", SupportOrganisation.Kind.KB),
    ("Vereniging van Openbare Bibliotheken", "vob", SupportOrganisation.Kind.VOB),
    ("Samenwerkende POI's Nederland", "spn", SupportOrganisation.Kind.POI),
]

# (topic, slug, service provider slugs)
TOPICS = [
    ("DigiD", "digid", []),
    ("Huurtoeslag", "huurtoeslag", ["belastingdienst"]),
    ("Zorgtoeslag", "zorgtoeslag", ["belastingdienst"]),
    ("Belastingaangifte", "belastingaangifte", ["belastingdienst"]),
    ("Betalingsregeling boete", "betalingsregeling-boete", ["cjib"]),
    ("Studiefinanciering", "studiefinanciering", ["duo"]),
    ("AOW", "aow", ["svb"]),
    ("Kinderbijslag", "kinderbijslag", ["svb"]),
    ("WW en WIA", "ww-en-wia", ["uwv"]),
    ("Eigen bijdrage zorg", "eigen-bijdrage-zorg", ["cak"]),
    ("Indicatie langdurige zorg", "indicatie-langdurige-zorg", ["ciz"]),
    ("Rijbewijs", "rijbewijs", ["cbr", "rdw"]),
    ("Huurprijs en onderhoud", "huurprijs-en-onderhoud", ["huurcommissie"]),
    ("Alimentatie", "alimentatie", ["lbio"]),
    ("Rechtsbijstand", "rechtsbijstand", ["raad-voor-rechtsbijstand"]),
    ("Phishing en veilig online", "phishing", []),
]

# (username, first name, last name, role, organisation slug, location slug)
DEMO_USERS = [
    ("medewerker", "Mila", "de Vries", Role.MEDEWERKER, "venlo", "venlo"),
    ("coordinator", "Koen", "Janssen", Role.COORDINATOR, "venlo", "venlo"),
    ("auditor", "Anouk", "Bakker", Role.AUDITOR, "vob", None),
    ("redacteur", "Ruben", "Smit", Role.EDITOR, "kb", None),
    ("landelijk", "Lotte", "Visser", Role.NATIONAL, "kb", None),
    ("partner", "Priya", "Ramdin", Role.PARTNER_ANALYST, "belastingdienst", None),
]

# Illustrative opening hours: (weekday, opens, closes, spreekuur)
DEMO_HOURS = {
    DeliveryModel.BASIS: [(2, "10:00", "12:00", True), (4, "14:00", "16:00", True)],
    DeliveryModel.ALTIJD_BESCHIKBAAR: [(d, "10:00", "17:00", False) for d in range(1, 6)],
    DeliveryModel.BREED: [
        (1, "09:30", "12:30", False),
        (3, "09:30", "12:30", False),
        (5, "13:00", "16:00", True),
    ],
}

PRIVACY_TEXT = [
    ("heading", {"text": "Welke gegevens wij bewaren", "size": "h2"}),
    (
        "paragraph",
        "<p>Wij bewaren zo weinig mogelijk gegevens. Als u zich inschrijft voor een "
        "cursus, vragen wij uw naam en uw telefoonnummer of e-mailadres. Wij vragen nooit uw "
        "burgerservicenummer (BSN) en nooit uw geboortedatum.</p>",
    ),
    ("heading", {"text": "Hoe lang wij uw gegevens bewaren", "size": "h2"}),
    (
        "paragraph",
        "<p>Na afloop van de cursus verwijderen wij uw gegevens volgens een vast "
        "schema. Wij houden alleen tellingen over, zonder namen.</p>",
    ),
    ("heading", {"text": "Medewerkers", "size": "h2"}),
    (
        "paragraph",
        "<p>Van medewerkers bewaren wij de gegevens die nodig zijn voor hun account, "
        "hun trainingen en hun certificaten.</p>",
    ),
]
ACCESSIBILITY_TEXT = [
    (
        "paragraph",
        "<p>Wij willen dat iedereen deze website kan gebruiken. De website is "
        "gebouwd volgens de eisen van WCAG 2.1 op niveau A en AA. Bij elke wijziging controleren "
        "wij de pagina's automatisch met een toegankelijkheidstoets.</p>",
    ),
    ("heading", {"text": "Iets werkt niet?", "size": "h2"}),
    (
        "paragraph",
        "<p>Loopt u tegen een probleem aan? Vraag het bij het informatiepunt in uw "
        "bibliotheek. Dan lossen wij het op.</p>",
    ),
]


def load():
    """Load all demo data of the platform's network part."""
    with transaction.atomic():
        libraries = load_libraries()
        providers = load_service_providers()
        load_support_organisations()
        load_topics(providers)
        home = load_pages()
    users = load_users(libraries)
    return {"home": home, "users": users}


def load_libraries():
    libraries = {}
    for name, slug, town, municipality, province, delivery_model in KOPGROEP_LIBRARIES:
        library, _ = LibraryOrganisation.objects.update_or_create(
            slug=slug, defaults={"name": name, "town": town, "province": province}
        )
        libraries[slug] = library
        street, postcode, phone = DEMO_CONTACT[slug]
        location, created = Location.objects.update_or_create(
            slug=slug,
            defaults={
                "organisation": library,
                "name": f"Informatiepunt {name}",
                "street_address": street,
                "postcode": postcode,
                "phone": phone,
                "town": town,
                "municipality": municipality,
                "province": province,
                "delivery_model": delivery_model,
                "is_kopgroep": True,
                # The first IDO opened in Venlo on 1 July 2019; other dates we do not know.
                "opened_on": datetime.date(2019, 7, 1) if slug == "venlo" else None,
            },
        )
        if created:
            for index, (weekday, opens, closes, spreekuur) in enumerate(DEMO_HOURS[delivery_model]):
                OpeningHours.objects.create(
                    location=location,
                    weekday=weekday,
                    opens=opens,
                    closes=closes,
                    is_spreekuur=spreekuur,
                    sort_order=index,
                )
    return libraries


def load_service_providers():
    providers = {}
    for name, abbreviation, slug, description in SERVICE_PROVIDERS:
        provider, _ = ServiceProvider.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "abbreviation": abbreviation, "description": description},
        )
        providers[slug] = provider
    return providers


def load_support_organisations():
    for name, slug, kind in SUPPORT_ORGANISATIONS:
        SupportOrganisation.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind}
        )


def load_topics(providers):
    for name, slug, provider_slugs in TOPICS:
        topic, _ = Topic.objects.update_or_create(slug=slug, defaults={"name": name})
        topic.service_providers.set([providers[s] for s in provider_slugs])


def child_page(parent, page_class, slug, **fields):
    """The published child page with this slug, created the first time (demo loaders)."""
    existing = page_class.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = page_class(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_tree_root():
    """Wagtail's migrations create the locale and the tree root; a flushed database (as in
    transactional tests) has neither, so make them when they are missing."""

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def load_pages():
    """The home page (replacing Wagtail's welcome page), the location overview and the
    privacy and accessibility statements, linked from the footer."""
    site = Site.objects.filter(is_default_site=True).first()
    root = ensure_tree_root()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="Hulp bij de digitale overheid",
            slug="ido",
            intro="<p>In de bibliotheek helpen wij u met DigiD, toeslagen, belastingen en "
            "andere zaken met de overheid. Gratis, en zonder afspraak of lidmaatschap.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        if site is None:
            site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        old_root = site.root_page.specific
        site.root_page = home
        site.site_name = "Informatiepunt Digitale Overheid"
        site.save()
        if type(old_root) is Page and old_root.pk != home.pk:
            old_root.delete()
    locations = child_page(
        home,
        LocationIndexPage,
        "locaties",
        title="IDO-locaties",
        intro="<p>Zoek een informatiepunt bij u in de buurt.</p>",
    )
    privacy = child_page(
        home,
        StandardPage,
        "privacyverklaring",
        title="Privacyverklaring",
        intro="Hier leest u welke gegevens wij bewaren, waarom, en hoe lang.",
        body=PRIVACY_TEXT,
    )
    accessibility = child_page(
        home,
        StandardPage,
        "toegankelijkheidsverklaring",
        title="Toegankelijkheidsverklaring",
        intro="Deze website moet voor iedereen te gebruiken zijn.",
        body=ACCESSIBILITY_TEXT,
    )
    if not home.journeys:
        home.journeys = [
            (
                "card",
                {
                    "title": "Een informatiepunt zoeken",
                    "text": "Vind een bibliotheek bij u in de buurt waar u hulp krijgt.",
                    "page": locations,
                    "url": "",
                    "link_text": "Zoek een locatie",
                },
            ),
            (
                "card",
                {
                    "title": "Cursussen voor inwoners",
                    "text": "Leer werken met de computer, DigiD en websites van de overheid. "
                    "Met Klik & Tik en Digisterker.",
                    "page": None,
                    "url": "/cursussen/",
                    "link_text": "Bekijk de cursussen",
                },
            ),
        ]
        home.save_revision().publish()
    if not home.staff_links:
        # Staff entrances sit below the citizens' signposts, small (older demo databases had
        # them among the citizens' cards: take them out there).
        staff_urls = {"/leren/", "/kwaliteit/"}
        home.journeys = [
            ("card", block.value)
            for block in home.journeys
            if block.value.get("url") not in staff_urls
        ]
        home.staff_links = [
            (
                "card",
                {
                    "title": "Training voor medewerkers",
                    "text": "E-learning en trainingen voor medewerkers van het informatiepunt.",
                    "page": None,
                    "url": "/leren/",
                    "link_text": "Naar de trainingen",
                },
            ),
            (
                "card",
                {
                    "title": "Kwaliteitstoetsing",
                    "text": "Auditors beoordelen de kwaliteit van de informatiepunten.",
                    "page": None,
                    "url": "/kwaliteit/",
                    "link_text": "Naar kwaliteitstoetsing",
                },
            ),
        ]
        home.save_revision().publish()
    footer = FooterSettings.for_site(site)
    if footer.privacy_page_id is None or footer.accessibility_page_id is None:
        footer.privacy_page = privacy
        footer.accessibility_page = accessibility
        footer.save()
    return home


@functools.cache
def _demo_password_hash(password, hashers):
    return make_password(password)


def set_demo_password(user, password):
    """Give a demo account the demo password, or no usable password without one. Every demo
    account shares one hash of it: a password hash is slow on purpose (about 0.4 s), and the
    demo makes some twenty accounts. Real accounts never come here."""
    if password:
        user.password = _demo_password_hash(password, tuple(settings.PASSWORD_HASHERS))
    else:
        user.set_unusable_password()


def demo_account(username, first_name, last_name, *, password=None):
    """A demo account with a demo address, created once; without ``password`` it gets no
    usable password."""
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@demo.ido.example",
        },
    )
    if created:
        set_demo_password(user, password)
        user.save()
    return user


def load_users(libraries):
    """One account per role. Passwords only where the settings define DEMO_PASSWORD (dev
    and test); anywhere else the accounts get no usable password."""

    password = getattr(settings, "DEMO_PASSWORD", None)
    created_users = []
    for username, first_name, last_name, role, organisation_slug, location_slug in DEMO_USERS:
        user = demo_account(username, first_name, last_name, password=password)
        organisation = Organisation.objects.get(slug=organisation_slug)
        location = Location.objects.get(slug=location_slug) if location_slug else None
        Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role, defaults={"location": location}
        )
        people.sync_role_groups(user)
        created_users.append((username, role))
    return created_users
