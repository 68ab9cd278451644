using System.Diagnostics;

namespace Amqp.Tests.Interop;

/// <summary>Finds a Python interpreter that can import qpid-proton (Debian: python3-qpid-proton).</summary>
internal static class ProtonAvailability
{
    private static readonly Lazy<string?> Interpreter = new(Find);

    public static string? Python => Interpreter.Value;

    private static string? Find()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(candidate, ["-c", "import proton"])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                });
                if (process is null)
                {
                    continue;
                }

                process.WaitForExit(15_000);
                if (process.HasExited && process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed at this path.
            }
        }

        return null;
    }
}

/// <summary>
/// A fact that needs qpid-proton. When proton is absent the test is reported as skipped, with the reason, never as
/// passed. CI installs it: <c>apt-get install -y python3-qpid-proton</c>.
/// </summary>
public sealed class ProtonFactAttribute : FactAttribute
{
    public ProtonFactAttribute()
    {
        if (ProtonAvailability.Python is null)
        {
            Skip = "qpid-proton is not installed (apt-get install -y python3-qpid-proton); this proton interop test did not run.";
        }
    }
}
