"""The campaign of the campaigns tests, for the home page's work lists."""

from tests.campaigns.conftest import campaign  # noqa: F401 (a fixture)
