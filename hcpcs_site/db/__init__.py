"""Database backends of the site: Django's own, with what production needs added."""
