"""An upload's name in links and in the caches every session shares is its whole content hash.

With 12 hex digits (48 bits) a pair of files with the same start of their
SHA-256, name and size was found in seconds, and one user's upload then
showed another's markers and actor list from the shared caches.
"""

from __future__ import annotations

import hashlib

from components.upload import UPLOAD_PREFIX, dataset_name


def test_an_uploads_cache_key_is_its_whole_content_hash():
    data = b"event_id,event_date\nx,2020-01-01\n"
    assert dataset_name(data) == UPLOAD_PREFIX + hashlib.sha256(data).hexdigest()
    # Files that agree in the first 48 bits of their hash still get different names.
    assert dataset_name(data) != dataset_name(data + b"\n")
    assert dataset_name(data).isascii() and dataset_name(data).replace("-", "").isalnum()
