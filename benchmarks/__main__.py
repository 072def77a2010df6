"""`python -m benchmarks`: every benchmark, printing figures (record them in BENCHMARKS.md)."""

from . import projection_bench

projection_bench.main([])
