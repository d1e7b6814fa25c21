"""Reading and writing: loading and checking a data package, spreadsheets, exports (graphs,
tables, TimelineJS, the offline page, slide decks, images), uploads, the codebook and date
extraction. Uses the model and the views; never the apps."""
