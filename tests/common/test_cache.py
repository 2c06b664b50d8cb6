"""The shared Redis cache (common.cache) on the suite's real Redis."""

from django.core.cache import caches

from common.cache import ResilientRedisCache, count_hit


def test_the_cache_is_the_suites_redis():
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)  # make test runs with REDIS_URL

    cache.set("common-cache-test", 7, 30)
    assert cache.get("common-cache-test") == 7


def test_a_counter_counts_and_says_how_long_it_has_left():
    caches["default"].delete("common-count-test")

    first = count_hit("common-count-test", 60)
    second = count_hit("common-count-test", 60)

    assert first[0] == 1 and second[0] == 2
    assert 0 < second[1] <= 60


def test_without_redis_the_file_cache_counts_hits_too(settings, tmp_path):
    # `make run` with no REDIS_URL: the embedded file cache keeps the submission limit.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }

    counted = [count_hit("common-file-count", 60) for _ in range(3)]

    assert counted == [(1, 60), (2, 60), (3, 60)]
