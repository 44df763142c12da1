"""OCDS 1.1 open data of trading information (spec trading.md §1, §5; docs/ocds.md).

- :mod:`.mapping`: one release per notice per section, from plain data (pure);
- :mod:`.merge`: records compiled by the OCDS merge routine (ocdsmerge);
- :mod:`.packages`: release and record packages written as a stream of text;
- :mod:`.selectors`: what is exported, read from the database in chunks;
- :mod:`.extension`: Gongkai's local extension (disposals, sector, 统一交易标识码);
- :mod:`.bulk`: the daily bulk files; :mod:`.api`: the endpoints under ``/api/v1/ocds/``.
"""
