"""Public rate limits (issue 15, defect 8; GB/T 22239 §8.1.4.4 入侵防范): keyed on the
citizen's address behind the trusted proxy, counted in a cache every worker shares, and
applied to the certificate check too."""

import pickle
import time

import pytest
from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.urls import reverse

from wenming import throttle
from wenming.assessment.throttle import too_many_answers
from wenming.committee import throttle as committee_throttle
from wenming.publicity import throttle as publicity_throttle

PROXY = "10.0.0.1"


@pytest.fixture(autouse=True)
def fresh_counters(settings):
    settings.TRUSTED_PROXIES = [PROXY, "192.168.0.0/16"]
    cache.clear()
    yield
    cache.clear()


def via_proxy(citizen: str) -> dict[str, str]:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": citizen}


def test_the_client_is_the_right_most_address_the_trusted_proxies_did_not_add() -> None:
    assert throttle.client_address(via_proxy("203.0.113.7")) == "203.0.113.7"
    # What the client wrote itself stands to the left and is not believed.
    assert throttle.client_address(via_proxy("1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    # Two proxies in a row (one of a trusted network): the citizen is before both.
    assert throttle.client_address(via_proxy("203.0.113.7, 192.168.3.4")) == "203.0.113.7"


def test_an_untrusted_peer_cannot_choose_its_address_with_the_header() -> None:
    meta = {"REMOTE_ADDR": "198.51.100.9", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert throttle.client_address(meta) == "198.51.100.9"


def test_behind_the_proxy_two_citizens_have_their_own_questionnaire_limits(monkeypatch) -> None:
    monkeypatch.setattr("wenming.assessment.throttle.RATE_LIMIT", 2)
    alice, bob = via_proxy("203.0.113.1"), via_proxy("203.0.113.2")
    assert [too_many_answers(alice) for _ in range(3)] == [False, False, True]
    assert too_many_answers(bob) is False


def test_behind_the_proxy_two_citizens_have_their_own_objection_limits() -> None:
    alice = publicity_throttle.client_address(via_proxy("203.0.113.1"))
    bob = publicity_throttle.client_address(via_proxy("203.0.113.2"))
    assert [publicity_throttle.allow(alice, limit=2) for _ in range(3)] == [True, True, False]
    assert publicity_throttle.allow(bob, limit=2) is True


def test_two_workers_with_their_own_cache_objects_share_the_count(tmp_path, monkeypatch) -> None:
    # Two processes each build their own cache object on the same files (settings.CACHES).
    first, second = (FileBasedCache(str(tmp_path), {}) for _ in range(2))
    counts = []
    for worker in (first, second, first, second):
        monkeypatch.setattr(throttle, "counter_cache", lambda w=worker: w)
        counts.append(throttle.over_limit_for("t", "203.0.113.1", limit=3, window=600))
    assert counts == [False, False, False, True]


def test_the_file_cache_keeps_the_window_not_the_default_timeout(tmp_path, monkeypatch) -> None:
    # Django's generic increment re-saves with the default timeout (here 1 s): the counter
    # of an hour's window would vanish after a second of quiet.
    files = FileBasedCache(str(tmp_path), {"TIMEOUT": 1})
    monkeypatch.setattr(throttle, "counter_cache", lambda: files)
    for _ in range(3):
        throttle.over_limit_for("t", "203.0.113.1", limit=10, window=3600)
    (path,) = tmp_path.glob("*.djcache")
    with path.open("rb") as f:
        expires = pickle.load(f)  # noqa: S301  (the file cache's own format, written by this test)
    assert expires - time.time() > 600


@pytest.mark.django_db
def test_the_certificate_check_is_limited_with_a_chinese_message(client, monkeypatch) -> None:
    monkeypatch.setattr(committee_throttle, "VERIFY_LIMIT", 2)
    url = reverse("committee:verify", kwargs={"code": "ABCD-EFGH-JKLM"})
    alice, bob = via_proxy("203.0.113.1"), via_proxy("203.0.113.2")
    statuses = [client.get(url, **alice).status_code for _ in range(2)]
    assert statuses == [404, 404]  # no such certificate, but checked
    limited = client.get(url, **alice)
    assert limited.status_code == 429
    assert "查验次数过多" in limited.content.decode()
    assert client.get(url, **bob).status_code == 404
    # A peer that is not a trusted proxy is limited on its own address, whatever it claims.
    spoofer = [
        client.get(url, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        for n in range(10, 13)
    ]
    assert [r.status_code for r in spoofer] == [404, 404, 429]


API_CHECK = "/api/committee/certificates/verify/ABCD-EFGH-JKLM/"
TOO_MANY = "查验次数过多，请 10 分钟后再试。"


@pytest.mark.django_db
def test_the_api_check_answers_429_in_the_error_format_after_sixty(client) -> None:
    alice, bob = via_proxy("203.0.113.1"), via_proxy("203.0.113.2")
    statuses = {client.get(API_CHECK, **alice).status_code for _ in range(60)}
    assert statuses == {404}  # no such certificate, but checked each time
    limited = client.get(API_CHECK, **alice)
    assert limited.status_code == 429
    assert limited.json() == {"detail": TOO_MANY, "errors": {}}
    assert client.get(API_CHECK, **bob).status_code == 404  # another citizen, own budget


@pytest.mark.django_db
def test_the_page_and_the_api_share_one_budget(client, monkeypatch) -> None:
    monkeypatch.setattr(committee_throttle, "VERIFY_LIMIT", 3)
    page = reverse("committee:verify", kwargs={"code": "ABCD-EFGH-JKLM"})
    alice = via_proxy("203.0.113.1")
    assert [client.get(page, **alice).status_code for _ in range(2)] == [404, 404]
    assert client.get(API_CHECK, **alice).status_code == 404  # the third check
    assert client.get(API_CHECK, **alice).status_code == 429
    limited_page = client.get(page, **alice)
    assert limited_page.status_code == 429
    assert TOO_MANY in limited_page.content.decode()


def test_lockout_records_name_the_citizen_behind_the_proxy(rf) -> None:
    request = rf.post("/login/", **via_proxy("1.2.3.4, 203.0.113.7"))
    assert get_client_ip_address(request) == "203.0.113.7"
