"""Engine: what every stage stands on: recording reads, the dependency graph, caches, output writing, git."""
