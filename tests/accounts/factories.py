import factory
from django.contrib.auth.hashers import make_password

from accounts.models import Membership, Position, Role, User

PASSWORD = "rahasia-Desa-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"pengguna{n}")
    full_name = factory.Faker("name", locale="id_ID")
    # Hashed before the insert (set_password after it cost each user a second query).
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.INTAKE_OFFICER
    position = factory.LazyAttribute(
        lambda m: Position.KASI_PEMERINTAHAN if m.role == Role.HANDLER else ""
    )


def user_with(role: str, region=None, **user_fields) -> User:
    """A user holding `role` in `region` (None for admin)."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, role=role, region=region)
    return user
