"""A crawler over the demo site, as every demo role and anonymously, for the promise "bad
input gets a clear Dutch message and a 4xx, never a 500".

Per role it follows every same-site link from the start pages (GET only), asks the pages
it reached again with hostile query values, and asks every URL pattern with a path
converter for an object that does not exist or that belongs to someone else. The demo data
is loaded once for the module, inside a transaction that is rolled back at the end."""

import re
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter, SlugConverter, UUIDConverter
from django.urls.exceptions import Resolver404

from wagtail.models import Page

from assessments.models import Audit, EvidencePhoto, ImprovementAction
from courses.learning.models import Certificate, QuizAttempt
from courses.runs.models import CourseRun, Enrolment, Meeting
from ido_platform.core.models import Membership

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ROLES = ["anoniem", "medewerker", "coordinator", "auditor", "redacteur", "landelijk"]
MAX_PAGES = 400
# Enough of one view to meet its variations; 109 attendance lists tell no more than five.
MAX_PER_VIEW = 5
# The crawl reaches at least this many pages: a crawler that finds no links fails here.
MIN_PAGES = {
    "anoniem": 35,
    "medewerker": 60,
    "coordinator": 85,
    "auditor": 70,
    "redacteur": 55,
    "landelijk": 100,
}
# Objects of someone else that each role meets in the demo (see others_objects).
MIN_OTHERS = {"medewerker": 14, "coordinator": 14, "auditor": 6, "redacteur": 14}
# The first page of each journey; links lead on from there.
START_PAGES = [
    "/",
    "/locaties/",
    "/cursussen/",
    "/cursussen/beheer/",
    "/cursussen/beheer/cijfers/",
    "/cursussen/api/groepen",
    "/cursussen/api/cursussen",
    "/leren/",
    "/training/team/",
    "/training/landelijk/",
    "/certificaat/",
    "/kwaliteit/",
    "/kwaliteit/plannen/",
    "/kwaliteit/dashboard/",
    "/kwaliteit/kaders/",
    "/inloggen/",
]
# Wagtail's admin is tested on its own; logging out would end the crawl.
SKIPPED_PREFIXES = ("/admin/", "/uitloggen/", "/static/")
# The filters each list page reads from its query string (see the views and services);
# the crawl adds the parameters of the links and GET forms it meets.
KNOWN_PARAMETERS = {
    "/locaties/": ["provincie", "werkwijze", "zoek"],
    "/cursussen/": ["plaats", "cursus", "pagina"],
    "/cursussen/digisterker/": ["plaats", "pagina"],
    "/cursussen/beheer/cijfers/": ["formaat"],
    "/cursussen/api/groepen": ["cursus", "gemeente", "pagina"],
    "/training/team/": ["organisatie", "locatie", "module", "export"],
    "/certificaat/": ["code"],
    "/kwaliteit/dashboard/": ["provincie", "organisatie", "werkwijze", "pagina"],
    "/kwaliteit/export/audits.csv": ["provincie", "organisatie", "werkwijze"],
    "/inloggen/": ["next"],
}
HOSTILE_VALUES = [
    "x",
    "-1",
    "0",
    "99999999999999999999",
    "1.5",
    "",
    "%",
    "<script>",
    "²",  # str.isdigit() says yes, int() says no
    "x" * 2000,
]
# Raw query strings: a bare percent sign, a broken escape, a repeated and a valueless name.
HOSTILE_RAW_QUERIES = ["{name}=%", "{name}=%zz", "{name}=1&{name}=x", "{name}"]
# Path values for objects that do not exist, per converter.
MISSING_VALUES = {
    IntConverter: ["987654321", "0", "99999999999999999999"],
    SlugConverter: ["bestaat-niet"],
    UUIDConverter: [str(uuid.UUID(int=1))],
}
MISSING_STRINGS = ["bestaat-niet", "987654321", "99999999999999999999", "-1", "²", "x" * 300]
# Every 4xx page tells in Dutch what went wrong: one of these texts is on it.
DUTCH_4XX_TEXTS = [
    "Deze pagina bestaat niet",  # 404.html
    "Dit verzoek kunnen we niet verwerken",  # 400.html (and a 405)
    "Geen toegang",  # 403.html
    "Deze code is bij ons niet bekend.",  # certificate check, unknown code
    "Vul een controlecode in.",  # certificate check, empty code
    "Dat gaat niet",  # the coordinator's refusals
    "Dit kan niet",  # the audit pages' refusals
    "Niet gevonden.",  # the open data API
    "Ongeldige invoer.",  # the open data API
]
# A GET may write only these tables; nothing else changes by looking.
ALLOWED_GET_WRITES = {
    "django_session": "the session (messages are shown once)",
    "wagtailusers_userprofile": "Wagtail's user bar makes a staff member's profile",
    "learning_moduleprogress": "the last lesson opened, to resume there",
    "learning_certificate": "a certificate PDF made on first download when its task has not run",
}


