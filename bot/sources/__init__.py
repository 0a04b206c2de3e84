"""Where articles come from: `folder` reads one article per file from a folder."""
