"""Importers for CBS sources: the wijk- en buurtkaart (boundaries) and Kerncijfers wijken en buurten."""
