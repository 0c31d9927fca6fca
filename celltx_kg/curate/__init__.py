"""What curators hand in: safe reading of their RDF files, and adding conforming files to the sources."""
