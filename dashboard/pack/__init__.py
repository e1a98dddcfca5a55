"""The council pack: charts and maps from permalinks, as an editable PPTX (and PDF) with sources and dates."""
