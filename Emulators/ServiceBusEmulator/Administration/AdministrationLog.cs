using System.Text;
using System.Text.Json;
using ServiceBusEmulator.Configuration;

namespace ServiceBusEmulator.Administration;

/// <summary>
/// Makes administration changes survive a restart with a data directory: every accepted PUT and DELETE is appended to
/// <c>administration.log</c> (one JSON line: time, method, path, update flag, body) and flushed to disk before the
/// client gets its answer. At start-up the lines are replayed over Config.json's entities, before the message journal
/// is read, so messages of entities created at runtime are recovered too. A change that no longer applies (Config.json
/// changed meanwhile) is skipped with a warning; a torn last line (a crash while writing) is ignored.
/// </summary>
internal sealed class AdministrationLog : IDisposable
{
    public const string FileName = "administration.log";

    private readonly FileStream _file;

    private AdministrationLog(FileStream file) => _file = file;

    public static AdministrationLog Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var file = new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        file.SetLength(EndOfLastLine(file));
        file.Seek(0, SeekOrigin.End);
        return new AdministrationLog(file);
    }

    /// <summary>Where the last complete line ends: a torn tail is cut off, so the next change starts a line of its own.</summary>
    private static long EndOfLastLine(FileStream file)
    {
        var buffer = new byte[4096];
        for (var end = file.Length; end > 0;)
        {
            var start = Math.Max(0, end - buffer.Length);
            file.Seek(start, SeekOrigin.Begin);
            file.ReadExactly(buffer, 0, (int)(end - start));
            var newline = Array.LastIndexOf(buffer, (byte)'\n', (int)(end - start - 1));
            if (newline >= 0)
            {
                return start + newline + 1;
            }

            end = start;
        }

        return 0;
    }

    /// <summary>The entities of <paramref name="configuration"/> with the logged changes applied (none without a data directory).</summary>
    public static NamespaceEntities Replay(EmulatorConfiguration configuration, string? dataDirectory, DateTimeOffset startedAt, TextWriter? log)
    {
        var entities = new NamespaceEntities(configuration, startedAt);
        var path = dataDirectory is null ? null : Path.Combine(dataDirectory, FileName);
        if (path is null || !File.Exists(path))
        {
            return entities;
        }

        var applied = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            LoggedChange? change;
            try
            {
                change = JsonSerializer.Deserialize(line, LoggedChangeJson.Default.LoggedChange);
            }
            catch (JsonException)
            {
                log?.WriteLine($"warning: {FileName}: ignored an unreadable line (a write cut short by a crash)");
                continue;
            }

            if (change is null || AdministrationPath.Parse(change.Path) is not { } target)
            {
                continue;
            }

            try
            {
                if (change.Method == "DELETE")
                {
                    entities.Delete(target);
                }
                else
                {
                    entities.Put(target, Encoding.UTF8.GetBytes(change.Body), change.IsUpdate, change.At);
                }

                applied++;
            }
            catch (AdministrationException exception)
            {
                log?.WriteLine($"warning: {FileName}: {change.Method} {change.Path} no longer applies and was skipped: {exception.Message}");
            }
        }

        log?.WriteLine($"{applied} administration change(s) replayed from {path}");
        return entities;
    }

    public void Append(DateTimeOffset at, string method, string path, bool isUpdate, byte[] body)
    {
        var change = new LoggedChange(at, method, path, isUpdate, Encoding.UTF8.GetString(body));
        var line = JsonSerializer.SerializeToUtf8Bytes(change, LoggedChangeJson.Default.LoggedChange);
        _file.Write(line);
        _file.WriteByte((byte)'\n');
        _file.Flush(flushToDisk: true);
    }

    public void Dispose() => _file.Dispose();
}
