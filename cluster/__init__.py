"""A real OpenSearch cluster for the tests, CI and `make cluster` (development infrastructure, not shipped).

`cluster.local` starts and stops the nodes (the Maven project beside this file), `cluster.failover`
runs the kill-a-node drill. See cluster/README.md.
"""
