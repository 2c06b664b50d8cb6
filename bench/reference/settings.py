"""The product's settings, with a URLconf that adds the reference rows' endpoints."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "reference.urls"
