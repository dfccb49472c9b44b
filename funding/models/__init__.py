from .applications import (
    Accountability,
    Application,
    ApplicationEvent,
    ApplicationLocation,
    ImmutableRecordError,
)
from .population import Municipality, PopulationFigure, WorkAreaMunicipality
from .rounds import FrozenRoundError, SubsidyRound

__all__ = [
    "Accountability",
    "Application",
    "ApplicationEvent",
    "ApplicationLocation",
    "FrozenRoundError",
    "ImmutableRecordError",
    "Municipality",
    "PopulationFigure",
    "SubsidyRound",
    "WorkAreaMunicipality",
]
