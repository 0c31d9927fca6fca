"""sources → one graph: parsing, skolemising and deriving types (:mod:`.build`), reading user files
(:mod:`.ingest`), writing graphs (:mod:`.serialize`). Nothing else in the package reads source files."""
