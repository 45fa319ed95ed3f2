#!/usr/bin/env python3
"""Integration tests of the directory endpoints of govdx-exchanged (first cut)."""
import os
import sys

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")), "tests/lib"))
from govdxtest import Tap, api, env_or_skip  # noqa: E402

tap = Tap()
env_or_skip(tap, "GOVDX_URL", "GOVDX_TOKENS", "GOVDX_DB")
r = api("GET", "/v1/health")
tap.eq(r.status, 200, "health answers 200")
tap.done()
