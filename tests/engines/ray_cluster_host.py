"""Host a two-node Ray cluster on loopback for a test: a head and a worker, 1 CPU each.

Run as ``python ray_cluster_host.py TEMP_DIR``. Prints one JSON line with the address and
the two node ids, then waits; closing stdin (or the test process dying) shuts down exactly
the processes this cluster started. Never ``ray stop``: other Ray users share the machine.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    os.environ["RAY_TMPDIR"] = sys.argv[1]  # the "current cluster" address file stays private
    tmp = os.path.join(sys.argv[1], "ray")
    os.makedirs(tmp, exist_ok=True)
    from ray.cluster_utils import Cluster

    common = {"num_cpus": 1, "node_ip_address": "127.0.0.1", "include_dashboard": False}
    cluster = Cluster(
        initialize_head=True,
        connect=False,
        head_node_args={**common, "temp_dir": tmp},
    )
    try:
        worker = cluster.add_node(**common)
        cluster.wait_for_nodes()
        print(
            json.dumps(
                {
                    "address": cluster.address,
                    "nodes": [cluster.head_node.node_id, worker.node_id],
                }
            ),
            flush=True,
        )
        sys.stdin.read()  # until the test closes our stdin
    finally:
        cluster.shutdown()


if __name__ == "__main__":
    main()
