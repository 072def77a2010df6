"""`python -m benchmarks`: every benchmark, printing figures (record them in BENCHMARKS.md)."""

from . import (
               batch_rerun_bench,
               command_bench,
               projection_bench,
               report_bench,
               report_command_bench,
               solve_bench,
               what_if_bench,
)

projection_bench.main([])
print()
command_bench.main([])
print()
solve_bench.main([])
print()
report_bench.main()
print()
report_command_bench.main([])
print()
batch_rerun_bench.main([])
print()
what_if_bench.main([])
