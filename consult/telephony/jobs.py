"""The line's scheduled job: calls still "ringing" long after they began lost their status callback
(a provider outage, a deploy at the wrong moment). Their final state is fetched from the provider's
REST API; a call that has ended becomes missed with a call-back due, so no call is lost.
Idempotent: it only touches calls still ringing, through the same conditional updates as webhooks.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock
from consult.db import session_scope
from consult.jobs import scheduled
from consult.telephony import service
from consult.telephony.models import PhoneCall
from consult.telephony.provider import CallEvent, ProviderNotConfigured, TelephonyProvider, provider_for

log = structlog.get_logger(__name__)
STALE_AFTER = timedelta(minutes=15)
STILL_GOING = ("queued", "ringing", "in-progress")


def reconcile(*, db: Session, now: datetime) -> int:
    stale = list(db.scalars(select(PhoneCall).where(PhoneCall.status == "ringing",
                                                    PhoneCall.started_at < now - STALE_AFTER)))
    providers: dict[str, TelephonyProvider | None] = {}
    changed = 0
    for call in stale:
        if call.provider not in providers:
            try:
                providers[call.provider] = provider_for(call.provider)
            except ProviderNotConfigured:
                providers[call.provider] = None
        provider = providers[call.provider]
        event = provider.fetch_call(call.call_sid) if provider else None
        if event is not None and event.call_status in STILL_GOING:
            continue
        service.status_update(db=db, provider=call.provider,
                              event=event or CallEvent(call_sid=call.call_sid, call_status="completed"), now=now)
        changed += 1
    return changed


@scheduled("telephony.reconcile", description="Calls whose status callback never came: fetch their end from the provider",
           minutes=15)
def reconcile_job() -> dict[str, int]:
    with session_scope() as db:
        result = {"reconciled": reconcile(db=db, now=clock.now())}
    log.info("telephony_reconcile", **result)
    return result
