"""Benchmark: jurors saving scores concurrently through the real scoring page, and no lost write.

    .venv/bin/python benchmarks/score_concurrency.py --db sqlite     # /tmp file, demo data if empty
    .venv/bin/python benchmarks/score_concurrency.py --db postgres   # scratch PostgreSQL database
    .venv/bin/python benchmarks/score_concurrency.py --database-url URL --clients 100 --seconds 10

`run(database_url, seconds=, clients=)` is what `benchmarks/run_all.py` calls. Steps:

1. Set-up (a Django subprocess): a bench organizer body, an unpublished bench edition with one
   open desk-evaluation stage (five criteria, 0–100), `jurors` bench jurors (10 by default) with a
   fresh random password, proposals of existing published innovations, and one assignment per
   client: client i scores proposal i // jurors as juror i % jurors, so no two clients share a
   scorecard. Leftovers of an interrupted run are removed first. The dataset's own jurors,
   editions and scorecards are not touched.
2. gunicorn starts (`gthread`, 2 × cores + 1 workers); every bench juror logs in through the
   login form (CSRF cookie and token, session cookie); every client opens its scoring page once.
3. For `seconds` after a warm-up, each client POSTs the scoring form ("Simpan draf") back to back
   on its own keep-alive connection: criterion values and a comment that carry the client's
   sequence number, and the scorecard version the form carries (the optimistic-concurrency check
   of the scoring page; the client moves it on by one per acknowledged save, as the page it would
   be redirected to would). A save counts when the server answers with the redirect back to the
   scoring page (anything else — a 500 from "database is locked", a form error, a 409 refusal as
   stale, a timeout — is an error).
4. Check (a Django subprocess): every client's scorecard must hold the values and comment of the
   last save the server acknowledged to that client. `lost_writes` counts scorecards that hold an
   older save (or none); `torn_writes` those whose values do not belong to their comment.
   A newer save than acknowledged can only come from a request that failed on the client side
   after the server committed it; it is counted as `unacknowledged_commits`, not as lost.
5. Clean-up: the jurors log out, the bench edition, proposals, assignments, scorecards and juror
   profiles are deleted; the bench users are deactivated (the append-only audit trail keeps the
   events of every save, and its rows protect the users who acted).
"""

import argparse
import contextlib
import json
import math
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.loopback import (
    HOST,
    GunicornServer,
    Request,
    cores,
    database_vendor,
    hammer,
    load_average,
    run_django,
)

BODY_NAME = "Bench: uji beban penilaian juri"
COMPETITION_SHORT_NAME = "BENCH-SCORE"
EMAIL_TEMPLATE = "bench.juri.{:03d}@bench.inovasi.test"
CRITERIA = ("kebaruan", "kemanfaatan", "keberlanjutan", "replikasi", "dampak")
COMMENT = re.compile(r"^bench client (\d+) save (\d+)$")


def expected_values(client: int, seq: int) -> dict[str, float]:
    """The criterion values save number `seq` of `client` sends (each in 0–100)."""
    return {code: float((seq * 7 + client * 3 + offset * 11) % 101) for offset, code in enumerate(CRITERIA)}


def comment_for(client: int, seq: int) -> str:
    return f"bench client {client} save {seq}"


# --- Fixture (runs inside a Django subprocess) -------------------------------------------------


def fixture_cleanup() -> dict:
    from django.db import transaction

    from inovasi.accounts.models import Membership, User
    from inovasi.competitions.models import Competition, Proposal
    from inovasi.judging.models import Juror
    from inovasi.organisations.models import OrganizerBody

    body = OrganizerBody.objects.filter(name=BODY_NAME).first()
    if body is None:
        return {"cleaned": False}
    with transaction.atomic():
        competitions = Competition.objects.filter(body=body, short_name=COMPETITION_SHORT_NAME)
        Proposal.objects.filter(edition__competition__in=competitions).delete()  # assignments, scorecards cascade
        for competition in competitions:
            competition.editions.all().delete()
        competitions.delete()
        users = User.objects.filter(juror_records__body=body) | User.objects.filter(memberships__organizer_body=body)
        user_ids = list(users.values_list("pk", flat=True).distinct())
        Juror.objects.filter(body=body).delete()
        Membership.objects.filter(organizer_body=body).delete()
        User.objects.filter(pk__in=user_ids).update(is_active=False)
        deleted_body = not (Competition.objects.filter(body=body).exists() or Juror.objects.filter(body=body).exists())
        if deleted_body:
            body.delete()
    return {"cleaned": True, "deactivated_users": len(user_ids)}


