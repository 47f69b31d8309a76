"""The one exception the CMS HCPCS readers raise.

A release file is uploaded by a person who has to fix it or pick another one, so every error
says where the problem is: the file (``archive.zip!member.txt`` inside a zip), the line or
sheet row, and the CMS column header when one field is at fault.
"""

from __future__ import annotations


class CmsFileError(ValueError):
    """A CMS HCPCS release file that cannot be read, with where and why.

    ``str(err)`` reads like
    ``HCPC2025.txt, line 12, field ACT EFF DT: '20251341' is not a valid date (expected YYYYMMDD)``.
    """

    def __init__(
        self,
        file: str,
        message: str,
        *,
        location: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.location = location
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.file]
        if self.location:
            parts.append(self.location)
        if self.field:
            parts.append(f"field {self.field}")
        return f"{', '.join(parts)}: {self.message}"

    def __reduce__(self):
        # Keyword-only arguments need help to survive pickling (e.g. in a task queue).
        return (_rebuild, (type(self), self.file, self.message, self.location, self.field))

    def in_file(self, file: str) -> CmsFileError:
        """The same error reported against another file name (a zip member's full name)."""
        return type(self)(file, self.message, location=self.location, field=self.field)


class NotReleaseFileError(CmsFileError):
    """The file is not a CMS HCPCS release file at all (as opposed to a broken one).

    The zip reader uses the difference: a member that is not a release file is skipped, while
    a member that is one but has a bad record is reported.
    """


def _rebuild(cls, file, message, location, field):
    return cls(file, message, location=location, field=field)
