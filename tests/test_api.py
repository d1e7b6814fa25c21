"""The public API is what users type: ``gx.*``, the command line and the URL query. It is pinned
here, so that moving the code around cannot change it unnoticed."""

from __future__ import annotations

import inspect

import pytest

import gcm_explore as gx
from gcm_explore.cli import main

#: Every public name, and the signature of every public function and class (as ``inspect`` writes it).
SIGNATURES = {
    "Dataset": "(sources: 'pd.DataFrame', actors: 'pd.DataFrame', processes: 'pd.DataFrame', events: 'pd.DataFrame', "
               "participation: 'pd.DataFrame', relations: 'pd.DataFrame', objectives: 'pd.DataFrame', "
               "objective_links: 'pd.DataFrame', principles: 'pd.DataFrame' = <factory>, path: 'Path | None' = None, "
               "descriptor: 'dict' = <factory>) -> None",
    "load_dataset": "(path: 'str | Path | None' = None) -> 'Dataset'",
    "build_network": "(ds: 'Dataset', as_of=None, window=None, kinds=None, include_events: 'bool' = False) -> 'nx.Graph'",
    "drop_voters": "(G: 'nx.Graph', keep=()) -> 'nx.Graph'",
    "filter_nodes": "(G: 'nx.Graph', types=None, regions=None, objectives=None, processes=None, "
                    "drop_isolated: 'bool' = False) -> 'nx.Graph'",
    "layout": "(G: 'nx.Graph', seed: 'int' = 7) -> 'dict'",
    "ego": "(G: 'nx.Graph', node, hops: 'int' = 1) -> 'nx.Graph'",
    "paths": "(G: 'nx.Graph', a, b, max_paths: 'int' = 10) -> 'list[list[dict]]'",
    "paths_frame": "(G: 'nx.Graph', a, b, max_paths: 'int' = 10, lang: 'str' = 'en') -> 'pd.DataFrame'",
    "add_metrics": "(G: 'nx.Graph', seed: 'int' = 42, samples: 'int' = 500) -> 'nx.Graph'",
    "metrics_frame": "(G: 'nx.Graph', seed: 'int' = 42, samples: 'int' = 500) -> 'pd.DataFrame'",
    "timeline_frame": "(ds: 'Dataset', window=None, *, lang: 'str' = 'en', n_actor_lanes: 'int' = 12) -> 'pd.DataFrame'",
    "network_figure": "(G: 'nx.Graph', lang: 'str' = 'en', *, pos: 'dict | None' = None, color: 'str' = 'type', categories:"
                      " 'list | None' = None, highlight=(), n_labels: 'int' = 12, title: 'str | None' = None, size: 'str | "
                      "None' = 'degree', label: 'str | None' = None, edge_kinds: 'list | None' = None, webgl: 'bool | None'"
                      " = None, edge_legend: 'bool' = True, label_area: 'tuple | None' = None) -> 'go.Figure'",
    "timeline_figure": "(ds, lang: 'str' = 'en', *, as_of=None, window=None, highlight=(), lanes: 'str' = 'process', title: "
                       "'str | None' = None, x_range=None, label_highlighted: 'bool' = True, label_area: 'tuple[int, int]' ="
                       " (1250, 420), rangeslider: 'bool' = True, frame: 'pd.DataFrame | None' = None) -> 'go.Figure'",
    "map_figure": "(ds: 'Dataset', layer: 'str' = 'vote', lang: 'str' = 'en', as_of=None, highlight=()) -> 'go.Figure'",
    "MapView": "(ds: 'Dataset | None' = None, layer: 'str' = 'vote', lang: 'str' = 'en', as_of=None, highlight=())",
    "Explorer": "(ds: 'Dataset | None' = None, lang: 'str' = 'en', **state)",
    "error_panel": "(error: 'BaseException') -> 'widgets.HTML'",
    "Presenter": "(ds: 'Dataset | None' = None, story=None, lang: 'str' = 'en', height: 'int' = 520)",
    "export_deck": "(ds: 'Dataset', out, *, lang: 'str' = 'en', story=None, png: 'bool' = True) -> 'list[Path]'",
    "read_story": "(path, ds: 'Dataset') -> 'pd.DataFrame'",
    "export": "(ds: 'Dataset', fmt: 'str', out, *, lang: 'str' = 'en', G: 'nx.Graph | None' = None, figure: 'str' ="
              " 'timeline') -> 'Path'",
    "export_gexf": "(G: 'nx.Graph', path, *, lang: 'str' = 'en') -> 'Path'",
    "export_graphml": "(G: 'nx.Graph', path, *, lang: 'str' = 'en') -> 'Path'",
    "export_csv": "(ds: 'Dataset', folder, *, lang: 'str' = 'en', G: 'nx.Graph | None' = None) -> 'Path'",
    "export_xlsx": "(ds: 'Dataset', path, *, lang: 'str' = 'en', G: 'nx.Graph | None' = None) -> 'Path'",
    "export_html": "(ds: 'Dataset', path, *, lang: 'str' = 'en', G: 'nx.Graph | None' = None) -> 'Path'",
    "export_image": "(fig, path, *, fmt: 'str | None' = None, width: 'int' = 1600, height: 'int' = 900, scale: 'float' = "
                    "1) -> 'Path'",
    "write_package": "(ds: 'Dataset', folder) -> 'Path'",
    "from_spreadsheet": "(path, base: 'Dataset | None' = None) -> 'Dataset'",
    "merge": "(a: 'Dataset', b: 'Dataset') -> 'Dataset'",
    "timelinejs": "(ds: 'Dataset', *, lang: 'str' = 'en', window=None) -> 'dict'",
    "export_timelinejs": "(ds: 'Dataset', path, *, lang: 'str' = 'en') -> 'Path'",
    "GCMExploreError": None,
    "DataError": "(problems: 'list[Problem] | str')",
    "PackageFileError": "(problems: 'list[Problem] | str')",
    "SchemaError": "(problems: 'list[Problem] | str')",
    "IntegrityError": "(problems: 'list[Problem] | str')",
    "DateError": "(problems: 'list[Problem] | str')",
    "Problem": "(file: 'str', row: 'int | None', column: 'str | None', value: 'object', message: 'str', fix: 'str', "
               "kind: 'str' = 'schema') -> None",
}


