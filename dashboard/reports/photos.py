"""Photos with a report: only real images, made smaller and re-encoded so no EXIF (no location) survives.

Pillow decodes the upload fully (a file that is not an image, or a decompression bomb, is refused), turns
it upright, scales it to at most MAX_SIDE pixels and saves a fresh JPEG without any metadata under a
random name in a 0700 folder beside the warehouse. The photo's place is the initiative's buurt, kept with
the submission; nothing in the file says where it was taken.
"""

from __future__ import annotations

import io
import re
import secrets
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from etl.contract import default_home

FOLDER = "rapportage-fotos"
MAX_BYTES = 10_000_000  # what a phone camera makes; the request limit for the form allows it
MAX_PIXELS = 50_000_000  # above this Pillow's decompression-bomb check refuses the file
MAX_SIDE = 1600
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
NAME = re.compile(r"^[A-Za-z0-9_-]{20,64}\.jpg$")


class PhotoRefused(ValueError):
    """An upload that is not kept; the message is plain Dutch for the form."""


def folder(home: Path | None = None) -> Path:
    path = (home if home is not None else default_home()) / FOLDER
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def clean_jpeg(data: bytes) -> bytes:
    """The image in `data` as a JPEG of at most MAX_SIDE pixels, upright, without EXIF or other metadata."""
    if len(data) > MAX_BYTES:
        raise PhotoRefused("De foto is te groot. Kies een foto kleiner dan 10 MB.")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise PhotoRefused("Dit bestand is geen foto. Kies een JPG- of PNG-foto.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused("Deze foto is te groot om te verwerken. Kies een kleinere foto.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoRefused("Dit bestand is geen foto. Kies een JPG- of PNG-foto.") from None
    upright = upright.convert("RGB")
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    clean = Image.new("RGB", upright.size)  # pixels only: nothing of the original's info or EXIF comes along
    clean.paste(upright)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def store(data: bytes, home: Path | None = None) -> str:
    """Clean an upload and keep it; returns its random file name (PhotoRefused before anything is written)."""
    return save(clean_jpeg(data), home)


def save(clean: bytes, home: Path | None = None) -> str:
    """Keep the output of clean_jpeg under a random name; returns that name."""
    name = secrets.token_urlsafe(24) + ".jpg"
    path = folder(home) / name
    path.write_bytes(clean)
    path.chmod(0o600)
    return name


def path_of(name: str, home: Path | None = None) -> Path | None:
    """The stored photo called `name`, or None for any other name (no paths, no guessing outside the folder)."""
    if not NAME.match(name):
        return None
    path = (home if home is not None else default_home()) / FOLDER / name
    return path if path.is_file() else None
