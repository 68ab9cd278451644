using System.Text;

namespace ServiceBusEmulator.Hosting;

/// <summary>Writes each log line to every target (console and/or file, as Config.json's Logging.Type says).</summary>
internal sealed class TeeWriter(IReadOnlyList<TextWriter> targets) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        foreach (var target in targets)
        {
            target.Write(value);
        }
    }

    public override void WriteLine(string? value)
    {
        var line = $"{DateTimeOffset.UtcNow:O} {value}";
        foreach (var target in targets)
        {
            target.WriteLine(line);
        }
    }

    public override void Flush()
    {
        foreach (var target in targets)
        {
            target.Flush();
        }
    }
}
