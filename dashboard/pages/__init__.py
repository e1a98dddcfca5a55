"""Page layouts, registered explicitly by dashboard.app.create_app (no folder scanning)."""
