"""The oracle's comparisons are slow (minutes): they run when the marker expression names
them (``pytest -m oracle``, as CI does) and are skipped, saying how to run them, otherwise."""

import pytest

HOW = "slow: the oracle's comparisons run with `pytest -m oracle`"


def pytest_collection_modifyitems(config, items):
    if "oracle" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason=HOW)
    for item in items:
        if item.get_closest_marker("oracle"):
            item.add_marker(skip)
