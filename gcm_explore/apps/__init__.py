"""The apps: ipywidgets for JupyterLab and Voila (the Explorer, the Presenter, the MapView and
the Plotly widget they draw with). The only layer that imports ipywidgets."""
