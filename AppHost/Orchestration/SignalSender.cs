using System.Runtime.InteropServices;

namespace AppHost.Orchestration;

/// <summary>Sends SIGTERM to another process: .NET can only kill, and a service deserves its graceful shutdown first.</summary>
internal static class SignalSender
{
    private const int SigTerm = 15;

    /// <summary>True if the signal was delivered; false on Windows or if the process is gone.</summary>
    public static bool Terminate(int processId) => !OperatingSystem.IsWindows() && kill(processId, SigTerm) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
