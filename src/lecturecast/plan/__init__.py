"""Decisions computed once before anything is rendered: slide layout plan and timing schedule."""
