// The tests count through process-wide listeners (the consumer's meter, activity sources), and each runs a real flow
// on a 2-core machine: one class at a time keeps both the counts and the timings honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
