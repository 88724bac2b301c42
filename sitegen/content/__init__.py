"""Content: sources read, parsed, validated and checked into the site model."""
