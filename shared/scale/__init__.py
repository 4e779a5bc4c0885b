"""Scale past one process with an existing engine (Dask), not a home-made pool.

- :mod:`shared.scale.partitions`: partitioned Parquet output with completion markers, so a rerun
  writes only the missing partitions and no row is lost or doubled.
- :mod:`shared.scale.runner`: run a scoring task over partitions in process, on a local Dask
  cluster (``dask_client(workers=K)``) or on an existing scheduler (``dask_client(scheduler=...)``).
"""

from shared.scale.partitions import PartitionedOutput, part_name
from shared.scale.runner import PartitionError, RunReport, dask_client, peak_rss_mib, run_partitions

__all__ = [
    "PartitionError",
    "PartitionedOutput",
    "RunReport",
    "dask_client",
    "part_name",
    "peak_rss_mib",
    "run_partitions",
]