class LinkParser(HTMLParser):
    """The hrefs of a page and the field names of its GET forms."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.forms = []  # (action, [field names])
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            is_get = (attrs.get("method") or "get").lower() == "get"
            self._form = (attrs.get("action") or "", []) if is_get else None
            if self._form:
                self.forms.append(self._form)
        elif tag in ("input", "select", "textarea") and self._form and attrs.get("name"):
            self._form[1].append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def same_site(base, href):
    """The path and query of a same-site link, or None for other sites and schemes."""
    url = urlsplit(urljoin(f"http://testserver{base}", href.strip().partition("#")[0]))
    if url.scheme not in ("http", "https") or url.hostname != "testserver":
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def written_tables(queries):
    pattern = re.compile(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)
    return {match.group(1) for q in queries if (match := pattern.match(q["sql"]))}


def view_key(path):
    """One key per view (URL pattern); each Wagtail page is its own."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return path if match.url_name == "wagtail_serve" else match.route


def page_type(response):
    """The type of the Wagtail page that answered, if one did."""
    page = response.context.get("page") if response.context is not None else None
    return type(page).__name__ if isinstance(page, Page) else None


def text_of(response):
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    return content.decode(errors="replace")


def is_dutch_error(text):
    return any(message in text for message in DUTCH_4XX_TEXTS)


@dataclass
class Visit:
    """One role's requests: each crawled page's status, and what went wrong."""

    client: Client
    role: str
    statuses: dict = field(default_factory=dict)
    page_types: dict = field(default_factory=dict)  # path -> Wagtail page type
    parameters: dict = field(default_factory=dict)  # path -> query parameter names met
    failures: list = field(default_factory=list)
    writes: dict = field(default_factory=dict)  # table -> first URL whose GET wrote it
    requests: int = 0

    def request(self, url, why, method="get"):
        """Never a 500, a 4xx with a Dutch message; a GET writes nothing. The body is read
        whole (``response.crawled_text``): a streamed export can still fail after its 200."""
        self.requests += 1
        with CaptureQueriesContext(connection) as queries:
            response = getattr(self.client, method)(url)
            try:
                response.crawled_text = text_of(response)
            except Exception as error:  # whatever breaks the stream is a failure to report
                response.crawled_text = ""
                self.failures.append(f"{type(error).__name__} while streaming, {why}: {url}")
        if method == "get":
            for table in written_tables(queries):
                self.writes.setdefault(table, url)
        status = response.status_code
        if status >= 500:
            self.failures.append(f"{status} {why}: {url}")
        elif 400 <= status < 500 and not is_dutch_error(response.crawled_text):
            self.failures.append(f"{status} without a Dutch message, {why}: {url}")
        return response

    def unexpected_writes(self):
        return {t: url for t, url in self.writes.items() if t not in ALLOWED_GET_WRITES}


def crawl(visit):
    """Breadth first from the start pages; a redirect counts as a link."""
    queue = deque(START_PAGES)
    seen = set(START_PAGES)
    per_view = Counter()
    login = resolve_url(settings.LOGIN_URL)
    while queue and len(visit.statuses) < MAX_PAGES:
        url = queue.popleft()
        response = visit.request(url, "while crawling")
        visit.statuses[url] = response.status_code
        path, _, query = url.partition("?")
        visit.page_types.setdefault(path, page_type(response))
        names = visit.parameters.setdefault(path, set())
        names.update(name for name, _value in parse_qsl(query, keep_blank_values=True))
        links = []
        if 300 <= response.status_code < 400:
            links.append(response["Location"])
        elif "text/html" in response.get("Content-Type", ""):
            parser = LinkParser()
            parser.feed(response.crawled_text)
            links.extend(parser.links)
            for action, fields in parser.forms:
                target = same_site(url, action) or path
                visit.parameters.setdefault(target.partition("?")[0], set()).update(fields)
        for href in links:
            link = same_site(url, href)
            if link is None or link.startswith(SKIPPED_PREFIXES):
                continue
            if link.startswith(login):
                link = login  # one login page, not one per "next"
            key = view_key(link.partition("?")[0])
            if link not in seen and per_view[key] < MAX_PER_VIEW:
                seen.add(link)
                per_view[key] += 1
                queue.append(link)


