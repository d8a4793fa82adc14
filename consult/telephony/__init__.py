"""The telephone consultation line: calls from a provider (Twilio first), call-backs on the
clinicians' queue, work numbers on accounts, and the line's figures (issue 18)."""
