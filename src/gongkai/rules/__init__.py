"""The law and the formats, as plain Python.

Nothing in this package imports Django or does I/O beyond reading the data
files shipped beside it. Every statutory rule lives here once, with the
article it rests on quoted in the module docstring.
"""
