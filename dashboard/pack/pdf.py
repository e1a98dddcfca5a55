"""PPTX to PDF with LibreOffice headless (Debian's libreoffice-impress), in an isolated profile."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed or could not convert the file."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# The locale LibreOffice formats numbers in: a chart's '#,##0' axis reads '1.200' in a Dutch pack (as in a
# Dutch PowerPoint), '1,200' in an English one. Without it the throw-away profile took en-US for both.
LOCALES = {"nl": "nl-NL", "en": "en-GB"}
SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse">
<value>{locale}</value></prop></item>
</oor:items>
"""


def pptx_to_pdf(pptx: bytes, timeout: float = 120, lang: str = "nl") -> bytes:
    binary = soffice()
    if binary is None:
        raise PdfUnavailable("LibreOffice (soffice) ontbreekt: apt-get install libreoffice-impress")
    with tempfile.TemporaryDirectory(prefix="wijkwaarde-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "pakket.pptx"
        source.write_bytes(pptx)
        user = folder / "profile" / "user"
        user.mkdir(parents=True)
        locale = LOCALES.get(lang, LOCALES["nl"])
        (user / "registrymodifications.xcu").write_text(SETTINGS.format(locale=locale), encoding="utf-8")
        profile = (folder / "profile").as_uri()
        result = subprocess.run(
            [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(folder), str(source)],
            capture_output=True,
            timeout=timeout,
            check=False,
        )  # fmt: skip
        target = folder / "pakket.pdf"
        if result.returncode != 0 or not target.exists():
            raise PdfUnavailable(f"LibreOffice kon het pakket niet omzetten: {result.stderr.decode()[-300:]}")
        return target.read_bytes()
