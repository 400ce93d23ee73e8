"""Adding an account from the command line, with the same checks as the Accounts page."""

from __future__ import annotations

from screening.core.errors import Problem, ScreeningError
from screening.desk.staff.access import audit_command
from screening.desk.staff.forms import AccountForm
from screening.desk.staff.models import Account, AuditEntry


def add_account(name: str, password: str, *, admin: bool = False) -> Account:
    """A new active account; a bad name or password is a `ScreeningError` naming it."""
    role = Account.Role.ADMIN if admin else Account.Role.STAFF
    form = AccountForm(
        {"username": name, "role": role, "password1": password, "password2": password}
    )
    if not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        label = "NAME" if field == "username" else "password"
        raise ScreeningError(Problem(label, " ".join(messages)))
    account = form.create()
    audit_command(AuditEntry.Action.ACCOUNT_ADD, f"account {account.username} ({account.role})")
    return account
