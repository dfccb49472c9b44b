"""Template tags for the site chrome."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from ido_platform.core import formatting, site_chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def location_index_url(context):
    """The URL of the location overview (from the cached site chrome)."""
    return site_chrome.chrome_for(context.get("request"))["locations_url"]


@register.simple_tag(takes_context=True)
def footer_links(context):
    """The footer's contact text and links (from the cached site chrome)."""
    return site_chrome.chrome_for(context.get("request"))


class ScrollRegionNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist, self.label = nodelist, label

    def render(self, context):
        label = conditional_escape(self.label.resolve(context))
        inner = self.nodelist.render(context)
        return format_html(
            '<div class="scroll-region" role="region" aria-label="{}" tabindex="0">{}</div>',
            label,
            mark_safe(inner),  # already rendered by the template engine, which escapes
        )


@register.tag
def scrollregion(parser, token):
    """Wrap wide content (a table, a chart) in its own labelled, focusable region that
    scrolls sideways by itself, so the page never does (WCAG 1.4.10 reflow):
    ``{% scrollregion _("Deelnemers") %}<table>...</table>{% endscrollregion %}``."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("scrollregion takes one argument: its label")
    nodelist = parser.parse(("endscrollregion",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, parser.compile_filter(bits[1]))


@register.filter(name="score")
def score_filter(value):
    """A score with one decimal and a Dutch comma (see ``formatting.score``)."""
    return formatting.score(value)


@register.filter(name="signed_score")
def signed_score_filter(value):
    return formatting.signed_score(value)


@register.filter(name="decimal")
def decimal_filter(value):
    return formatting.decimal(value)


@register.filter(name="person")
def person_filter(user):
    """A user's name as everywhere else (see ``formatting.person_name``)."""
    return formatting.person_name(user)
