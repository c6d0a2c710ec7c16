"""Models: filled in by this capability's issue."""
