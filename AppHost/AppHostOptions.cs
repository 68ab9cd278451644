using System.Globalization;

namespace AppHost;

/// <summary><c>AppHost [--dashboard-port 18888]</c>.</summary>
internal sealed record AppHostOptions(int DashboardPort)
{
    /// <summary>A fixed port so the dashboard's address can be bookmarked; 0 picks a free one (tests do).</summary>
    public const int DefaultDashboardPort = 18888;

    public const string Usage = "usage: dotnet run --project AppHost [-- --dashboard-port 18888]   (0 = a free port)";

    /// <summary>Null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value; the message says which.</exception>
    public static AppHostOptions? Parse(string[] args)
    {
        var options = new AppHostOptions(DefaultDashboardPort);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dashboard-port" when i + 1 < args.Length:
                    var text = args[++i];
                    options = options with
                    {
                        DashboardPort = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                            ? port
                            : throw new ArgumentException($"--dashboard-port '{text}' is not a port number (0-65535)"),
                    };
                    break;
                case "--help" or "-h":
                    return null;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        return options;
    }
}
