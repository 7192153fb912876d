"""Suite-wide rules.

In CI (``CI`` set, as ``.ci/run`` runs) a skipped test fails the run: the README's setup installs
everything the tests need, so a skip there means a missing install step, not an optional extra.
Only skips whose reason starts with ``platform:`` (a feature the operating system lacks, e.g. POSIX
signals on Windows) are allowed.
"""
from __future__ import annotations

import os

import pytest

ALLOWED_SKIP_PREFIX = "platform:"


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    forbidden = [
        (report.nodeid, _skip_reason(report))
        for report in reporter.stats.get("skipped", [])
        if not _skip_reason(report).startswith(ALLOWED_SKIP_PREFIX)
    ]
    if forbidden:
        lines = "\n".join(f"  {nodeid}: {reason}" for nodeid, reason in forbidden)
        reporter.write_line(f"CI: {len(forbidden)} test(s) skipped that the README's setup should enable:\n{lines}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