def fixture_setup(clients: int, jurors: int) -> dict:
    import secrets
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from inovasi.accounts.enums import Role
    from inovasi.accounts.models import Membership, User
    from inovasi.competitions.enums import ProposalState, StageKind
    from inovasi.competitions.models import Competition, Criterion, Edition, EditionGroup, Proposal, Stage
    from inovasi.innovations.models import Innovation
    from inovasi.judging.models import Assignment, AssignmentSource, Juror, StageJudging
    from inovasi.organisations.models import OrganizerBody

    fixture_cleanup()
    jurors = max(1, min(jurors, clients))
    proposals_needed = math.ceil(clients / jurors)
    innovations = list(Innovation.objects.published().order_by("pk")[:proposals_needed])
    if len(innovations) < proposals_needed:
        raise SystemExit(f"need {proposals_needed} published innovations, found {len(innovations)}")
    password = secrets.token_urlsafe(18)
    password_hash = make_password(password)  # hashed once, shared by the bench users
    now = timezone.now()
    with transaction.atomic():
        body = OrganizerBody.objects.create(name=BODY_NAME, short_name="BENCH")
        competition = Competition.objects.create(
            body=body, name="Uji beban penilaian", short_name=COMPETITION_SHORT_NAME
        )
        edition = Edition.objects.create(
            competition=competition,
            year=now.year,
            name="Uji beban penilaian (bench)",
            registration_opens_at=now - timedelta(days=30),
            registration_closes_at=now - timedelta(days=2),
            is_published=False,
        )
        group = EditionGroup.objects.create(edition=edition, code="umum", name="Umum")
        stage = Stage.objects.create(
            edition=edition,
            order=1,
            kind=StageKind.DESK_EVALUATION,
            name="Evaluasi proposal (bench)",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(hours=12),
        )
        StageJudging.objects.create(stage=stage, jurors_per_proposal=min(jurors, 3))
        Criterion.objects.bulk_create(
            Criterion(stage=stage, code=code, name=code.capitalize(), weight=100 / len(CRITERIA), order=i)
            for i, code in enumerate(CRITERIA)
        )
        proposals = [
            Proposal.objects.create(
                edition=edition,
                innovation=innovation,
                government_id=innovation.government_id,
                agency_id=innovation.agency_id,
                group=group,
                title=innovation.name[:200],
                state=ProposalState.PASSED_ADMIN,
                submitted_at=now - timedelta(days=3),
            )
            for innovation in innovations
        ]
        profiles, emails = [], []
        for j in range(jurors):
            email = EMAIL_TEMPLATE.format(j + 1)
            user = User.objects.filter(email=email).first() or User(email=email)
            user.full_name, user.password, user.is_active = f"Juri Bench {j + 1}", password_hash, True
            user.save()
            Membership.objects.create(user=user, role=Role.JUROR, organizer_body=body)
            profiles.append(Juror.objects.create(user=user, body=body, name=f"Juri Bench {j + 1}"))
            emails.append(email)
        assignments = [
            Assignment.objects.create(
                stage=stage, juror=profiles[i % jurors], proposal=proposals[i // jurors], source=AssignmentSource.MANUAL
            )
            for i in range(clients)
        ]
    return {
        "password": password,
        "emails": emails,
        "clients": [{"assignment": a.pk, "juror": i % jurors} for i, a in enumerate(assignments)],
    }


def fixture_finish() -> dict:
    """What `fixture_check` finds, then the clean-up, then how many bench scorecards are left."""
    from inovasi.judging.models import Scorecard

    found = fixture_check()
    found["cleanup"] = fixture_cleanup()
    found["bench_scorecards_left"] = Scorecard.objects.filter(
        stage__edition__competition__short_name=COMPETITION_SHORT_NAME
    ).count()
    return found


def fixture_check() -> dict:
    """Per bench assignment id: the comment and values of its scorecard (null when none)."""
    from inovasi.judging.models import Assignment, Scorecard

    assignments = Assignment.objects.filter(stage__edition__competition__short_name=COMPETITION_SHORT_NAME)
    cards = {
        (c.juror_id, c.proposal_id): c
        for c in Scorecard.objects.filter(stage__edition__competition__short_name=COMPETITION_SHORT_NAME)
    }
    found = {}
    for a in assignments:
        card = cards.get((a.juror_id, a.proposal_id))
        found[str(a.pk)] = None if card is None else {"comment": card.comment, "values": card.values}
    return {"scorecards": found}


# --- HTTP side --------------------------------------------------------------------------------


def _cookies(headers: list) -> dict:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
    return jar


def _cookie_header(jar: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def _form_token(html: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise RuntimeError("no CSRF token in the page")
    return found.group(1).decode()


def _form_version(html: bytes) -> int | None:
    """The scorecard version the scoring form carries (the optimistic-concurrency check), if any."""
    found = re.search(rb'name="version" value="(\d+)"', html)
    return int(found.group(1)) if found else None


def _exchange(port, method, path, *, jar, body=None, headers=None):
    import http.client

    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        sent = {"Cookie": _cookie_header(jar), **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        content = response.read()
        jar.update(_cookies(response.getheaders()))
        return response.status, dict(response.getheaders()), content
    finally:
        conn.close()


def _login(port: int, email: str, password: str) -> dict:
    """Log in through the form; the cookie jar holding `sessionid` and `csrftoken`."""
    jar: dict = {}
    status, _, page = _exchange(port, "GET", "/akun/masuk/", jar=jar)
    if status != 200:
        raise RuntimeError(f"login page answered {status}")
    form = urlencode({"csrfmiddlewaretoken": _form_token(page), "username": email, "password": password})
    status, _, _ = _exchange(port, "POST", "/akun/masuk/", jar=jar, body=form)
    if status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login of {email} failed: HTTP {status}")
    return {k: v for k, v in jar.items() if k in ("sessionid", "csrftoken")}


def _parallel(function, items, width: int):
    """function(item) for every item, `width` at a time; results in order (first error raised)."""
    results, errors = [None] * len(items), []
    lock = threading.Semaphore(width)

    def work(i, item):
        with lock:
            try:
                results[i] = function(item)
            except Exception as exc:
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(i, item)) for i, item in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def run(
    database_url: str,
    *,
    seconds: float,
    clients: int,
    jurors: int = 10,
    workers: int | None = None,
    threads: int | None = None,
    warmup: float | None = None,
    server: GunicornServer | None = None,
) -> dict:
    """Measure concurrent score saving and check that no acknowledged write was lost."""
    warmup = warmup if warmup is not None else max(1.0, min(3.0, seconds / 4))
    script = Path(__file__)
    fixture = run_django(database_url, script, "--fixture", "setup", str(clients), str(jurors))
    report = {
        "database": database_vendor(database_url),
        "clients": clients,
        "jurors": len(fixture["emails"]),
        "seconds": seconds,
        "warmup_s": warmup,
        "cores": cores(),
        "load_before": load_average(),
    }
    started = time.monotonic()
    try:
        own = GunicornServer(database_url, workers=workers, threads=threads) if server is None else None
        serving = contextlib.nullcontext(server) if own is None else own
        with serving as server:
            report.update(server=server.describe, workers=server.workers, threads=server.threads)
            report.update(_measure(server, fixture, clients=clients, seconds=seconds, warmup=warmup))
            log = server.log_tail(2_000_000)
            report["server_database_locked"] = log.count("database is locked")
            report["server_errors_logged"] = log.count("Traceback (most recent call last)")
    except BaseException:
        run_django(database_url, script, "--fixture", "cleanup")
        raise
    finished = run_django(database_url, script, "--fixture", "finish")
    report["bench_scorecards_left"] = finished["bench_scorecards_left"]
    report.update(_verdict(fixture, report.pop("_last_ack"), report.pop("_sent"), finished["scorecards"]))
    report.update(wall_s=round(time.monotonic() - started, 1), load_after=load_average())
    return report


def _measure(server, fixture, *, clients, seconds, warmup) -> dict:
    port = server.port
    login_started = time.monotonic()
    jars = _parallel(lambda email: _login(port, email, fixture["password"]), fixture["emails"], 4)
    login_s = time.monotonic() - login_started
    paths = [f"/juri/penilaian/{c['assignment']}/" for c in fixture["clients"]]

    def open_page(i):
        jar = dict(jars[fixture["clients"][i]["juror"]])
        status, _, page = _exchange(port, "GET", paths[i], jar=jar)
        if status != 200 or f'name="{CRITERIA[0]}"'.encode() not in page:
            raise RuntimeError(f"scoring page {paths[i]} answered {status}")
        return _form_token(page), _cookie_header(jar), _form_version(page)

    opened = _parallel(open_page, list(range(clients)), 8)
    versions = [version for _, _, version in opened]
    seq = [0] * clients
    last_ack = [0] * clients
    stale = [0]

    def redirected_back(i):
        def check(status, headers):
            location = next((v for k, v in headers if k.lower() == "location"), "")
            return location.endswith(paths[i])

        return check

    checks = [redirected_back(i) for i in range(clients)]

    def next_request(i: int) -> Request:
        seq[i] += 1
        token, cookie, _ = opened[i]
        form = {"csrfmiddlewaretoken": token, "action": "draft", "comment": comment_for(i, seq[i])}
        if versions[i] is not None:
            form["version"] = str(versions[i])
        form.update({code: f"{value:g}" for code, value in expected_values(i, seq[i]).items()})
        return Request(
            "POST",
            paths[i],
            body=urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
            expect=(302,),
            check=checks[i],
            tag=seq[i],
        )

    def on_done(i, outcome):
        if outcome.ok:
            last_ack[i] = max(last_ack[i], outcome.request.tag)
            if versions[i] is not None:
                versions[i] += 1  # each save moves the card's version on by one
        elif versions[i] is not None and outcome.status == 409:
            stale[0] += 1
            versions[i] = _form_version(outcome.body)  # refused as stale: go on from the saved version

    figures = hammer(port, next_request, clients=clients, seconds=seconds, warmup=warmup, on_done=on_done)
    for jar in jars:
        token = jar.get("csrftoken", "")
        _exchange(port, "POST", "/akun/keluar/", jar=dict(jar), body=urlencode({"csrfmiddlewaretoken": token}))
    result = figures.flat()
    result.update(login_s=round(login_s, 1), stale_refused=stale[0], _last_ack=last_ack, _sent=seq)
    if figures.error_samples:
        result["error_sample"] = figures.error_samples[0]
    return result


def _verdict(fixture, last_ack, sent, stored) -> dict:
    lost = torn = unacknowledged = 0
    examples = []
    for i, client in enumerate(fixture["clients"]):
        card = stored.get(str(client["assignment"]))
        acknowledged = last_ack[i]
        if card is None:
            if acknowledged:
                lost += 1
                examples.append(f"client {i}: no scorecard, last acknowledged save {acknowledged}")
            continue
        match = COMMENT.match(card["comment"])
        if not match or int(match.group(1)) != i:
            lost += 1
            examples.append(f"client {i}: scorecard holds {card['comment']!r}")
            continue
        saved = int(match.group(2))
        if card["values"] != expected_values(i, saved):
            torn += 1
            examples.append(f"client {i}: values of save {saved} do not match its comment")
        if saved < acknowledged:
            lost += 1
            examples.append(f"client {i}: holds save {saved}, last acknowledged {acknowledged}")
        elif saved > acknowledged:
            unacknowledged += 1
            if saved > sent[i]:
                torn += 1
    return {
        "saves_acknowledged_total": sum(last_ack),
        "lost_writes": lost,
        "torn_writes": torn,
        "unacknowledged_commits": unacknowledged,
        "no_lost_write": lost == 0 and torn == 0,
        **({"lost_write_examples": examples[:5]} if examples else {}),
    }


def _django_main(argv):
    import django

    django.setup()
    action = argv[1]
    if action == "setup":
        print(json.dumps(fixture_setup(int(argv[2]), int(argv[3]))))
    elif action == "check":
        print(json.dumps(fixture_check()))
    elif action == "finish":
        print(json.dumps(fixture_finish()))
    elif action == "cleanup":
        print(json.dumps(fixture_cleanup()))
    else:
        raise SystemExit(f"unknown fixture action {action}")


def main():
    from benchmarks.databases import add_database_arguments, prepare_database

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--jurors", type=int, default=10, help="bench jurors the clients log in as")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default 2 × cores + 1)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default 1 SQLite, 4 PG)")
    args = parser.parse_args()
    database_url = prepare_database(args)
    report = run(
        database_url,
        seconds=args.seconds,
        clients=args.clients,
        jurors=args.jurors,
        workers=args.workers,
        threads=args.threads,
    )
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--fixture"]:
        _django_main(sys.argv[1:])
    else:
        main()
