"""Under the Content Security Policy, htmx swaps and Chart.js charts still work in Chromium."""

from django.core.management import call_command

from tests_support import PASSWORD
from tests_support.personas import Cast


def watch_csp(page):
    """Collect every CSP violation the browser reports (console and securitypolicyviolation)."""
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def test_public_pages_with_charts_run_under_the_policy(live_server, reference_data, page, shoot):
    call_command("load_demo", verbosity=0)
    violations = watch_csp(page)
    for path in ("/", "/inovasi/", "/kompetisi/"):
        response = page.goto(live_server.url + path)
        assert "script-src 'self';" in response.headers["content-security-policy"] + ";"
    page.goto(live_server.url + "/indeks/")
    page.wait_for_function("() => typeof Chart !== 'undefined'")
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')].filter(c => Chart.getChart(c)).length"
    )
    total = page.locator("canvas[data-chart]").count()
    assert total > 0
    assert drawn == total
    shoot("indeks-grafik")
    assert violations == []


def test_htmx_loads_similar_innovations_under_the_policy(live_server, reference_data, page, shoot):
    Cast()
    violations = watch_csp(page)
    page.goto(live_server.url + "/akun/masuk/")
    page.get_by_label("Email").fill("op.a@uji.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/ruang-kerja/")
    page.goto(live_server.url + "/ruang-kerja/inovasi/baru/")
    page.wait_for_function("() => !document.body.innerText.includes('Memuat inovasi serupa')")
    shoot("htmx-serupa")
    assert page.evaluate("() => typeof htmx") == "object"
    assert violations == []


def test_django_admin_runs_under_the_policy(live_server, reference_data, page, shoot):
    from inovasi.accounts.models import User

    cast = Cast()
    User.objects.create_superuser("super@uji.test", PASSWORD, full_name="Super")
    violations = watch_csp(page)
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("super@uji.test")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto(f"{live_server.url}/admin/accounts/user/")
    page.locator("#action-toggle").check()
    assert page.locator("tr.selected").count() >= 1  # admin's actions.js ran
    page.goto(f"{live_server.url}/admin/accounts/user/{cast.operator_a.pk}/change/")
    shoot("admin-ubah-pengguna")
    assert violations == []


def test_the_api_docs_render_from_the_vendored_swagger_ui_under_the_policy(live_server, reference_data, page, shoot):
    """/api/v1/docs loads Swagger UI from static/vendor (no CDN) and draws the operations."""
    violations = watch_csp(page)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    response = page.goto(live_server.url + "/api/v1/docs")
    assert "script-src 'self';" in response.headers["content-security-policy"] + ";"
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() > 10
    shoot("api-docs")
    assert [u for u in outside if not u.startswith("data:")] == []
    assert violations == []
