"""Core pieces every domain uses: closures (the calendar's extra closed days), the worker lease, home and health."""
