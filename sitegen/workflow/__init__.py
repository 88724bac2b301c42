"""Workflow: the editor's and operator's commands beyond build: preview, deploy, git hooks, new files."""
