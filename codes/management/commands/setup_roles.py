"""Create the Curator, Publisher and Auditor groups (codes/releases/roles.py), or put them back to
their definition, and optionally give a user a role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from codes.management.dry_run import atomic_or_dry_run
from codes.releases import roles


class Command(BaseCommand):
    help = (
        "Create the curation roles (groups Curator, Publisher, Auditor) with their "
        "permissions, or reset them to their definition. With --user and --role, add that "
        "user to the role and make them staff so they can sign in to the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", help="Username to give a role.")
        parser.add_argument("--role", choices=list(roles.ROLES), help="The role to give.")
        parser.add_argument("--dry-run", action="store_true", help="Report, then roll back.")

    def handle(self, *args, user, role, dry_run, verbosity, **options):
        if bool(user) != bool(role):
            raise CommandError("--user and --role go together.")
        try:
            with atomic_or_dry_run(dry_run=dry_run, report=self._warn):
                self._run(user, role, verbosity)
        except roles.RoleError as exc:
            raise CommandError(str(exc)) from exc

    def _warn(self, message: str) -> None:
        self.stdout.write(self.style.WARNING(message))

    def _run(self, username, role, verbosity):
        counts = roles.sync_roles()
        if verbosity >= 1:
            for name, count in counts.items():
                self.stdout.write(f"{name}: {count} permissions.")
        if username:
            try:
                account = get_user_model().objects.get(username=username)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user {username!r}.") from exc
            account.groups.add(Group.objects.get(name=role))
            if not account.is_staff:
                account.is_staff = True
                account.save(update_fields=["is_staff"])
            self.stdout.write(self.style.SUCCESS(f"{username} is now a {role}."))
        else:
            self.stdout.write(self.style.SUCCESS("Roles are set up."))
