"""Lesson videos are click-to-load (issue 10, item 13): the lesson shows a link to the video
at the provider and, for JavaScript, a hidden button that loads the provider's player; the
page itself holds no frame and rendering it fetches nothing from the provider. The player's
origin is allowed in the policy's frame-src, and nothing else is."""

import re

import pytest

from django.conf import settings

from courses.learning import video
from ido_platform.core.models import Role

YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"


@pytest.mark.parametrize(
    ("url", "provider", "player"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", YOUTUBE),
        ("https://youtu.be/dQw4w9WgXcQ?t=10", "YouTube", YOUTUBE),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", YOUTUBE),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "YouTube", YOUTUBE),
        (
            "https://vimeo.com/76979871",
            "Vimeo",
            "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1",
        ),
        (
            "https://player.vimeo.com/video/76979871",
            "Vimeo",
            "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1",
        ),
    ],
)
def test_a_youtube_or_vimeo_address_gets_the_providers_player(url, provider, player):
    assert video.player_for(url) == video.Player(provider, player)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.nl/filmpje.mp4",  # another provider: only the link
        "https://www.youtube.com/watch?v=x%22onload=alert(1)",  # not a video id
        "https://www.youtube.com/watch",
        "https://vimeo.com/channels/staffpicks",
        "javascript:alert(1)",
        "",
    ],
)
def test_any_other_address_gets_no_player(url):
    assert video.player_for(url) is None


def test_the_policy_allows_frames_from_the_players_and_nothing_else():
    frame_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    assert sorted(frame_src) == sorted(["'self'", *video.PLAYER_ORIGINS])
    for url in ("https://youtu.be/dQw4w9WgXcQ", "https://vimeo.com/76979871"):
        assert video.player_for(url).url.startswith(video.PLAYER_ORIGINS)


@pytest.mark.django_db
def test_a_lesson_video_is_a_link_and_a_button_without_a_frame(client, users, module):
    from wagtail.embeds.models import Embed

    lesson = module.lessons().first()
    lesson.body = [
        (
            "video",
            {
                "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "title": "Een brief van het CJIB",
                "transcript": "<p>Tekst</p>",
            },
        ),
        ("video", {"video": "https://www.example.nl/filmpje.mp4", "title": "Elders"}),
    ]
    lesson.save_revision().publish()
    client.force_login(users[Role.MEDEWERKER])
    response = client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<iframe" not in html
    assert not Embed.objects.exists()  # nothing asked of the provider's oEmbed service
    holders = re.findall(r"<div class=\"lesson-video__frame\"([^>]*)>", html)
    assert len(holders) == 1  # the other provider's video is only a link
    assert f'data-video-player="{YOUTUBE.replace("&", "&amp;")}"' in holders[0]
    assert 'data-video-title="Een brief van het CJIB"' in holders[0]
    assert holders[0].rstrip().endswith("hidden")  # shown by the script only
    assert "Speel de video 'Een brief van het CJIB' hier af" in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert 'href="https://www.example.nl/filmpje.mp4"' in html
    assert "js/learning-video" in html
    assert "youtube-nocookie.com" in response["Content-Security-Policy"]
