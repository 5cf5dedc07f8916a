"""Which role to judge a person against when none is given: the one rule every command and the API share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from careergap.models.report import RoleBasis


@dataclass(frozen=True)
class RoleChoice:
    """The chosen role, how it was chosen, and a sentence saying so for the report."""

    role_id: str
    basis: RoleBasis
    note: str


def choose_role(
    *,
    given: str | None,
    target_role: str | None,
    current_role: str | None,
    known: Callable[[str], str],
    best_fit: Callable[[], str],
    prefer_current: bool = False,
    who: str = "the profile",
) -> RoleChoice:
    """The given role; else the target role; else the current role; else the best fit.

    ``known`` turns a role reference into the library's id, raising UnknownIdError (with the closest ids) for one
    that is not a role: an unknown id is an error wherever it comes from, never silently replaced. ``best_fit`` is
    called only when nothing names a role. ``prefer_current`` swaps the middle two, for questions that start from
    where the person is (``next``, ``path``).

    >>> choose_role(given=None, target_role="b", current_role="a", known=str, best_fit=lambda: "z").basis
    'target_role'
    """
    if given:
        role_id = known(given)
        return RoleChoice(role_id, "given", f"role given: {role_id}")
    named: list[tuple[RoleBasis, str | None]] = [("target_role", target_role), ("current_role", current_role)]
    if prefer_current:
        named.reverse()
    for basis, reference in named:
        if reference:
            role_id = known(reference)
            return RoleChoice(role_id, basis, f"role taken from {who}'s {basis} ({role_id})")
    role_id = best_fit()
    return RoleChoice(
        role_id,
        "best_fit",
        f"no role given and no target_role or current_role: using the best fit ({role_id})",
    )
