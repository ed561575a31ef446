"""`make cluster` (`python -m cluster`): a local OpenSearch cluster in the foreground until Ctrl-C.

For development against the OpenSearch engine: prints the URLs (the value for NEWSEARCH_OPENSEARCH_URL)
and stops every node, and removes the data, when interrupted.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from cluster.local import ClusterError, LocalCluster


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cluster", description=__doc__)
    parser.add_argument("--data-nodes", type=int, default=2, help="nodes that hold data (default 2)")
    parser.add_argument(
        "--manager-nodes",
        type=int,
        default=1,
        help="small cluster-manager-only nodes (default 1: any one node can then die)",
    )
    parser.add_argument("--dir", type=Path, help="data folder to use and keep (default: a temporary one)")
    args = parser.parse_args(argv)

    cluster = LocalCluster(args.data_nodes, args.manager_nodes, root=args.dir, name="newsearch-dev")

    def interrupted(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # even where the shell ignored SIGINT
        signal.signal(signum, interrupted)
    print(f"starting {len(cluster.nodes)} OpenSearch nodes in {cluster.root} ...", flush=True)
    began = time.monotonic()
    try:
        cluster.start()
        print(f"green after {time.monotonic() - began:.0f} s:")
        for node in cluster.nodes:
            role = "cluster manager only" if node.manager_only else "data"
            print(f"  {node.name}  {node.url}  ({role}, heap {node.heap_mb} MB, log {node.log_path})")
        print(f"\nNEWSEARCH_OPENSEARCH_URL={','.join(node.url for node in cluster.data_nodes)}")
        print("Ctrl-C stops the cluster.", flush=True)
        while all(node.running for node in cluster.nodes):
            time.sleep(1)
        print("a node exited by itself; stopping the cluster", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping ...")
        return 0
    except ClusterError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
