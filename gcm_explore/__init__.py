"""GCM Explorer: the Global Compact for Safe, Orderly and Regular Migration as a network and a timeline.

>>> import gcm_explore as gx
>>> ds = gx.load_dataset()
>>> G = gx.build_network(ds, as_of="2018-12-31")
>>> fig = gx.timeline_figure(ds, lang="ar")
"""

from .analysis import add_metrics, ego, filter_nodes, metrics_frame, paths, paths_frame
from .data import Dataset, load_dataset
from .errors import DataError, DateError, GCMExploreError, IntegrityError, PackageFileError, Problem, SchemaError
from .export import export, export_csv, export_gexf, export_graphml, export_html, export_image, export_xlsx
from .figures import network_figure, timeline_figure
from .maps import map_figure
from .network import build_network, layout
from .package import from_spreadsheet, merge, write_package
from .story import read_story
from .timeline import timeline_frame
from .timelinejs import export_timelinejs, timelinejs

__version__ = "0.1.0"

__all__ = [
    "Dataset",
    "load_dataset",
    "build_network",
    "filter_nodes",
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


def __getattr__(name):
    # The app needs ipywidgets; import it only when asked for, so the library works without it.
    if name in ("Explorer", "error_panel"):
        from . import app

        return getattr(app, name)
    if name == "MapView":
        from .mapview import MapView

        return MapView
    if name == "Presenter":
        from .presenter import Presenter

        return Presenter
    if name == "export_deck":
        from .deck import export_deck

        return export_deck
    raise AttributeError(f"module 'gcm_explore' has no attribute {name!r}")
