"""Triplestores: loading the graph into a SPARQL 1.1 store (:mod:`.load`) and a local Oxigraph server (:mod:`.server`)."""
