"""One timeline per code: its periods of validity and the record CMS's files stated in each.

``reading`` holds the reading of CMS's files (plain Python, documented there); ``store``
builds timelines from the stored versions and keeps their derived spans current; ``currency``
says whether the newest published release is behind CMS's current quarter. Every dated answer
of the site asks these; nothing else compares effective dates.

May import the core (models, status) and ``codes.cms``; the features above import it.
"""
