"""Evidence: the hash-chained audit log, case evidence bundles and report exports.

No web imports: the CLI (``guardline audit verify``) and the console both use this package.
"""

from guardline.evidence.audit import VerifyResult, append, verify_chain
from guardline.evidence.bundle import BundleError, build_bundle, verify_bundle
from guardline.evidence.casedata import CaseData, load_case
from guardline.evidence.reports import (
    NameMovedError,
    Reporter,
    ReportError,
    check_uk_referral,
    cybertipline_xml,
    uk_referral,
    validate_xml,
)

__all__ = [
    "BundleError",
    "CaseData",
    "NameMovedError",
    "ReportError",
    "Reporter",
    "VerifyResult",
    "append",
    "build_bundle",
    "check_uk_referral",
    "cybertipline_xml",
    "load_case",
    "uk_referral",
    "validate_xml",
    "verify_bundle",
    "verify_chain",
]
