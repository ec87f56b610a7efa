"""Shared pytest configuration."""

pytest_plugins = ["tests.tiny_vit5"]
