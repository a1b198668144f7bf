"""The built frameworks kept between requests: bounded, least recently used first out,
never stale, and forgotten when a version is published, retired or edited."""

from tests.frameworks.conftest import yiyang_document

from wenming.frameworks.domain_cache import DomainCache, domain_cache
from wenming.frameworks.services import (
    framework_import,
    framework_publish,
    framework_retire,
    framework_revise,
)


def built(cache: DomainCache, pk: int, stamp: str = "v1") -> object:
    return cache.get(pk, stamp, lambda: object())


def test_the_cache_keeps_at_most_its_size_dropping_the_least_recently_used():
    cache = DomainCache(size=2)
    first = built(cache, 1)
    built(cache, 2)
    assert built(cache, 1) is first  # 1 is now the most recently used
    built(cache, 3)
    assert len(cache) == 2
    assert 2 not in cache  # the least recently used went
    assert 1 in cache
    assert 3 in cache
    assert built(cache, 1) is first


def test_a_new_save_stamp_rebuilds_the_entry():
    cache = DomainCache()
    first = built(cache, 1, "saved at 9:00")
    assert built(cache, 1, "saved at 9:05") is not first


def test_publishing_retiring_and_editing_forget_the_version(
    world, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        framework, _created = framework_import(acting_user=cast.city, document=yiyang_document())
    framework.to_domain()
    assert framework.pk in domain_cache
    with django_capture_on_commit_callbacks(execute=True):
        framework_revise(acting_user=cast.city, framework=framework)  # a draft: edited in place
    assert framework.pk not in domain_cache
    framework.refresh_from_db()
    framework.to_domain()
    with django_capture_on_commit_callbacks(execute=True):
        framework_publish(acting_user=cast.city, framework=framework)
    assert framework.pk not in domain_cache
    framework.refresh_from_db()
    framework.to_domain()
    assert framework.pk in domain_cache
    with django_capture_on_commit_callbacks(execute=True):
        framework_retire(acting_user=cast.city, framework=framework)
    assert framework.pk not in domain_cache
