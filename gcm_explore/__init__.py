"""GCM Explorer: the Global Compact for Safe, Orderly and Regular Migration as a network and a timeline.

>>> import gcm_explore as gx
>>> ds = gx.load_dataset()
>>> G = gx.build_network(ds, as_of="2018-12-31")
>>> fig = gx.timeline_figure(ds, lang="ar")
"""

from .errors import DataError, DateError, GCMExploreError, IntegrityError, PackageFileError, Problem, SchemaError
from .io.export import export, export_html
from .io.graphs import export_gexf, export_graphml
from .io.images import export_image
from .io.load import load_dataset
from .io.package import merge, write_package
from .io.spreadsheet import from_spreadsheet
from .io.tables import export_csv, export_xlsx
from .io.timelinejs import export_timelinejs, timelinejs
from .model.analysis import add_metrics, drop_voters, ego, filter_nodes, metrics_frame, paths, paths_frame
from .model.dataset import Dataset
from .model.layout import layout
from .model.network import build_network
from .model.story import read_story
from .model.timeline import timeline_frame
from .views.map import map_figure
from .views.network import network_figure
from .views.timeline import timeline_figure

__version__ = "0.1.0"

__all__ = [
    "Dataset",
    "load_dataset",
    "build_network",
    "filter_nodes",
    "drop_voters",
    "layout",
    "ego",
    "paths",
    "paths_frame",
    "add_metrics",
    "metrics_frame",
    "timeline_frame",
    "network_figure",
    "timeline_figure",
    "map_figure",
    "MapView",
    "Explorer",
    "error_panel",
    "Presenter",
    "export_deck",
    "read_story",
    "export",
    "export_gexf",
    "export_graphml",
    "export_csv",
    "export_xlsx",
    "export_html",
    "export_image",
    "write_package",
    "from_spreadsheet",
    "merge",
    "timelinejs",
    "export_timelinejs",
    "GCMExploreError",
    "DataError",
    "PackageFileError",
    "SchemaError",
    "IntegrityError",
    "DateError",
    "Problem",
]


#: Modules of the flat layout before 0.2, by their new place: ``gx.figures.PALETTE`` still works,
#: with a DeprecationWarning, for one release.
_MOVED = {
    "data": "model.dataset", "dates": "model.dates", "vocab": "model.vocab", "i18n": "model.i18n",
    "network": "model.network", "analysis": "model.analysis", "timeline": "model.timeline", "story": "model.story",
    "details": "views.html", "figures": "views.network", "maps": "views.map", "export": "io.export",
    "package": "io.package", "timelinejs": "io.timelinejs", "offline": "io.offline", "deck": "io.deck",
    "codebook": "io.codebook", "extract": "io.extract", "reading": "io.reading", "app": "apps.explorer",
    "presenter": "apps.presenter", "mapview": "apps.mapview", "plotwidget": "apps.plotwidget",
}
#: The apps, imported when first asked for: ipywidgets and anywidget take a while to import, and a
#: script that only loads data, draws or exports does not need them.
_APPS = {"Explorer": "apps.explorer", "error_panel": "apps.explorer", "MapView": "apps.mapview",
         "Presenter": "apps.presenter", "export_deck": "io.deck"}


def __getattr__(name):
    import importlib

    if name in _APPS:
        return getattr(importlib.import_module(f"{__name__}.{_APPS[name]}"), name)
    if name in _MOVED:
        import warnings

        warnings.warn(f"gcm_explore.{name} moved to gcm_explore.{_MOVED[name]}; the old name goes in 0.3",
                      DeprecationWarning, stacklevel=2)
        return importlib.import_module(f"{__name__}.{_MOVED[name]}")
    raise AttributeError(f"module 'gcm_explore' has no attribute {name!r}")
