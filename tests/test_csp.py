"""Content-Security-Policy per part of the site (issue 13 §5), checked in Chromium: the
browsable API, the Swagger page and the admin load their own assets and run no blocked
script; API data keeps the strictest policy; id filters are plain inputs, not option lists."""

import pytest
from rest_framework.renderers import BrowsableAPIRenderer

from api.renderers import ORJSONRenderer
from claims.views import ClaimViewSet

from .factories import ArticleFactory, ClaimFactory, SpeakerFactory


def csp_violations(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(str(error)))
    return messages


def blocked(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m]


@pytest.fixture
def browsable_api(monkeypatch):
    """The browsable API is on only with DEBUG (settings); switch it on for the claims viewset."""
    monkeypatch.setattr(ClaimViewSet, "renderer_classes", [ORJSONRenderer, BrowsableAPIRenderer])


@pytest.mark.django_db
def test_api_data_keeps_the_strict_policy(client):
    response = client.get("/api/claims/")
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/api/docs/"])
def test_pages_have_a_policy_without_inline_script(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'self'" in policy


@pytest.mark.django_db
def test_swagger_page_runs_no_inline_script(client):
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html  # its init script is a file (SpectacularSwaggerSplitView)


@pytest.mark.django_db
def test_browsable_api_serves_its_page_policy_and_plain_id_inputs(client, browsable_api):
    SpeakerFactory.create_batch(3)
    ArticleFactory.create_batch(3)
    response = client.get("/api/claims/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self';")
    html = response.content.decode()
    # no <select> listing every speaker or article in the filter form
    for name in ("speaker", "article", "publisher"):
        assert f'name="{name}"' in html
    assert '<option value="1">' not in html
    assert html.count("<option") < 20


@pytest.mark.django_db(transaction=True)
def test_chromium_browsable_api_works_under_its_policy(live_server, browser_page, screenshot, browsable_api):
    ClaimFactory()
    messages = csp_violations(browser_page)

    browser_page.goto(live_server.url + "/api/claims/")

    assert blocked(messages) == []
    assert browser_page.evaluate("typeof window.jQuery") == "function"  # scripts ran
    # the stylesheet applied (bootstrap's navbar is fixed), the JSON pretty-printed on several lines
    assert browser_page.locator(".navbar").evaluate("e => getComputedStyle(e).position") in ("fixed", "relative")
    assert browser_page.locator(".response-info pre").inner_text().count("\n") > 5
    screenshot("browsable-api")


@pytest.mark.django_db(transaction=True)
def test_chromium_swagger_page_renders_under_its_policy(live_server, browser_page, screenshot):
    messages = csp_violations(browser_page)

    browser_page.goto(live_server.url + "/api/docs/")
    browser_page.locator(".swagger-ui .info .title").wait_for(timeout=15000)

    assert blocked(messages) == []
    assert "Claim tracker API" in browser_page.locator(".swagger-ui .info .title").inner_text()
    screenshot("swagger")


@pytest.mark.django_db(transaction=True)
def test_chromium_admin_works_under_its_policy(live_server, browser_page, screenshot, editor):
    from django.contrib.auth.hashers import make_password

    editor.password = make_password("pw-for-the-test")
    editor.save()
    ClaimFactory()
    messages = csp_violations(browser_page)

    browser_page.goto(live_server.url + "/admin/login/")
    browser_page.fill("input[name=username]", editor.username)
    browser_page.fill("input[name=password]", "pw-for-the-test")
    browser_page.click("input[type=submit]")
    browser_page.goto(live_server.url + "/admin/claims/claim/add/")
    # the inline formset's "Add another" link is built by the admin's scripts
    browser_page.locator(".add-row a").first.wait_for(timeout=15000)

    assert blocked(messages) == []
    screenshot("admin-claim-add")
