from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import connections, models
from django.db.models import OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are auth Groups with these names; a person may hold several."""

    APPLICANT = "Applicants", _("Applicant")
    REVIEWER = "Reviewers", _("Reviewer")
    COORDINATOR = "Coordinators", _("Coordinator")
    REGISTRY_ADMIN = "Registry admins", _("Registry admin")


STAFF_ROLES = frozenset({Role.REVIEWER, Role.COORDINATOR, Role.REGISTRY_ADMIN})

# Facts about the signed-in person that apps above accounts keep in their own tables (the
# organisation whose staff they are), read in the same statement as the person so that the
# menu costs no query of its own on any page: attribute name -> a function of the database's
# `quote_name` and the SQL of the person's id giving one scalar subquery. Apps register them
# when they are ready (`signed_in_fact_register`); accounts imports none of them.
SignedInFact = Callable[[Callable[[str], str], str], str]
_signed_in_facts: dict[str, SignedInFact] = {}


def signed_in_fact_register(name: str, subquery: SignedInFact) -> None:
    """Read `subquery` with every signed-in person, as the attribute `name` (None when the
    subquery finds no row)."""
    _signed_in_facts[name] = subquery


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra_fields)

    def with_role_names(self):
        """Users with their role names read in the same query (`role_list`), where the database
        can gather them into an array (PostgreSQL). Elsewhere `role_names` asks once itself."""
        queryset = self.get_queryset()
        if connections[queryset.db].vendor != "postgresql":
            return queryset
        from django.contrib.auth.models import Group
        from django.contrib.postgres.expressions import ArraySubquery

        names = Group.objects.filter(user=OuterRef("pk")).values("name")
        return queryset.annotate(role_list=ArraySubquery(names))

    def signed_in(self, pk):
        """The signed-in person, with `role_list`, or None: read on every signed-in request.

        One plain statement on PostgreSQL: building it through the ORM (an array subquery)
        cost more than running it. Elsewhere, `with_role_names`. The registered facts
        (`signed_in_fact_register`) are columns of the same statement: each one replaces a
        query every signed-in page would otherwise make.

        Raw SQL, because it runs on every signed-in request. It replaces
        `self.with_role_names().filter(pk=pk).first()` (the same SELECT with an ARRAY subquery,
        compiled by the ORM each time). Measured for issue 20 (PostgreSQL, median of 2,000 warm
        calls after 200, one person with two roles): 0.25-0.32 ms raw against 2.8-3.2 ms through
        the ORM, on a shared 2-core machine under load (the ratio, about 10x, is what carries
        over). The PostgreSQL path is tested in CI (accounts/tests/test_roles.py, and every
        signed-in test); the ORM path is tested there too.
        """
        quote = connections[self.db].ops.quote_name
        users = quote(self.model._meta.db_table)
        if connections[self.db].vendor != "postgresql":
            user_id = f"{users}.{quote('id')}"
            facts = {name: RawSQL(f(quote, user_id), []) for name, f in _signed_in_facts.items()}
            return self.with_role_names().annotate(**facts).filter(pk=pk).first()
        from django.contrib.auth.models import Group

        members = quote(self.model.groups.through._meta.db_table)
        groups = quote(Group._meta.db_table)
        facts = "".join(
            f", ({subquery(quote, 'u.id')}) AS {quote(name)}"
            for name, subquery in _signed_in_facts.items()
        )
        sql = (
            f"SELECT u.*, ARRAY(SELECT g.name FROM {members} m JOIN {groups} g "
            f"ON g.id = m.group_id WHERE m.user_id = u.id) AS role_list{facts} "
            f"FROM {users} u WHERE u.id = %s"
        )
        return next(iter(self.raw(sql, [pk])), None)

    def holding(self, role: str):
        """People who hold `role`. The group's id is read first, so that the database plans
        the member lookup on that group's real size: joined by name, it guesses a quarter of
        all users whatever the role, and scans 100,000 applicants to find two coordinators."""
        from django.contrib.auth.models import Group

        group_id = Group.objects.filter(name=role).values_list("pk", flat=True).first()
        if group_id is None:
            return self.none()
        return self.filter(groups=group_id)

    def get_by_natural_key(self, username):
        # Log in with any capitalisation of the address.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The email address is the login."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    given_name = models.CharField(_("first name"), max_length=150)
    family_name = models.CharField(_("last name"), max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # The language of the portal's pages and of every email to this person; blank until chosen
    # (pages then follow the browser, emails the language the account was made in). The
    # database default lets code written before this column (data migrations) add people.
    preferred_language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        db_default="",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["given_name", "family_name"]

    class Meta:
        constraints = [
            # Sign-up and login look addresses up case-insensitively.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        indexes = [
            # Lists of people in name order (the public registry, the RSC roster) read the
            # first page from here instead of sorting everyone.
            models.Index(
                fields=["family_name", "given_name", "id"], name="accounts_user_name_order_idx"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.given_name

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The names of the role groups this person holds (read with the person when loaded
        through `with_role_names`, as the signed-in person is; else one query, then cached)."""
        loaded = self.__dict__.get("role_list")
        if loaded is not None:
            return frozenset(loaded)
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: str) -> bool:
        return role in self.role_names

    @property
    def is_staff_member(self) -> bool:
        """Reviewers, coordinators, registry admins and Django admin users: 2FA applies."""
        return self.is_staff or self.is_superuser or bool(self.role_names & STAFF_ROLES)

    @property
    def is_applicant(self) -> bool:
        return self.has_role(Role.APPLICANT)

    @property
    def is_reviewer(self) -> bool:
        return self.has_role(Role.REVIEWER)

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)

    @property
    def is_registry_admin(self) -> bool:
        return self.has_role(Role.REGISTRY_ADMIN)


class NameChange(models.Model):
    """History of a person's name: one row per correction, with the name before and after.

    The account name is the person's legal name (the Code of Ethics is signed with it); the
    registry and certificates show the name they choose in their profile, or this one.
    """

    class Source(models.TextChoices):
        OWNER = "owner", _("Corrected by the person")
        STAFF = "staff", _("Corrected by staff")
        PROFILE_MERGE = "profile_merge", _("Taken from the legal name in the profile")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="name_changes")
    old_given_name = models.CharField(max_length=150)
    old_family_name = models.CharField(max_length=150)
    new_given_name = models.CharField(max_length=150)
    new_family_name = models.CharField(max_length=150)
    changed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=["owner", "staff", "profile_merge"]),
                name="accounts_name_change_source_valid",
            ),
        ]
        indexes = [
            # The person's name history, newest first.
            models.Index(fields=["user", "-created_at"], name="accounts_name_change_user_idx"),
        ]

    def __str__(self):
        return (
            f"{self.old_given_name} {self.old_family_name} -> "
            f"{self.new_given_name} {self.new_family_name}"
        )
