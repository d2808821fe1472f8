"""The intake pipeline: staging, file integrity, record validation, cascade, load, repairs."""
