"""Lesson videos load from their provider only when the viewer asks for it (click-to-load).

A lesson shows a link to the video at the provider; with JavaScript also a button that puts
the provider's player in the page (static/js/learning-video.js). Until that click the browser
makes no request to the provider. The player addresses come from the video's address here,
not from the provider's oEmbed answer, so rendering a lesson fetches nothing either; their
origins are the only ones the Content-Security-Policy allows in frames
(``frame-src`` in settings/base.py, kept in step by a test).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_PLAYER = "https://www.youtube-nocookie.com"  # YouTube's player without tracking cookies
VIMEO_PLAYER = "https://player.vimeo.com"
PLAYER_ORIGINS = (YOUTUBE_PLAYER, VIMEO_PLAYER)

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com"}
_YOUTUBE_HOSTS |= {"www.youtube-nocookie.com"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


@dataclass(frozen=True)
class Player:
    provider: str  # the name the button and the notice show
    url: str  # the address of the provider's player, for the frame


def _youtube_id(parts):
    host = parts.hostname or ""
    path = parts.path.strip("/").split("/")
    if host == "youtu.be":
        return path[0]
    if host in _YOUTUBE_HOSTS:
        if path == ["watch"]:
            return (parse_qs(parts.query).get("v") or [""])[0]
        if len(path) >= 2 and path[0] in ("embed", "shorts", "live", "v"):
            return path[1]
    return ""


def _vimeo_id(parts):
    if (parts.hostname or "") not in _VIMEO_HOSTS:
        return ""
    path = parts.path.strip("/").split("/")
    if path[:1] == ["video"]:
        path = path[1:]
    return path[0] if path and path[0].isdigit() else ""


def player_for(url):
    """The provider's player for a YouTube or Vimeo address, or None (then only the link)."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    video_id = _youtube_id(parts)
    if _YOUTUBE_ID.match(video_id):
        return Player("YouTube", f"{YOUTUBE_PLAYER}/embed/{video_id}?autoplay=1&rel=0")
    video_id = _vimeo_id(parts)
    if video_id:
        return Player("Vimeo", f"{VIMEO_PLAYER}/video/{video_id}?autoplay=1&dnt=1")
    return None