def hostile_queries(name, kept):
    """Query strings with a hostile value for ``name``; the other parameters stay."""
    for value in HOSTILE_VALUES:
        yield urlencode([*kept, (name, value)])
    for raw in HOSTILE_RAW_QUERIES:
        yield "&".join(filter(None, [urlencode(kept), raw.format(name=name)]))


def try_hostile_values(visit):
    """Each crawled page that answered 200, once per view (or Wagtail page type) and
    parameter. Pages anyone may see get them in the anonymous crawl only."""
    tried = set()
    anonymous = Client(raise_request_exception=False)
    for url, status in list(visit.statuses.items()):
        if status != 200:
            continue
        path, _, query = url.partition("?")
        names = visit.parameters.get(path, set()) | set(KNOWN_PARAMETERS.get(path, ()))
        view = visit.page_types.get(path) or view_key(path)
        names = {name for name in names if (view, name) not in tried}
        if not names:
            continue
        if visit.role != "anoniem" and anonymous.get(path).status_code == 200:
            tried.update((view, name) for name in names)
            continue
        kept_query = parse_qsl(query, keep_blank_values=True)
        for name in sorted(names):
            tried.add((view, name))
            kept = [(k, v) for k, v in kept_query if k != name]
            for hostile in hostile_queries(name, kept):
                visit.request(f"{path}?{hostile}", f"hostile {name}")
    return tried


def patterns_with_converters(resolver=None, prefix="", namespace=""):
    """(URL name, converters by keyword) of every pattern with a path converter, outside
    Wagtail's admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns_with_converters(entry, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = {**getattr(resolver.pattern, "converters", {})}
            converters.update(getattr(entry.pattern, "converters", {}))
            if converters:
                yield f"{namespace}{entry.name}", converters


def missing_urls():
    """Each URL pattern with a converter, filled in with values no object has: every value
    in one place, the first value in the others."""
    urls = [
        "/bestaat-niet/",
        "/locaties/bestaat-niet/",
        "/leren/bestaat-niet/",
        "/documenten/987654321/bestaat-niet.pdf",  # a re_path in Wagtail
        "/documenten/99999999999999999999/bestaat-niet.pdf",
    ]
    for name, converters in patterns_with_converters():
        values = {k: MISSING_VALUES.get(type(c), MISSING_STRINGS) for k, c in converters.items()}
        for keyword, candidates in values.items():
            for value in candidates:
                kwargs = {k: v[0] for k, v in values.items()} | {keyword: value}
                url = reverse(name, kwargs=kwargs)
                if url not in urls:
                    urls.append(url)
    return urls


def others_objects(username):
    """URLs of objects that are not this user's: another organisation's course runs,
    participants and audits, audits not assigned to an auditor, other people's training
    records. Each with texts that only the object's own page would show."""
    user = get_user_model().objects.get(username=username)
    own = Membership.objects.filter(user=user).values("organisation_id")
    others = get_user_model().objects.exclude(pk=user.pk).exclude(memberships__organisation__in=own)
    foreign_runs = CourseRun.objects.exclude(location__organisation__in=own)
    enrolment = (
        Enrolment.objects.filter(run__in=foreign_runs)
        .select_related("run__location")
        .order_by("pk")
        .first()
    )
    completed = (
        Enrolment.objects.filter(run__in=foreign_runs, status=Enrolment.Status.COMPLETED)
        .order_by("pk")
        .first()
    )
    audits = Audit.objects.exclude(location__organisation__in=own).exclude(auditors=user)
    audit = audits.select_related("location", "version").order_by("pk").first()
    action = ImprovementAction.objects.filter(audit__in=audits).order_by("pk").first()
    photo = EvidencePhoto.objects.filter(audit__in=audits).order_by("pk").first()
    certificate = Certificate.objects.filter(completion__user__in=others).order_by("pk").first()
    attempt = QuizAttempt.objects.filter(user__in=others).select_related("user").order_by("pk")
    attempt = attempt.first()
    found = []
    if enrolment:
        run, name = enrolment.run, enrolment.display_name
        meeting = Meeting.objects.filter(run=run).order_by("pk").first()
        found += [
            ("courses:coordinator_run", [run.pk], [name]),
            ("courses:coordinator_enrol", [run.pk], [f"groep/{run.pk}/"]),
            ("courses:coordinator_attendance", [meeting.pk], [name]),
        ]
    if completed:
        found += [
            ("courses:coordinator_certificate", [completed.pk], [completed.display_name]),
            ("courses:coordinator_certificate_pdf", [completed.pk], []),
        ]
    if audit:
        theme = audit.version.themes.order_by("sort_order", "pk").first()
        place = [audit.location.name]
        found += [
            ("assessments:audit", [audit.pk], place),
            ("assessments:report", [audit.pk], place),
            ("assessments:report_pdf", [audit.pk], []),
            ("assessments:correct", [audit.pk], place),
            ("assessments:score", [audit.pk, theme.key], place),
            ("assessments:self_assessment_start", [audit.pk], []),
            ("assessments:self_assessment", [audit.pk, theme.key], place),
        ]
    if action:
        found.append(("assessments:action", [action.pk], [action.description[:40]]))
    if photo:
        found.append(("assessments:photo", [photo.pk], []))
    if certificate:
        found.append(("learning:certificate_download", [certificate.pk], []))
    if attempt:
        found.append(("learning:attempt_result", [attempt.pk], [attempt.user.get_full_name()]))
    return [(reverse(name, args=args), secrets) for name, args, secrets in found]


