"""What the tests and the benchmarks share: a copy of the project, synthetic stories, local servers,
Chromium and Lighthouse. Tests and benchmarks import these, never each other."""
