"""The open data API's documentation page works offline: its viewer comes from our own
static files, never from a CDN."""

import re

import pytest

from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_api_docs_load_their_viewer_from_our_static_files(client, settings):
    response = client.get("/cursussen/api/docs")
    html = response.content.decode()

    assert response.status_code == 200
    assert "swagger-ui-bundle.js" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    for asset in assets:
        assert asset.startswith(settings.STATIC_URL), f"{asset} is not one of our static files"
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), f"{asset} is missing"
    assert "cdn." not in html and "https://" not in html


def test_the_schema_the_docs_read_is_served_by_us(client):
    response = client.get("/cursussen/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"].startswith("IDO-platform")
