"""How many pages a list of rows takes: the log, the audit trail and the clinicians' queue page alike."""
from __future__ import annotations


def page_count(total: int, per_page: int) -> int:
    """Pages needed for `total` rows, `per_page` to a page; an empty list is still one (empty) page."""
    return max(1, -(-total // per_page))
