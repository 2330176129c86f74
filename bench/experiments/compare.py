"""Check that the prototype answers exactly what the application answers:
``python -m bench.experiments.compare postgres://.../claims_bench_10000``."""

import json
import os
import sys

PATHS = (
    "/api/claims/",
    "/api/claims/?page=3",
    "/api/claims/?q=chemical+weapons",
    "/api/claims/?rating=false",
    "/api/claims/?speaker=1&status=checked",
    "/api/claims/1/",
    "/api/claims/2/",
    "/api/claims/999999999/",
)


def main(database_url: str) -> int:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.experiments.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client, override_settings

    plain_json = {**settings.REST_FRAMEWORK, "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

    client = Client(HTTP_HOST="127.0.0.1")
    different = 0
    for path in PATHS:
        fast = client.get(path)
        with override_settings(ROOT_URLCONF="config.urls", REST_FRAMEWORK=plain_json):
            slow = client.get(path)
        same = fast.status_code == slow.status_code and json.loads(fast.content) == json.loads(slow.content)
        different += not same
        print(f"{path}: {'same' if same else 'DIFFERENT'} ({fast.status_code}, {len(fast.content)} bytes)")
    return different


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
