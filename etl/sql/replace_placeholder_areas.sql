-- Purpose: a boundary file gives a shape to areas that were loaded without one (the areas
-- `wijkwaarde cbs kerncijfers` adds for its figures): those placeholder rows make way for the new rows.
DELETE FROM area
WHERE geometry IS NULL
  AND code IN (SELECT p_gebiedscode FROM ok WHERE p_geometrie IS NOT NULL);
