"""SPARQL over the graph: saved queries (:mod:`.catalogue`), binding parameters (:mod:`.run`), the
embedded store (:mod:`.store`), remote endpoints (:mod:`.remote`) and rendering results (:mod:`.render`)."""
