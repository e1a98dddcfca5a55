"""Plain render functions: (repository, filters) -> figure, components or rows. No Dash wiring here."""