@pytest.fixture
def demo_site(demo_data):
    """The demo data, loaded once for every role (tests/conftest.py) and rolled back after."""


def visit_as(role):
    client = Client(raise_request_exception=False)
    if role != "anoniem":
        assert client.login(username=role, password=settings.DEMO_PASSWORD), role
    return Visit(client=client, role=role)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_answers_without_a_server_error(demo_site, role):
    visit = visit_as(role)
    crawl(visit)
    try_hostile_values(visit)

    assert MIN_PAGES[role] <= len(visit.statuses) < MAX_PAGES, len(visit.statuses)
    assert not visit.failures, "\n".join(visit.failures)
    assert not visit.unexpected_writes(), f"a GET changed data: {visit.unexpected_writes()}"


@pytest.mark.parametrize("role", ROLES)
def test_an_address_for_something_that_is_not_there_gets_a_dutch_4xx(demo_site, role):
    visit = visit_as(role)
    login = resolve_url(settings.LOGIN_URL)
    urls = missing_urls()
    for url in urls:
        response = visit.request(url, "object that does not exist")
        if response.status_code == 405:  # a form's address: POST, nothing there to change
            response = visit.request(url, "POST, object that does not exist", method="post")
        if 300 <= response.status_code < 400:
            redirected_to_login = response["Location"].startswith(login)
            if not (role == "anoniem" and redirected_to_login):
                visit.failures.append(f"{response.status_code} for a missing object: {url}")

    assert len(urls) > 40
    assert not visit.failures, "\n".join(visit.failures)
    assert not visit.unexpected_writes(), f"a GET changed data: {visit.unexpected_writes()}"


# The national role may see everything; anonymous visitors are sent to the login page.
@pytest.mark.parametrize("role", ["medewerker", "coordinator", "auditor", "redacteur"])
def test_another_organisations_object_is_refused_without_showing_it(demo_site, role):
    visit = visit_as(role)
    urls = others_objects(role)
    for url, secrets in urls:
        response = visit.request(url, "someone else's object")
        if response.status_code not in (403, 404):
            visit.failures.append(f"{response.status_code} for someone else's object: {url}")
        shown = [secret for secret in secrets if secret and secret in response.crawled_text]
        if shown:
            visit.failures.append(f"{url} shows {shown}")

    assert len(urls) >= MIN_OTHERS[role], urls
    assert not visit.failures, "\n".join(visit.failures)
