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


def pptx_to_pdf(pptx: bytes, timeout: float = 120) -> bytes:
    binary = soffice()
    if binary is None:
        raise PdfUnavailable("LibreOffice (soffice) ontbreekt: apt-get install libreoffice-impress")
    with tempfile.TemporaryDirectory(prefix="wijkwaarde-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "pakket.pptx"
        source.write_bytes(pptx)
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
