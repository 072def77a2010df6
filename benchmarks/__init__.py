"""Benchmarks: run with `python -m benchmarks` (or `make bench`). They print figures; tests never assert speed."""
