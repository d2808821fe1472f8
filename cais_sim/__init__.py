"""cais-sim: a local, deterministic stand-in for FINRA CAT's CAIS."""
