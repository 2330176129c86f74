"""The production settings with the admin prototype of ``bench.experiments.admin``."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.experiments.urls"
