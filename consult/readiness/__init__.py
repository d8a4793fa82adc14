"""Referral-readiness check: is a draft referral complete and eligible, item by item? Nothing is stored."""
