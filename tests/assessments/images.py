"""Test images made with Pillow: a photo with a GPS tag, broken and hostile files."""

import io

from PIL import ExifTags, Image

from django.core.files.uploadedfile import SimpleUploadedFile


def jpeg_with_gps(name="foto.jpg", size=(64, 48)):
    image = Image.new("RGB", size, "navy")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Tablet"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 22.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (6.0, 10.0, 5.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def has_gps(data):
    with Image.open(io.BytesIO(data)) as image:
        return bool(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def png_bytes(size=(32, 32)):
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, "PNG")
    return out.getvalue()


def bomb_png():
    """100 megapixels in a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")
    return out.getvalue()


def upload(data, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)
