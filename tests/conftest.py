import pytest

from tonecheck.engine import Linter


@pytest.fixture(scope="session")
def linter() -> Linter:
    """One linter for the whole suite: pipelines and rules load once."""
    return Linter()
