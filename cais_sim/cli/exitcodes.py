"""Exit statuses shared by every subcommand."""

OK = 0
REJECTIONS = 1
INTEGRITY = 2
USAGE = 64
INTERNAL = 70
