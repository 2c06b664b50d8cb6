"""Personas and helpers of the suggestion-box suites: a box team in desa A and desa B."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from suggestion_box import services
from tests.accounts.factories import user_with


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Photos of slips and berita acara land in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def make_box_a(desa_a):
    return user_with(Role.BOX_TEAM, desa_a, username="kotak.a", full_name="Neneng Rohaeni")


def make_box_b(desa_b):
    return user_with(Role.BOX_TEAM, desa_b, username="kotak.b", full_name="Endang Lestari")


@pytest.fixture
def box_a(desa_a):
    """A member of desa A's box team: records openings and types in their slips."""
    return make_box_a(desa_a)


@pytest.fixture
def box_a2(desa_a):
    """Another member of desa A's box team, who opens the box with the first."""
    return user_with(Role.BOX_TEAM, desa_a, username="kotak.a2", full_name="Asep Sunandar")


@pytest.fixture
def box_b(desa_b):
    return make_box_b(desa_b)


WITNESSES = [
    services.Witness(name="Haji Dadang Suryana", position="Ketua BPD"),
    services.Witness(name="Iis Rohimah", position="Ketua RT 02"),
]


def open_box(
    desa,
    actor,
    *,
    declared: int = 3,
    opened_at: datetime | None = None,
    openers=None,
):
    return services.opening_create(
        desa=desa,
        actor=actor,
        opened_at=opened_at or timezone.now() - timedelta(hours=1),
        opener_ids=[user.pk for user in (openers or [actor])],
        witnesses=WITNESSES,
        declared_count=declared,
        notes="Kotak di balai desa, kunci dipegang Sekdes.",
    )


def add_slip(opening, actor, *, title: str = "Usul lampu jalan", **fields):
    data = {
        "kind": "suggestion",
        "category_slug": "infrastruktur",
        "title": title,
        "description": "Mohon lampu jalan di gang masjid diperbaiki.",
        "anonymous": True,
        **fields,
    }
    return services.slip_add(opening=opening, actor=actor, slip=services.SlipData(**data))
