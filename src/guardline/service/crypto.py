"""Message text at rest: Fernet tokens when ``GUARDLINE_ENCRYPTION_KEY`` is set, else plain."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken


class TextCipher:
    """Encrypts/decrypts message text; ``enabled`` is False without a key."""

    def __init__(self, key: str | None) -> None:
        self._fernet = Fernet(key.encode()) if key else None

    @property
    def enabled(self) -> bool:
        return self._fernet is not None

    def encrypt(self, text: str) -> str:
        if self._fernet is None:
            return text
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, stored: str, encrypted: bool) -> str:
        if not encrypted:
            return stored
        if self._fernet is None:
            raise RuntimeError("message is encrypted but GUARDLINE_ENCRYPTION_KEY is not set")
        try:
            return self._fernet.decrypt(stored.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise RuntimeError("message cannot be decrypted with this key") from exc

    # secrets in text columns (webhook secrets): a prefix says whether the value is sealed
    SEALED = "fernet:"

    def seal(self, value: str) -> str:
        return self.SEALED + self.encrypt(value) if self._fernet is not None else value

    def unseal(self, stored: str) -> str:
        if stored.startswith(self.SEALED):
            return self.decrypt(stored[len(self.SEALED) :], True)
        return stored
