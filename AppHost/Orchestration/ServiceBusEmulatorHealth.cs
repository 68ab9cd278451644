using System.Globalization;
using System.Text.RegularExpressions;
using AppHost.Resources;

namespace AppHost.Orchestration;

/// <summary>Reads the Service Bus emulator's <c>amqp</c> health component ("listening on 127.0.0.1:5672" or why not).</summary>
internal static partial class ServiceBusEmulatorHealth
{
    public static (HealthStatus Status, string? Description, int? AmqpPort) Interpret(string amqpComponent)
    {
        var match = Listening().Match(amqpComponent);
        return match.Success
            ? (HealthStatus.Healthy, null, int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture))
            : (HealthStatus.Degraded, $"broker running; amqp: {amqpComponent}", null);
    }

    [GeneratedRegex(@"^listening on .+:(?<port>\d+)$")]
    private static partial Regex Listening();
}
