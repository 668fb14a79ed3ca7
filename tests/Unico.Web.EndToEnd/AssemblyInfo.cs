// Each test starts the whole app and a browser; two at once would only compete for the two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
