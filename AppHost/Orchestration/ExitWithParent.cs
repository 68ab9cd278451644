using System.Diagnostics;

namespace AppHost.Orchestration;

/// <summary>
/// Makes a .NET child die with the AppHost even when the AppHost is killed without running its cleanup
/// (SIGKILL, a crashed test host): the child's stdin is a pipe the AppHost holds open, and the startup hook in
/// <c>StartupHook.cs</c> (this assembly, loaded into the child through <c>DOTNET_STARTUP_HOOKS</c>) waits for that
/// pipe's end-of-file and then asks the child to shut down. The Node emulators do the same with exit-with-parent.js.
/// </summary>
internal static class ExitWithParent
{
    public const string Variable = "DOTNET_STARTUP_HOOKS";

    /// <summary>Set on a child to turn the hook on; the hook does nothing in a process that lacks it.</summary>
    public const string Marker = "APPHOST_EXIT_WITH_PARENT";

    public static void Apply(ProcessStartInfo startInfo)
    {
        startInfo.RedirectStandardInput = true;
        startInfo.Environment[Variable] = typeof(ExitWithParent).Assembly.Location;
        startInfo.Environment[Marker] = "1";
    }
}
