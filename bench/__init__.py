"""Benchmarks and their recorded results (not tests): see README.md and RESULTS.md."""
