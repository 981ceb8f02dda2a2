"""La captura de JupyterLab de la página «Qué son y su interfaz» se puede regenerar (make screenshot)."""

from __future__ import annotations

import struct
from pathlib import Path

from tools import jupyterlab_screenshot

ROOT = Path(__file__).resolve().parents[2]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_screenshot_tool_finds_every_area_and_writes_the_image(tmp_path):
    output = tmp_path / "jupyterlab.png"
    jupyterlab_screenshot.take_screenshot(output)  # falla si alguna zona numerada no está en JupyterLab
    assert png_size(output) == png_size(ROOT / "docs/assets/images/jupyterlab.png") == (1440, 900)


def test_page_explains_every_numbered_area():
    page = (ROOT / "docs/notebooks/interfaz.md").read_text(encoding="utf-8")
    for number, label, *_ in jupyterlab_screenshot.AREAS:
        assert f"{number}. **{label}**" in page
