"""Evidence photos: verified, limited, re-encoded, without EXIF/GPS."""

import pytest

from django.core.exceptions import ValidationError

from assessments.services.evidence import MAX_BYTES, clean_photo
from tests.assessments.images import bomb_png, has_gps, jpeg_with_gps, png_bytes, upload


def test_a_photo_is_re_encoded_without_its_gps_tag():
    original = jpeg_with_gps()
    assert has_gps(original)  # the test image really carries a location

    cleaned, width, height = clean_photo(upload(original))

    assert not has_gps(cleaned)
    assert b"Exif" not in cleaned[:200]
    assert (width, height) == (64, 48)


def test_a_png_becomes_a_jpeg():
    cleaned, _, _ = clean_photo(upload(png_bytes(), "a.png", "image/png"))
    assert cleaned[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (b"%PDF-1.4 dit is geen foto", "image/jpeg", "geen foto"),
        (jpeg_with_gps()[:300], "image/jpeg", "geen foto of het is beschadigd"),
        (png_bytes(), "image/jpeg", "geen image/jpeg"),
        (png_bytes(), "application/pdf", "bestandstype"),
        (bomb_png(), "image/png", "te veel pixels"),
        (b"\xff" * (MAX_BYTES + 1), "image/jpeg", "te groot"),
    ],
    ids=["non-image", "truncated", "mime-mismatch", "wrong-mime", "decompression-bomb", "too-big"],
)
def test_bad_files_are_refused_with_a_dutch_message(data, content_type, message):
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(data, content_type=content_type))
    assert message in refused.value.messages[0]
