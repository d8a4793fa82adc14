"""Data protection: field encryption, audit, consent, retention."""
