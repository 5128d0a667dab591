"""The check-author API: what a pack's check modules import (``from tutor.checks import check``).

The types live in the headless core (`tutor.core.checkapi`, documented there); this module is
their stable public name.
"""

from tutor.core.checkapi import Call, CheckContext, CheckFailure, CheckSpec, check

__all__ = ["Call", "CheckContext", "CheckFailure", "CheckSpec", "check"]
