"""The Django side of the benchmark, run by ``bench.run`` in a subprocess with the bench
database's environment: creates the bench editor (token for the API, session for the
admin) and requests each endpoint once through Django's test client, counting its
database queries. Reads the endpoints as JSON on stdin, writes JSON on stdout.

Production code stays untouched: counting happens here, in-process, not in a middleware.
"""

import json
import sys

BENCH_USERNAME = "bench-editor"


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    spec = json.load(sys.stdin)
    user, _ = get_user_model().objects.get_or_create(
        username=BENCH_USERNAME, defaults={"is_staff": True, "email": "bench@example.org"}
    )
    user.is_staff = True
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    token, _ = Token.objects.get_or_create(user=user)

    # The session cookie the admin requests carry, from a real login.
    session_client = Client(HTTP_HOST="127.0.0.1")
    session_client.force_login(user)
    sessionid = session_client.cookies["sessionid"].value

    probes = {}
    for endpoint in spec["endpoints"]:
        client = Client(HTTP_HOST="127.0.0.1")
        headers = {}
        if endpoint.get("auth") == "token":
            headers["HTTP_AUTHORIZATION"] = f"Token {token.key}"
        elif endpoint.get("auth") == "session":
            client.cookies["sessionid"] = sessionid
        with CaptureQueriesContext(connection) as queries:
            if endpoint["method"] == "POST":
                # Compact, as the load generators send it (a 1 MiB document stays under the limit).
                body = json.dumps(endpoint["body"], separators=(",", ":"))
                response = client.post(endpoint["path"], data=body, content_type="application/json", **headers)
            else:
                response = client.get(endpoint["path"], **headers)
        probes[endpoint["name"]] = {
            "status": response.status_code,
            "queries": len(queries.captured_queries),
            "bytes": len(response.content),
            "sql": [q["sql"] for q in queries.captured_queries] if spec.get("show_sql") else None,
        }
    json.dump(
        {"user_id": user.pk, "token": token.key, "sessionid": sessionid, "probes": probes},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
