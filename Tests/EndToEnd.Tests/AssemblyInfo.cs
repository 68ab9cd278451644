// Each test boots a whole topology (six processes); on a small machine they run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
