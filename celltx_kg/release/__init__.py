"""The release: the files `celltx-kg build` writes for other tools."""
