using System.Runtime.InteropServices;

/// <summary>
/// The .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c>) the AppHost puts into every .NET child: when the AppHost goes
/// away, the child's stdin reaches end-of-file and the child shuts itself down with SIGTERM (its normal graceful
/// path), or exits outright if that takes longer than ten seconds. The runtime requires this exact type name,
/// outside any namespace. It runs only where <c>APPHOST_EXIT_WITH_PARENT</c> is set, so a child's own children
/// inheriting the variable are not affected unless the AppHost started them.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("APPHOST_EXIT_WITH_PARENT") != "1")
        {
            return;
        }

        // Grandchildren started by this process must not watch a stdin that is not a lifeline.
        Environment.SetEnvironmentVariable("APPHOST_EXIT_WITH_PARENT", null);
        Environment.SetEnvironmentVariable("DOTNET_STARTUP_HOOKS", null);
        var watcher = new Thread(WaitForParent) { IsBackground = true, Name = "exit-with-parent" };
        watcher.Start();
    }

    private static void WaitForParent()
    {
        using var input = Console.OpenStandardInput();
        var buffer = new byte[256];
        try
        {
            while (input.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A broken pipe is the same news as end-of-file.
        }

        if (!OperatingSystem.IsWindows())
        {
            kill(Environment.ProcessId, 15);
            Thread.Sleep(TimeSpan.FromSeconds(10));
        }

        Environment.Exit(1);
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int kill(int pid, int sig);
}
