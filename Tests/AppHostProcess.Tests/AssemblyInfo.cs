// Each test boots the whole graph (DCP, dashboard, three emulators, three services): on a small machine one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
