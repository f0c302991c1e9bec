"""Shared fixtures for tests of the sandbox with real clients.

`cargo xtask test` starts kterm-server and passes its address in KTERM_URL.
"""

import os

import pytest


@pytest.fixture(scope="session")
def base_url() -> str:
    url = os.environ.get("KTERM_URL")
    if not url:
        pytest.skip("KTERM_URL is not set: run through `cargo xtask test`")
    return url.rstrip("/")
