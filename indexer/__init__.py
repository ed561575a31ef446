"""Turns folders of news pages into clean articles and feeds them to the index."""
