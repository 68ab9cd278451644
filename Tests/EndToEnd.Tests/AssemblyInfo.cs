// Each test class boots a whole graph (six processes and DCP); on a small machine they run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
