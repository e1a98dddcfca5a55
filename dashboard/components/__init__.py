"""Small factory functions for the parts every page shares."""
