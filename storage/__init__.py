"""Files on disk that `events` and `geo` both write: atomic replacement and cache folders.

A neutral leaf: it imports nothing of the project, so neither domain package
has to reach into the other for plumbing.
"""
