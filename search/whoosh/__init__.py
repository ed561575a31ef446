"""The embedded engine: a Whoosh 2.7.4 index in a directory (the default; needs no server).

Importing this package applies the fixes to Whoosh (``search.whoosh.fixes``), here and nowhere
else, so every use of Whoosh in newsearch runs with them and nothing outside this package
needs to know they exist.
"""

from search.whoosh import fixes

fixes.apply()
