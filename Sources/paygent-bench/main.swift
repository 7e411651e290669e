// Benchmarks live here; `make bench` runs this executable.
print("paygent-bench: no benchmarks yet")
