"""What the Slack bot contributes to the composition: its tables (deliveries, message threads).

Its Slack handlers are declared in bot/app.py (`HANDLERS`), because only the bot knows Slack;
the web app mounts them from consult/app.py when Slack is configured."""
from __future__ import annotations

from bot import models
from consult.contract import DomainContract

CONTRACT = DomainContract(name="bot", models=(models,))
