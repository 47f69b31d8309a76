"""CMS's DMEPOS fee schedule: what Medicare pays for durable medical equipment, prosthetics,
orthotics and supplies, per code and pricing modifier, in each state, rural and non-rural.

Its own Django app (label ``fees``) so that the core app is touched as little as possible:

- ``reader``: reads CMS's CSV (plain Python, no Django);
- ``models``: a quarter (draft, published, ...) and its rows;
- ``services``: stage, publish and discard a quarter, each one transaction with an audit entry;
- ``lookup``: reads (the quarter in force on a date, a code's rows, a line's amount);
- ``presentation``: what the code page, the API and batch checks show;
- ``admin``: the curation pages (load, review, publish, discard).
"""
