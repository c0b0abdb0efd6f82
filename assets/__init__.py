"""Install-time assets for the map: pinned npm packages and the offline basemap.

``python -m assets.fetch`` puts them under ``static/`` (git-ignored); nothing
here runs while the app serves requests except reading the manifest.
"""
