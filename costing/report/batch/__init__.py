"""Many scenario reports in one unattended run: a batch file, workers, an index an operator can trust.

The batch file names an output folder and a list of scenario files (paths relative to the batch
file). Each scenario goes into ``<output>/<date>/<scenario folder name>/``. A run:

1. reaches the Dask scheduler first, when one is named (:func:`.pool.connect`): an unreachable
   cluster is one line and exit status 2, with nothing written and no index touched;
2. takes the output folder's lock (:mod:`.lock`): a second batch into the same output refuses in
   one line, or waits with ``--wait``; it never duplicates work. The lock file, like every file
   the batch writes, is never opened through a link;
3. removes what an interrupted run left (hidden temporary folders carrying costing's marker, whose
   builder is gone) and skips every scenario whose most recent report, in any earlier dated
   folder, was made from the same inputs, notebooks and package version and still has the files
   its manifest recorded (:mod:`.skip`); the index links that earlier folder. This part imports
   no pandas, so a night with nothing new costs well under a second;
4. builds the rest on the local process pool or on the Dask cluster through its
   ``concurrent.futures`` executor: the same loop either way (:mod:`.pool`). A failure, a dead
   worker or a timeout fails one scenario, never the run; SIGINT/SIGTERM stop queued work;
5. writes ``batch.json`` then ``index.html`` (:mod:`.index`) with reasons checked against every
   roster and moves file the batch read. A scenario the run did not finish (an interrupt, a lost
   cluster) keeps the link to its last intact report, so an infrastructure failure never unlinks
   a published report.

What it says goes through :mod:`logging` (:mod:`.log`): status lines on stderr (``-v``,
``--quiet``), the full messages to a private log under costing's state folder, outside the
folder an operator publishes. ``numbers_only`` costs each scenario to Parquet without notebooks
(:mod:`costing.report.numbers`), into ``<output>/numbers/<date>/``, with the same skipping, lock
and index.
"""

from .file import Batch, folder_name, load_batch
from .run import BatchResult, run_batch
from .work import Outcome

__all__ = ["Batch", "BatchResult", "Outcome", "folder_name", "load_batch", "run_batch"]
