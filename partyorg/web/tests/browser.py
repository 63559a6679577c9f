"""Playwright with Debian's Chromium, never a downloaded browser.

A test that needs the browser skips on a developer's machine without ``/usr/bin/chromium`` (the
Debian package ``chromium``), naming it; on CI (``CI=true``) it fails instead, because ``.ci/run``
installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@contextmanager
def browser_page() -> Iterator[Page]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Chromium at /usr/bin/chromium (.ci/run installs the Debian package)")
        pytest.skip("cần gói Debian 'chromium' (/usr/bin/chromium) cho kiểm thử trình duyệt")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield browser.new_page(locale="vi-VN")
        finally:
            browser.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def submit(page: Page, selector: str) -> None:
    """Click a form's button and wait until the page it leads to has loaded: a count read straight
    after a bare click may read the page half replaced (0 rows where there is one)."""
    with page.expect_navigation():
        page.click(selector)


def sign_in(page: Page, base_url: str, username: str, password: str = "mat-khau-du-dai") -> None:
    """Through the sign-in page, as a user would."""
    page.goto(base_url + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
