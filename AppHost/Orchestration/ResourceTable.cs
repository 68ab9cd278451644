using System.Text;
using AppHost.Resources;

namespace AppHost.Orchestration;

/// <summary>
/// The resources as a plain-text table on the console, printed when the graph is declared and again whenever a
/// state or health changes (debounced, so a burst of changes prints once).
/// </summary>
internal sealed class ResourceTable : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(400);

    private readonly ResourceRegistry _registry;
    private readonly ResourceLog _log;
    private readonly Timer _timer;
    private string _lastPrinted = "";

    public ResourceTable(ResourceRegistry registry, ResourceLog log)
    {
        _registry = registry;
        _log = log;
        _timer = new Timer(_ => PrintIfChanged());
        registry.Changed += _ => _timer.Change(Debounce, Timeout.InfiniteTimeSpan);
    }

    public void PrintIfChanged()
    {
        var table = Render(_registry.Snapshot());
        lock (_timer)
        {
            if (table == _lastPrinted)
            {
                return;
            }

            _lastPrinted = table;
        }

        _log.WriteHost(table);
    }

    public static string Render(IReadOnlyList<ResourceSnapshot> resources)
    {
        string[] header = ["RESOURCE", "TYPE", "STATE", "HEALTH", "PID", "ENDPOINTS"];
        var rows = resources.Select(resource => new[]
        {
            resource.Name,
            resource.Type,
            resource.State,
            resource.Health + (resource.Description is { } why ? $" ({why})" : ""),
            resource.ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            resource.Endpoints.Count == 0 ? "-" : string.Join(" ", resource.Endpoints.Select(endpoint => endpoint.Value)),
        }).ToList();
        var widths = Enumerable.Range(0, header.Length)
            .Select(column => Math.Min(column == 3 ? 60 : 80, rows.Select(row => row[column].Length).Append(header[column].Length).Max()))
            .ToArray();
        var text = new StringBuilder();
        void Line(string[] cells) => text.AppendLine(string.Join("  ", cells.Select((cell, column) => Fit(cell, widths[column]))).TrimEnd());
        Line(header);
        rows.ForEach(Line);
        return text.ToString().TrimEnd();
    }

    private static string Fit(string cell, int width) => cell.Length > width ? cell[..(width - 1)] + "…" : cell.PadRight(width);

    public void Dispose() => _timer.Dispose();
}
