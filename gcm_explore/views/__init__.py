"""The views: Plotly figure specs (network, timeline, map) and the HTML of the detail panels,
drawn from the model. No widgets, no files."""
