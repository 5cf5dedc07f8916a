"""The progression graph: promotion ladders, lateral links, routes between roles and what separates two roles. Pure."""

from __future__ import annotations

from collections import deque

from careergap.library import Library
from careergap.models.report import GraphEdge, LevelChange, RoleDiff, RoleGraph
from careergap.models.roles import Role

MAX_LADDERS = 10_000  # maximal promotion chains listed by `roles graph` (documented under Limits)


def graph(library: Library) -> RoleGraph:
    """Every role and link, with the maximal promotion chains (ladders)."""
    edges: list[GraphEdge] = []
    for role in library.roles.values():
        for kind in ("next", "related"):
            for link in getattr(role, kind):
                edges.append(
                    GraphEdge(
                        source=role.id,
                        target=link.role,
                        kind=kind,
                        inferred=link.source.is_inferred,
                        basis=link.source.describe(),
                    )
                )
    has_parent = {link.role for role in library.roles.values() for link in role.next}
    ladders: list[list[str]] = []

    # Iterative depth-first walk (a 1,000-role chain must not hit Python's recursion limit); the number of ladders
    # is capped because a lattice of branching links has exponentially many maximal chains.
    complete = True
    for rid in library.roles:
        if rid in has_parent or not library.roles[rid].next:
            continue
        stack: list[list[str]] = [[rid]]
        while stack and complete:
            if len(ladders) == MAX_LADDERS:  # chains are left to list: say so rather than stop silently
                complete = False
                break
            chain = stack.pop()
            role = library.roles[chain[-1]]
            targets = [
                link.role for link in role.next if link.role in library.roles and link.role not in chain
            ]
            if not targets:
                ladders.append(chain)
                continue
            stack.extend([*chain, target] for target in reversed(targets))
    ladders.sort(key=lambda chain: (-len(chain), chain))
    return RoleGraph(
        roles=[
            {"id": r.id, "title": r.title, "framework": r.framework, "grade": r.grade}
            for r in library.roles.values()
        ],
        edges=edges,
        ladders=ladders,
        ladders_complete=complete,
    )


def promotion_route(library: Library, start: str, goal: str) -> list[str] | None:
    """Shortest chain of ``next`` links from start to goal, or None."""
    return _bfs(library, start, goal, lateral=False)


def mixed_route(library: Library, start: str, goal: str) -> list[tuple[str, str]] | None:
    """Shortest route using promotion and lateral links (either direction for lateral), as (role, via) pairs."""
    queue: deque[list[tuple[str, str]]] = deque([[(start, "start")]])
    seen = {start}
    lateral = _lateral_neighbours(library)
    while queue:
        route = queue.popleft()
        here = route[-1][0]
        if here == goal:
            return route
        role = library.roles[here]
        options = [(link.role, "next") for link in role.next] + [
            (other, "related") for other in sorted(lateral.get(here, ()))
        ]
        for target, via in options:
            if target not in seen:
                seen.add(target)
                queue.append([*route, (target, via)])
    return None


def _lateral_neighbours(library: Library) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for role in library.roles.values():
        for link in role.related:
            out.setdefault(role.id, set()).add(link.role)
            out.setdefault(link.role, set()).add(role.id)
    return out


def lateral_options(library: Library, role_id: str) -> list[tuple[str, str, bool]]:
    """Roles linked sideways to role_id (declared on either side): (role id, basis, inferred)."""
    out: dict[str, tuple[str, bool]] = {}
    role = library.roles[role_id]
    for link in role.related:
        out[link.role] = (link.source.describe(), link.source.is_inferred)
    for other in library.roles.values():
        for link in other.related:
            if link.role == role_id and other.id not in out:
                out[other.id] = (link.source.describe(), link.source.is_inferred)
    next_ids = {link.role for link in role.next}
    return [(rid, basis, inferred) for rid, (basis, inferred) in out.items() if rid not in next_ids]


def reachable(library: Library, start: str) -> list[str]:
    """Every role reachable from start by promotion links."""
    seen: list[str] = []
    stack = [start]
    while stack:
        for link in library.roles[stack.pop()].next:
            if link.role not in seen:
                seen.append(link.role)
                stack.append(link.role)
    return seen


def _bfs(library: Library, start: str, goal: str, *, lateral: bool) -> list[str] | None:
    queue: deque[list[str]] = deque([[start]])
    seen = {start}
    while queue:
        route = queue.popleft()
        if route[-1] == goal:
            return route
        role = library.roles[route[-1]]
        links = [*role.next, *(role.related if lateral else ())]
        for link in links:
            if link.role not in seen:
                seen.add(link.role)
                queue.append([*route, link.role])
    return None


def diff(library: Library, before: Role, after: Role) -> RoleDiff:
    """What changes from one role to another: rising, new, dropped and unchanged skills; new qualifications."""
    names = {sid: s.name for sid, s in library.skills.items()}
    a = {r.skill: r for r in before.requirements}
    b = {r.skill: r for r in after.requirements}
    rising, new, dropped, lower, same = [], [], [], [], []
    for skill in sorted(set(a) | set(b), key=lambda s: names.get(s, s)):
        ra, rb = a.get(skill), b.get(skill)
        change = LevelChange(
            skill=skill,
            skill_name=names.get(skill, skill),
            from_level=ra.level if ra else None,
            to_level=rb.level if rb else None,
            from_importance=ra.importance if ra else None,
            to_importance=rb.importance if rb else None,
        )
        if ra is None:
            new.append(change)
        elif rb is None:
            dropped.append(change)
        elif rb.level > ra.level:
            rising.append(change)
        elif rb.level < ra.level:
            lower.append(change)
        else:
            same.append(change)
    rising.sort(key=lambda c: (-((c.to_level or 0) - (c.from_level or 0)), c.skill_name))
    new.sort(key=lambda c: (c.to_importance != "essential", -(c.to_level or 0), c.skill_name))
    qnames = {q: library.qualifications[q].name for q in library.qualifications}

    def quals(role: Role) -> set[str]:
        return {
            " or ".join(qnames.get(x, x) for x in q.accepted) + f" ({q.importance})"
            for q in role.qualifications
        }

    return RoleDiff(
        from_role=before.id,
        from_title=before.title,
        to_role=after.id,
        to_title=after.title,
        rising=rising,
        new=new,
        dropped=dropped,
        lower=lower,
        same=same,
        new_qualifications=sorted(quals(after) - quals(before)),
        dropped_qualifications=sorted(quals(before) - quals(after)),
        experience_from=before.experience.years
        if before.experience and before.experience.years is not None
        else None,
        experience_to=after.experience.years
        if after.experience and after.experience.years is not None
        else None,
    )
