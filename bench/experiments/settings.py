"""The production settings with the prototypes of ``bench.experiments.fast`` switched on."""

from config.settings import *  # noqa: F403
from config.settings import REST_FRAMEWORK

ROOT_URLCONF = "bench.experiments.urls"
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_RENDERER_CLASSES": ["bench.experiments.renderers.ORJSONRenderer"]}
