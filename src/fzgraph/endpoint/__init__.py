"""A SPARQL 1.1 Protocol endpoint over the embedded store, and a client for remote endpoints.

Modules, one job each:

- :mod:`.config`: the server's settings (limits, write token, CORS);
- :mod:`.negotiate`: choosing a result format from an ``Accept`` header;
- :mod:`.serialize`: SPARQL results (JSON, XML, CSV, TSV) and graphs (Turtle, N-Triples, JSON-LD, RDF/XML) as bytes;
- :mod:`.safety`: refusing ``SERVICE`` (found by parsing) and checking the write token;
- :mod:`.worker`: the process that runs queries against the store;
- :mod:`.pool`: worker processes with a time limit that kills and replaces a worker;
- :mod:`.description`: the SPARQL 1.1 Service Description;
- :mod:`.pages`: the HTML query page and resource pages (no external resources);
- :mod:`.app`: the Starlette application that ties these together;
- :mod:`.client`: running a named query against any SPARQL 1.1 endpoint;
- :mod:`.command`: the ``fzgraph serve`` command.
"""
