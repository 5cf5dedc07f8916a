"""The date stamped on every report: today, or the day SOURCE_DATE_EPOCH names, so outputs can be reproduced."""

from __future__ import annotations

import datetime as dt
import os

from careergap.errors import CareergapError


def report_date() -> dt.date:
    """Today (UTC when SOURCE_DATE_EPOCH is set): the one place a report's ``generated_on`` comes from.

    SOURCE_DATE_EPOCH is the reproducible-builds convention: whole seconds since 1970-01-01 UTC. A malformed value
    is an error rather than silently today, as the convention asks.

    >>> os.environ["SOURCE_DATE_EPOCH"] = "1700000000"; report_date().isoformat()
    '2023-11-14'
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return dt.date.today()
    try:
        seconds = int(raw.strip())
        return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise CareergapError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a date",
            "set it to whole seconds since 1970-01-01 UTC (e.g. 1700000000), or unset it",
        ) from None