def test_public_names_are_pinned():
    assert sorted(gx.__all__) == sorted(SIGNATURES)


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_public_signatures_are_pinned(name):
    obj = getattr(gx, name)
    if SIGNATURES[name] is not None:
        assert str(inspect.signature(obj)) == SIGNATURES[name]


def test_command_line_is_pinned(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("validate", "serve", "extract-dates", "codebook", "export"):
        assert command in out
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    for option in ("--out", "--lang", "--data", "--figure"):
        assert option in out


def test_url_query_is_pinned():
    app = gx.Explorer(gx.load_dataset(), lang="ar")
    app.apply_query("lang=ar&range=2017-04,2018-07&select=iom&connect=las&types=state&region=Africa&hops=2"
                    "&objective=5&layer=champion&process=gcm&states=all")
    assert app.query() == ("lang=ar&range=2017-04%2C2018-07&select=iom&connect=las&types=state&region=Africa"
                           "&process=gcm&objective=5&hops=2&layer=champion&states=all")


def test_old_spellings_keep_working_with_a_deprecation_warning(tmp_path):
    """0.2 renamed ``start``/``end`` and ``as_range`` to ``window`` and made ``lang`` and the graphs
    of the exports keyword-only: the old calls still work for a release, and say what to write."""
    ds = gx.load_dataset()
    with pytest.warns(DeprecationWarning, match="window="):
        old = gx.timeline_frame(ds, start="2018-01-01", end="2018-12-31")
    assert old.equals(gx.timeline_frame(ds, window=("2018-01-01", "2018-12-31")))
    with pytest.warns(DeprecationWarning, match="pass lang= by name"):
        gx.export_gexf(gx.build_network(ds), tmp_path / "old.gexf", "ar")
    assert 'label="المنظمة الدولية للهجرة"' in (tmp_path / "old.gexf").read_text(encoding="utf-8")
    with pytest.warns(DeprecationWarning, match="as_range= is now window="):
        app = gx.Explorer(ds, as_range=("2017-04", "2018-07"))
    assert app.query() == "lang=en&range=2017-04%2C2018-07"
    with pytest.warns(DeprecationWarning, match="moved to gcm_explore.model.i18n"):
        assert gx.i18n.t("sources", "ar") == gx.model.i18n.t("sources", "ar")


def test_a_bad_language_is_one_clear_error_everywhere():
    ds = gx.load_dataset()
    message = "'fr' is not a valid value for `lang`. Valid values are: 'en', 'ar'."
    for call in (lambda: gx.timeline_frame(ds, lang="fr"), lambda: gx.timeline_figure(ds, lang="fr"),
                 lambda: gx.network_figure(gx.build_network(ds), lang="fr"), lambda: gx.timelinejs(ds, lang="fr"),
                 lambda: gx.map_figure(ds, lang="fr"), lambda: gx.paths_frame(gx.build_network(ds), "iom", "gcm", lang="fr"),
                 lambda: gx.Explorer(ds, lang="fr")):
        with pytest.raises(ValueError) as info:
            call()
        assert str(info.value) == message
