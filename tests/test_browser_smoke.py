"""The real-browser harness works: Chromium opens the admin's login page from the live server."""


def test_chromium_renders_the_admin_login(live_server, browser_page, screenshot):
    browser_page.goto(live_server.url + "/admin/login/")
    assert browser_page.locator("input[name=username]").is_visible()
    assert screenshot("admin-login").stat().st_size > 1000
