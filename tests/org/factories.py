"""Factories for organisations, units, users and memberships. Other apps' tests import
these: `staff_user(unit, role)` is the quickest way to a signed-in staff member.

Organisations and units are created through the org services so that the materialised
path and every other rule hold exactly as in production."""

import factory
from django.contrib.auth import get_user_model

from minfu.org import services
from minfu.org.models import DEFAULT_SCOPE, Locality, Membership, Organisation, Role, Unit

DEFAULT_PASSWORD = "Test-pass-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.gov.tw")
    first_name = "Test"
    last_name = "User"
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save_password(user, create, extracted, **kwargs):
        if create:
            user.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An agency by default. Use `ministry()`, `agency(parent=...)`, `branch(parent=...)`
    for the other kinds; a branch without a parent gets a fresh agency above it."""

    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"ORG{n}")
    kind = Organisation.Kind.AGENCY
    parent = None
    name_zh = factory.LazyAttribute(lambda org: f"測試機關{org.code}")
    name_en = factory.LazyAttribute(lambda org: f"Test organisation {org.code}")
    locality = Locality.TAIPEI

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.organisation_save(organisation=model_class(*args, **kwargs))

    @classmethod
    def ministry(cls, **kwargs) -> Organisation:
        return cls(kind=Organisation.Kind.MINISTRY, parent=None, **kwargs)

    @classmethod
    def agency(cls, **kwargs) -> Organisation:
        return cls(kind=Organisation.Kind.AGENCY, **kwargs)

    @classmethod
    def branch(cls, parent: Organisation | None = None, **kwargs) -> Organisation:
        return cls(kind=Organisation.Kind.BRANCH, parent=parent or cls.agency(), **kwargs)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"U{n}")
    name_zh = factory.LazyAttribute(lambda unit: f"測試科{unit.code}")
    name_en = factory.LazyAttribute(lambda unit: f"Test section {unit.code}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.unit_save(unit=model_class(*args, **kwargs))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.OFFICER
    scope = None  # None: the role's default scope

    @classmethod
    def _create(cls, model_class, *args, user, unit, role, scope=None, **kwargs):
        return services.membership_grant(user=user, unit=unit, role=role,
                                         scope=scope or DEFAULT_SCOPE[role])


def staff_user(unit: Unit | None = None, role: str = Role.OFFICER, *, scope: str | None = None,
               **user_fields):
    """A user with one membership: `role` in `unit` (a fresh unit of a fresh agency when
    None), with the role's default scope unless `scope` is given. The password is
    DEFAULT_PASSWORD; use `client.force_login(user)` in tests."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, unit=unit or UnitFactory(), role=role, scope=scope)
    return user


def superuser(**user_fields):
    return UserFactory(is_staff=True, is_superuser=True, **user_fields)
