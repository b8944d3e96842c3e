"""The guardline service: ingestion API, alerts, signed webhooks, archive scans.

Importing this package is cheap (no web framework imported): platforms that only need to
check webhook signatures can use :func:`guardline.service.signing.verify_signature`.
The FastAPI app is built by :func:`guardline.service.app.create_app`.
"""

from guardline.service.signing import SignatureError, sign, verify_signature

__all__ = ["SignatureError", "sign", "verify_signature"]
