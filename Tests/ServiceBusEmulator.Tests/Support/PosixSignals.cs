using System.Runtime.InteropServices;

namespace ServiceBusEmulator.Tests.Support;

/// <summary>Sends a signal to another process (.NET has no API for it); avoids depending on a `kill` binary.</summary>
public static partial class PosixSignals
{
    public const int SigTerm = 15;

    public static void Send(int processId, int signal)
    {
        if (NativeKill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int processId, int signal);
}
