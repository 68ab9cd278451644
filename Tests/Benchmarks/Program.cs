using Benchmarks.Storage;

// One subcommand per load command or benchmark; each lives in its own folder.
return args.FirstOrDefault() switch
{
    "storage" => await StorageWriteLoad.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Tests/Benchmarks -- <command> [options]");
    Console.Error.WriteLine("  storage [--events N] [--concurrency N,N...]   Blob and Cosmos writes/s against the local emulators");
    return 2;
}
