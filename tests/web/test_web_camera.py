"""Camera scanning where the browser has no BarcodeDetector (Safari on iPhones and iPads): the
vendored WebAssembly decoder, served from /static, reads a printed label through a camera.

Chromium's fake camera plays a video made from the label PDF that Relais renders for a device,
and the page's own BarcodeDetector is removed before any script runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.web.browsing import CHROMIUM, CHROMIUM_ARGS, Server, log_in

pytestmark = pytest.mark.browser

FRAME = (640, 480)


def label_video(pdf: bytes, path: Path, frames: int = 10) -> Path:
    """A YUV4MPEG2 video (what --use-file-for-fake-video-capture plays, looping) of the label's
    barcode, held still in front of the camera."""
    page = pdfium.PdfDocument(pdf)[0].render(scale=300 / 72).to_pil().convert("L")
    [found] = [
        result for result in zxingcpp.read_barcodes(page) if result.format == zxingcpp.BarcodeFormat.Code128
    ]
    corners = [
        found.position.top_left,
        found.position.top_right,
        found.position.bottom_left,
        found.position.bottom_right,
    ]
    left, right = min(p.x for p in corners), max(p.x for p in corners)
    top, bottom = min(p.y for p in corners), max(p.y for p in corners)
    margin = (right - left) // 8  # the quiet zone and a little of the label around it
    crop = page.crop((left - margin, top - margin, right + margin, bottom + margin))
    scale = min((FRAME[0] - 40) / crop.width, (FRAME[1] - 40) / crop.height)
    crop = crop.resize((int(crop.width * scale), int(crop.height * scale)), Image.Resampling.LANCZOS)
    frame = Image.new("L", FRAME, 235)  # a pale desk around the label
    frame.paste(crop, ((FRAME[0] - crop.width) // 2, (FRAME[1] - crop.height) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (FRAME[0] // 2 * FRAME[1] // 2)
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{FRAME[0]} H{FRAME[1]} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + luma + chroma + chroma)
    return path


@pytest.fixture(scope="module")
def label_tag(server: Server) -> str:
    response = server.api(
        "POST",
        "/api/v1/devices",
        "tech",
        json={"category": "laptop", "make": "Acer", "model": "TravelMate P2"},
    )
    assert response.status_code == 201, response.text
    return response.json()["asset_tag"]


@pytest.fixture(scope="module")
def browser(server: Server, label_tag: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Chromium whose camera films the device's printed label."""
    pdf = server.api(
        "POST",
        "/api/v1/labels",
        "tech",
        json={"asset_tags": [label_tag], "layout": "a4-63x38", "start_position": 1},
    )
    assert pdf.status_code == 200, pdf.text
    video = label_video(pdf.content, tmp_path_factory.mktemp("camera") / "label.y4m")
    camera = [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + camera
        )
        yield chromium
        chromium.close()


def test_the_camera_reads_a_label_with_the_vendored_decoder_when_the_browser_has_none(
    page: Page, server: Server, label_tag: str
) -> None:
    page.context.add_init_script("delete window.BarcodeDetector;")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    log_in(page, "tech")
    page.goto("/scan")
    assert page.evaluate("() => 'BarcodeDetector' in window") is False
    camera = page.get_by_role("button", name="Caméra")
    expect(camera).to_be_visible()
    camera.click()
    # The decoder reads the label from the video and the scan station shows the device.
    expect(page).to_have_url(re.compile(f"/scan\\?code={label_tag}$"), timeout=30_000)
    expect(page.locator("#scan-result .device__tag")).to_have_text(label_tag)
    # Everything came from Relais itself: the decoder and its WebAssembly, no CDN.
    assert all(url.startswith(server.url) for url in fetched), [
        u for u in fetched if not u.startswith(server.url)
    ]
    assert any("/static/vendor/barcode-detector/ponyfill.js" in url for url in fetched)
    assert any("/static/vendor/zxing-wasm/zxing_reader.wasm" in url for url in fetched)
